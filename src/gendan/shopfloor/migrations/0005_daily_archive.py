import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shopfloor", "0004_assessments"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyArchive",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField(verbose_name="day")),
                ("made_at", models.DateTimeField(verbose_name="archived at")),
                ("xlsx", models.FileField(max_length=200, upload_to="", verbose_name="spreadsheet")),
                ("xlsx_sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the spreadsheet")),
                ("pdf", models.FileField(max_length=200, upload_to="", verbose_name="PDF")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="SHA-256 of the PDF")),
                ("registered_count", models.PositiveIntegerField(default=0, verbose_name="registered")),
                ("late_count", models.PositiveIntegerField(default=0, verbose_name="registered late")),
                ("in_chain_count", models.PositiveIntegerField(default=0, verbose_name="still in their chain")),
                ("made_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="archived by")),
                ("workshop", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="org.workshop", verbose_name="workshop")),
            ],
            options={
                "verbose_name": "daily transfer archive",
                "verbose_name_plural": "daily transfer archives",
                "ordering": ["-day", "workshop_id"],
                "constraints": [
                    models.UniqueConstraint(fields=("workshop", "day"), name="daily_archive_once"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ArchivedSlip",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("registered", "registered"), ("late", "registered late"), ("in_chain", "still in its chain")], max_length=10, verbose_name="kind")),
                ("archive", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="entries", to="shopfloor.dailyarchive")),
                ("slip", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="archived_as", to="shopfloor.transferslip")),
            ],
            options={
                "verbose_name": "archived transfer slip",
                "verbose_name_plural": "archived transfer slips",
                "ordering": ["archive", "slip_id"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("kind__in", ["registered", "late"])), fields=("slip",), name="archived_slip_registered_once"),
                    models.UniqueConstraint(fields=("archive", "slip"), name="archived_slip_once_a_day"),
                ],
            },
        ),
    ]
