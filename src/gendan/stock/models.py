"""The stock ledger (invariant 1): locations, batches, append-only moves and the
balances kept beside them in the same transaction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gendan.core.scopes import Scope


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
        PRODUCTION = "production", _("production (made or consumed)")

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
    def scope(self):
        if self.warehouse_id:
            return Scope.warehouse(self.warehouse_id)
        if self.workshop_id:
            return Scope.workshop(self.workshop_id)
        return Scope.everywhere()

    @property
    def scope_key(self):
        return self.scope.key


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

    # no single-column index on item or actor: the (item, id) index serves item lookups,
    # and every index costs each appended move
    item = models.ForeignKey(
        "catalog.Item",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("item"),
        db_index=False,
    )
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("batch"),
        db_index=False,
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
        db_index=False,
    )
    order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
        db_index=False,
    )
    reverses = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
        db_index=False,
    )
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        ordering = ["id"]
        # links that most moves leave empty get partial indexes: an appended move pays
        # only for the indexes it appears in (opening stock has no slip, order or batch)
        indexes = [
            models.Index(fields=["item", "id"]),
            *(
                models.Index(
                    fields=[field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"stock_move_{field}_partial",
                )
                for field in ("batch", "document", "order", "reverses")
            ),
        ]
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
    the transaction that appends the moves, so reading one is one indexed lookup.

    A balance is derived data: every key comes from a move, and the moves carry the
    database's foreign keys. The balance's own links are therefore checked by the ORM
    (PROTECT) and by `gendan check` (which recomputes every balance from the ledger), not
    by per-row database triggers, which would double the cost of a bulk load."""

    item = models.ForeignKey(  # indexed by the unique (item, location, batch_key)
        "catalog.Item",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("item"),
        db_index=False,
        db_constraint=False,
    )
    location = models.ForeignKey(  # indexed by (location, item)
        Location,
        on_delete=models.PROTECT,
        related_name="balances",
        verbose_name=_("location"),
        db_index=False,
        db_constraint=False,
    )
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("batch"),
        db_index=False,
        db_constraint=False,
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
        indexes = [
            models.Index(fields=["location", "item"]),
            models.Index(
                fields=["batch"],
                condition=Q(batch__isnull=False),
                name="stock_balance_batch_partial",
            ),
        ]

    def __str__(self):
        return f"{self.item_id}@{self.location_id}: {self.quantity}"


class CountSheet(models.Model):
    """A stock count of one location (盘点, D1-1.5): a numbered document signed by the
    storekeeper who counted and the chief storekeeper who approved; posting it books
    every variance against the adjustment location in one go."""

    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="count_sheet"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="count_sheets", verbose_name=_("location")
    )
    opened_at = models.DateTimeField(_("opened at"))

    class Meta:
        verbose_name = _("count sheet")
        verbose_name_plural = _("count sheets")
        ordering = ["-id"]

    def __str__(self):
        return str(self.document.number)


class CountLine(models.Model):
    sheet = models.ForeignKey(CountSheet, on_delete=models.CASCADE, related_name="lines")
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
    batch_key = models.BigIntegerField(default=0, editable=False)
    expected = models.DecimalField(_("expected"), max_digits=16, decimal_places=4, default=0)
    counted = models.DecimalField(
        _("counted"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    is_found_stock = models.BooleanField(
        _("found stock"), default=False, help_text=_("Counted here but not on the books.")
    )

    class Meta:
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "item", "batch_key"], name="count_line_once_per_item_batch"
            ),
            models.CheckConstraint(
                condition=Q(counted__isnull=True) | Q(counted__gte=0),
                name="count_line_counted_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.expected} → {self.counted}"

    @property
    def variance(self):
        return None if self.counted is None else self.counted - self.expected


class OpeningImport(models.Model):
    """One imported opening-stock file, known by its content hash so it imports once."""

    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    imported_at = models.DateTimeField(_("imported at"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("opening stock import")
        verbose_name_plural = _("opening stock imports")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.file_name} ({self.rows})"
