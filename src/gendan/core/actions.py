"""One way to run an action for a page or an API call, and to answer its refusal.

A page calls `act(request, service, success=…, back=…)`: the service runs with the
request's origin; a refusal (`DomainError`) becomes an error message, success becomes
the message the page names — a string, or a function of the service's result, so the
message can say what happened ("已签第 1/3 步", "已驳回", "已过账"), never a bare
"done". Both go back to `back` — for an HTMX request by telling htmx to load that
page (`HX-Redirect`), so the message shows where the person is.

An API operation calls `perform(request, service)` and lets a refusal rise: the API's
exception handler answers it with `refusal_response`, HTTP 400/403/404/409 and
{"detail", "field"}.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from gendan.core.audit import Origin
from gendan.core.errors import DomainError
from gendan.core.models import Document, Signature


def perform(request, service):
    """Run `service(origin)` for this request and return its result; refusals rise."""
    return service(Origin.from_request(request))


def act(request, service, *, success, back):
    """Run `service(origin)` for a POST from a page; report the outcome and go `back`.

    `success` and `back` are values or functions of the service's result (`back`
    may be a URL or a URL name with no arguments)."""
    try:
        result = perform(request, service)
    except DomainError as error:
        messages.error(request, str(error))
        return _go(request, back, None)
    messages.success(request, success(result) if callable(success) else success)
    return _go(request, back, result)


def _go(request, back, result):
    target = back(result) if callable(back) else back
    if request.htmx:
        return HttpResponseClientRedirect(redirect(target).url)
    return redirect(target)


def refusal_body(error):
    """The API's answer to a refusal: the message, and the field when it names one."""
    body = {"detail": str(error)}
    if error.field:
        body["field"] = error.field
    return body


def refusal_response(error):
    return JsonResponse(refusal_body(error), status=error.status_code)


def chain_outcome(document):
    """What the last chain action on `document` did, in words a signer understands."""
    values = {"number": document.number}
    if document.status == Document.Status.VOIDED:
        return _("%(number)s is voided.") % values
    last = document.signatures.order_by("-pk").first()
    if last is None:
        return _("%(number)s is saved as a draft.") % values
    if last.action == Signature.Action.SIGN:
        return _signed(document, last, values)
    if last.action == Signature.Action.REJECT:
        if last.return_to_step is None:
            return _("%(number)s is rejected and back with its author.") % values
        values["step"] = last.return_to_step
        return _("%(number)s is rejected back to step %(step)s.") % values
    if last.action == Signature.Action.WITHDRAW:
        return _("%(number)s is withdrawn.") % values
    return _("%(number)s is submitted for signatures.") % values


def _signed(document, signature, values):
    values["step"] = signature.step_position
    values["steps"] = document.chain.steps.count() if document.chain_id else signature.step_position
    if document.status == Document.Status.POSTED:
        return _("Signed step %(step)s of %(steps)s; %(number)s is posted.") % values
    return _("Signed step %(step)s of %(steps)s of %(number)s.") % values
