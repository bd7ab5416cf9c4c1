"""Follow-up records: milestone templates and plans (D5-3.4,
D4), the per-order progress row the board reads, saved board views, and trip expenses
(D4-X)."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gendan.core import events
from gendan.core.attachments import PHOTO_OR_PDF_EXTENSIONS
from gendan.shopfloor import events as shopfloor_events

# Events that can complete a milestone. Lower layers publish them; followup listens
# (handlers.py). A template step stores the event's code, so codes never change.
COMPLETION_EVENTS = [
    events.OrderConfirmed,
    events.DeliveryShipped,
    events.OrderDelivered,
    events.PaymentRecorded,
    events.OrderPaid,
    events.ReceiptPosted,
    events.InspectionPassed,
    events.ShipmentSigned,
    shopfloor_events.CuttingCompleted,
    shopfloor_events.MachiningCompleted,
    shopfloor_events.AssemblyCompleted,
]
COMPLETION_CHOICES = [(event.code, _(event.label)) for event in COMPLETION_EVENTS]


# ---------------------------------------------------------------- templates
class MilestoneTemplate(models.Model):
    order_type = models.CharField(_("order type"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        ordering = ["order_type"]

    def __str__(self):
        return self.name


class TemplateStep(models.Model):
    template = models.ForeignKey(MilestoneTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=60)
    offset_days = models.SmallIntegerField(
        _("working days before delivery"),
        help_text=_(
            "Planned date = delivery date minus this many working days; negative means after."
        ),
    )
    duration_days = models.PositiveSmallIntegerField(_("duration in working days"), default=1)
    owner_role_code = models.CharField(
        _("owner role"),
        max_length=40,
        blank=True,
        help_text=_("Empty: the order's merchandiser owns the step."),
    )
    completion_event = models.CharField(
        _("completed by event"), max_length=40, choices=COMPLETION_CHOICES, blank=True
    )
    is_delivery = models.BooleanField(
        _("delivery step"),
        default=False,
        help_text=_("The step the contract delivery date refers to; the forecast ends here."),
    )

    class Meta:
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="template_step_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"


# ---------------------------------------------------------------- plans
class Milestone(models.Model):
    """One step of an order's plan: planned against actual, with its evidence."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("milestone", "open")
        DONE = "done", _("done")
        CANCELLED = "cancelled", pgettext_lazy("milestone", "cancelled")

    class Completion(models.TextChoices):
        EVENT = "event", _("by the document that proves it")
        MANUAL = "manual", _("by hand, with evidence")

    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, related_name="milestones", verbose_name=_("order")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=60)
    offset_days = models.SmallIntegerField(_("working days before delivery"))
    duration_days = models.PositiveSmallIntegerField(_("duration in working days"), default=1)
    completion_event = models.CharField(_("completed by event"), max_length=40, blank=True)
    is_delivery = models.BooleanField(_("delivery step"), default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    planning_problem = models.CharField(_("why the date is unknown"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.OPEN
    )
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    completed_how = models.CharField(
        _("completed"), max_length=6, choices=Completion.choices, blank=True
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    evidence_url = models.CharField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="followup/evidence/%Y/%m/", blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="milestone_position_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "cancelled"]) | Q(actual_date__isnull=False),
                name="milestone_done_has_actual_date",
            ),
        ]

    def __str__(self):
        return f"{self.order_id} · {self.name}"

    @property
    def is_done(self):
        return self.status == self.Status.DONE

    @property
    def is_late(self):
        """Late is computed by date: open and its planned date has passed."""
        return (
            self.status == self.Status.OPEN
            and self.planned_date is not None
            and self.planned_date < timezone.localdate()
        )


class OrderProgress(models.Model):
    """What the board shows of one order, kept by the followup services in the same
    transaction as the change, so the board's page is one indexed query."""

    class Outlook(models.TextChoices):
        NONE = "", _("not confirmed")
        ON_TIME = "on_time", _("confirmed on time")
        LATE = "late", _("will be late")

    order = models.OneToOneField(
        "sales.Order",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="progress",
        verbose_name=_("order"),
    )
    order_number = models.CharField(_("order number"), max_length=80)
    order_type = models.CharField(_("order type"), max_length=12)
    order_status = models.CharField(_("order status"), max_length=16)
    is_open = models.BooleanField(pgettext_lazy("milestone", "open"), default=True)
    customer = models.ForeignKey(
        "sales.Customer", on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    customer_name = models.CharField(_("customer"), max_length=120)
    merchandiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merchandiser"),
    )
    merchandiser_name = models.CharField(_("merchandiser"), max_length=150)
    delivery_date = models.DateField(_("contract delivery date"))
    current_stage = models.CharField(_("stage"), max_length=60)
    next_milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    next_milestone_name = models.CharField(_("next milestone"), max_length=60, blank=True)
    next_planned_date = models.DateField(_("planned date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner"), max_length=150, blank=True)
    milestones_done = models.PositiveSmallIntegerField(_("milestones done"), default=0)
    milestones_total = models.PositiveSmallIntegerField(_("milestones"), default=0)
    forecast_date = models.DateField(_("expected finish"), null=True, blank=True)
    is_forecast_late = models.BooleanField(_("forecast late"), default=False)
    planning_problem = models.CharField(_("planning problem"), max_length=300, blank=True)
    outlook = models.CharField(
        _("merchandiser's outlook"), max_length=8, choices=Outlook.choices, blank=True
    )
    outlook_date = models.DateField(_("expected delivery"), null=True, blank=True)
    outlook_at = models.DateTimeField(_("outlook recorded at"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("order progress")
        verbose_name_plural = _("order progress")
        # Partial indexes on the open rows: the board's filter and sort are answered from
        # the index, and closed orders do not make them bigger.
        indexes = [
            models.Index(
                fields=[*columns, "order"], condition=Q(is_open=True), name=f"fu_open_{name}"
            )
            for name, columns in (
                ("next", ["next_planned_date"]),
                ("delivery", ["delivery_date"]),
                ("number", ["order_number"]),
                ("stage", ["current_stage", "next_planned_date"]),
                ("merch", ["merchandiser", "next_planned_date"]),
                ("customer", ["customer", "next_planned_date"]),
            )
        ]

    def __str__(self):
        return f"{self.order_number} · {self.current_stage}"

    @property
    def days_late(self):
        """Calendar days the next milestone is overdue (0 when it is not)."""
        if self.next_planned_date is None:
            return 0
        return max((timezone.localdate() - self.next_planned_date).days, 0)

    @property
    def is_at_risk(self):
        return self.is_forecast_late or self.outlook == self.Outlook.LATE


class SavedBoardView(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    querystring = models.CharField(_("filters"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("saved board view")
        verbose_name_plural = _("saved board views")
        ordering = ["user", "name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_view_name_unique")
        ]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------- trip expenses (D4-X)
class ExpenseClaim(models.Model):
    """A bundle of a merchandiser's expenses, signed along `followup.expense_claim`."""

    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="expense_claim"
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("claimant"),
    )
    total_amount = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-id"]

    def __str__(self):
        return self.document.number


class Expense(models.Model):
    class Category(models.TextChoices):
        BREAKFAST = "breakfast", _("breakfast")
        LUNCH = "lunch", _("lunch")
        DINNER = "dinner", _("dinner")
        TRANSPORT = "transport", _("transport")
        LODGING = "lodging", _("lodging")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("recorded")
        CLAIMED = "claimed", _("claimed")
        APPROVED = "approved", _("approved")

    merchandiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("merchandiser"),
    )
    spent_on = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    factory = models.ForeignKey(
        "org.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("factory"),
    )
    receipt_photo = models.FileField(
        _("receipt photo"),
        upload_to="followup/receipts/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(list(PHOTO_OR_PDF_EXTENSIONS))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RECORDED
    )
    claim = models.ForeignKey(
        ExpenseClaim,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expenses",
        verbose_name=_("claim"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("trip expense")
        verbose_name_plural = _("trip expenses")
        ordering = ["-spent_on", "-id"]
        indexes = [models.Index(fields=["merchandiser", "spent_on"], name="fu_expense_person_day")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_positive"),
            models.CheckConstraint(
                condition=Q(order__isnull=False) | Q(factory__isnull=False),
                name="expense_for_order_or_factory",
            ),
        ]

    def __str__(self):
        return f"{self.spent_on} {self.get_category_display()} {self.amount}"
