"""Customers, their contacts and communication log (D2-1); orders and contracts with
their lines (D2-2, D2-3, D5-3.1); confirmation calls (D5-3.3); amendments; payments
(D2-0, D5-6); delivery notes (D2-5, D5-3.5); factory orders (D5-7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Customer(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    merchandiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merchandiser in charge"),
    )
    # Business secrets (D2-6): shown only to holders of sales.view_customer_contact.
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["code"]
        permissions = [
            ("view_customer_contact", _("Can see customers' phone numbers and addresses")),
            ("view_prices", _("Can see prices and amounts")),
        ]

    def __str__(self):
        return self.name


class Contact(models.Model):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("customer")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    title = models.CharField(_("position"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    wechat = models.CharField(_("WeChat"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["customer", "name"]

    def __str__(self):
        return f"{self.customer} / {self.name}"


class Order(models.Model):
    """One customer order: the spine everything else attaches to."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("phone")
        VERBAL = "verbal", _("verbal")
        FAX = "fax", _("fax")
        EMAIL = "email", _("e-mail")
        PLATFORM = "platform", _("platform")
        IN_PERSON = "in_person", _("in person")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("to be confirmed")
        CONFIRMED = "confirmed", _("confirmed")
        DELIVERED = "delivered", _("delivered")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    class OrderType(models.TextChoices):
        MACHINERY = "machinery", _("machinery built in our plant")
        GARMENT = "garment", _("garment made at a contracted factory")
        PRINTING = "printing", _("printing order")
        ECOMMERCE = "ecommerce", _("e-commerce order")

    document = models.OneToOneField(
        "core.Document",
        on_delete=models.PROTECT,
        related_name="order",
        verbose_name=_("book number"),
    )
    number = models.CharField(_("order number"), max_length=80, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    order_type = models.CharField(_("order type"), max_length=12, choices=OrderType.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    merchandiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merchandiser"),
    )
    order_date = models.DateField(_("order date"))
    delivery_date = models.DateField(_("contract delivery date"))
    payment_terms = models.CharField(_("payment terms"), max_length=200, blank=True)
    total_amount = models.DecimalField(
        _("total amount"), max_digits=16, decimal_places=2, default=0
    )
    paid_amount = models.DecimalField(
        _("amount received"), max_digits=16, decimal_places=2, default=0
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "delivery_date"]),
            models.Index(fields=["merchandiser", "status"]),
            models.Index(fields=["customer", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivery_date__gte=models.F("order_date")),
                name="order_delivery_not_before_order",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def balance_due(self):
        return self.total_amount - self.paid_amount


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="lines", verbose_name=_("order")
    )
    position = models.PositiveSmallIntegerField(_("line"))
    item = models.ForeignKey("catalog.Item", on_delete=models.PROTECT, verbose_name=_("item"))
    variant = models.ForeignKey(
        "catalog.ItemVariant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("variant"),
    )
    model_series = models.CharField(_("model / series"), max_length=60, blank=True)
    colour = models.CharField(_("colour"), max_length=40, blank=True)
    size_spec = models.CharField(_("size / spec"), max_length=60, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4, default=0)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "position"], name="order_line_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="order_line_price_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.order} #{self.position}"
