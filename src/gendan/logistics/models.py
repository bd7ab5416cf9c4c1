"""The express follow-up desk's records (D3): imported tracking sheets, waybills with
their trace events, who holds each waybill and why, follow-up calls, audit errors
(差错考核), urging requests (催货), retention leads and the daily figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gendan.logistics.labels import carrier_name
from gendan.logistics.statuses import TrackingStatus


def _user_fk(verbose_name, *, related_name="+", null=True):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class TrackingImport(models.Model):
    """One day's tracking sheet as received from logistics (D3-1); the raw file is kept
    for the auditor (D3-5). The same file (by its digest) is imported once."""

    file_name = models.CharField(_("file name"), max_length=200)
    digest = models.CharField(_("file digest"), max_length=64, unique=True)
    raw_file = models.BinaryField(_("file as received"))
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    header_row = models.PositiveIntegerField(_("header row"))
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows set aside"), default=0)
    created_count = models.PositiveIntegerField(_("new waybills"), default=0)
    updated_count = models.PositiveIntegerField(_("waybills updated"), default=0)
    imported_by = _user_fk(_("imported by"))
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    sheet_date = models.DateField(_("sheet of the day"))

    class Meta:
        verbose_name = _("tracking sheet")
        verbose_name_plural = _("tracking sheets")
        ordering = ["-imported_at"]

    def __str__(self):
        return self.file_name


class Waybill(models.Model):
    """One parcel (运单) as the sheets describe it, matched to an order or customer
    (D3-1) and held by one follow-up person at a time (D3-2)."""

    class MatchedBy(models.TextChoices):
        NONE = "", _("not matched")
        ORDER_NUMBER = "order_number", _("by order number")
        TRACKING_NUMBER = "tracking_number", _("by tracking number")
        PHONE = "phone", _("by full phone number")
        BY_HAND = "by_hand", _("matched by hand")

    key = models.CharField(_("key"), max_length=80, unique=True, editable=False)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    carrier = models.CharField(_("carrier"), max_length=20)
    consignee = models.CharField(_("consignee"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=80, blank=True)
    phone_kind = models.CharField(_("phone kind"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    status = models.CharField(
        _("tracking status"), max_length=20, choices=TrackingStatus.choices, blank=True
    )
    status_text = models.CharField(_("status as written"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    shipped_at = models.CharField(_("shipped at"), max_length=40, blank=True)
    is_self_pickup = models.BooleanField(_("self-pickup (自提)"), default=False)
    first_import = models.ForeignKey(
        TrackingImport, on_delete=models.PROTECT, related_name="+", verbose_name=_("first sheet")
    )
    last_import = models.ForeignKey(
        TrackingImport,
        on_delete=models.PROTECT,
        related_name="waybills",
        verbose_name=_("latest sheet"),
    )
    order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waybills",
        verbose_name=_("order"),
    )
    customer = models.ForeignKey(
        "sales.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waybills",
        verbose_name=_("customer"),
    )
    matched_by = models.CharField(
        _("matched"), max_length=16, choices=MatchedBy.choices, blank=True, default=""
    )
    candidate_order = models.ForeignKey(
        "sales.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidate order (to confirm)"),
    )
    assignee = _user_fk(_("followed up by"), related_name="waybills_to_follow")
    assigned_on = models.DateField(_("handed out on"), null=True, blank=True)
    followup_status = models.CharField(
        _("status found by the follow-up"),
        max_length=20,
        choices=TrackingStatus.choices,
        blank=True,
    )
    followup_note = models.CharField(_("follow-up note"), max_length=300, blank=True)
    followed_at = models.DateTimeField(_("last followed up at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("waybill")
        verbose_name_plural = _("waybills")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["matched_by"]),
            models.Index(fields=["order_number"]),
            models.Index(fields=["tracking_number"]),
        ]

    def __str__(self):
        return self.tracking_number or self.order_number

    @property
    def is_open(self):
        """Still to be followed: not signed for and not back with us."""
        return self.status not in CLOSED_STATUSES


CLOSED_STATUSES = (TrackingStatus.SIGNED, TrackingStatus.RETURNED)


class TrackingEvent(models.Model):
    """A status a sheet reported for a waybill; a new row only when it changed, so
    importing a sheet again adds nothing."""

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="events", verbose_name=_("waybill")
    )
    tracking_import = models.ForeignKey(
        TrackingImport, on_delete=models.PROTECT, related_name="+", verbose_name=_("sheet")
    )
    status = models.CharField(
        _("tracking status"), max_length=20, choices=TrackingStatus.choices, blank=True
    )
    status_text = models.CharField(_("status as written"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("tracking event")
        verbose_name_plural = _("tracking events")
        ordering = ["waybill", "id"]

    def __str__(self):
        return f"{self.waybill} {self.status_text}"


class Handover(models.Model):
    """Who had a waybill and who has it now, and why (D3-2)."""

    class Reason(models.TextChoices):
        DISTRIBUTED = "distributed", _("handed out with the day's sheet")
        ABSENT = "absent", _("the holder is on leave")
        LEFT = "left", _("the holder has left the company")
        BY_HAND = "by_hand", _("moved by the team lead")

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("waybill")
    )
    from_user = _user_fk(_("held by"))
    to_user = _user_fk(_("handed to"), null=False)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    by = _user_fk(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["waybill", "id"]

    def __str__(self):
        return f"{self.waybill} → {self.to_user}"


class FollowUpCall(models.Model):
    """A call or check made about a waybill: the status found and a note (the call log)."""

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="calls", verbose_name=_("waybill")
    )
    actor = _user_fk(_("by"), null=False)
    status = models.CharField(_("status found"), max_length=20, choices=TrackingStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_interested = models.BooleanField(_("wants to order again"), default=False)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.waybill} {self.get_status_display()}"


class AuditError(models.Model):
    """差错考核 (D3-1): a missed or unfilled follow-up found by the day's audit, per person;
    the team lead confirms or waives it."""

    class Kind(models.TextChoices):
        MISSED = "missed", _("not followed up")
        STALE = "stale", _("followed up, but the sheet says otherwise")

    class State(models.TextChoices):
        OPEN = "open", _("to review")
        CONFIRMED = "confirmed", _("confirmed")
        WAIVED = "waived", _("waived")

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="errors", verbose_name=_("waybill")
    )
    person = _user_fk(_("person"), null=False)
    day = models.DateField(_("day"))
    kind = models.CharField(_("error"), max_length=12, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="open")
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit error")
        verbose_name_plural = _("audit errors")
        ordering = ["-day", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["waybill", "day", "kind"], name="audit_error_once_per_day"
            )
        ]

    def __str__(self):
        return f"{self.waybill} {self.get_kind_display()}"


class UrgeRequest(models.Model):
    """催货 (D3-4): a customer asks for a parcel to be hurried; sent to logistics, the
    answer fed back to the order taker."""

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="urges", verbose_name=_("waybill")
    )
    requested_by = _user_fk(_("requested by"), null=False)
    note = models.CharField(_("request"), max_length=300, blank=True)
    is_same_day = models.BooleanField(_("same-day delivery"), default=False)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answer = models.CharField(_("logistics' answer"), max_length=300, blank=True)
    answered_by = _user_fk(_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("urging request")
        verbose_name_plural = _("urging requests")
        ordering = ["-is_same_day", "requested_at"]

    def __str__(self):
        return str(self.waybill)


class DailySnapshot(models.Model):
    """The desk's figures of one day, kept so months can be compared (D3-7, D3-8)."""

    day = models.DateField(_("day"), unique=True)
    figures = models.JSONField(_("figures"), default=dict)
    taken_at = models.DateTimeField(_("taken at"), auto_now=True)

    class Meta:
        verbose_name = _("daily figures")
        verbose_name_plural = _("daily figures")
        ordering = ["-day"]

    def __str__(self):
        return str(self.day)


class SheetDisagreement(models.Model):
    """A later sheet says another order number, carrier or consignee for a parcel an
    earlier sheet described (issue 13): the stored value is kept, never silently
    overwritten, and the disagreement is listed for the team lead."""

    class Field(models.TextChoices):
        ORDER_NUMBER = "order_number", _("order number")
        CARRIER = "carrier", _("carrier")
        CONSIGNEE = "consignee", _("consignee")

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="disagreements", verbose_name=_("waybill")
    )
    tracking_import = models.ForeignKey(
        TrackingImport, on_delete=models.PROTECT, related_name="+", verbose_name=_("sheet")
    )
    field = models.CharField(_("column"), max_length=20, choices=Field.choices)
    kept = models.CharField(_("kept"), max_length=300)
    sheet_value = models.CharField(_("the sheet says"), max_length=300)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("sheet disagreement")
        verbose_name_plural = _("sheet disagreements")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.waybill} {self.get_field_display()}"

    @property
    def kept_shown(self):
        return self._shown(self.kept)

    @property
    def sheet_value_shown(self):
        return self._shown(self.sheet_value)

    def _shown(self, value):
        """Carriers by their names, never their codes."""
        return carrier_name(value) if self.field == self.Field.CARRIER else value
