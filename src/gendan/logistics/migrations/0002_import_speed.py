import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SheetDisagreement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "field",
                    models.CharField(
                        choices=[
                            ("order_number", "order number"),
                            ("carrier", "carrier"),
                            ("consignee", "consignee"),
                        ],
                        max_length=20,
                        verbose_name="column",
                    ),
                ),
                ("kept", models.CharField(max_length=300, verbose_name="kept")),
                ("sheet_value", models.CharField(max_length=300, verbose_name="the sheet says")),
                ("at", models.DateTimeField(verbose_name="at")),
                (
                    "tracking_import",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="logistics.trackingimport",
                        verbose_name="sheet",
                    ),
                ),
                (
                    "waybill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="disagreements",
                        to="logistics.waybill",
                        verbose_name="waybill",
                    ),
                ),
            ],
            options={
                "verbose_name": "sheet disagreement",
                "verbose_name_plural": "sheet disagreements",
                "ordering": ["-id"],
            },
        ),
    ]
