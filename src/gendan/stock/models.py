"""The stock ledger (invariant 1): locations, batches, append-only moves and the
balances kept beside them in the same transaction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Location(models.Model):
    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("warehouse storage place")
        STATION = "station", _("workshop process station")
        WAITING_AREA = "waiting_area", _("waiting area")
        OUTSOURCER = "outsourcer", _("outsourcer")
        SUPPLIER = "supplier", _("supplier")
        CUSTOMER = "customer", _("customer")
        SCRAP = "scrap", _("scrap")
        TRANSIT = "transit", _("in transit")
        ADJUSTMENT = "adjustment", _("count adjustment")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    warehouse = models.ForeignKey(
        "org.Warehouse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("warehouse"),
    )
    storage_place = models.OneToOneField(
        "org.StoragePlace",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="location",
        verbose_name=_("storage place"),
    )
    workshop = models.ForeignKey(
        "org.Workshop",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("workshop"),
    )
    site = models.ForeignKey(
        "org.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("outside party"),
    )
    allows_negative = models.BooleanField(
        _("may go negative"),
        default=False,
        help_text=_("Only for locations outside our stock (suppliers, customers, adjustments)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="warehouse") | Q(warehouse__isnull=False),
                name="warehouse_location_names_its_warehouse",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_warehouse_managed(self):
        """Stock here entered warehouse management and leaves only by an issue slip (D1-3.9)."""
        return self.kind == self.Kind.WAREHOUSE

    @property
    def scope_key(self):
        if self.warehouse_id:
            return f"warehouse:{self.warehouse_id}"
        if self.workshop_id:
            return f"workshop:{self.workshop_id}"
        return ""


class WarehouseItem(models.Model):
    """The items a warehouse manages (D1-6.2)."""

    warehouse = models.ForeignKey(
        "org.Warehouse", on_delete=models.CASCADE, related_name="managed_items"
    )
    item = models.ForeignKey("catalog.Item", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("item managed by a warehouse")
        verbose_name_plural = _("items managed by warehouses")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "item"], name="warehouse_item_once")
        ]

    def __str__(self):
        return f"{self.warehouse_id}: {self.item_id}"


class Batch(models.Model):
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="batches", verbose_name=_("item")
    )
    number = models.CharField(_("batch number"), max_length=60)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["item", "expires_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="batch_number_unique_per_item")
        ]

    def __str__(self):
        return self.number


class StockMove(models.Model):
    """One movement of a quantity of an item (and batch) from one location to another.
    Rows are appended, never changed or deleted; a posted slip is corrected by a
    reversing slip whose moves go the other way."""

    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("batch"),
    )
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=4)
    from_location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    document = models.ForeignKey(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_moves",
        verbose_name=_("slip"),
    )
    order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    reverses = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["id"]
        indexes = [models.Index(fields=["item", "id"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="move_quantity_positive"),
            models.CheckConstraint(
                condition=~Q(from_location=models.F("to_location")), name="move_between_two_places"
            ),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.quantity} {self.from_location_id}→{self.to_location_id}"


class StockBalance(models.Model):
    """On hand per item, location and batch; changed only by single atomic updates in
    the transaction that appends the moves, so reading one is one indexed lookup."""

    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="balances", verbose_name=_("location")
    )
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("batch"),
    )
    # batch_key is the batch id or 0, so (item, location, batch) is unique without NULL tricks
    batch_key = models.BigIntegerField(default=0, editable=False)
    quantity = models.DecimalField(_("on hand"), max_digits=16, decimal_places=4, default=0)

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "location", "batch_key"], name="balance_per_item_location_batch"
            ),
        ]
        indexes = [models.Index(fields=["location", "item"])]

    def __str__(self):
        return f"{self.item_id}@{self.location_id}: {self.quantity}"
