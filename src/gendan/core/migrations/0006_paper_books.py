# A book follows the one it succeeds: a closed book's successor continues its numbers
# (core.papers.book_for). Schema only; existing books have no predecessor.
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0005_event_outbox")]

    operations = [
        migrations.AddField(
            model_name="documentbook",
            name="predecessor",
            field=models.OneToOneField(
                blank=True,
                help_text="The closed book this one continues; its numbers follow on.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="successor",
                to="core.documentbook",
                verbose_name="follows book",
            ),
        ),
        migrations.AddIndex(
            model_name="documentbook",
            index=models.Index(
                fields=["slip_type", "scope_key", "year"], name="book_type_scope_year"
            ),
        ),
    ]
