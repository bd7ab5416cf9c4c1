"""Handling equipment (D1-1.6, D1-4.7, D1-4.8): the register, its inspections (点检),
append-only, and the overdue notices sent once per item and overdue period."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_permissions"),
        ("shopfloor", "0002_receipts_and_outsourcing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Equipment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=100, verbose_name="equipment name")),
                ("kind", models.CharField(choices=[("crane", "Crane"), ("cart", "Cart"), ("rope", "Wire rope or sling"), ("container", "Transfer container")], max_length=12, verbose_name="kind")),
                ("location", models.CharField(blank=True, max_length=100, verbose_name="location")),
                ("inspection_interval_days", models.PositiveIntegerField(verbose_name="inspection interval (days)")),
                ("status", models.CharField(choices=[("in_service", "In service"), ("out_of_service", "Out of service"), ("retired", "Retired")], default="in_service", max_length=16, verbose_name="status")),
                ("last_passed_on", models.DateField(blank=True, null=True, verbose_name="last passed inspection")),
                ("next_due_on", models.DateField(blank=True, null=True, verbose_name="next inspection due")),
                ("search_text", models.TextField(blank=True, editable=False)),
                ("registered_at", models.DateTimeField(verbose_name="registered at")),
                ("registered_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="registered by")),
                ("workshop", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="equipment", to="org.workshop", verbose_name="workshop")),
            ],
            options={
                "verbose_name": "handling equipment",
                "verbose_name_plural": "handling equipment",
                "ordering": ["code"],
                "indexes": [models.Index(fields=["workshop", "status", "next_due_on"], name="shopfloor_equipment_due_idx")],
            },
        ),
        migrations.CreateModel(
            name="EquipmentInspection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("inspected_at", models.DateTimeField(verbose_name="inspected at")),
                ("result", models.CharField(choices=[("pass", "Pass"), ("fail", "Fail")], max_length=4, verbose_name="result")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                ("recorded_at", models.DateTimeField(verbose_name="recorded at")),
                ("corrects", models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="corrected_by", to="shopfloor.equipmentinspection", verbose_name="corrects the record")),
                ("equipment", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="inspections", to="shopfloor.equipment", verbose_name="equipment")),
                ("inspected_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="inspected by")),
            ],
            options={
                "verbose_name": "equipment inspection",
                "verbose_name_plural": "equipment inspections",
                "ordering": ["-inspected_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="OverdueNotice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("due_on", models.DateField(verbose_name="due on")),
                ("sent_at", models.DateTimeField(verbose_name="sent at")),
                ("sent_to", models.CharField(max_length=300, verbose_name="sent to")),
                ("message", models.TextField(verbose_name="message")),
                ("equipment", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="overdue_notices", to="shopfloor.equipment", verbose_name="equipment")),
            ],
            options={
                "verbose_name": "overdue inspection notice",
                "verbose_name_plural": "overdue inspection notices",
                "constraints": [models.UniqueConstraint(fields=("equipment", "due_on"), name="shopfloor_overdue_notice_once")],
            },
        ),
    ]
