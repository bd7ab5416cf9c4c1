"""Retention leads forwarded to the order taker (D3-9: "register the interested ones and
forward them to the order taker").

A follow-up call marked 「想再订」 opens a lead (`RetentionLead`) for the customer's
merchandiser — the order taker — or, when the customer has none (or the waybill is not
matched to a customer), for the team lead. The order taker is told once through the
order takers' channel (the lead's own through the lead's channel), sees the lead on
「回访意向」 and closes it with an outcome: ordered (with the order's number), not
interested for now, or not reached. An order taken from a call (`retention.take_order`)
for a customer with an open lead closes it as ordered with that order. One open lead
per customer: a second interested call while one is open adds no lead.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, permissions, request_cache
from gendan.core.errors import DomainError, NotFound, PermissionDenied
from gendan.logistics import access, notices, policies
from gendan.logistics.models import DeskDispatch, RegularCustomer, RetentionLead
from gendan.sales.access import visible_orders

MAX_NOTE = 300
Outcome = RetentionLead.Outcome
CLOSING_OUTCOMES = (Outcome.ORDERED, Outcome.NOT_INTERESTED, Outcome.UNREACHABLE)


# ------------------------------------------------------------------ forwarding
def forward_if_interested(call, *, actor, origin=None):
    """Inside the call's transaction: an interested call opens a lead for the order taker
    and tells them once. None when the call is not interested or the customer already
    has an open lead."""
    if not call.is_interested:
        return None
    customer = call.waybill.customer
    if customer is not None and _open_lead_of(customer.pk).exists():
        return None
    try:
        with transaction.atomic():  # two calls racing for one customer: the first wins
            lead = RetentionLead.objects.create(
                call=call, customer=customer, order_taker=customer.merchandiser if customer else None
            )  # fmt: skip
    except IntegrityError:
        return None
    audit.record(actor=actor, action="retention_lead.forwarded", obj=lead, origin=origin,
                 after={"call": call.pk, "order_taker": lead.order_taker_id})  # fmt: skip
    tell_order_taker(lead, actor=actor)
    return lead


def _open_lead_of(customer_id):
    return RetentionLead.objects.filter(customer_id=customer_id, state=RetentionLead.State.OPEN)


def taker_name(lead):
    person = lead.order_taker
    return (person.get_full_name() or person.username) if person else _("the team lead")


def tell_order_taker(lead, *, actor=None):
    """One message per lead: to the order takers' channel naming the order taker, or to
    the team lead's channel when the lead is the team lead's. None when sent already or
    no channel is set up."""
    call, percent = lead.call, discount_percent(lead.customer_id)
    policy = policies.ORDER_TAKER_CHANNEL if lead.order_taker_id else policies.LEAD_CHANNEL
    who = lead.customer.name if lead.customer else call.waybill.consignee
    subject = _("Customer wants to order again: %(customer)s") % {"customer": who}
    body = _(
        "For %(name)s: %(customer)s wants to order again (waybill %(waybill)s). "
        "Regular customer's discount: %(discount)s. Call by %(caller)s: %(note)s\n%(url)s"
    ) % {"name": taker_name(lead), "customer": who, "waybill": call.waybill,
         "discount": f"{percent}%" if percent else _("none"),
         "caller": call.actor.get_full_name() or call.actor.username, "note": call.note or "—",
         "url": reverse("logistics:leads")}  # fmt: skip
    return notices.send_once(
        kind=DeskDispatch.Kind.LEAD_FORWARDED, period=str(lead.pk), policy=policy,
        subject=subject, body=body, item_count=1, actor=actor,
    )  # fmt: skip


def discount_percent(customer_id):
    """The regular customer's reorder discount in per cent (D3-9), or None."""
    if customer_id is None:
        return None
    found = RegularCustomer.objects.filter(customer_id=customer_id)
    return found.values_list("discount_percent", flat=True).first()


# ------------------------------------------------------------------ closing
def can_handle(user, lead):
    return permissions.allows(user, "retention_lead", "change",
                              is_own=lead.order_taker_id == user.pk)  # fmt: skip


def close_lead(*, actor, lead, outcome, order_number="", note="", origin=None):
    """The order taker (or the team lead) says how the lead ended (D3-9): ordered — with
    the number of an order of the lead's customer that they can see —, not interested
    for now, or not reached. A lead is closed once."""
    if not can_handle(actor, lead):
        raise PermissionDenied(_("Only the order taker of this lead or the team lead may."))
    if outcome not in CLOSING_OUTCOMES:
        raise DomainError(_("Choose how the lead ended."), field="outcome")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise DomainError(_("The note is longer than %(max)d characters.") % {"max": MAX_NOTE},
                          field="note")  # fmt: skip
    order = _order_of(actor, lead, order_number) if outcome == Outcome.ORDERED else None
    with transaction.atomic():
        lead = RetentionLead.objects.select_for_update().get(pk=lead.pk)
        if lead.state != RetentionLead.State.OPEN:
            raise DomainError(_("This lead was already handled."))
        return _close(lead, actor=actor, outcome=outcome, order=order, note=note, origin=origin)


def _order_of(actor, lead, number):
    number = (number or "").strip()
    if not number:
        raise DomainError(_("Write the number of the order taken."), field="order_number")
    order = visible_orders(actor).filter(number=number).first()
    if order is None:
        raise DomainError(_("No order numbered %(number)s that you can see.") % {"number": number},
                          field="order_number")  # fmt: skip
    if lead.customer_id and order.customer_id != lead.customer_id:
        raise DomainError(_("Order %(number)s is for another customer.") % {"number": number},
                          field="order_number")  # fmt: skip
    return order


def _close(lead, *, actor, outcome, order=None, note="", origin=None):
    lead.state, lead.outcome, lead.order = RetentionLead.State.CLOSED, outcome, order
    lead.closing_note, lead.closed_by, lead.closed_at = note, actor, timezone.now()
    lead.save(update_fields=["state", "outcome", "order", "closing_note", "closed_by",
                             "closed_at"])  # fmt: skip
    audit.record(actor=actor, action="retention_lead.closed", obj=lead, origin=origin,
                 before={"state": RetentionLead.State.OPEN},
                 after={"state": lead.state, "outcome": outcome,
                        "order": order.number if order else None, "note": note})  # fmt: skip
    return lead


def close_by_order(*, actor, order, origin=None):
    """Inside `retention.take_order`'s transaction (already authorised there): the
    customer's open lead, if any, is closed as ordered with the order taken (D3-9)."""
    lead = _open_lead_of(order.customer_id).select_for_update().first()
    if lead is None:
        return None
    note = _("Order %(number)s taken in a follow-up call.") % {"number": order.number}
    return _close(lead, actor=actor, outcome=Outcome.ORDERED, order=order, note=note,
                  origin=origin)  # fmt: skip


# ------------------------------------------------------------------ reads
def sees_all(user):
    """The team lead (and who reads the desk) sees every lead, open and closed."""
    return permissions.reach(user, "retention_lead", "view").everywhere


def visible_leads(user):
    """The matrix's `retention_lead` view: every lead, or those forwarded to `user`."""
    found = permissions.reach(user, "retention_lead", "view")
    if found.everywhere:
        return RetentionLead.objects.all()
    if found.own:
        return RetentionLead.objects.filter(order_taker=user)
    return RetentionLead.objects.none()


def has_leads(user):
    """Shown the menu entry: the team lead, and whoever a lead was ever forwarded to."""
    if not user.is_authenticated:
        return False
    return sees_all(user) or request_cache.memo(
        ("logistics.has_leads", user.pk),
        lambda: RetentionLead.objects.filter(order_taker=user).exists(),
    )


def access_lead(user, pk):
    """The lead if `user` may see it; missing and forbidden look the same."""
    lead = visible_leads(user).filter(pk=pk).first()
    if lead is None:
        raise NotFound()
    return lead


def lead_rows(user, *, state="", text=""):
    """The leads `user` sees, open first, newest first; `text` searches the customer's
    and consignee's names, and their phones for those who may see phones."""
    rows = visible_leads(user).select_related(
        "customer", "order_taker", "order", "closed_by", "call__actor", "call__waybill"
    )
    if state:
        rows = rows.filter(state=state)
    if text:
        found = Q(customer__name__icontains=text) | Q(call__waybill__consignee__icontains=text)
        if access.can_see_phone(user):
            found |= Q(customer__phone__icontains=text) | Q(call__waybill__phone__icontains=text)
        rows = rows.filter(found)
    return rows.order_by("-state", "-forwarded_at", "-pk")


def with_discounts(leads):
    """Each lead with `discount_percent` (the regular customer's, or None): one query."""
    ids = {lead.customer_id for lead in leads if lead.customer_id}
    percents = dict(
        RegularCustomer.objects.filter(customer_id__in=ids).values_list(
            "customer_id", "discount_percent"
        )
    )
    for lead in leads:
        lead.discount_percent = percents.get(lead.customer_id)
    return leads
