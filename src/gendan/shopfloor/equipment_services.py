"""Writes of the handling equipment (D1-1.6, D1-4.7, D1-4.8): register an item, change
it, take it out of service or retire it, record an inspection (点检), tell the channels
about an overdue crane or wire rope.

Every write asks the permission matrix (`equipment.create` / `change` / `inspect`, in
the item's workshop), runs in one transaction with its audit row and returns what it
changed. Inspections are appended, never changed: a wrong one is corrected by a new
record naming it. The register's copy of what the records say (`status`,
`last_passed_on`, `next_due_on`) is refreshed in the same transaction (`_refresh`).
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gendan.core import attachments, audit, notify, permissions, policies
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import NotificationChannel
from gendan.core.pinyin import search_key
from gendan.shopfloor.equipment_models import Equipment, EquipmentInspection, OverdueNotice
from gendan.shopfloor.equipment_policies import (
    DAYS_IN_A_YEAR,
    INTERVAL_DAYS,
    OVERDUE_CHANNELS,
)

logger = logging.getLogger(__name__)
Kind = Equipment.Kind
Status = Equipment.Status
Result = EquipmentInspection.Result
PHOTO = "equipment_inspection_photo"
NOTIFIED_KINDS = (Kind.CRANE, Kind.ROPE)
# Transitions are data: the statuses a person may set from each status. A failed
# inspection takes an item out of service; only a passing one brings it back.
ALLOWED_STATUS = {
    Status.IN_SERVICE: (Status.OUT_OF_SERVICE, Status.RETIRED),
    Status.OUT_OF_SERVICE: (Status.RETIRED,),
    Status.RETIRED: (),
}
ACTION_WORDS = {
    "create": gettext_lazy("register handling equipment"),
    "change": gettext_lazy("change handling equipment"),
    "inspect": gettext_lazy("record equipment inspections"),
}


def _require(actor, action, workshop):
    if permissions.allows(actor, "equipment", action, scope=workshop.scope_key):
        return
    raise PermissionDenied(
        _("You may not %(what)s in %(workshop)s.")
        % {"what": ACTION_WORDS[action], "workshop": workshop.name}
    )


def default_interval(kind):
    """The company's inspection interval in days for a kind (its policy)."""
    return policies.get(INTERVAL_DAYS[kind])


def _interval(value, kind):
    if value in (None, ""):
        return default_interval(kind)
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= DAYS_IN_A_YEAR:
        raise DomainError(
            _(
                "The inspection interval is a whole number of days from 1 to %(maximum)s, not “%(value)s”."
            )
            % {"maximum": DAYS_IN_A_YEAR, "value": text},
            field="inspection_interval_days",
        )
    return int(text)


def _text(value, field, label, limit, *, required=True):
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(_("Give the %(label)s.") % {"label": label}, field=field)
    if len(text) > limit:
        raise DomainError(
            _("The %(label)s is at most %(limit)s characters.") % {"label": label, "limit": limit},
            field=field,
        )
    return text


def register_equipment(
    *, actor, code, name, kind, workshop, location="", inspection_interval_days=None, origin=None
):
    """Register a crane, cart, wire rope or container of `workshop`. Without an interval
    it takes its kind's policy. Never inspected, it is due the day it is registered."""
    if kind not in Kind.values:
        raise DomainError(_("Choose the kind of equipment."), field="kind")
    _require(actor, "create", workshop)
    code = _text(code, "code", _("code"), 40)
    values = {
        "code": code,
        "name": _text(name, "name", _("equipment name"), 100),
        "kind": kind,
        "workshop": workshop,
        "location": _text(location, "location", _("location"), 100, required=False),
        "inspection_interval_days": _interval(inspection_interval_days, kind),
    }
    if Equipment.objects.filter(code=code).exists():
        raise DomainError(
            _("There is already equipment with the code %(code)s.") % {"code": code}, field="code"
        )
    now = timezone.now()
    with transaction.atomic():
        equipment = Equipment.objects.create(
            **values,
            registered_by=actor,
            registered_at=now,
            next_due_on=timezone.localdate(now),
            search_text=search_key(code, values["name"], values["location"]),
        )
        audit.record(
            actor=actor,
            action="equipment.register",
            obj=equipment,
            after=_shown(equipment),
            origin=origin,
        )
    return equipment


def _shown(equipment):
    return {
        "code": equipment.code,
        "name": equipment.name,
        "kind": equipment.get_kind_display(),
        "workshop": equipment.workshop.name,
        "location": equipment.location,
        "inspection_interval_days": equipment.inspection_interval_days,
        "status": equipment.get_status_display(),
    }


def _locked(equipment):
    return Equipment.objects.select_for_update().select_related("workshop").get(pk=equipment.pk)


def change_equipment(
    *, actor, equipment, name, location="", inspection_interval_days=None, origin=None
):
    """Change an item's name, place or inspection interval; its next due date follows."""
    _require(actor, "change", equipment.workshop)
    name = _text(name, "name", _("equipment name"), 100)
    location = _text(location, "location", _("location"), 100, required=False)
    interval = _interval(inspection_interval_days, equipment.kind)
    with transaction.atomic():
        equipment = _locked(equipment)
        before = _shown(equipment)
        equipment.name, equipment.location = name, location
        equipment.inspection_interval_days = interval
        equipment.search_text = search_key(equipment.code, name, location)
        _refresh(equipment)
        equipment.save()
        audit.record(
            actor=actor,
            action="equipment.change",
            obj=equipment,
            before=before,
            after=_shown(equipment),
            origin=origin,
        )
    return equipment


def set_status(*, actor, equipment, status, note="", origin=None):
    """Take an item out of service or retire it (ALLOWED_STATUS); back in service only
    by a passing inspection."""
    _require(actor, "change", equipment.workshop)
    with transaction.atomic():
        equipment = _locked(equipment)
        if status not in ALLOWED_STATUS[equipment.status]:
            raise InvalidTransition(_status_refusal(equipment, status))
        before = equipment.get_status_display()
        equipment.status = status
        equipment.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action="equipment.status",
            obj=equipment,
            before={"status": before},
            after={"status": equipment.get_status_display(), "note": str(note or "")[:200]},
            origin=origin,
        )
    return equipment


def _status_refusal(equipment, status):
    if status == Status.IN_SERVICE and equipment.status == Status.OUT_OF_SERVICE:
        return _("%(equipment)s comes back into service only by a passing inspection.") % {
            "equipment": equipment
        }
    return _("%(equipment)s is %(current)s; it cannot be set to %(wanted)s.") % {
        "equipment": equipment,
        "current": equipment.get_status_display(),
        "wanted": Status(status).label if status in Status.values else status,
    }


def record_inspection(
    *,
    actor,
    equipment,
    result,
    note="",
    photo=None,
    inspected_at=None,
    corrects=None,
    origin=None,
):
    """Record an inspection (点检, D1-4.8): who, when, pass or fail, a note and a photo.
    A failed one takes the item out of service until a passing one. `corrects` names a
    wrong record of the same item: the new one takes its place, the old one stays."""
    if result not in Result.values:
        raise DomainError(_("Choose pass or fail."), field="result")
    _require(actor, "inspect", equipment.workshop)
    now = timezone.now()
    inspected_at = _inspected_at(inspected_at, now)
    note = _text(note, "note", _("note"), 300, required=result == Result.FAIL)
    with transaction.atomic():
        equipment = _locked(equipment)
        _check_can_inspect(equipment, corrects)
        inspection = EquipmentInspection.objects.create(
            equipment=equipment,
            inspected_by=actor,
            inspected_at=inspected_at,
            result=result,
            note=note,
            corrects=corrects,
            recorded_at=now,
        )
        if photo is not None:
            attachments.attach(actor=actor, obj=inspection, upload=photo, purpose=PHOTO,
                               extensions=attachments.PHOTO_EXTENSIONS, origin=origin)  # fmt: skip
        _refresh(equipment)
        equipment.save(update_fields=["status", "last_passed_on", "next_due_on"])
        _audit_inspection(actor, equipment, inspection, origin)
    return inspection


def _audit_inspection(actor, equipment, inspection, origin):
    after = {
        "result": inspection.get_result_display(),
        "note": inspection.note,
        "status": equipment.get_status_display(),
        "next_due_on": str(equipment.next_due_on or ""),
    }
    audit.record(actor=actor, action="equipment.inspect", obj=equipment, after=after, origin=origin)


def _inspected_at(value, now):
    if value is None:
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + datetime.timedelta(minutes=5):
        raise DomainError(
            _("An inspection cannot be recorded in the future."), field="inspected_at"
        )
    return value


def _check_can_inspect(equipment, corrects):
    if equipment.status == Status.RETIRED:
        raise InvalidTransition(
            _("%(equipment)s is retired; it is not inspected any more.") % {"equipment": equipment}
        )
    if corrects is None:
        return
    if corrects.equipment_id != equipment.pk:
        raise DomainError(_("A correction names a record of the same equipment."), field="corrects")
    if EquipmentInspection.objects.filter(corrects=corrects).exists():
        raise InvalidTransition(
            _("That record is already corrected; correct the correction instead."),
            field="corrects",
        )


def _refresh(equipment):
    """Set the register's copy from the records not corrected by a later one: the last
    result decides the service status (not for a retired item), the last pass the date
    the next inspection is due (never passed: due since registration)."""
    records = equipment.inspections.filter(corrected_by__isnull=True).order_by(
        "-inspected_at", "-id"
    )
    latest = records.first()
    passed = records.filter(result=Result.PASS).first()
    equipment.last_passed_on = timezone.localdate(passed.inspected_at) if passed else None
    start = equipment.last_passed_on or timezone.localdate(equipment.registered_at)
    interval = equipment.inspection_interval_days if passed else 0
    equipment.next_due_on = start + datetime.timedelta(days=interval)
    if equipment.status != Status.RETIRED and latest is not None:
        failed = latest.result == Result.FAIL
        equipment.status = Status.OUT_OF_SERVICE if failed else Status.IN_SERVICE


# ---------------------------------------------------------------- overdue notices
def overdue_channels():
    names = [name.strip() for name in (policies.get(OVERDUE_CHANNELS) or "").split(",")]
    return list(
        NotificationChannel.objects.filter(name__in=[n for n in names if n], is_active=True)
    )


def send_overdue_notices(*, today=None):
    """Tell the policy's channels about each crane and wire rope in service whose
    inspection is overdue (D1-4.8), once per item and overdue period: an `OverdueNotice`
    per item and due date, written with the messages, so none is sent twice."""
    today = today or timezone.localdate()
    channels = overdue_channels()
    if not channels:
        return 0
    candidates = (
        Equipment.objects.filter(
            kind__in=NOTIFIED_KINDS, status=Status.IN_SERVICE, next_due_on__lt=today
        )
        .exclude(overdue_notices__due_on=F("next_due_on"))
        .select_related("workshop")
        .order_by("pk")
    )
    sent = 0
    for equipment in candidates:
        try:
            sent += _notify_once(equipment, channels, today)
        except DomainError as refusal:  # a channel not set up: the next run tries again
            logger.warning("equipment %s: overdue notice not sent: %s", equipment.code, refusal)
    return sent


def _notify_once(equipment, channels, today):
    try:
        with transaction.atomic():
            equipment = _locked(equipment)
            is_overdue = equipment.status == Status.IN_SERVICE and equipment.next_due_on < today
            if not is_overdue:
                return 0
            subject, body = _notice_text(equipment, today)
            notice = OverdueNotice.objects.create(
                equipment=equipment,
                due_on=equipment.next_due_on,
                sent_at=timezone.now(),
                sent_to="、".join(channel.name for channel in channels)[:300],
                message=body,
            )
            for channel in channels:
                notify.send_notification(channel=channel, subject=subject[:120], body=body)
            audit.record(
                actor=None, action="equipment.overdue_notice", obj=equipment,
                after={"due_on": str(notice.due_on), "sent_to": notice.sent_to},
            )  # fmt: skip
    except IntegrityError:  # another worker sent it first
        return 0
    return 1


def _notice_text(equipment, today):
    values = {
        "kind": equipment.get_kind_display(),
        "equipment": equipment,
        "workshop": equipment.workshop.name,
        "location": equipment.location or "—",
        "due": equipment.next_due_on.isoformat(),
        "days": (today - equipment.next_due_on).days,
    }
    subject = _("%(kind)s %(equipment)s: inspection overdue") % values
    body = (
        _(
            "%(kind)s %(equipment)s of %(workshop)s (%(location)s) was due for inspection on "
            "%(due)s and is %(days)s days overdue. Inspect it before using it again."
        )
        % values
    )
    return subject, body
