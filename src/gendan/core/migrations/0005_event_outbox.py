# The event outbox: published events and one delivery row per subscriber.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_document_co_scope"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EventRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(db_index=True, max_length=60, verbose_name="event")),
                ("payload", models.JSONField(default=dict, verbose_name="payload")),
                (
                    "order_id",
                    models.PositiveBigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="order"
                    ),
                ),
                (
                    "document_id",
                    models.PositiveBigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="document"
                    ),
                ),
                ("occurred_at", models.DateTimeField(db_index=True, verbose_name="time")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="actor",
                    ),
                ),
            ],
            options={"verbose_name": "event", "verbose_name_plural": "events", "ordering": ["id"]},
        ),
        migrations.CreateModel(
            name="EventDelivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subscriber", models.CharField(max_length=200, verbose_name="subscriber")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "waiting to be delivered"),
                            ("delivered", "delivered"),
                            ("failed", "failed, waiting for an administrator"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("last_error", models.TextField(blank=True, verbose_name="last error")),
                (
                    "next_attempt_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="next attempt at"),
                ),
                (
                    "delivered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="delivered at"),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="core.eventrecord",
                    ),
                ),
            ],
            options={
                "verbose_name": "event delivery",
                "verbose_name_plural": "event deliveries",
                "ordering": ["id"],
                "permissions": [("retry_eventdelivery", "Can retry a failed event delivery")],
                "indexes": [
                    models.Index(
                        fields=["status", "next_attempt_at"], name="event_delivery_due_idx"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "subscriber"), name="event_delivery_subscriber_unique"
                    )
                ],
            },
        ),
    ]
