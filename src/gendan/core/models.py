"""Core records: document books, documents and their signature log, audit events,
notification channels and their delivery log."""

import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


# ---------------------------------------------------------------- audit (invariant 3)
class AuditEvent(models.Model):
    """An append-only record of one state change, written in the changing transaction.

    `digest` covers every other field, so `gendan check` finds a row altered outside
    the application. On PostgreSQL a trigger refuses UPDATE and DELETE on this table.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("time"))
    digest = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def compute_digest(self):
        content = json.dumps(
            [
                self.actor_id,
                self.action,
                self.object_type_id,
                self.object_id,
                self.object_repr,
                self.before,
                self.after,
                self.ip_address,
                self.at.isoformat(),
            ],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(content.encode()).hexdigest()


# ---------------------------------------------------------------- books (invariant 2)
class DocumentBook(models.Model):
    """A numbered book of one slip type for one scope (workshop, supplier, year…).

    Numbers run from `first_number` without gaps; `next_number` is the next one to
    hand out. A book that follows a pre-printed paper pad stops at `last_number`.
    """

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    slip_type = models.CharField(_("slip type"), max_length=60, db_index=True)
    scope_key = models.CharField(
        _("scope"),
        max_length=60,
        blank=True,
        help_text=_("e.g. workshop:3, warehouse:1, supplier:7; empty means everywhere"),
    )
    number_format = models.CharField(
        _("number format"),
        max_length=80,
        default="{prefix}-{year}-{seq:06d}",
        help_text=_("Placeholders: {prefix}, {year}, {seq}; e.g. RK-机加-{year}-{seq:06d}"),
    )
    prefix = models.CharField(_("prefix"), max_length=40, blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    first_number = models.PositiveIntegerField(_("first number"), default=1)
    last_number = models.PositiveIntegerField(
        _("last number"),
        null=True,
        blank=True,
        help_text=_("For a pre-printed pad: the last number printed on it."),
    )
    next_number = models.PositiveIntegerField(_("next number"), default=1)
    is_closed = models.BooleanField(_("closed"), default=False)
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("follows book"),
        help_text=_("The closed book this one continues; its numbers follow on."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document book")
        verbose_name_plural = _("document books")
        ordering = ["slip_type", "code"]
        indexes = [
            models.Index(fields=["slip_type", "scope_key", "year"], name="book_type_scope_year")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_number__gte=models.F("first_number")),
                name="book_next_not_before_first",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def format_number(self, sequence):
        return self.number_format.format(prefix=self.prefix, year=self.year or "", seq=sequence)

    @property
    def taken_count(self):
        return self.next_number - self.first_number


# ---------------------------------------------------------------- chains (invariant 3)
class ChainDefinition(models.Model):
    """The signature chain of one slip type, declared as data."""

    slip_type = models.CharField(_("slip type"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("signature chain")
        verbose_name_plural = _("signature chains")
        ordering = ["slip_type"]

    def __str__(self):
        return self.name


class ChainStep(models.Model):
    class Mode(models.TextChoices):
        SINGLE = "single", _("one signer")
        ALL = "all", _("countersign by all holders")
        ANY = "any", _("countersign by any holder")
        QUORUM = "quorum", _("countersign by N of M holders")

    chain = models.ForeignKey(ChainDefinition, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=80)
    role_code = models.CharField(_("role"), max_length=40)
    is_required = models.BooleanField(_("required"), default=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.SINGLE)
    quorum = models.PositiveSmallIntegerField(
        _("signatures needed"), default=1, help_text=_("For N of M: how many holders must sign.")
    )
    allows_same_signer = models.BooleanField(
        _("may be signed by someone who signed another step"), default=False
    )

    class Meta:
        verbose_name = _("chain step")
        verbose_name_plural = _("chain steps")
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "position"], name="chain_step_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"


class Document(models.Model):
    """One numbered paper: a slip of some type, taken from a book, signed along its chain.

    Slip types of higher modules hold a one-to-one link to their Document. The document
    is never deleted: a spoiled one is voided and keeps its number; a posted one is
    corrected by a reversing document.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PENDING = "pending", _("awaiting signatures")
        POSTED = "posted", _("posted")
        VOIDED = "voided", _("voided")

    book = models.ForeignKey(DocumentBook, on_delete=models.PROTECT, related_name="documents")
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=80, db_index=True)
    chain = models.ForeignKey(
        ChainDefinition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for numbered papers that are not signed (an order, a contract)."),
    )
    slip_type = models.CharField(_("slip type"), max_length=60, db_index=True)
    scope_key = models.CharField(_("scope"), max_length=60, blank=True, db_index=True)
    co_scope_key = models.CharField(
        _("second scope"),
        max_length=60,
        blank=True,
        default="",
        db_index=True,
        help_text=_(
            "A second scope whose role holders may also sign and see the document, e.g. the "
            "warehouse of a workshop's slip; empty for none."
        ),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    current_step = models.PositiveSmallIntegerField(_("next step"), null=True, blank=True)
    current_role_code = models.CharField(max_length=40, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("void reason"), max_length=200, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["book", "sequence"], name="document_book_sequence_unique"
            ),
        ]
        indexes = [models.Index(fields=["status", "current_role_code", "submitted_at"])]
        permissions = [("void_document", _("Can void any unposted document"))]

    def __str__(self):
        return self.number

    @property
    def scope_keys(self):
        """The scopes whose role holders act on this document; empty means everywhere."""
        return tuple(key for key in (self.scope_key, self.co_scope_key) if key)


class Signature(models.Model):
    """One action on a document's chain. Rows are appended, never changed; the chain's
    state is the replay of these rows (see core.chains)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("submitted")
        SIGN = "sign", _("signed")
        REJECT = "reject", _("rejected")
        WITHDRAW = "withdraw", _("withdrawn")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="signatures")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    step_position = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    role_code = models.CharField(_("role"), max_length=40, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signer"),
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    return_to_step = models.PositiveSmallIntegerField(_("returned to step"), null=True, blank=True)
    completes_step = models.BooleanField(_("completed the step"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    device = models.CharField(_("device"), max_length=300, blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["id"]

    def __str__(self):
        return f"{self.document} {self.action} {self.step_position}"


# ---------------------------------------------------------------- notifications
class NotificationChannel(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("e-mail")
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk robot")
        FEISHU = "feishu", _("Feishu bot")
        SMS = "sms", _("SMS HTTP gateway")

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    webhook_url = models.URLField(_("webhook URL"), max_length=500, blank=True)
    secret = models.CharField(_("signing secret or token"), max_length=200, blank=True)
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("E-mail addresses or phone numbers, one per line")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("notification channel")
        verbose_name_plural = _("notification channels")

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class NotificationMessage(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    channel = models.ForeignKey(
        NotificationChannel, on_delete=models.PROTECT, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]

    def __str__(self):
        return self.subject


class DeliveryAttempt(models.Model):
    message = models.ForeignKey(
        NotificationMessage, on_delete=models.CASCADE, related_name="deliveries"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    is_success = models.BooleanField(_("succeeded"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["id"]

    def __str__(self):
        return f"{self.message} @ {self.at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- working-day calendar
class CalendarDay(models.Model):
    """A company's own decision about one date; it wins over the statutory calendar."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'✓' if self.is_workday else '✗'} {self.note}"


class CalendarYear(models.Model):
    """A year the statutory library does not know yet, declared complete by an
    administrator: its holidays and make-up days are entered as calendar days, and every
    other day follows the Monday-to-Friday rule."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar year entered by hand")
        verbose_name_plural = _("calendar years entered by hand")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)


# ---------------------------------------------------------------- company policies
class Policy(models.Model):
    """The company's value for one declared policy (`core/policies.py`); a policy with no
    row has its declared default. Label, type and bounds live in the declaration."""

    key = models.CharField(_("key"), max_length=80, unique=True)
    value = models.JSONField(_("value"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("company policy")
        verbose_name_plural = _("company policies")
        ordering = ["key"]

    def __str__(self):
        return self.key


# ---------------------------------------------------------------- attachments
class Attachment(models.Model):
    """A file (photo, scan, PDF) kept for any record: an inspection, a transfer slip, a
    milestone. Files are stored under a generated name; the person's name is kept."""

    object_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("object type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=40, blank=True)
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="core_attach_object__idx")
        ]

    def __str__(self):
        return self.original_name


# ---------------------------------------------------------------- event outbox
class EventRecord(models.Model):
    """One published domain event (gendan.core.events), written in the transaction that
    made it happen. Order and document ids are copied out of the payload so timelines
    find an order's events by index."""

    code = models.CharField(_("event"), max_length=60, db_index=True)
    payload = models.JSONField(_("payload"), default=dict)
    order_id = models.PositiveBigIntegerField(_("order"), null=True, blank=True, db_index=True)
    document_id = models.PositiveBigIntegerField(
        _("document"), null=True, blank=True, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    occurred_at = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["id"]

    def __str__(self):
        return self.describe()

    def as_event(self):
        """The declared event, or None when its code is no longer declared."""
        from gendan.core import events

        event_class = events.event_class(self.code)
        return event_class.from_payload(self.payload) if event_class else None

    def describe(self):
        event = self.as_event()
        return event.describe() if event else _("an event no longer declared")


class EventDelivery(models.Model):
    """One subscriber's delivery of one event: retried with backoff until it succeeds."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be delivered")
        DELIVERED = "delivered", pgettext_lazy("event delivery", "delivered")
        FAILED = "failed", _("failed, waiting for an administrator")

    event = models.ForeignKey(EventRecord, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.CharField(_("subscriber"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(
        pgettext_lazy("event delivery", "delivered at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("event delivery")
        verbose_name_plural = _("event deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscriber"], name="event_delivery_subscriber_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="event_delivery_due_idx")
        ]
        permissions = [("retry_eventdelivery", _("Can retry a failed event delivery"))]

    def __str__(self):
        return f"{self.event} → {self.subscriber}"


# ---------------------------------------------------------------- audit seals
class AuditSeal(models.Model):
    """One link of the audit chain: the keyed hash of the previous link and one audit
    row's digest. Rows are sealed in id order once they are a few minutes old (by the
    worker every minute and by `gendan check`), so `gendan check` finds a row that was
    deleted, changed (even with its digest recomputed) or reordered. The key comes from
    SECRET_KEY: whoever can edit the database but not read the key cannot forge links.
    `event_id` is a plain number, not a foreign key, so a deleted row leaves its seal
    behind as evidence."""

    sequence = models.PositiveBigIntegerField(unique=True)
    event_id = models.BigIntegerField(unique=True)
    chain = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["sequence"]

    def __str__(self):
        return f"#{self.sequence} → {self.event_id}"
