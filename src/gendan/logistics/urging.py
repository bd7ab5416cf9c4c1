"""催货 through the channels (D3-4): the day's urging list sent to logistics once a day
from the policy's hour, same-day deliveries first; logistics' answer to a request
sent to the order takers' channel, naming the order taker, once per request."""

from django.utils.translation import gettext as _

from gendan.logistics import notices, policies
from gendan.logistics.models import DeskDispatch, UrgeRequest


def open_requests():
    return (
        UrgeRequest.objects.filter(answered_at__isnull=True)
        .select_related("waybill", "requested_by")
        .order_by("-is_same_day", "requested_at", "pk")
    )


def _line(urge):
    waybill = urge.waybill
    mark = _("[same day] ") if urge.is_same_day else ""
    return f"{mark}{waybill} {waybill.consignee} {waybill.address} {urge.note}".strip()


def send_urging_list(day):
    """The day's open requests to logistics' channel, once for `day`; None when there is
    nothing to send, no channel, or it was sent already."""
    requests = list(open_requests())
    if not requests:
        return None
    subject = _("Urging list of %(day)s") % {"day": day.isoformat()}
    body = "\n".join(_line(urge) for urge in requests)
    return notices.send_once(
        kind=DeskDispatch.Kind.URGING_LIST, period=day.isoformat(),
        policy=policies.LOGISTICS_CHANNEL, subject=subject, body=body,
        item_count=len(requests),
    )  # fmt: skip


def order_taker(urge):
    """Who took the order (下单员工): the order's merchandiser, else whoever asked."""
    waybill = urge.waybill
    if waybill.order_id and waybill.order.merchandiser_id:
        return waybill.order.merchandiser
    return urge.requested_by


def tell_order_taker(urge, *, actor=None):
    """Logistics' answer to the order takers' channel, naming the order taker; once."""
    person = order_taker(urge)
    name = person.get_full_name() or person.username
    subject = _("Urging answered: %(waybill)s") % {"waybill": urge.waybill}
    body = _("For %(name)s: %(waybill)s (%(consignee)s) — logistics says: %(answer)s") % {
        "name": name, "waybill": urge.waybill, "consignee": urge.waybill.consignee,
        "answer": urge.answer}  # fmt: skip
    return notices.send_once(
        kind=DeskDispatch.Kind.URGE_ANSWER, period=str(urge.pk),
        policy=policies.ORDER_TAKER_CHANNEL, subject=subject, body=body, item_count=1,
        actor=actor,
    )  # fmt: skip
