"""D1-3.4 and outside processing: a transfer slip keeps the warehouse slip written when it
is registered (the production receipt, or the outsourcing issue slip), and the shop floor
has two more places: parts awaiting the warehouse's receipt, and parts awaiting the
outsourcing issue slip."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shopfloor", "0001_initial"),
        ("slips", "0002_default_slip_chains"),
    ]

    operations = [
        migrations.AddField(
            model_name="transferslip",
            name="stock_slip",
            field=models.OneToOneField(
                blank=True,
                help_text=(
                    "Written when the slip is registered: the production receipt of a transfer "
                    "into the warehouse (D1-3.4), the outsourcing issue slip of one to an "
                    "outsourcer."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="transfer",
                to="slips.stockslip",
                verbose_name="warehouse slip",
            ),
        ),
        migrations.AlterField(
            model_name="workplace",
            name="kind",
            field=models.CharField(
                choices=[
                    ("operation", "operation"),
                    ("waiting", "waiting area"),
                    ("rework", "rework"),
                    ("scrap", "scrap"),
                    ("outside", "outside processing"),
                    ("warehouse", "warehouse"),
                    ("source", "production start"),
                    ("receiving", "awaiting the warehouse's receipt"),
                    ("dispatch", "awaiting the outsourcing issue slip"),
                ],
                max_length=12,
                verbose_name="kind",
            ),
        ),
    ]
