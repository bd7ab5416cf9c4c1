"""Warehouse slips (D1-3.1, D1-3.4..D1-3.9, D1-5.2, D1-5.3): receipts, issues,
outsourcing with our material, returns, replenishments and replacements.

Each slip is a core Document (number from its book, signatures along its chain); this
model keeps what the warehouse needs: the lines and the places the stock moves between.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SlipKind(models.TextChoices):
    PRODUCTION_RECEIPT = "production_receipt", _("production receipt")
    PURCHASED_RECEIPT = "purchased_receipt", _("purchased/outsourced receipt")
    PRODUCTION_ISSUE = "production_issue", _("production issue")
    STEEL_ISSUE = "steel_issue", _("steel issue")
    OUTSOURCING_ISSUE = "outsourcing_issue", _("outsourcing with our material")
    RETURN = "return", _("return to warehouse")
    REPLENISHMENT = "replenishment", _("replenishment")
    REPLACEMENT = "replacement", _("replacement")


class StockSlip(models.Model):
    document = models.OneToOneField(
        "core.Document",
        on_delete=models.PROTECT,
        related_name="stock_slip",
        verbose_name=_("book number"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SlipKind.choices, db_index=True)
    warehouse = models.ForeignKey(
        "org.Warehouse", on_delete=models.PROTECT, related_name="+", verbose_name=_("warehouse")
    )
    workshop = models.ForeignKey(
        "org.Workshop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workshop"),
    )
    partner = models.ForeignKey(
        "org.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supplier or outsourcer"),
    )
    order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Required on returns, replenishments and replacements (D1-5.3)."),
    )
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("warehouse slip")
        verbose_name_plural = _("warehouse slips")
        ordering = ["-id"]

    def __str__(self):
        return self.document.number


class SlipLine(models.Model):
    slip = models.ForeignKey(StockSlip, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"))
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=4)
    batch_number = models.CharField(_("batch number"), max_length=60, blank=True)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    batch = models.ForeignKey(
        "stock.Batch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("batch"),
    )
    from_location = models.ForeignKey(
        "stock.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from"),
    )
    to_location = models.ForeignKey(
        "stock.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    # D1-3.1: a steel issue carries these on every line
    product_model = models.CharField(_("product model"), max_length=60, blank=True)
    part_name = models.CharField(_("part name"), max_length=80, blank=True)
    material_spec = models.CharField(_("material spec"), max_length=120, blank=True)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    weight = models.DecimalField(
        _("weight (kg)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("slip line")
        verbose_name_plural = _("slip lines")
        ordering = ["slip", "position"]
        constraints = [
            models.UniqueConstraint(fields=["slip", "position"], name="slip_line_position_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="slip_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.slip_id}/{self.position}: {self.item_id} × {self.quantity}"
