"""The team lead's ruling on a sheet disagreement (issue 13): take the sheet's value
(the waybill's column is replaced; a taken order number also re-matches the waybill to
that order when Gendan knows it) or dismiss it (the stored value stays). Either is
recorded in the audit log with the value before and after; a ruled disagreement is
not ruled again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError
from gendan.logistics import access
from gendan.logistics.models import SheetDisagreement, Waybill
from gendan.sales.models import Order

State = SheetDisagreement.State


def _locked(disagreement):
    disagreement = SheetDisagreement.objects.select_for_update().get(pk=disagreement.pk)
    if disagreement.state != State.OPEN:
        raise DomainError(_("This disagreement was already decided."))
    return disagreement


def _decided(disagreement, actor, state):
    disagreement.state, disagreement.decided_by = state, actor
    disagreement.decided_at = timezone.now()
    disagreement.save(update_fields=["state", "decided_by", "decided_at"])


def take_sheet_value(*, actor, disagreement, origin=None):
    access.require_lead(actor)
    with transaction.atomic():
        disagreement = _locked(disagreement)
        waybill = Waybill.objects.select_for_update().get(pk=disagreement.waybill_id)
        field, value = disagreement.field, disagreement.sheet_value
        if field == SheetDisagreement.Field.ORDER_NUMBER and waybill.key.startswith("O:"):
            raise DomainError(_("This parcel is known by its order number; correct the order "
                                "by matching it by hand."))  # fmt: skip
        before = getattr(waybill, field)
        setattr(waybill, field, value)
        changed = [field]
        if field == SheetDisagreement.Field.ORDER_NUMBER:
            changed += _rematch(waybill, value)
        waybill.save(update_fields=changed)
        _decided(disagreement, actor, State.TAKEN)
        audit.record(actor=actor, action="waybill.sheet_value_taken", obj=waybill,
                     origin=origin, before={field: before}, after={field: value})  # fmt: skip
    return disagreement


def _rematch(waybill, number):
    order = Order.objects.filter(number=number).first()
    if order is None:
        return []
    waybill.order, waybill.customer_id = order, order.customer_id
    waybill.matched_by, waybill.candidate_order = Waybill.MatchedBy.ORDER_NUMBER, None
    return ["order", "customer", "matched_by", "candidate_order"]


def dismiss(*, actor, disagreement, origin=None):
    access.require_lead(actor)
    with transaction.atomic():
        disagreement = _locked(disagreement)
        _decided(disagreement, actor, State.DISMISSED)
        audit.record(actor=actor, action="waybill.sheet_value_dismissed",
                     obj=disagreement.waybill, origin=origin,
                     after={disagreement.field: disagreement.kept,
                            "dismissed": disagreement.sheet_value})  # fmt: skip
    return disagreement
