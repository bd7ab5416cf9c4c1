"""Models of the shop floor's cranes, carts, wire ropes, containers and their inspections (D1-1.6, D1-4.7, D1-4.8).

`Equipment` is the register; `EquipmentInspection` (点检) rows are appended, never
changed: a wrong record is corrected by a new one naming it (`corrects`). The register
keeps a copy of what the records say — `status`, `last_passed_on`, `next_due_on` — so the
due and overdue lists are one query; `equipment_services` writes both in one transaction.
`OverdueNotice` records each notification sent, one per item and overdue period (the
due date it was overdue against), so none is sent twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Equipment(models.Model):
    class Kind(models.TextChoices):
        CRANE = "crane", _("Crane")
        CART = "cart", _("Cart")
        ROPE = "rope", _("Wire rope or sling")
        CONTAINER = "container", _("Transfer container")

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        OUT_OF_SERVICE = "out_of_service", _("Out of service")
        RETIRED = "retired", _("Retired")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("equipment name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    workshop = models.ForeignKey(
        "org.Workshop",
        on_delete=models.PROTECT,
        related_name="equipment",
        verbose_name=_("workshop"),
    )
    location = models.CharField(_("location"), max_length=100, blank=True)
    inspection_interval_days = models.PositiveIntegerField(_("inspection interval (days)"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_SERVICE
    )
    last_passed_on = models.DateField(_("last passed inspection"), null=True, blank=True)
    next_due_on = models.DateField(_("next inspection due"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("handling equipment")
        verbose_name_plural = _("handling equipment")
        ordering = ["code"]
        indexes = [
            models.Index(
                fields=["workshop", "status", "next_due_on"], name="shopfloor_equipment_due_idx"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class EquipmentInspection(models.Model):
    class Result(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")

    equipment = models.ForeignKey(
        Equipment,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("equipment"),
    )
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspected by"),
    )
    inspected_at = models.DateTimeField(_("inspected at"))
    result = models.CharField(_("result"), max_length=4, choices=Result.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects the record"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("equipment inspection")
        verbose_name_plural = _("equipment inspections")
        ordering = ["-inspected_at", "-id"]

    def __str__(self):
        return f"{self.equipment.code} {self.inspected_at:%Y-%m-%d} {self.get_result_display()}"


class OverdueNotice(models.Model):
    """A notification sent for one item overdue against one due date (D1-4.8)."""

    equipment = models.ForeignKey(
        Equipment,
        on_delete=models.PROTECT,
        related_name="overdue_notices",
        verbose_name=_("equipment"),
    )
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"))
    sent_to = models.CharField(_("sent to"), max_length=300)
    message = models.TextField(_("message"))

    class Meta:
        verbose_name = _("overdue inspection notice")
        verbose_name_plural = _("overdue inspection notices")
        constraints = [
            models.UniqueConstraint(
                fields=["equipment", "due_on"], name="shopfloor_overdue_notice_once"
            )
        ]

    def __str__(self):
        return f"{self.equipment.code} {self.due_on}"
