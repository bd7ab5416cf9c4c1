"""The express follow-up desk's records (D3): imported tracking sheets, waybills with
their trace events, who holds each waybill and why, follow-up calls, audit errors
(差错考核), urging requests (催货), retention leads and the daily figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gendan.logistics.labels import carrier_name
from gendan.logistics.statuses import TrackingStatus


def _user_fk(verbose_name, *, related_name="+", null=True, db_index=True):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name=related_name,
        verbose_name=verbose_name,
        db_index=db_index,
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
        db_index=False,  # the partial index below: most waybills have none
    )
    # (assignee, status) below serves every lookup by assignee: no index of its own.
    assignee = _user_fk(_("followed up by"), related_name="waybills_to_follow", db_index=False)
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
        # Every index is paid for by each of a 100,000-row sheet's inserts (issue 13):
        # a tracking number is looked up through `key` ("T:<number>"), the unmatched
        # list and candidates through partial indexes that new matched rows skip.
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["order_number"]),
            models.Index(
                fields=["id"], condition=models.Q(matched_by=""), name="logistics_waybill_unmatched"
            ),
            models.Index(
                fields=["candidate_order"],
                condition=models.Q(candidate_order__isnull=False),
                name="logistics_waybill_candidate",
            ),
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
        TrackingImport,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sheet"),
        db_index=False,  # events are read by waybill, never by sheet
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
        OTHER_SHIFT = "other_shift", _("the holder is on another shift")
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
    discount_told = models.PositiveSmallIntegerField(
        _("reorder discount told (%)"), null=True, blank=True
    )
    taken_order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order taken in the call"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["-id"]

    def __str__(self):
        return f"{self.waybill} {self.get_status_display()}"


class AuditError(models.Model):
    """差错考核 (D3-1): a missed, unfilled or non-standard follow-up found by the day's
    audit, per person; the team lead confirms or waives it."""

    class Kind(models.TextChoices):
        MISSED = "missed", _("not followed up")
        UNFILLED = "unfilled", _("followed up without the note its status needs")
        STALE = "stale", _("followed up, but the carrier's sheet says otherwise")

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

    class State(models.TextChoices):
        OPEN = "open", _("to decide")
        TAKEN = "taken", _("the sheet's value taken")
        DISMISSED = "dismissed", _("dismissed")

    field = models.CharField(_("column"), max_length=20, choices=Field.choices)
    kept = models.CharField(_("kept"), max_length=300)
    sheet_value = models.CharField(_("the sheet says"), max_length=300)
    at = models.DateTimeField(_("at"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default="open")
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

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


class Problem(models.Model):
    """问题件 (D3-3): a problem found while following a waybill up, from a controlled
    list, with a note and an optional photo (a core attachment); open until closed."""

    class Kind(models.TextChoices):
        LOST = "lost", _("lost")
        DAMAGED = "damaged", _("damaged")
        WRONG_ADDRESS = "wrong_address", _("wrong address")
        REFUSED = "refused", _("refused by the customer")
        OTHER = "other", _("other problem")

    class State(models.TextChoices):
        OPEN = "open", _("not settled")
        CLOSED = "closed", _("settled")

    waybill = models.ForeignKey(
        Waybill, on_delete=models.CASCADE, related_name="problems", verbose_name=_("waybill")
    )
    kind = models.CharField(_("problem"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default="open")
    reported_by = _user_fk(_("reported by"), null=False)
    reported_at = models.DateTimeField(_("reported at"))
    closing_note = models.CharField(_("how it was settled"), max_length=300, blank=True)
    closed_by = _user_fk(_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problem parcels")
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["reported_at"])]

    def __str__(self):
        return f"{self.waybill} {self.get_kind_display()}"


class RegularCustomer(models.Model):
    """老客户 (D3-9): a customer who signed for a parcel and was told, in a follow-up
    call, of the reorder discount (policy `logistics.retention_discount_percent`)."""

    customer = models.OneToOneField(
        "sales.Customer",
        on_delete=models.CASCADE,
        related_name="regular_tag",
        verbose_name=_("customer"),
    )
    discount_percent = models.PositiveSmallIntegerField(_("reorder discount (%)"))
    call = models.ForeignKey(
        FollowUpCall, on_delete=models.PROTECT, related_name="+", verbose_name=_("told in call")
    )
    tagged_at = models.DateTimeField(_("tagged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("regular customer")
        verbose_name_plural = _("regular customers")
        ordering = ["-tagged_at"]

    def __str__(self):
        return str(self.customer)


class TeamMeeting(models.Model):
    """The weekly team meeting (D3-10): who came, what was reported, what was decided;
    one per ISO week (`week_start`, its Monday), shown with that week's report."""

    week_start = models.DateField(_("week of"), unique=True)
    held_on = models.DateField(_("held on"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("attendees")
    )
    notes = models.TextField(_("work and problems reported"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    written_by = _user_fk(_("written by"), null=False)
    written_at = models.DateTimeField(_("written at"), auto_now=True)

    class Meta:
        verbose_name = _("team meeting")
        verbose_name_plural = _("team meetings")
        ordering = ["-week_start"]

    def __str__(self):
        return str(self.held_on)


class DeskDispatch(models.Model):
    """A message the desk sent through the notification channels, at most once per kind
    and period (the unique pair): the weekly problem summary of an ISO week (D3-3), the
    day's urging list (D3-4), the answer to one urging request (D3-4), a retention lead
    (D3-9), the day's sheets and follow-ups handed to the auditor (D3-5), the finished
    week's and month's reports for the team lead (D3-7, D3-8)."""

    class Kind(models.TextChoices):
        WEEKLY_PROBLEMS = "weekly_problems", _("weekly problem summary")
        URGING_LIST = "urging_list", _("the day's urging list")
        URGE_ANSWER = "urge_answer", _("urging answer for the order taker")
        LEAD_FORWARDED = "lead_forwarded", _("retention lead forwarded to the order taker")
        AUDITOR_DAY = "auditor_day", _("the day's sheets and follow-ups for the auditor")
        WEEKLY_REPORT = "weekly_report", _("the week's report for the team lead")
        MONTHLY_REPORT = "monthly_report", _("the month's report for the team lead")

    kind = models.CharField(_("message"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("for"), max_length=40)
    channels = models.CharField(_("sent to"), max_length=300)
    subject = models.CharField(_("subject"), max_length=120)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("desk message")
        verbose_name_plural = _("desk messages")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "period"], name="desk_dispatch_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"


class RetentionLead(models.Model):
    """回访意向 (D3-9): a customer who, in a follow-up call, wants to order again,
    forwarded to the order taker — the customer's merchandiser, or the team lead when
    the customer has none (`order_taker` empty) — and followed to its end: ordered
    (with the order), not interested for now, or not reached. One open lead per customer."""

    class State(models.TextChoices):
        OPEN = "open", _("to handle")
        CLOSED = "closed", _("handled")

    class Outcome(models.TextChoices):
        NONE = "", _("not handled yet")
        ORDERED = "ordered", _("ordered")
        NOT_INTERESTED = "not_interested", _("not interested for now")
        UNREACHABLE = "unreachable", _("could not be reached")

    call = models.OneToOneField(
        FollowUpCall,
        on_delete=models.PROTECT,
        related_name="lead",
        verbose_name=_("follow-up call"),
    )
    customer = models.ForeignKey(
        "sales.Customer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retention_leads",
        verbose_name=_("customer"),
    )
    order_taker = _user_fk(_("order taker"), related_name="retention_leads", db_index=False)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default="open")
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, default=""
    )
    order = models.ForeignKey(
        "sales.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order taken"),
    )
    closing_note = models.CharField(_("note of the order taker"), max_length=300, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), auto_now_add=True)
    closed_by = _user_fk(_("handled by"))
    closed_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention lead")
        verbose_name_plural = _("retention leads")
        ordering = ["-forwarded_at", "-id"]
        indexes = [models.Index(fields=["order_taker", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=models.Q(state="open"),
                name="retention_lead_one_open_per_customer",
            )
        ]

    def __str__(self):
        return f"{self.customer or self.call.waybill.consignee} {self.get_state_display()}"


class SheetImportJob(models.Model):
    """An uploaded sheet's import run in the background (Huey), with its progress kept
    so the upload page shows a progress bar and then the result (D3-1). The import is
    still all or nothing: a failed job stored nothing but this record of the refusal."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    class Step(models.TextChoices):
        QUEUED = "queued", _("waiting for its turn")
        READING = "reading", _("reading the file")
        STORING = "storing", _("checking and storing the waybills")
        DONE = "done", _("finished")

    token = models.CharField(_("file digest"), max_length=64, db_index=True)
    file_name = models.CharField(_("file"), max_length=200)
    requested_by = _user_fk(_("import started by"), null=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.QUEUED)  # fmt: skip
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows in the sheet"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows imported"), default=0)
    created_count = models.PositiveIntegerField(_("new waybills"), default=0)
    updated_count = models.PositiveIntegerField(_("updated waybills"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged waybills"), default=0)
    is_repeat = models.BooleanField(_("already imported"), default=False)
    tracking_import = models.ForeignKey(
        TrackingImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("import record"),
    )  # fmt: skip
    message = models.TextField(_("why it was refused"), blank=True)
    queued_at = models.DateTimeField(_("import queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("import started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("import finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sheet import job")
        verbose_name_plural = _("sheet import jobs")
        ordering = ["-queued_at"]

    def __str__(self):
        return f"{self.file_name} {self.get_state_display()}"

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)
