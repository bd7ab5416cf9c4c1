"""Document books on a page (no admin needed): the book keeper closes a book, or
registers the next pre-printed pad (D1-3.5, D1-3.6) with the numbers printed on it. The
services in `numbering` check and audit; a refusal says why and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import audit, numbering
from gendan.core.errors import DomainError
from gendan.core.models import DocumentBook

CHANGE_PERMISSION = "core.change_documentbook"


def may_keep_books(user):
    return user.has_perm(CHANGE_PERMISSION)


def _require_book_keeper(user):
    if not may_keep_books(user):
        raise PermissionDenied(_("Only an administrator may close books or register pads."))


def _whole(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


@login_required
def book_pad(request, pk):
    _require_book_keeper(request.user)
    book = get_object_or_404(DocumentBook, pk=pk)
    problem, status = "", 200
    values = {"first_number": "", "last_number": ""}
    if request.method == "POST":
        values = {key: (request.POST.get(key) or "").strip() for key in values}
        try:
            pad = numbering.register_pad(
                actor=request.user,
                book=book,
                first_number=_whole(values["first_number"]),
                last_number=_whole(values["last_number"]),
                origin=audit.Origin.from_request(request),
            )
        except DomainError as error:
            problem, status = str(error), 400
        else:
            messages.success(
                request,
                _("Pad %(book)s registered: numbers %(first)s–%(last)s.")
                % {"book": pad.code, "first": pad.first_number, "last": pad.last_number},
            )
            return redirect("core:book-list")
    return render(
        request,
        "core/book_pad.html",
        {"book": book, "problem": problem, "values": values},
        status=status,
    )


@login_required
@require_POST
def book_close(request, pk):
    _require_book_keeper(request.user)
    book = get_object_or_404(DocumentBook, pk=pk)
    try:
        numbering.close_book(
            actor=request.user,
            book=book,
            reason=request.POST.get("reason") or "",
            origin=audit.Origin.from_request(request),
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Book %(book)s is closed; the next paper opens a book that continues its numbers.")
            % {"book": book.code},
        )
    return redirect("core:book-list")
