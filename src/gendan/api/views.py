from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.api import services
from gendan.core.audit import Origin
from gendan.core.errors import DomainError, NotFound


@login_required
def token_list(request):
    return render(request, "api/token_list.html", {"tokens": request.user.api_tokens.all()})


@login_required
@require_POST
def token_create(request):
    try:
        token, raw = services.create_token(
            actor=request.user,
            name=request.POST.get("name", ""),
            origin=Origin.from_request(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("api-pages:token-list")
    return render(request, "api/token_created.html", {"token": token, "raw": raw})


@login_required
@require_POST
def token_revoke(request, pk):
    try:
        token = services.access_token(request.user, pk)
        services.revoke_token(actor=request.user, token=token, origin=Origin.from_request(request))
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("api-pages:token-list")
