import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_papers"),
        ("org", "0005_permissions"),
        ("shopfloor", "0003_equipment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PlacementSuggestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(max_length=2000, verbose_name="suggestion")),
                ("written_at", models.DateTimeField(verbose_name="suggested at")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("open", "awaiting the director's answer"),
                            ("accepted", "accepted"),
                            ("declined", "declined"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                ),
                (
                    "answer",
                    models.CharField(blank=True, max_length=1000, verbose_name="director's answer"),
                ),
                (
                    "answered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="answered by",
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
                (
                    "written_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="suggested by",
                    ),
                ),
            ],
            options={
                "verbose_name": "placement suggestion",
                "verbose_name_plural": "placement suggestions",
                "ordering": ["-written_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Assessment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "target",
                    models.CharField(
                        choices=[
                            ("person", "a person"),
                            ("team", "a team"),
                            ("warehouse", "a warehouse"),
                        ],
                        max_length=10,
                        verbose_name="held against",
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("late_receipt", "late acceptance of goods"),
                            ("chaotic_stack", "chaotic stacking"),
                            ("other", "other"),
                        ],
                        max_length=16,
                        verbose_name="reason",
                    ),
                ),
                (
                    "source",
                    models.CharField(
                        choices=[
                            ("recorded", "recorded by hand"),
                            ("refusal", "a refused chaotic stack"),
                            ("late_receipt", "found late by the system"),
                        ],
                        max_length=16,
                        verbose_name="how it came",
                    ),
                ),
                ("points", models.PositiveIntegerField(verbose_name="points")),
                (
                    "amount",
                    models.DecimalField(
                        decimal_places=2, default=0, max_digits=12, verbose_name="amount (yuan)"
                    ),
                ),
                ("note", models.TextField(max_length=2000, verbose_name="what happened")),
                (
                    "operation",
                    models.CharField(blank=True, max_length=60, verbose_name="operation"),
                ),
                (
                    "working_hours_taken",
                    models.DecimalField(
                        blank=True,
                        decimal_places=1,
                        max_digits=8,
                        null=True,
                        verbose_name="working hours taken",
                    ),
                ),
                ("occurred_at", models.DateTimeField(db_index=True, verbose_name="happened at")),
                ("written_at", models.DateTimeField(verbose_name="written at")),
                ("notified", models.CharField(blank=True, max_length=300, verbose_name="notified")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("candidate", "awaiting the director's decision"),
                            ("confirmed", "confirmed"),
                            ("waived", "waived"),
                        ],
                        default="candidate",
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                (
                    "decided_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
                ),
                (
                    "decision_note",
                    models.CharField(blank=True, max_length=500, verbose_name="director's reason"),
                ),
                (
                    "response_state",
                    models.CharField(
                        choices=[("awaiting", "awaiting the answer"), ("answered", "answered")],
                        default="awaiting",
                        max_length=10,
                        verbose_name="answer",
                    ),
                ),
                (
                    "response",
                    models.TextField(
                        blank=True, max_length=2000, verbose_name="answer of the person assessed"
                    ),
                ),
                (
                    "responded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                ),
                ("search_text", models.TextField(blank=True, editable=False)),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "lot",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="shopfloor.lot",
                        verbose_name="lot",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person who answers",
                    ),
                ),
                (
                    "receipt",
                    models.OneToOneField(
                        blank=True,
                        help_text="The receipt signed late (D1-2.1): one assessment per receipt at most.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.document",
                        verbose_name="production receipt",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.team",
                        verbose_name="team",
                    ),
                ),
                (
                    "transfer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="shopfloor.transferslip",
                        verbose_name="transfer slip",
                    ),
                ),
                (
                    "warehouse",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.warehouse",
                        verbose_name="warehouse",
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
                (
                    "written_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
            ],
            options={
                "verbose_name": "assessment",
                "verbose_name_plural": "assessments",
                "ordering": ["-occurred_at", "-id"],
                "indexes": [
                    models.Index(fields=["workshop", "state"], name="assessment_workshop_state")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("target", "warehouse"), _negated=True),
                            ("warehouse__isnull", False),
                            _connector="OR",
                        ),
                        name="assessment_warehouse_named",
                    )
                ],
            },
        ),
    ]
