"""The shop floor (D1): places on the floor, production lots (流转卡) and transfer slips
(转序单) with their lines.

Every part of a lot is somewhere in the stock ledger: its lot is a ledger batch, and each
operation, waiting area (待料区), rework area, scrap place and outsourcer is a ledger
location (`WorkPlace` says which). A lot's quantities are its batch's balances.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WorkPlace(models.Model):
    """What a ledger location is on the shop floor."""

    class Kind(models.TextChoices):
        OPERATION = "operation", _("operation")
        WAITING = "waiting", _("waiting area")
        REWORK = "rework", _("rework")
        SCRAP = "scrap", _("scrap")
        OUTSIDE = "outside", _("outside processing")
        WAREHOUSE = "warehouse", _("warehouse")
        SOURCE = "source", _("production start")
        RECEIVING = "receiving", _("awaiting the warehouse's receipt")
        DISPATCH = "dispatch", _("awaiting the outsourcing issue slip")

    location = models.OneToOneField(
        "stock.Location", on_delete=models.PROTECT, related_name="work_place"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    workshop = models.ForeignKey(
        "org.Workshop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workshop"),
    )
    operation = models.CharField(_("operation"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("shop-floor place")
        verbose_name_plural = _("shop-floor places")

    def __str__(self):
        return self.location.name


class Lot(models.Model):
    """流转卡: a quantity of one item started together, following its process sheet."""

    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="lot", verbose_name=_("number")
    )
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    batch = models.OneToOneField(
        "stock.Batch", on_delete=models.PROTECT, related_name="lot", verbose_name=_("batch")
    )
    quantity = models.DecimalField(_("quantity started"), max_digits=16, decimal_places=4)
    order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    workshop = models.ForeignKey(
        "org.Workshop", on_delete=models.PROTECT, related_name="+", verbose_name=_("workshop")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))

    class Meta:
        verbose_name = _("production lot")
        verbose_name_plural = _("production lots")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="lot_quantity_positive")
        ]

    def __str__(self):
        return self.document.number


class LotStep(models.Model):
    """One operation of a lot's route, copied from the process sheet when it started."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="steps")
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    name = models.CharField(_("operation"), max_length=60)
    workshop = models.ForeignKey(
        "org.Workshop", on_delete=models.PROTECT, related_name="+", verbose_name=_("workshop")
    )
    location = models.ForeignKey("stock.Location", on_delete=models.PROTECT, related_name="+")
    is_outside = models.BooleanField(_("processed outside"), default=False)
    is_skippable = models.BooleanField(_("may be skipped"), default=False)

    class Meta:
        verbose_name = _("lot operation")
        verbose_name_plural = _("lot operations")
        ordering = ["lot", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["lot", "sequence"], name="lot_step_once"),
        ]

    def __str__(self):
        return f"{self.sequence}. {self.name}"


class TransferSlip(models.Model):
    """转序单 (D1-3.2): parts of one or more lots to the next operation, the waiting
    area, outside processing or the warehouse (入库, D1-3.4)."""

    class Destination(models.TextChoices):
        OPERATION = "operation", _("next operation")
        WAITING = "waiting", _("waiting area")
        OUTSIDE = "outside", _("outside processing")
        WAREHOUSE = "warehouse", _("into the warehouse (入库)")

    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="transfer_slip"
    )
    workshop = models.ForeignKey(
        "org.Workshop",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from workshop"),
    )
    to_workshop = models.ForeignKey(
        "org.Workshop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to workshop"),
    )
    destination = models.CharField(_("destination"), max_length=10, choices=Destination.choices)
    warehouse = models.ForeignKey(
        "org.Warehouse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("warehouse"),
    )
    outsourcer = models.ForeignKey(
        "org.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outsourcer"),
    )
    place = models.CharField(_("place designated by the receiver"), max_length=120, blank=True)
    stock_slip = models.OneToOneField(
        "slips.StockSlip",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer",
        verbose_name=_("warehouse slip"),
        help_text=_(
            "Written when the slip is registered: the production receipt of a transfer into "
            "the warehouse (D1-3.4), the outsourcing issue slip of one to an outsourcer."
        ),
    )
    waiting_reason = models.CharField(_("why it waits"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("transfer slip")
        verbose_name_plural = _("transfer slips")
        ordering = ["-id"]

    def __str__(self):
        return self.document.number


class TransferLine(models.Model):
    class Source(models.TextChoices):
        OPERATION = "operation", _("at the operation")
        WAITING = "waiting", _("in the waiting area")
        REWORK = "rework", _("in rework")
        OUTSIDE = "outside", _("back from outside processing")

    class Reason(models.TextChoices):
        NONE = "", _("not explained")
        STILL_THERE = "still_there", _("still at the operation")
        WAITING = "waiting", _("put in the waiting area")
        SCRAP = "scrap", _("scrapped in processing")

    slip = models.ForeignKey(TransferSlip, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"))
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="transfer_lines")
    from_step = models.ForeignKey(
        LotStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("from operation")
    )
    to_step = models.ForeignKey(
        LotStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to operation"),
    )
    source = models.CharField(_("taken from"), max_length=10, choices=Source.choices)
    quantity = models.DecimalField(_("quantity sent"), max_digits=16, decimal_places=4)
    passed = models.DecimalField(_("passed"), max_digits=16, decimal_places=4, null=True)
    rework = models.DecimalField(_("rework"), max_digits=16, decimal_places=4, null=True)
    scrap = models.DecimalField(_("scrap"), max_digits=16, decimal_places=4, null=True)
    handed_over = models.DecimalField(_("handed over"), max_digits=16, decimal_places=4, null=True)
    handover_reason = models.CharField(
        _("operator's explanation"), max_length=12, choices=Reason.choices, blank=True
    )
    handover_note = models.CharField(_("operator's note"), max_length=200, blank=True)
    received = models.DecimalField(_("received"), max_digits=16, decimal_places=4, null=True)
    receipt_reason = models.CharField(
        _("receiver's explanation"), max_length=12, choices=Reason.choices, blank=True
    )
    receipt_note = models.CharField(_("receiver's note"), max_length=200, blank=True)
    unexplained_scrap = models.DecimalField(
        _("unexplained, booked as scrap"), max_digits=16, decimal_places=4, default=0
    )

    class Meta:
        verbose_name = _("transfer line")
        verbose_name_plural = _("transfer lines")
        ordering = ["slip", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="transfer_line_quantity_positive"
            )
        ]

    def __str__(self):
        return f"{self.lot_id}: {self.quantity}"


# The models of the shop floor's other parts live in their own modules.
from gendan.shopfloor import (  # noqa: E402
    archive_models,  # noqa: F401
    assessment_models,  # noqa: F401
    equipment_models,  # noqa: F401
    flow_models,  # noqa: F401
    wip_models,  # noqa: F401
)
