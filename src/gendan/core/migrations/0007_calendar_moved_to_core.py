"""The working-day calendar moves from `followup` to `core`, keeping its rows.

The models are created in core's state over the existing followup tables, then the tables
are renamed to core's names; content types follow, so permissions granted on the calendar
keep working. `followup` 0003 removes the models from followup's state only.
"""

from django.db import migrations, models

MODELS = ("calendarday", "calendaryear")


def _move_content_types(apps, schema_editor, source, target):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    for model in MODELS:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_core(apps, schema_editor):
    _move_content_types(apps, schema_editor, "followup", "core")


def content_types_to_followup(apps, schema_editor):
    _move_content_types(apps, schema_editor, "core", "followup")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_paper_books"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("followup", "0001_milestones_progress_expenses"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CalendarDay",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("date", models.DateField(unique=True, verbose_name="date")),
                        ("is_workday", models.BooleanField(verbose_name="working day")),
                        ("note", models.CharField(blank=True, max_length=120, verbose_name="note")),
                    ],
                    options={
                        "verbose_name": "calendar day",
                        "verbose_name_plural": "calendar days",
                        "ordering": ["date"],
                        "db_table": "followup_calendarday",
                    },
                ),
                migrations.CreateModel(
                    name="CalendarYear",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="year")),
                        ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                    ],
                    options={
                        "verbose_name": "calendar year entered by hand",
                        "verbose_name_plural": "calendar years entered by hand",
                        "ordering": ["year"],
                        "db_table": "followup_calendaryear",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="calendarday", table=None),
        migrations.AlterModelTable(name="calendaryear", table=None),
        migrations.RunPython(content_types_to_core, content_types_to_followup),
    ]
