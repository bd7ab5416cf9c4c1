import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        # core.Document, org.Workshop and stock.Location come through shopfloor's first
        # migration's own dependencies
        ("shopfloor", "0005_daily_archive"),
    ]

    operations = [
        migrations.CreateModel(
            name="WipCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("opened_at", models.DateTimeField(verbose_name="opened at")),
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="wip_count",
                        to="core.document",
                    ),
                ),
                (
                    "workshop",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.workshop",
                        verbose_name="workshop",
                    ),
                ),
            ],
            options={
                "verbose_name": "WIP count",
                "verbose_name_plural": "WIP counts",
                "ordering": ["-id"],
            },
        ),
        migrations.CreateModel(
            name="WipCountLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "expected",
                    models.DecimalField(decimal_places=4, max_digits=16, verbose_name="expected"),
                ),
                (
                    "counted",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=16,
                        null=True,
                        verbose_name="counted",
                    ),
                ),
                (
                    "scrapped",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="The rest of the shortfall was found elsewhere on the sheet.",
                        max_digits=16,
                        null=True,
                        verbose_name="of the shortfall, scrapped",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                (
                    "is_found",
                    models.BooleanField(
                        default=False,
                        help_text="Added while counting: parts found at a place the sheet did not list.",
                        verbose_name="found here",
                    ),
                ),
                (
                    "lot",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="shopfloor.lot",
                        verbose_name="lot",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="stock.location",
                        verbose_name="place",
                    ),
                ),
                (
                    "sheet",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="shopfloor.wipcount",
                    ),
                ),
            ],
            options={
                "verbose_name": "WIP count line",
                "verbose_name_plural": "WIP count lines",
                "ordering": ["sheet", "place", "lot"],
                "constraints": [
                    models.UniqueConstraint(fields=("sheet", "lot", "place"), name="wip_line_once"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("counted__isnull", True), ("counted__gte", 0), _connector="OR"
                        ),
                        name="wip_line_counted_not_negative",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("scrapped__isnull", True), ("scrapped__gte", 0), _connector="OR"
                        ),
                        name="wip_line_scrapped_not_negative",
                    ),
                ],
            },
        ),
    ]
