import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sales", "0004_order_lifecycle"), ("catalog", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="deliverynote",
            name="kind",
            field=models.CharField(
                choices=[("delivery", "delivery"), ("return", "customer return")],
                default="delivery",
                max_length=10,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="deliverynote",
            name="explanation",
            field=models.TextField(
                blank=True, help_text="Required on a customer return.", verbose_name="explanation"
            ),
        ),
        migrations.AddField(
            model_name="deliverynoteline",
            name="variant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.itemvariant",
                verbose_name="variant",
            ),
        ),
        migrations.AddField(
            model_name="deliverynoteline",
            name="colour",
            field=models.CharField(blank=True, max_length=40, verbose_name="colour"),
        ),
        migrations.AddField(
            model_name="deliverynoteline",
            name="size_spec",
            field=models.CharField(blank=True, max_length=60, verbose_name="size / spec"),
        ),
        migrations.AddField(
            model_name="deliverynoteline",
            name="batch_number",
            field=models.CharField(
                blank=True,
                help_text="The batch chosen; empty ships first-expiry-first-out.",
                max_length=60,
                verbose_name="batch number",
            ),
        ),
    ]
