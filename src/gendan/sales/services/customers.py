"""Customers, their contacts and the communication log (D2-1)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, events
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.parsing import parse_date
from gendan.core.pinyin import search_key
from gendan.sales.access import (
    require_communication_actor,
    require_customer_actor,
    require_perm,
)
from gendan.sales.models import Communication, Contact, Customer

CUSTOMER_FIELDS = ("name", "merchandiser", "phone", "address", "note")


def _customer_state(customer):
    return {
        "code": customer.code,
        "name": customer.name,
        "merchandiser": customer.merchandiser.username if customer.merchandiser else None,
        "phone": customer.phone,
        "address": customer.address,
        "note": customer.note,
    }


def _index(customer):
    customer.search_text = search_key(customer.code, customer.name)


def create_customer(
    *, actor, code, name, merchandiser=None, phone="", address="", note="", origin=None
):
    """A new customer with a unique code; audited."""
    require_perm(actor, "sales.add_customer")
    code = (code or "").strip()
    name = (name or "").strip()
    if not code:
        raise DomainError(_("Give the customer a code."), field="code")
    if not name:
        raise DomainError(_("Give the customer's name."), field="name")
    if Customer.objects.filter(code=code).exists():
        raise DomainError(_("Customer code %(code)s is taken.") % {"code": code}, field="code")
    customer = Customer(
        code=code, name=name, merchandiser=merchandiser, phone=phone, address=address, note=note
    )
    _index(customer)
    with transaction.atomic():
        customer.save()
        audit.record(
            actor=actor,
            action="customer.create",
            obj=customer,
            after=_customer_state(customer),
            origin=origin,
        )
    return customer


def update_customer(*, actor, customer, origin=None, **changes):
    """Change name, merchandiser in charge, phone, address or note; before → after audited."""
    require_customer_actor(actor, customer)
    unknown = set(changes) - set(CUSTOMER_FIELDS)
    if unknown:
        raise DomainError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if "name" in changes and not (changes["name"] or "").strip():
        raise DomainError(_("Give the customer's name."), field="name")
    with transaction.atomic():
        customer = Customer.objects.select_for_update(of=("self",)).get(pk=customer.pk)
        before = _customer_state(customer)
        for name, value in changes.items():
            setattr(customer, name, value.strip() if isinstance(value, str) else value)
        _index(customer)
        customer.save()
        audit.record(
            actor=actor,
            action="customer.update",
            obj=customer,
            before=before,
            after=_customer_state(customer),
            origin=origin,
        )
    return customer


def add_contact(*, actor, customer, name, title="", phone="", email="", wechat="", origin=None):
    require_customer_actor(actor, customer)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the contact's name."), field="name")
    with transaction.atomic():
        contact = Contact.objects.create(
            customer=customer, name=name, title=title, phone=phone, email=email, wechat=wechat
        )
        audit.record(
            actor=actor,
            action="customer.add_contact",
            obj=customer,
            after={"contact_id": contact.pk, "name": name, "title": title},
            origin=origin,
        )
    return contact


def _check_feedback(feedback_promised, feedback_due_date, occurred_at):
    if feedback_promised and feedback_due_date is None:
        raise DomainError(_("Say by when the feedback is due."), field="feedback_due_date")
    if feedback_due_date and not feedback_promised:
        raise DomainError(_("Say what feedback was promised."), field="feedback_promised")
    if feedback_due_date and feedback_due_date < timezone.localtime(occurred_at).date():
        raise DomainError(
            _("The feedback cannot be due before the conversation took place."),
            field="feedback_due_date",
        )


def log_communication(
    *,
    actor,
    customer,
    kind,
    summary,
    occurred_at=None,
    contact=None,
    order=None,
    feedback_promised="",
    feedback_due_date=None,
    owner=None,
    origin=None,
):
    """Record a call, letter, fax, e-mail, WeChat message or visit in detail (D2-1), with
    the feedback promised and its due date. The owner (the logger by default) sees it in
    their to-do list until the feedback is given."""
    require_communication_actor(actor, customer)
    if kind not in Communication.Kind.values:
        raise DomainError(_("Choose call, letter, fax, e-mail, WeChat or visit."), field="kind")
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_("Write what was said."), field="summary")
    occurred_at = occurred_at or timezone.now()
    feedback_promised = (feedback_promised or "").strip()
    feedback_due_date = parse_date(
        feedback_due_date, field="feedback_due_date", label=_("Feedback due date"), required=False
    )
    _check_feedback(feedback_promised, feedback_due_date, occurred_at)
    if contact is not None and contact.customer_id != customer.pk:
        raise DomainError(_("The contact does not belong to this customer."), field="contact")
    if order is not None and order.customer_id != customer.pk:
        raise DomainError(_("The order is not this customer's."), field="order")
    with transaction.atomic():
        entry = Communication.objects.create(
            customer=customer,
            contact=contact,
            order=order,
            kind=kind,
            occurred_at=occurred_at,
            summary=summary,
            owner=owner or actor,
            feedback_promised=feedback_promised[:300],
            feedback_due_date=feedback_due_date,
        )
        audit.record(
            actor=actor,
            action="communication.log",
            obj=entry,
            after={
                "kind": kind,
                "customer": customer.code,
                "feedback_due": str(feedback_due_date or ""),
            },
            origin=origin,
        )
        events.publish(
            events.CommunicationLogged(
                communication_id=entry.pk,
                customer_id=customer.pk,
                order_id=order.pk if order else None,
                summary=summary[:200],
            ),
            actor=actor,
        )
    return entry


def give_feedback(*, actor, communication, feedback, given_at=None, origin=None):
    """Record the feedback given to the customer (when, what); it leaves the to-do list."""
    if communication.owner_id != actor.pk and not actor.has_perm("sales.change_communication"):
        raise PermissionDenied(_("Only the owner of this entry may record its feedback."))
    feedback = (feedback or "").strip()
    if not feedback:
        raise DomainError(_("Write what feedback was given."), field="feedback")
    with transaction.atomic():
        entry = Communication.objects.select_for_update(of=("self",)).get(pk=communication.pk)
        if entry.feedback_given_at is not None:
            raise InvalidTransition(
                _("The feedback was already given on %(date)s.")
                % {"date": entry.feedback_given_at.date()}
            )
        entry.feedback_given = feedback
        entry.feedback_given_at = given_at or timezone.now()
        entry.feedback_given_by = actor
        entry.save(update_fields=["feedback_given", "feedback_given_at", "feedback_given_by"])
        audit.record(
            actor=actor,
            action="communication.feedback",
            obj=entry,
            after={"feedback": feedback, "given_at": entry.feedback_given_at.isoformat()},
            origin=origin,
        )
        events.publish(
            events.CommunicationFeedbackGiven(
                communication_id=entry.pk,
                customer_id=entry.customer_id,
                order_id=entry.order_id,
                feedback=feedback[:200],
            ),
            actor=actor,
        )
    return entry
