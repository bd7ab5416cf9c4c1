"""The daily archive (D1-4.6): each working day, each workshop's transfer slips of the
day as an xlsx and a PDF, kept unchanged, with the SHA-256 of each file recorded when it
was written (`gendan check` compares them, `archive_services.archive_problems`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DailyArchive(models.Model):
    """One workshop's transfer slips of one working day; written once, never rewritten."""

    workshop = models.ForeignKey(
        "org.Workshop", on_delete=models.PROTECT, related_name="+", verbose_name=_("workshop")
    )
    day = models.DateField(_("day"))
    made_at = models.DateTimeField(_("archived at"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("archived by"),
    )
    xlsx = models.FileField(_("spreadsheet"), max_length=200)
    xlsx_sha256 = models.CharField(_("SHA-256 of the spreadsheet"), max_length=64)
    pdf = models.FileField(_("PDF"), max_length=200)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    registered_count = models.PositiveIntegerField(_("registered"), default=0)
    late_count = models.PositiveIntegerField(_("registered late"), default=0)
    in_chain_count = models.PositiveIntegerField(_("still in their chain"), default=0)

    class Meta:
        verbose_name = _("daily transfer archive")
        verbose_name_plural = _("daily transfer archives")
        ordering = ["-day", "workshop_id"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "day"], name="daily_archive_once"),
        ]

    def __str__(self):
        return f"{self.workshop_id} {self.day}"


class ArchivedSlip(models.Model):
    """A transfer slip in a day's archive: registered that day, registered late (after an
    earlier day's archive was made), or written that day and still in its chain."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("registered")
        LATE = "late", _("registered late")
        IN_CHAIN = "in_chain", _("still in its chain")

    archive = models.ForeignKey(DailyArchive, on_delete=models.PROTECT, related_name="entries")
    slip = models.ForeignKey(
        "shopfloor.TransferSlip", on_delete=models.PROTECT, related_name="archived_as"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("archived transfer slip")
        verbose_name_plural = _("archived transfer slips")
        ordering = ["archive", "slip_id"]
        constraints = [
            # a registered slip is in exactly one day's archive as registered
            models.UniqueConstraint(
                fields=["slip"],
                condition=Q(kind__in=["registered", "late"]),
                name="archived_slip_registered_once",
            ),
            models.UniqueConstraint(fields=["archive", "slip"], name="archived_slip_once_a_day"),
        ]

    def __str__(self):
        return f"{self.archive_id}: {self.slip_id} {self.kind}"
