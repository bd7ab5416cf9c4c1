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
    title = models.CharField(pgettext_lazy("job", "position"), max_length=60, blank=True)
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
        """The order's lifecycle; its allowed moves are the table in
        `sales.services.lifecycle` (draft → unconfirmed → confirmed → in production →
        shipped → closed; cancelled from any open state; reopened by the sales manager)."""

        DRAFT = "draft", _("draft")
        UNCONFIRMED = "unconfirmed", _("to be confirmed")
        CONFIRMED = "confirmed", _("confirmed")
        IN_PRODUCTION = "in_production", _("in production")
        SHIPPED = "shipped", _("shipped")
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
        _("status"), max_length=16, choices=Status.choices, default=Status.UNCONFIRMED
    )
    previous_status = models.CharField(
        _("status before the last change"),
        max_length=16,
        choices=Status.choices,
        blank=True,
        help_text=_("Reopening a closed or cancelled order returns it to this status."),
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
    payment_days_after_delivery = models.PositiveSmallIntegerField(
        _("payment due days after delivery"), null=True, blank=True
    )
    payment_due_date = models.DateField(_("payment due date"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
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
    delivered_quantity = models.DecimalField(
        _("delivered quantity"), max_digits=14, decimal_places=3, default=0
    )

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
            models.CheckConstraint(
                condition=Q(delivered_quantity__gte=0), name="order_line_delivered_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.order} #{self.position}"

    @property
    def remaining_quantity(self):
        return self.quantity - self.delivered_quantity


def _user_fk(verbose_name, **extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        **extra,
    )


class Communication(models.Model):
    """One call, letter, fax, e-mail, WeChat message or visit with a customer (D2-1)."""

    class Kind(models.TextChoices):
        CALL = "call", _("call")
        LETTER = "letter", _("letter")
        FAX = "fax", _("fax")
        EMAIL = "email", _("e-mail")
        WECHAT = "wechat", _("WeChat")
        VISIT = "visit", _("visit")

    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="communications",
        verbose_name=_("customer"),
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("contact")
    )
    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communications",
        verbose_name=_("order"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("when"))
    summary = models.TextField(_("what was said"))
    owner = _user_fk(_("owner"))
    feedback_promised = models.CharField(_("feedback promised"), max_length=300, blank=True)
    feedback_due_date = models.DateField(_("feedback due date"), null=True, blank=True)
    feedback_given_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    feedback_given = models.TextField(_("feedback given"), blank=True)
    feedback_given_by = _user_fk(_("feedback given by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("communication")
        verbose_name_plural = _("communication log")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["owner", "feedback_given_at", "feedback_due_date"])]

    def __str__(self):
        return f"{self.customer} · {self.get_kind_display()} · {self.occurred_at:%Y-%m-%d}"

    @property
    def is_feedback_open(self):
        return bool(self.feedback_due_date) and self.feedback_given_at is None


class ConfirmationCall(models.Model):
    """The phone call that confirms a faxed or verbal order (D5-3.3)."""

    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        related_name="confirmation_calls",
        verbose_name=_("order"),
    )
    called_by = _user_fk(_("called by"))
    called_person = models.CharField(_("person called"), max_length=80)
    called_at = models.DateTimeField(_("called at"))
    confirmed_text = models.TextField(_("what was confirmed"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation call")
        verbose_name_plural = _("confirmation calls")
        ordering = ["called_at", "id"]

    def __str__(self):
        return f"{self.order} · {self.called_person}"


class Amendment(models.Model):
    """A change to an order after it was taken: who, what, why, before → after."""

    class Field(models.TextChoices):
        QUANTITY = "quantity", _("quantity")
        UNIT_PRICE = "unit_price", _("unit price")
        DELIVERY_DATE = "delivery_date", _("contract delivery date")
        PAYMENT_TERMS = "payment_terms", _("payment terms")
        PAYMENT_DUE_DATE = "payment_due_date", _("payment due date")
        ADD_LINE = "add_line", _("new line")

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("order")
    )
    line = models.ForeignKey(
        OrderLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("order line"),
    )
    field = models.CharField(_("what changed"), max_length=20, choices=Field.choices)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    amended_by = _user_fk(_("amended by"))
    amended_at = models.DateTimeField(_("amended at"))

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["amended_at", "id"]

    def __str__(self):
        return f"{self.order} · {self.get_field_display()}"

    @property
    def touches_prices(self):
        return self.field in (self.Field.UNIT_PRICE, self.Field.ADD_LINE)


class Payment(models.Model):
    """Money received against an order (D2-0, D5-6)."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("bank transfer")
        CASH = "cash", _("cash")
        CHEQUE = "cheque", _("cheque")
        ACCEPTANCE_BILL = "acceptance_bill", _("bank acceptance bill")
        ONLINE = "online", _("online payment")
        OTHER = "other", _("other")

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="payments", verbose_name=_("order")
    )
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    received_on = models.DateField(_("received on"))
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = _user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self):
        return f"{self.order} · {self.amount}"


class DeliveryNote(models.Model):
    """送货单 (D2-5): what ships now, numbered from its own book. A customer return (退货)
    is the same paper going the other way: its goods come back into the warehouse, and
    it carries the explanation of why."""

    class Kind(models.TextChoices):
        DELIVERY = "delivery", _("delivery")
        RETURN = "return", _("customer return")

    document = models.OneToOneField(
        "core.Document",
        on_delete=models.PROTECT,
        related_name="delivery_note",
        verbose_name=_("book number"),
    )
    number = models.CharField(_("delivery note number"), max_length=80, unique=True)
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="delivery_notes", verbose_name=_("order")
    )
    shipped_on = models.DateField(_("ship date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DELIVERY)
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Required on a customer return.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = _user_fk(_("written by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery note")
        verbose_name_plural = _("delivery notes")
        ordering = ["-id"]

    def __str__(self):
        return self.number


class DeliveryNoteLine(models.Model):
    delivery_note = models.ForeignKey(
        DeliveryNote,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("delivery note"),
    )
    order_line = models.ForeignKey(
        OrderLine,
        on_delete=models.PROTECT,
        related_name="delivery_lines",
        verbose_name=_("order line"),
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    variant = models.ForeignKey(
        "catalog.ItemVariant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("variant"),
    )
    colour = models.CharField(_("colour"), max_length=40, blank=True)
    size_spec = models.CharField(_("size / spec"), max_length=60, blank=True)
    batch_number = models.CharField(
        _("batch number"),
        max_length=60,
        blank=True,
        help_text=_("The batch chosen; empty ships first-expiry-first-out."),
    )

    class Meta:
        verbose_name = _("delivery note line")
        verbose_name_plural = _("delivery note lines")
        ordering = ["delivery_note", "order_line__position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="delivery_line_quantity_positive"
            ),
            models.UniqueConstraint(
                fields=["delivery_note", "order_line"], name="delivery_line_once_per_note"
            ),
        ]

    def __str__(self):
        return f"{self.delivery_note} · {self.order_line}"


class FactoryOrder(models.Model):
    """An order, or some of its lines, placed at a contracted factory (D5-7)."""

    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="factory_orders", verbose_name=_("order")
    )
    factory = models.ForeignKey(
        "org.Site",
        on_delete=models.PROTECT,
        related_name="factory_orders",
        limit_choices_to={"kind": "contracted_factory"},
        verbose_name=_("contracted factory"),
    )
    due_date = models.DateField(_("factory due date"))
    contact_name = models.CharField(_("contact"), max_length=60, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = _user_fk(_("placed by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("factory order")
        verbose_name_plural = _("factory orders")
        ordering = ["due_date", "id"]

    def __str__(self):
        return f"{self.order} → {self.factory}"


class FactoryOrderLine(models.Model):
    factory_order = models.ForeignKey(
        FactoryOrder,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("factory order"),
    )
    order_line = models.ForeignKey(
        OrderLine, on_delete=models.PROTECT, related_name="+", verbose_name=_("order line")
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = _("factory order line")
        verbose_name_plural = _("factory order lines")
        ordering = ["factory_order", "order_line__position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="factory_line_quantity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.factory_order} · {self.order_line}"


class FactoryOrderCheck(models.Model):
    """A confirmation ahead of the due date whether the factory will deliver on time."""

    factory_order = models.ForeignKey(
        FactoryOrder,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("factory order"),
    )
    checked_by = _user_fk(_("checked by"))
    checked_at = models.DateTimeField(_("checked at"))
    is_on_time = models.BooleanField(_("on time"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("on-time check")
        verbose_name_plural = _("on-time checks")
        ordering = ["checked_at", "id"]

    def __str__(self):
        return f"{self.factory_order} · {self.checked_at:%Y-%m-%d}"
