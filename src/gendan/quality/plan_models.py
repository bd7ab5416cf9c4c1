"""Models of the inspection plan per garment order (D4-2, D4-5, D4-8, D4-9, D4-14).

Imported by ``quality/models.py`` so that Django finds them.

- ``PlanTemplateStep``: QC's changes to the company template (one row per step kind; a
  kind without a row keeps the default of ``plan_services.DEFAULT_TEMPLATE``).
- ``OrderPlan`` / ``PlanStep``: the plan of one factory order, each step with the date
  proposed in Chinese working days; the step's status is read from the inspections.
- ``SampleReminder``: D4-2, the factory pressed for its pre-production sample (logged).
- ``MeetingMinutes``: D4-5, the pre-production meeting's minutes (a paper the factory signs).
- ``OrderReport``: D4-14, the written summary of an order, sent once to the department head.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "MeetingMinutes",
    "OrderPlan",
    "OrderReport",
    "PlanAnchor",
    "PlanStep",
    "PlanStepKind",
    "PlanTemplateStep",
    "SampleReminder",
]


class PlanStepKind(models.TextChoices):
    """The ordered steps of D4 (and D5-5): every inspection step, and the meeting."""

    FABRIC = "fabric", _("incoming fabric and trims")
    PRE_PRODUCTION_SAMPLE = "pre_production_sample", _("pre-production sample")
    MEETING = "meeting", _("pre-production meeting")
    EARLY_PRODUCTION = "early_production", _("early production")
    FIRST_PIECE = "first_piece", _("first piece and first bundle")
    MID_PRODUCTION = "mid_production", _("mid-production inspection")
    SHIPPING_SAMPLE = "shipping_sample", _("shipping sample")
    FINAL = "final", _("final inspection")
    FINISHED_GOODS = "finished_goods", _("finished-goods second inspection")


class PlanAnchor(models.TextChoices):
    PRODUCTION_START = "production_start", _("production start")
    DUE_DATE = "due_date", _("factory due date")


class PlanTemplateStep(models.Model):
    """QC's setting of one step of the company's inspection plan template."""

    kind = models.CharField(_("step"), max_length=30, choices=PlanStepKind.choices, unique=True)
    name = models.CharField(_("name shown"), max_length=60)
    anchor = models.CharField(_("counted from"), max_length=20, choices=PlanAnchor.choices)
    offset = models.IntegerField(_("working days (negative: before)"))
    is_active = models.BooleanField(_("in the plan"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("changed by"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("plan template step")
        verbose_name_plural = _("plan template steps")

    def __str__(self):
        return self.name


class OrderPlan(models.Model):
    """The inspection plan of one factory order, made from the template."""

    factory_order = models.OneToOneField(
        "sales.FactoryOrder", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("factory order"),
    )  # fmt: skip
    production_start = models.DateField(_("production starts on"))
    quantity = models.PositiveIntegerField(_("order quantity"))
    mid_minimum = models.PositiveIntegerField(_("minimum mid-production reports"))
    mid_interval = models.PositiveIntegerField(_("working days between mid-production checks"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("made by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-id"]

    def __str__(self):
        return str(self.factory_order)


class PlanStep(models.Model):
    """One step of an order's plan with its proposed date (working days)."""

    plan = models.ForeignKey(
        OrderPlan, on_delete=models.CASCADE, related_name="steps", verbose_name=_("plan")
    )
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(_("step"), max_length=30, choices=PlanStepKind.choices)
    name = models.CharField(_("name"), max_length=60)
    round_number = models.PositiveIntegerField(_("round"), default=1)  # n-th mid-production check
    planned_on = models.DateField(_("planned on"))

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_step_position"),
        ]

    def __str__(self):
        return self.name


class SampleReminder(models.Model):
    """D4-2: the factory was pressed for the pre-production sample it has not made."""

    plan = models.ForeignKey(
        OrderPlan, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("plan")
    )
    factory = models.ForeignKey(
        "org.Site", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("contracted factory"),
    )  # fmt: skip
    pressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("pressed by"),
    )  # fmt: skip
    pressed_at = models.DateTimeField(_("pressed at"))
    due_on = models.DateField(_("sample due on"))
    sent_to = models.CharField(_("sent to"), max_length=300)
    message = models.TextField(_("message"))

    class Meta:
        verbose_name = _("pre-production sample reminder")
        verbose_name_plural = _("pre-production sample reminders")
        ordering = ["-pressed_at", "-id"]
        indexes = [models.Index(fields=["factory", "pressed_at"])]

    def __str__(self):
        return f"{self.factory} · {self.pressed_at:%Y-%m-%d}"


class MeetingMinutes(models.Model):
    """D4-5: the pre-production meeting's minutes — a paper written by the merchandiser
    and signed by the factory."""

    plan = models.OneToOneField(
        OrderPlan, on_delete=models.PROTECT, related_name="minutes", verbose_name=_("plan")
    )
    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
    held_on = models.DateField(_("held on"))
    attendees = models.CharField(_("attendees"), max_length=300)
    customer_requirements = models.TextField(_("customer requirements"), blank=True)
    critical_points = models.TextField(_("critical points"))
    sample_issues = models.TextField(_("sample issues"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("written by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("pre-production meeting minutes")
        verbose_name_plural = _("pre-production meeting minutes")

    def __str__(self):
        return self.document.number


class OrderReport(models.Model):
    """D4-14: the written summary of an order, sent once to the department head."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent")

    order = models.OneToOneField(
        "sales.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    cooperation = models.TextField(_("cooperation of departments"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    responses = models.TextField(_("responses"), blank=True)
    handling = models.TextField(_("overall handling"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("drafted by"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("sent by"),
    )  # fmt: skip
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("order summary")
        verbose_name_plural = _("order summaries")

    def __str__(self):
        return str(self.order)

    @property
    def is_sent(self):
        return self.status == self.Status.SENT
