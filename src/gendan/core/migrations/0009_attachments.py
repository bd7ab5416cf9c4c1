"""Attachments: files kept for any record (`core/attachments.py`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_company_policies"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Attachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.CharField(max_length=64, verbose_name="object id")),
                ("purpose", models.CharField(blank=True, max_length=40, verbose_name="purpose")),
                ("file", models.FileField(max_length=200, upload_to="attachments/%Y/%m/", verbose_name="file")),
                ("original_name", models.CharField(max_length=200, verbose_name="file name")),
                ("size", models.PositiveIntegerField(verbose_name="size (bytes)")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="note")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="uploaded at")),
                (
                    "object_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        to="contenttypes.contenttype",
                        verbose_name="object type",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
                "ordering": ["id"],
                "indexes": [
                    models.Index(fields=["object_type", "object_id", "id"], name="core_attach_object__idx")
                ],
            },
        ),
    ]
