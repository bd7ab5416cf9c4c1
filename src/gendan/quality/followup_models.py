"""Follow-ups of inspections (issue 12, second part):

- D4-1: the packing list of the fabric and trims that arrived, counted line by line
  (`PackingListLine`), and the merchandiser's confirmation (`FabricCount`), after which
  the QC manager and sales are told once;
- D4-6: early-production problems followed until closed (`ProductionProblem`, states
  open → resolved → closed as data in `followup_services.PROBLEM_MOVES`); the problems
  still open when an inspection is recorded are carried onto its report
  (`CarriedProblem`, what the factory signs);
- D4-12: customer complaints (`CustomerComplaint`), traced back to the inspections that
  could have caught them.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gendan.quality.models import DefectCategory, DefectClass


def _user_fk(verbose_name, **extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        **extra,
    )


class PackingListLine(models.Model):
    """One line of the packing list that came with the fabric and trims (D4-1): what was
    expected, what was counted, the width and the fabric defects found on it."""

    inspection = models.ForeignKey(
        "quality.Inspection",
        on_delete=models.CASCADE,
        related_name="packing_lines",
        verbose_name=_("inspection"),
    )
    position = models.PositiveIntegerField(_("line"))
    material = models.CharField(_("material"), max_length=120)
    colour_lot = models.CharField(_("colour / lot"), max_length=80, blank=True)
    expected_quantity = models.DecimalField(
        _("quantity on the packing list"), max_digits=12, decimal_places=2
    )
    unit = models.CharField(_("unit"), max_length=10)
    counted_quantity = models.DecimalField(
        _("quantity counted"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    width_specified = models.DecimalField(
        _("width required (cm)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    width_measured = models.DecimalField(
        _("width measured (cm)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    defects = models.CharField(_("fabric defects"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("packing list line")
        verbose_name_plural = _("packing list lines")
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "position"], name="packing_line_position_once"
            ),
            models.CheckConstraint(
                condition=Q(expected_quantity__gte=0), name="packing_line_expected_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.material} {self.colour_lot}".strip()

    @property
    def is_counted(self):
        return self.counted_quantity is not None

    @property
    def shortage(self):
        """How much less was counted than the packing list says (0 when none)."""
        if self.counted_quantity is None or self.counted_quantity >= self.expected_quantity:
            return Decimal("0")
        return self.expected_quantity - self.counted_quantity

    @property
    def is_short(self):
        return self.shortage > 0

    @property
    def is_width_short(self):
        return (
            self.width_specified is not None
            and self.width_measured is not None
            and self.width_measured < self.width_specified
        )


class FabricCount(models.Model):
    """The merchandiser confirmed the count of a fabric inspection (D4-1); the QC manager
    and sales were told then, once (through `sent_to`)."""

    inspection = models.OneToOneField(
        "quality.Inspection",
        on_delete=models.CASCADE,
        related_name="fabric_count",
        verbose_name=_("inspection"),
    )
    confirmed_by = _user_fk(_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"))
    sent_to = models.CharField(_("sent to"), max_length=300, blank=True)
    message = models.TextField(_("text sent"), blank=True)

    class Meta:
        verbose_name = _("fabric count confirmation")
        verbose_name_plural = _("fabric count confirmations")

    def __str__(self):
        return str(self.inspection_id)


class ProblemState(models.TextChoices):
    OPEN = "open", pgettext_lazy("production problem", "open")
    RESOLVED = "resolved", pgettext_lazy("production problem", "resolved, to be verified")
    CLOSED = "closed", pgettext_lazy("production problem", "verified and closed")


class ProductionProblem(models.Model):
    """A problem found in early production (D4-6) at one process, followed until the
    merchandiser or QC has verified the fix and closed it."""

    factory_order = models.ForeignKey(
        "sales.FactoryOrder",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("factory order"),
    )
    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    factory = models.ForeignKey(
        "org.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("contracted factory")
    )
    inspection = models.ForeignKey(
        "quality.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems_found",
        verbose_name=_("found at inspection"),
    )
    process = models.CharField(_("process"), max_length=60)
    description = models.CharField(_("problem"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=60)
    due_on = models.DateField(_("to be fixed by"))
    state = models.CharField(
        _("state"), max_length=10, choices=ProblemState.choices, default=ProblemState.OPEN
    )
    opened_by = _user_fk(_("opened by"))
    opened_at = models.DateTimeField(_("opened at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("how it was fixed"), blank=True)
    closed_by = _user_fk(_("closed by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("verification note"), blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        verbose_name = _("production problem")
        verbose_name_plural = _("production problems")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["factory", "state"]), models.Index(fields=["order"])]

    def __str__(self):
        return f"{self.process} · {self.description[:40]}"

    @property
    def is_closed(self):
        return self.state == ProblemState.CLOSED


class CarriedProblem(models.Model):
    """A problem not yet closed when an inspection was recorded: it stands on that
    inspection's report (D4-6 "unresolved problems → report signed by the factory")."""

    inspection = models.ForeignKey(
        "quality.Inspection",
        on_delete=models.CASCADE,
        related_name="carried_problems",
        verbose_name=_("inspection"),
    )
    problem = models.ForeignKey(
        ProductionProblem, on_delete=models.PROTECT, related_name="+", verbose_name=_("problem")
    )
    state_then = models.CharField(_("state then"), max_length=10, choices=ProblemState.choices)

    class Meta:
        verbose_name = _("problem carried onto a report")
        verbose_name_plural = _("problems carried onto reports")
        ordering = ["inspection", "problem"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "problem"], name="problem_carried_once")
        ]

    def __str__(self):
        return f"{self.inspection_id} · {self.problem_id}"


class CustomerComplaint(models.Model):
    """A customer's complaint about an order's goods (D4-12), traced back to the
    inspections that could have caught it."""

    order = models.ForeignKey(
        "sales.Order", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    factory_order = models.ForeignKey(
        "sales.FactoryOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("factory order"),
    )
    received_on = models.DateField(_("received on"))
    description = models.CharField(_("complaint"), max_length=500)
    defect_class = models.CharField(_("defect class"), max_length=10, choices=DefectClass.choices)
    category = models.CharField(_("category"), max_length=20, choices=DefectCategory.choices)
    recorded_by = _user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("customer complaint")
        verbose_name_plural = _("customer complaints")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.description[:40]
