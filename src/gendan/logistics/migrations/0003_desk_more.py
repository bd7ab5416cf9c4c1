import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0002_import_speed"),
        ("sales", "0005_shipping"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="followupcall",
            name="discount_told",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="reorder discount told (%)"
            ),
        ),
        migrations.AddField(
            model_name="followupcall",
            name="taken_order",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="sales.order",
                verbose_name="order taken in the call",
            ),
        ),
        migrations.AddField(
            model_name="sheetdisagreement",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="decided at"),
        ),
        migrations.AddField(
            model_name="sheetdisagreement",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="decided by",
            ),
        ),
        migrations.AddField(
            model_name="sheetdisagreement",
            name="state",
            field=models.CharField(
                choices=[
                    ("open", "to decide"),
                    ("taken", "the sheet's value taken"),
                    ("dismissed", "dismissed"),
                ],
                default="open",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="handover",
            name="reason",
            field=models.CharField(
                choices=[
                    ("distributed", "handed out with the day's sheet"),
                    ("absent", "the holder is on leave"),
                    ("left", "the holder has left the company"),
                    ("other_shift", "the holder is on another shift"),
                    ("by_hand", "moved by the team lead"),
                ],
                max_length=16,
                verbose_name="reason",
            ),
        ),
        migrations.CreateModel(
            name="DeskDispatch",
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
                            ("weekly_problems", "weekly problem summary"),
                            ("urging_list", "the day's urging list"),
                            ("urge_answer", "urging answer for the order taker"),
                        ],
                        max_length=20,
                        verbose_name="message",
                    ),
                ),
                ("period", models.CharField(max_length=40, verbose_name="for")),
                ("channels", models.CharField(max_length=300, verbose_name="sent to")),
                ("subject", models.CharField(max_length=120, verbose_name="subject")),
                ("item_count", models.PositiveIntegerField(default=0, verbose_name="items")),
                ("sent_at", models.DateTimeField(auto_now_add=True, verbose_name="sent at")),
            ],
            options={
                "verbose_name": "desk message",
                "verbose_name_plural": "desk messages",
                "ordering": ["-sent_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "period"), name="desk_dispatch_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="RegularCustomer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "discount_percent",
                    models.PositiveSmallIntegerField(verbose_name="reorder discount (%)"),
                ),
                ("tagged_at", models.DateTimeField(auto_now_add=True, verbose_name="tagged at")),
                (
                    "call",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="logistics.followupcall",
                        verbose_name="told in call",
                    ),
                ),
                (
                    "customer",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="regular_tag",
                        to="sales.customer",
                        verbose_name="customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "regular customer",
                "verbose_name_plural": "regular customers",
                "ordering": ["-tagged_at"],
            },
        ),
        migrations.CreateModel(
            name="TeamMeeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week_start", models.DateField(unique=True, verbose_name="week of")),
                ("held_on", models.DateField(verbose_name="held on")),
                ("notes", models.TextField(blank=True, verbose_name="work and problems reported")),
                ("decisions", models.TextField(blank=True, verbose_name="decisions")),
                ("written_at", models.DateTimeField(auto_now=True, verbose_name="written at")),
                (
                    "attendees",
                    models.ManyToManyField(
                        related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="attendees"
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
            ],
            options={
                "verbose_name": "team meeting",
                "verbose_name_plural": "team meetings",
                "ordering": ["-week_start"],
            },
        ),
        migrations.CreateModel(
            name="Problem",
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
                            ("lost", "lost"),
                            ("damaged", "damaged"),
                            ("wrong_address", "wrong address"),
                            ("refused", "refused by the customer"),
                            ("other", "other problem"),
                        ],
                        max_length=16,
                        verbose_name="problem",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                (
                    "state",
                    models.CharField(
                        choices=[("open", "not settled"), ("closed", "settled")],
                        default="open",
                        max_length=8,
                        verbose_name="state",
                    ),
                ),
                ("reported_at", models.DateTimeField(verbose_name="reported at")),
                (
                    "closing_note",
                    models.CharField(blank=True, max_length=300, verbose_name="how it was settled"),
                ),
                (
                    "closed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="closed at"),
                ),
                (
                    "closed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="closed by",
                    ),
                ),
                (
                    "reported_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reported by",
                    ),
                ),
                (
                    "waybill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="problems",
                        to="logistics.waybill",
                        verbose_name="waybill",
                    ),
                ),
            ],
            options={
                "verbose_name": "problem",
                "verbose_name_plural": "problem parcels",
                "ordering": ["-reported_at", "-id"],
                "indexes": [
                    models.Index(fields=["reported_at"], name="logistics_p_reporte_69feb7_idx")
                ],
            },
        ),
    ]
