"""Thin views: parse, call a service or a query, render."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gendan.core import attachments, audit, book_views, chains, filters, numbering, papers, queries
from gendan.core.access import access_document
from gendan.core.actions import act, chain_outcome
from gendan.core.errors import NotFound
from gendan.core.exports import xlsx_response
from gendan.core.forms import RejectForm, SignForm, VoidForm
from gendan.core.models import AuditEvent, Document
from gendan.core.scopes import names_of
from gendan.core.search import search
from gendan.core.templatetags.gendan import paper_name


def _template(request, name):
    """The partial `_name` for an HTMX request, the full page otherwise."""
    return f"core/partials/_{name}.html" if request.htmx else f"core/{name}.html"


@login_required
def home(request):
    mine = Document.objects.filter(author=request.user).select_related("book")[:10]
    return render(
        request, "core/home.html", {"inbox": queries.inbox(request.user)[:10], "mine": mine}
    )


@login_required
def inbox(request):
    """待我签字: each paper's kind, number, summary and age, in a fixed number of queries."""
    page = Paginator(queries.inbox(request.user), 50).get_page(request.GET.get("page"))
    queries.with_summaries(page.object_list)
    return render(request, _template(request, "inbox"), {"documents": page, "page": page})


DOCUMENT_FILTERS = {
    "status": Document.Status.values,
    "slip_type": filters.TEXT,
    "book": filters.ID,
    "q": filters.TEXT,
}


@login_required
def document_list(request):
    values = filters.cleaned(request, DOCUMENT_FILTERS)
    documents = queries.document_list(
        request.user,
        status=values.get("status"),
        slip_type=values.get("slip_type"),
        book=values.get("book"),
        search=values.get("q"),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            _("documents") + ".xlsx",
            [_("Number"), _("Title"), _("Slip type"), _("Status"), _("Author"), _("Created at")],
            (
                [
                    d.number,
                    d.title,
                    paper_name(d.slip_type),
                    d.get_status_display(),
                    str(d.author),
                    d.created_at,
                ]
                for d in documents.iterator()
            ),
        )
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    return render(
        request,
        _template(request, "document_list"),
        {
            "page": page,
            "statuses": Document.Status.choices,
            "filters": request.GET,
        },
    )


def _document_or_404(request, pk):
    try:
        return access_document(request.user, pk)
    except NotFound:
        raise Http404(_("Not found, or you may not see it.")) from None


@login_required
def document_detail(request, pk):
    document = _document_or_404(request, pk)
    steps = list(document.chain.steps.all()) if document.chain_id else []
    state = chains.replay(document, steps, document.signatures.all())
    content = papers.content_of(document)
    return render(
        request,
        "core/document_detail.html",
        {
            "document": document,
            "content": content,
            "paper": content.record,
            "attachments": attachments.attachments_of(document, content.record),
            "steps": [
                (step, state.valid[index], index in state.signable_indexes())
                for index, step in enumerate(steps)
            ],
            "sign_form": SignForm(),
            "reject_form": RejectForm(steps=steps[: state.pointer]),
            "void_form": VoidForm(),
            "timeline": audit.timeline_for(document),
        },
    )


def _act_on_document(request, pk, service):
    """Run one chain action on a document the person may see; say what it did."""
    document = _document_or_404(request, pk)
    return act(
        request,
        lambda origin: service(document, origin),
        success=chain_outcome,
        back=reverse("core:document-detail", args=[document.pk]),
    )


@login_required
@require_POST
def document_submit(request, pk):
    return _act_on_document(
        request,
        pk,
        lambda doc, origin: chains.submit(actor=request.user, document=doc, origin=origin),
    )


@login_required
@require_POST
def document_sign(request, pk):
    form = SignForm(request.POST)
    form.is_valid()
    note, step = form.cleaned_data.get("note", ""), form.cleaned_data.get("step")
    return _act_on_document(
        request,
        pk,
        lambda doc, origin: chains.sign(
            actor=request.user, document=doc, step_position=step, note=note, origin=origin
        ),
    )


@login_required
@require_POST
def document_reject(request, pk):
    reason = request.POST.get("reason", "")
    raw_step = request.POST.get("return_to_step") or None
    step = int(raw_step) if raw_step and raw_step.isdigit() and len(raw_step) < 5 else None
    return _act_on_document(
        request,
        pk,
        lambda doc, origin: chains.reject(
            actor=request.user, document=doc, reason=reason, return_to_step=step, origin=origin
        ),
    )


@login_required
@require_POST
def document_withdraw(request, pk):
    return _act_on_document(
        request,
        pk,
        lambda doc, origin: chains.withdraw(actor=request.user, document=doc, origin=origin),
    )


@login_required
@require_POST
def document_void(request, pk):
    reason = request.POST.get("reason", "")
    return _act_on_document(
        request,
        pk,
        lambda doc, origin: numbering.void_document(
            actor=request.user, document=doc, reason=reason, origin=origin
        ),
    )


@login_required
def book_list(request):
    books = queries.books_with_usage()
    if request.GET.get("format") == "xlsx":
        scope_names = names_of(book.scope_key for book in books)
        return xlsx_response(
            _("document books") + ".xlsx",
            [
                _("Code"),
                _("Name"),
                _("Slip type"),
                _("Scope"),
                _("First number"),
                _("Next number"),
                _("Last number"),
                _("Closed"),
            ],
            (
                [
                    b.code,
                    b.name,
                    paper_name(b.slip_type),
                    scope_names.get(b.scope_key, ""),
                    b.first_number,
                    b.next_number,
                    b.last_number,
                    _("yes") if b.is_closed else _("no"),
                ]
                for b in books
            ),
        )
    return render(
        request,
        "core/book_list.html",
        {"books": books, "may_keep": book_views.may_keep_books(request.user)},
    )


@login_required
def timeline(request, app_label, model, pk):
    """The audit rows of one object: for administrators and auditors."""
    if not request.user.has_perm("core.view_auditevent"):
        raise Http404(_("Not found, or you may not see it."))
    try:
        object_type = ContentType.objects.get(app_label=app_label, model=model)
    except ContentType.DoesNotExist:
        raise Http404(_("Not found, or you may not see it.")) from None
    events = AuditEvent.objects.filter(object_type=object_type, object_id=str(pk)).select_related(
        "actor"
    )
    return render(
        request, "core/timeline.html", {"events": events, "object_type": object_type, "pk": pk}
    )


@login_required
def global_search(request):
    query = request.GET.get("q", "")
    results = search(query, request.user)
    return render(request, _template(request, "search"), {"query": query, "results": results})


def csrf_failure(request, reason=""):
    return render(request, "core/csrf_failure.html", {"reason": reason}, status=403)
