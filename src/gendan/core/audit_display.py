"""Audit rows as a person reads them: a verb phrase for the action, the changed fields by
their names with values in local time and in words — never `order.create · {'customer': …}`.

Action codes stay in the database (they are what `gendan check` and the API speak); this
module is the one place that turns them into Chinese.
"""

import datetime
import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gendan.core.roles import directory
from gendan.core.scopes import Scope, names_of

ACTIONS = {
    "admin.delete": _("deleted in the admin"),
    "assessment.confirm": _("confirmed the assessment"),
    "assessment.late_receipt": _("found a late receipt"),
    "assessment.record": _("recorded an assessment"),
    "assessment.refuse_stack": _("refused a chaotic stack"),
    "assessment.respond": _("answered the assessment"),
    "assessment.waive": _("waived the assessment"),
    "bom.set": _("set the bill of materials"),
    "book.close": _("closed the book"),
    "book.create": _("opened the book"),
    "calendar.confirm": _("confirmed the working calendar of the year"),
    "calendar.day": _("changed a day of the working calendar"),
    "calendar.notice": _("applied the State Council's holiday notice"),
    "chain.define": _("defined the signature chain"),
    "channel.change": _("changed the notification channel"),
    "channel.create": _("set up the notification channel"),
    "communication.feedback": _("gave the promised feedback"),
    "communication.log": _("logged a communication"),
    "confusion_group.create": _("grouped easily confused items"),
    "customer.add_contact": _("added a contact"),
    "customer.create": _("created the customer"),
    "customer.update": _("changed the customer"),
    "customer_complaint.record": _("recorded a customer complaint"),
    "delivery_note.create": _("wrote a delivery note"),
    "delivery_note.void": _("voided a delivery note; its quantities are no longer delivered"),
    "document.open": _("opened the paper"),
    "document.post": _("posted the paper"),
    "document.reject": _("rejected the paper"),
    "document.sign": _("signed"),
    "document.submit": _("submitted for signatures"),
    "document.void": _("voided the paper"),
    "document.withdraw": _("withdrew the paper"),
    "employee.create": _("registered the employee"),
    "employee.leave": _("recorded a leave"),
    "employee.leave_cancel": _("took back a leave"),
    "employee.left": _("recorded the leaving date"),
    "equipment.change": _("changed the equipment"),
    "equipment.inspect": _("recorded an equipment inspection"),
    "equipment.overdue_notice": _("sent an overdue inspection notice"),
    "equipment.register": _("registered the equipment"),
    "equipment.status": _("changed the equipment's status"),
    "expense.approve": _("approved the expenses"),
    "expense.claim": _("claimed the expenses"),
    "expense.record": _("recorded an expense"),
    "expense.release": _("released the expenses of the voided claim"),
    "factory_order.check": _("checked the factory order"),
    "factory_order.place": _("placed the order at the factory"),
    "followup.cancel_milestones": _("cancelled the open milestones"),
    "followup.outlook": _("recorded the on-time outlook"),
    "followup.plan": _("made the milestone plan"),
    "followup.reopen_milestones": _("reopened and re-planned the milestones"),
    "followup.replan": _("re-planned the milestones"),
    "inspection.fabric_confirm": _("confirmed the fabric count"),
    "inspection.fabric_count": _("counted the fabric against the packing list"),
    "inspection.packing_list": _("entered the packing list"),
    "inspection_plan.step_date": _("moved a date of the inspection plan"),
    "item.create": _("created the item"),
    "item.update": _("changed the item"),
    "milestone.complete": _("completed a milestone"),
    "milestone.reopen": _("reopened a milestone"),
    "notification.queue": _("queued a notification"),
    "order.amend": _("amended the order"),
    "order.cancel": _("cancelled the order"),
    "order.close": _("closed the order"),
    "order.confirm": _("confirmed the order"),
    "order.confirmation_call": _("recorded the confirmation call"),
    "order.create": _("took the order"),
    "order.delivered": _("marked the order delivered"),
    "order.reopen": _("reopened the order"),
    "order.resume_shipping": _("resumed shipping of the order"),
    "order.ship": _("marked the order shipped"),
    "order.start_production": _("started production of the order"),
    "order.submit": _("submitted the order"),
    "payment.record": _("recorded a payment"),
    "placement_suggestion.accept": _("accepted the placement suggestion"),
    "placement_suggestion.decline": _("declined the placement suggestion"),
    "placement_suggestion.write": _("suggested a better placement"),
    "process_sheet.define": _("defined the process sheet"),
    "production_problem.close": _("closed the production problem"),
    "production_problem.open": _("opened a production problem"),
    "production_problem.reopen": _("reopened the production problem"),
    "production_problem.resolve": _("resolved the production problem"),
    "role.delegate": _("delegated a role"),
    "role.delegation_revoke": _("ended a delegation"),
    "role.grant": _("granted a role"),
    "role.revoke": _("revoked a role"),
    "shopfloor.archive.made": _("archived a day's transfer slips"),
    "site.change": _("changed the site"),
    "site.create": _("registered the site"),
    "slip.edit": _("changed the slip"),
    "slip.reverse": _("wrote a reversing slip"),
    "slip.write": _("wrote the slip"),
    "stock.count.open": _("opened a stock count"),
    "stock.count.record": _("recorded counted quantities"),
    "stock.load": _("loaded stock"),
    "stock.location.change": _("changed the location"),
    "stock.location.create": _("created the location"),
    "stock.opening.import": _("imported opening stock"),
    "stock.post": _("posted to the stock ledger"),
    "stock.reverse": _("reversed in the stock ledger"),
    "stock.warehouse_item.add": _("assigned an item to the warehouse"),
    "stock.warehouse_item.remove": _("removed an item from the warehouse"),
    "team.create": _("set up the team"),
    "token.create": _("created an API token"),
    "token.revoke": _("revoked an API token"),
    "tracking.import": _("imported the day's express sheet"),
    "variant.change": _("corrected the variant"),
    "variant.create": _("added the variant"),
    "variant.remove": _("removed the variant"),
    "warehouse.change": _("changed the warehouse"),
    "warehouse.create": _("set up the warehouse"),
    "waybill.audit": _("audited the follow-ups"),
    "waybill.distribute": _("handed out the waybills"),
    "waybill.error_decided": _("ruled on the audit error"),
    "waybill.follow_up": _("recorded a follow-up"),
    "waybill.match": _("matched the waybill to an order"),
    "waybill.meeting": _("wrote the weekly meeting's notes"),
    "waybill.merge": _("merged two waybills"),
    "waybill.message_sent": _("sent the desk's message"),
    "waybill.move": _("moved the waybill to a colleague"),
    "waybill.order_taken": _("took an order from a call"),
    "waybill.problem": _("logged a problem with the parcel"),
    "waybill.problem_closed": _("closed the parcel's problem"),
    "waybill.sheet_value_dismissed": _("dismissed the sheet's value"),
    "waybill.sheet_value_taken": _("took the sheet's value"),
    "waybill.urge": _("recorded the customer's urging"),
    "waybill.urge_answered": _("answered the urging"),
    "workshop.change": _("changed the workshop"),
    "workshop.create": _("set up the workshop"),
}

# Keys that are not model fields of the audited object but appear in audit rows.
EXTRA_LABELS = {
    "book": _("book"),
    "lines": _("lines"),
    "steps": _("steps"),
    "step": _("step"),
    "scope": _("scope"),
    "format": _("number format"),
    "first": _("first number"),
    "last": _("last number"),
    "reason": _("reason"),
    "note": _("note"),
    "quantity": _("quantity"),
    "role": _("role"),
    "template": _("milestone template"),
    "calendar_year": _("calendar year"),
}
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SCOPE_KEY = re.compile(r"^(workshop|warehouse|supplier|customer):\d+$")


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    actor: object
    sentence: str
    details: tuple  # ((label, value), …)


def action_label(code):
    return ACTIONS.get(code) or _("changed")


def entries(events, *, show_details=True):
    """Audit rows as `Entry`s a template can print without a code in sight."""
    return [event if isinstance(event, Entry) else _entry(event, show_details) for event in events]


def _entry(event, show_details):
    model = event.object_type.model_class() if event.object_type_id else None
    details = ()
    if show_details:
        changes = event.after if isinstance(event.after, dict) else {}
        details = tuple(_details(model, changes))
    return Entry(
        at=event.at, actor=event.actor, sentence=str(action_label(event.action)), details=details
    )


def _details(model, changes):
    for key, value in changes.items():
        label = _label(model, key)
        shown = _value(model, key, value)
        if label is not None and shown not in (None, ""):
            yield str(label), shown


def _label(model, key):
    name = key.removesuffix("_id")
    field = _field(model, name)
    if field is not None and hasattr(field, "verbose_name"):
        return field.verbose_name
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    return _global_labels().get(name)


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


_labels_cache = {}
_relations_cache = set()


def _relation_names():
    """Names of relation fields over every installed model (a stored id, not a name)."""
    if not _relations_cache:
        for model in apps.get_models():
            _relations_cache.update(f.name for f in model._meta.concrete_fields if f.is_relation)
    return _relations_cache


def _global_labels():
    """Field name → verbose name over every installed model (first one wins)."""
    if not _labels_cache:
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                _labels_cache.setdefault(field.name, field.verbose_name)
    return _labels_cache


def _value(model, key, value):
    if key in ("role", "role_code") and isinstance(value, str):
        return _role_name(value)
    field = _field(model, key.removesuffix("_id"))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    relation = field.is_relation if field is not None else key in _relation_names()
    if key.endswith("_id") or (relation and not isinstance(value, str)):
        return ""  # a row id means nothing to a person; the sentence names the object
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return _("%(count)s entries") % {"count": len(value)} if value else ""
    if isinstance(value, dict):
        return ""
    if value is None:
        return ""
    text = str(value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, text))
    return _text(text)


def _role_name(code):
    key = (code, get_language())
    if key not in _role_names:
        _role_names[key] = directory().role_name(code)
    return _role_names[key]


_role_names = {}


def _text(text):
    if ISO_TIME.match(text):
        moment = datetime.datetime.fromisoformat(text)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return date_format(timezone.localtime(moment), "Y-m-d H:i")
    if SCOPE_KEY.match(text):
        return names_of([Scope.parse(text)])[text]
    return text
