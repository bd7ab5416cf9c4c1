"""The order lifecycle as a transition table: new statuses (draft, in production,
shipped), a longer status column, the status before the last change (what reopening
returns to), and the data: an order that was "delivered" (everything delivered) is
now "shipped"."""

from django.db import migrations, models

STATUS_CHOICES = [
    ("draft", "draft"),
    ("unconfirmed", "to be confirmed"),
    ("confirmed", "confirmed"),
    ("in_production", "in production"),
    ("shipped", "shipped"),
    ("closed", "closed"),
    ("cancelled", "cancelled"),
]
# Going back to 0003 the new statuses become the nearest old one.
BACKWARD = {"shipped": "delivered", "in_production": "confirmed", "draft": "unconfirmed"}


def delivered_becomes_shipped(apps, schema_editor):
    Order = apps.get_model("sales", "Order")
    Order.objects.filter(status="delivered").update(status="shipped", previous_status="confirmed")
    # Closed or cancelled by hand before the lifecycle existed: reopening returns them
    # to where their deliveries say they were.
    for order in Order.objects.filter(status__in=["closed", "cancelled"], previous_status=""):
        undelivered = order.lines.filter(delivered_quantity__lt=models.F("quantity")).exists()
        order.previous_status = "confirmed" if undelivered else "shipped"
        order.save(update_fields=["previous_status"])


def shipped_becomes_delivered(apps, schema_editor):
    Order = apps.get_model("sales", "Order")
    for new, old in BACKWARD.items():
        Order.objects.filter(status=new).update(status=old)


class Migration(migrations.Migration):
    dependencies = [("sales", "0003_role_default_permissions")]

    operations = [
        migrations.AlterField(
            model_name="order",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="unconfirmed", max_length=16, verbose_name="status"
            ),
        ),
        migrations.AddField(
            model_name="order",
            name="previous_status",
            field=models.CharField(
                blank=True,
                choices=STATUS_CHOICES,
                help_text="Reopening a closed or cancelled order returns it to this status.",
                max_length=16,
                verbose_name="status before the last change",
            ),
        ),
        migrations.RunPython(delivered_becomes_shipped, shipped_becomes_delivered),
    ]
