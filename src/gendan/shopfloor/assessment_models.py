"""Models of the shop floor's assessments 考核 (D1-2.1, D1-2.2), chaotic-stack refusals
(D1-4.9) and placement suggestions (D1-2.3).

An `Assessment` is held against a person, a team (a workshop's team, answered by its
team leader) or a warehouse (answered by its storekeeper): there is always one person
who answers (`person`). Its decision (`state`) and the person's answer
(`response_state`) move by the transition tables of `assessment_services`; every move
leaves an audit row. Photos are core attachments of the record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """考核记录: a candidate until the workshop director confirms or waives it."""

    class Target(models.TextChoices):
        PERSON = "person", _("a person")
        TEAM = "team", _("a team")
        WAREHOUSE = "warehouse", _("a warehouse")

    class Reason(models.TextChoices):
        LATE_RECEIPT = "late_receipt", _("late acceptance of goods")
        CHAOTIC_STACK = "chaotic_stack", _("chaotic stacking")
        OTHER = "other", _("other")

    class Source(models.TextChoices):
        RECORDED = "recorded", _("recorded by hand")
        REFUSAL = "refusal", _("a refused chaotic stack")
        LATE_RECEIPT = "late_receipt", _("found late by the system")

    class State(models.TextChoices):
        CANDIDATE = "candidate", _("awaiting the director's decision")
        CONFIRMED = "confirmed", _("confirmed")
        WAIVED = "waived", _("waived")

    class ResponseState(models.TextChoices):
        AWAITING = "awaiting", _("awaiting the answer")
        ANSWERED = "answered", _("answered")

    workshop = models.ForeignKey(
        "org.Workshop", on_delete=models.PROTECT, related_name="+", verbose_name=_("workshop")
    )
    target = models.CharField(_("held against"), max_length=10, choices=Target.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person who answers"),
    )
    team = models.ForeignKey(
        "org.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    warehouse = models.ForeignKey(
        "org.Warehouse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("warehouse"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    source = models.CharField(_("how it came"), max_length=16, choices=Source.choices)
    points = models.PositiveIntegerField(_("points"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, default=0)
    note = models.TextField(_("what happened"), max_length=2000)
    lot = models.ForeignKey(
        "shopfloor.Lot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lot"),
    )
    operation = models.CharField(_("operation"), max_length=60, blank=True)
    transfer = models.ForeignKey(
        "shopfloor.TransferSlip",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transfer slip"),
    )
    receipt = models.OneToOneField(
        "core.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("production receipt"),
        help_text=_("The receipt signed late (D1-2.1): one assessment per receipt at most."),
    )
    working_hours_taken = models.DecimalField(
        _("working hours taken"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    occurred_at = models.DateTimeField(_("happened at"), db_index=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written at"))
    notified = models.CharField(_("notified"), max_length=300, blank=True)
    state = models.CharField(
        _("decision"), max_length=10, choices=State.choices, default=State.CANDIDATE
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("director's reason"), max_length=500, blank=True)
    response_state = models.CharField(
        _("answer"),
        max_length=10,
        choices=ResponseState.choices,
        default=ResponseState.AWAITING,
    )
    response = models.TextField(_("answer of the person assessed"), max_length=2000, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["workshop", "state"], name="assessment_workshop_state")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target="warehouse") | Q(warehouse__isnull=False),
                name="assessment_warehouse_named",
            ),
        ]

    def __str__(self):
        return _("assessment %(number)s") % {"number": self.pk}


class PlacementSuggestion(models.Model):
    """D1-2.3: the clerk suggests a better placement to the workshop director, who answers."""

    class State(models.TextChoices):
        OPEN = "open", _("awaiting the director's answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    workshop = models.ForeignKey(
        "org.Workshop", on_delete=models.PROTECT, related_name="+", verbose_name=_("workshop")
    )
    text = models.TextField(_("suggestion"), max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("suggested by"),
    )
    written_at = models.DateTimeField(_("suggested at"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.CharField(_("director's answer"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("placement suggestion")
        verbose_name_plural = _("placement suggestions")
        ordering = ["-written_at", "-id"]

    def __str__(self):
        return _("placement suggestion %(number)s") % {"number": self.pk}
