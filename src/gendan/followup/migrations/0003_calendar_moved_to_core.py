"""The working-day calendar now lives in `core` (core 0007 renamed its tables and kept
the rows): remove the models from followup's state; nothing changes in the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_seed_templates_and_claim_chain"),
        ("core", "0007_calendar_moved_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CalendarDay"),
                migrations.DeleteModel(name="CalendarYear"),
            ],
            database_operations=[],
        ),
    ]
