"""The administrators' page of event deliveries that failed or are stuck, with retry."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import events, outbox
from gendan.core.actions import act
from gendan.core.models import EventDelivery

PAGE_SIZE = 200


def _require_viewer(user):
    if not user.has_perm("core.view_eventdelivery"):
        raise Http404(_("Not found, or you may not see it."))


@login_required
def failed_events(request):
    _require_viewer(request.user)
    rows = [
        {
            "delivery": delivery,
            "sentence": delivery.event.describe(),
            "subscriber": events.subscriber_label(delivery.subscriber),
            "occurred": outbox.local_minute(delivery.event.occurred_at),
            "next_attempt": (
                outbox.local_minute(delivery.next_attempt_at) if delivery.next_attempt_at else ""
            ),
        }
        for delivery in outbox.troubled()[:PAGE_SIZE]
    ]
    return render(
        request,
        "core/failed_events.html",
        {"rows": rows, "can_retry": outbox.can_retry(request.user)},
    )


@login_required
@require_POST
def retry_event_delivery(request, pk):
    _require_viewer(request.user)
    delivery = get_object_or_404(EventDelivery, pk=pk)
    return act(
        request,
        lambda origin: outbox.retry(actor=request.user, delivery=delivery, origin=origin),
        success=_("The event is sent again."),
        back="core:failed-events",
    )
