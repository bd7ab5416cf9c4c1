"""The inspection plan per garment order (issue 12, D4-2, D4-5, D4-8, D4-9, D4-14): QC's
template steps, the plan and its steps, the pre-production sample reminders, the meeting
minutes (a paper the factory signs) and the written order summary."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_papers"),
        ("org", "0005_permissions"),
        ("quality", "0001_initial"),
        ("sales", "0005_shipping"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OrderPlan",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("production_start", models.DateField(verbose_name="production starts on")),
                ("quantity", models.PositiveIntegerField(verbose_name="order quantity")),
                (
                    "mid_minimum",
                    models.PositiveIntegerField(verbose_name="minimum mid-production reports"),
                ),
                (
                    "mid_interval",
                    models.PositiveIntegerField(
                        verbose_name="working days between mid-production checks"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="made at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="made by",
                    ),
                ),
                (
                    "factory_order",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="sales.factoryorder",
                        verbose_name="factory order",
                    ),
                ),
            ],
            options={
                "verbose_name": "inspection plan",
                "verbose_name_plural": "inspection plans",
                "ordering": ["-id"],
            },
        ),
        migrations.CreateModel(
            name="MeetingMinutes",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField(verbose_name="held on")),
                ("attendees", models.CharField(max_length=300, verbose_name="attendees")),
                (
                    "customer_requirements",
                    models.TextField(blank=True, verbose_name="customer requirements"),
                ),
                ("critical_points", models.TextField(verbose_name="critical points")),
                ("sample_issues", models.TextField(blank=True, verbose_name="sample issues")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.document",
                        verbose_name="document",
                    ),
                ),
                (
                    "written_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
                (
                    "plan",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="minutes",
                        to="quality.orderplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "pre-production meeting minutes",
                "verbose_name_plural": "pre-production meeting minutes",
            },
        ),
        migrations.CreateModel(
            name="OrderReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "cooperation",
                    models.TextField(blank=True, verbose_name="cooperation of departments"),
                ),
                ("problems", models.TextField(blank=True, verbose_name="problems")),
                ("responses", models.TextField(blank=True, verbose_name="responses")),
                ("handling", models.TextField(blank=True, verbose_name="overall handling")),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "draft"), ("sent", "sent")],
                        default="draft",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                ("sent_to", models.CharField(blank=True, max_length=300, verbose_name="sent to")),
                (
                    "drafted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="drafted by",
                    ),
                ),
                (
                    "order",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="sales.order",
                        verbose_name="order",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
            ],
            options={
                "verbose_name": "order summary",
                "verbose_name_plural": "order summaries",
            },
        ),
        migrations.CreateModel(
            name="PlanTemplateStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("fabric", "incoming fabric and trims"),
                            ("pre_production_sample", "pre-production sample"),
                            ("meeting", "pre-production meeting"),
                            ("early_production", "early production"),
                            ("first_piece", "first piece and first bundle"),
                            ("mid_production", "mid-production inspection"),
                            ("shipping_sample", "shipping sample"),
                            ("final", "final inspection"),
                            ("finished_goods", "finished-goods second inspection"),
                        ],
                        max_length=30,
                        unique=True,
                        verbose_name="step",
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="name shown")),
                (
                    "anchor",
                    models.CharField(
                        choices=[
                            ("production_start", "production start"),
                            ("due_date", "factory due date"),
                        ],
                        max_length=20,
                        verbose_name="counted from",
                    ),
                ),
                ("offset", models.IntegerField(verbose_name="working days (negative: before)")),
                ("is_active", models.BooleanField(default=True, verbose_name="in the plan")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
                (
                    "updated_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "plan template step",
                "verbose_name_plural": "plan template steps",
            },
        ),
        migrations.CreateModel(
            name="PlanStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveIntegerField(verbose_name="position")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("fabric", "incoming fabric and trims"),
                            ("pre_production_sample", "pre-production sample"),
                            ("meeting", "pre-production meeting"),
                            ("early_production", "early production"),
                            ("first_piece", "first piece and first bundle"),
                            ("mid_production", "mid-production inspection"),
                            ("shipping_sample", "shipping sample"),
                            ("final", "final inspection"),
                            ("finished_goods", "finished-goods second inspection"),
                        ],
                        max_length=30,
                        verbose_name="step",
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                ("round_number", models.PositiveIntegerField(default=1, verbose_name="round")),
                ("planned_on", models.DateField(verbose_name="planned on")),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="quality.orderplan",
                        verbose_name="plan",
                    ),
                ),
            ],
            options={
                "verbose_name": "plan step",
                "verbose_name_plural": "plan steps",
                "ordering": ["plan", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("plan", "position"), name="plan_step_position")
                ],
            },
        ),
        migrations.CreateModel(
            name="SampleReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("pressed_at", models.DateTimeField(verbose_name="pressed at")),
                ("due_on", models.DateField(verbose_name="sample due on")),
                ("sent_to", models.CharField(max_length=300, verbose_name="sent to")),
                ("message", models.TextField(verbose_name="message")),
                (
                    "factory",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.site",
                        verbose_name="contracted factory",
                    ),
                ),
                (
                    "plan",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reminders",
                        to="quality.orderplan",
                        verbose_name="plan",
                    ),
                ),
                (
                    "pressed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="pressed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "pre-production sample reminder",
                "verbose_name_plural": "pre-production sample reminders",
                "ordering": ["-pressed_at", "-id"],
                "indexes": [
                    models.Index(
                        fields=["factory", "pressed_at"], name="quality_sam_factory_726852_idx"
                    )
                ],
            },
        ),
    ]
