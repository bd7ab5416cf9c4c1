"""Inspections at contracted factories (D4, D5-5), the switching state per product and
factory (GB/T 2828.1 9.3), and the daily report (D4-13)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _user_fk(verbose_name, **extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=verbose_name,
        **extra,
    )


class Stage(models.TextChoices):
    """The inspection steps of D4 (and D5-5) a garment order goes through."""

    FABRIC = "fabric", _("incoming fabric and trims")
    PRE_PRODUCTION_SAMPLE = "pre_production_sample", _("pre-production sample")
    EARLY_PRODUCTION = "early_production", _("early production")
    FIRST_PIECE = "first_piece", _("first piece and first bundle")
    MID_PRODUCTION = "mid_production", _("mid-production inspection")
    SHIPPING_SAMPLE = "shipping_sample", _("shipping sample")
    FINAL = "final", _("final inspection")
    FINISHED_GOODS = "finished_goods", _("finished-goods second inspection")


# A lot judged for acceptance: these count for the switching rules and complete the
# order's inspection milestone (followup listens to inspection.passed).
LOT_STAGES = (Stage.FINAL, Stage.FINISHED_GOODS)


class Verdict(models.TextChoices):
    PASSED = "passed", pgettext_lazy("inspection verdict", "passed")
    FAILED = "failed", pgettext_lazy("inspection verdict", "failed")


class DefectClass(models.TextChoices):
    CRITICAL = "critical", pgettext_lazy("defect class", "Critical")
    MAJOR = "major", pgettext_lazy("defect class", "Major")
    MINOR = "minor", pgettext_lazy("defect class", "Minor")


class DefectCategory(models.TextChoices):
    MEASUREMENT = "measurement", _("measurements")
    WORKMANSHIP = "workmanship", _("workmanship and stitching")
    MATERIAL = "material", _("fabric and trims")
    PRESSING = "pressing", _("pressing")
    PACKING = "packing", _("packing")
    SOILING = "soiling", _("oil, dirt or loose threads")
    OTHER = "other", _("other")


class Inspection(models.Model):
    """One inspection at a contracted factory: a paper (检验报告) signed by the inspector
    and by the factory. The sampling plan and the verdict are kept as they were at the
    time, with the severity that applied and why (GB/T 2828.1 9.3)."""

    document = models.OneToOneField(
        "core.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("document")
    )
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
    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    stage = models.CharField(_("inspection step"), max_length=30, choices=Stage.choices)
    inspected_on = models.DateField(_("inspected on"))
    inspector = _user_fk(_("inspector"))
    lot_size = models.PositiveIntegerField(_("lot size"))
    packed_quantity = models.PositiveIntegerField(_("packed quantity"), null=True, blank=True)
    level = models.CharField(_("inspection level"), max_length=4, default="II")
    standard = models.CharField(_("standard"), max_length=10, default="gb2828")
    severity = models.CharField(_("severity"), max_length=12, default="normal")
    severity_reason = models.CharField(_("why this severity"), max_length=300, blank=True)
    aql_critical = models.CharField(_("critical AQL"), max_length=8, default="0")
    aql_major = models.CharField(_("major AQL"), max_length=8, default="2.5")
    aql_minor = models.CharField(_("minor AQL"), max_length=8, default="4.0")
    plan = models.JSONField(_("sampling plan"), default=dict)
    sample_size = models.PositiveIntegerField(_("units inspected"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    reinspection_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reinspections",
        verbose_name=_("re-inspection of"),
    )
    note = models.TextField(_("findings"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [
            models.Index(fields=["order", "stage"]),
            models.Index(fields=["inspected_on", "inspector"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(lot_size__gt=0), name="inspection_lot_positive"),
        ]

    def __str__(self):
        return self.document.number

    @property
    def is_passed(self):
        return self.verdict == Verdict.PASSED

    @property
    def is_lot(self):
        return self.stage in LOT_STAGES


class InspectionDefect(models.Model):
    """Defects of one kind found in the sample; photos are attachments (core.attachments)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="defects", verbose_name=_("inspection")
    )
    defect_class = models.CharField(_("defect class"), max_length=10, choices=DefectClass.choices)
    category = models.CharField(_("category"), max_length=20, choices=DefectCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("defect")
        verbose_name_plural = _("defects")
        ordering = ["inspection", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="inspection_defect_count"),
        ]

    def __str__(self):
        return f"{self.get_defect_class_display()} · {self.description} × {self.count}"


class InspectionMeasurement(models.Model):
    """One point of measure of one size: specified value, tolerance (±) and measured value."""

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("inspection"),
    )
    point = models.CharField(_("point of measure"), max_length=60)
    size = models.CharField(_("size"), max_length=20, blank=True)
    specified = models.DecimalField(_("specified (cm)"), max_digits=8, decimal_places=2)
    tolerance = models.DecimalField(_("tolerance ± (cm)"), max_digits=6, decimal_places=2)
    measured = models.DecimalField(_("measured (cm)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["inspection", "id"]

    def __str__(self):
        return f"{self.point} {self.size}"

    @property
    def deviation(self):
        return self.measured - self.specified

    @property
    def is_out_of_tolerance(self):
        return abs(self.deviation) > self.tolerance


class SwitchingState(models.Model):
    """GB/T 2828.1 9.3 per product and factory: where the switching rules stand now."""

    item = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    factory = models.ForeignKey(
        "org.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("contracted factory")
    )
    severity = models.CharField(_("severity"), max_length=12, default="normal")
    recent_normal = models.JSONField(_("last lots on normal inspection"), default=list)
    score = models.PositiveIntegerField(_("switching score"), default=0)
    accepted_in_a_row = models.PositiveIntegerField(_("accepted in a row"), default=0)
    rejected_on_tightened = models.PositiveIntegerField(_("rejected on tightened"), default=0)
    lots = models.PositiveIntegerField(_("lots judged"), default=0)
    is_reduced_approved = models.BooleanField(_("reduced inspection approved"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("switching state")
        verbose_name_plural = _("switching states")
        constraints = [
            models.UniqueConstraint(fields=["item", "factory"], name="switching_per_item_factory")
        ]

    def __str__(self):
        return f"{self.item} · {self.factory}"


class SwitchingChange(models.Model):
    """One lot's effect on the switching state (history, append-only)."""

    state = models.ForeignKey(
        SwitchingState, on_delete=models.CASCADE, related_name="changes", verbose_name=_("state")
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspection"),
    )
    from_severity = models.CharField(_("from"), max_length=12)
    to_severity = models.CharField(_("to"), max_length=12)
    reason = models.CharField(_("reason"), max_length=60)
    score = models.PositiveIntegerField(_("switching score"), default=0)
    at = models.DateTimeField(_("at"))
    by = _user_fk(_("by"), null=True, blank=True)  # QC's approval or resumption; lots: none
    note = models.TextField(_("reason given"), blank=True)

    class Meta:
        verbose_name = _("switching change")
        verbose_name_plural = _("switching changes")
        ordering = ["state", "id"]

    def __str__(self):
        return f"{self.from_severity} → {self.to_severity}"


class DailyReport(models.Model):
    """D4-13: one person's report of a day's inspections and exceptions, sent to sales
    and QC once, before the policy time (09:30) of the next working day."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting to be sent")
        SENT = "sent", _("sent")

    report_date = models.DateField(_("report of"))
    send_on = models.DateField(_("to be sent on"))
    author = _user_fk(_("merchandiser"))
    addition = models.TextField(_("added by the merchandiser"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    body = models.TextField(_("text sent"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=300, blank=True)
    is_late = models.BooleanField(_("not sent in time"), default=False)
    flagged_at = models.DateTimeField(_("flagged to QC at"), null=True, blank=True)

    class Meta:
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        ordering = ["-report_date", "author"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_date", "author"], name="daily_report_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.report_date} · {self.author}"


from gendan.quality.followup_models import *  # noqa: E402, F403  (follow-ups: D4-1, D4-6, D4-12)
from gendan.quality.plan_models import *  # noqa: E402, F403  (the plan per order)
