"""A cancelled order's open milestones are cancelled, not deleted: a milestone status
"cancelled" (no actual date, like an open one), and room for the order lifecycle's
longer status codes ("in_production") on the board's progress row."""

from django.db import migrations, models


def cancelled_back_to_open(apps, schema_editor):
    """Going back: the old schema knows no cancelled milestone; it is open again."""
    Milestone = apps.get_model("followup", "Milestone")
    Milestone.objects.filter(status="cancelled").update(status="open")


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0003_calendar_moved_to_core"),
        ("sales", "0004_order_lifecycle"),
    ]

    operations = [
        migrations.AlterField(
            model_name="milestone",
            name="status",
            field=models.CharField(
                choices=[("open", "open"), ("done", "done"), ("cancelled", "cancelled")],
                default="open",
                max_length=9,
                verbose_name="status",
            ),
        ),
        migrations.RemoveConstraint(model_name="milestone", name="milestone_done_has_actual_date"),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["open", "cancelled"]),
                    ("actual_date__isnull", False),
                    _connector="OR",
                ),
                name="milestone_done_has_actual_date",
            ),
        ),
        migrations.AlterField(
            model_name="orderprogress",
            name="order_status",
            field=models.CharField(max_length=16, verbose_name="order status"),
        ),
        # Last, so that going back it runs first, before the column shrinks.
        migrations.RunPython(migrations.RunPython.noop, cancelled_back_to_open),
    ]
