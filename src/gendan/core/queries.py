"""Reads of core records that need joins or the role directory."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from gendan.core.chains import replay
from gendan.core.models import ChainStep, Document, DocumentBook, Signature
from gendan.core.roles import directory


def inbox(user):
    """待我签字: documents whose next step `user` may sign now, oldest first."""
    if not user.is_authenticated:
        return []
    grants = directory().grants_of(user, timezone.localdate())
    if not grants:
        return []
    condition = Q()
    for grant in grants:
        part = Q(current_role_code__contains=f",{grant.role_code},")
        if grant.scope_key:
            part &= Q(scope_key=grant.scope_key)
        condition |= part
    candidates = (
        Document.objects.filter(status=Document.Status.PENDING)
        .filter(condition)
        .select_related("book", "author", "chain")
        .prefetch_related(
            Prefetch("chain__steps", queryset=ChainStep.objects.order_by("position")),
            Prefetch("signatures", queryset=Signature.objects.order_by("id")),
        )
        .order_by("submitted_at", "id")
    )
    return [doc for doc in candidates if _may_sign_now(user, doc, grants)]


def _may_sign_now(user, document, grants):
    state = replay(document, document.chain.steps.all(), document.signatures.all())
    signers = state.signers()
    held = {g.role_code for g in grants if g.scope_key in ("", document.scope_key)}
    for index in state.signable_indexes():
        step = state.steps[index]
        if step.role_code not in held:
            continue
        if user.pk not in signers or (signers[user.pk] != index and step.allows_same_signer):
            return True
    return False


def visible_documents(user):
    """Documents the user may see: their own, those they signed, and those of the scopes
    they hold a role in (a role held everywhere sees all)."""
    documents = Document.objects.all()
    if user.is_superuser:
        return documents
    scopes = {grant.scope_key for grant in directory().grants_of(user, timezone.localdate())}
    if "" in scopes:
        return documents
    signed = Signature.objects.filter(Q(signer=user) | Q(on_behalf_of=user)).values("document_id")
    return documents.filter(Q(author=user) | Q(scope_key__in=scopes) | Q(pk__in=signed))


def document_list(user, *, status=None, slip_type=None, book=None, search=None):
    documents = visible_documents(user).select_related("book", "author").order_by("-id")
    if status:
        documents = documents.filter(status=status)
    if slip_type:
        documents = documents.filter(slip_type=slip_type)
    if book:
        documents = documents.filter(book_id=book)
    if search:
        documents = documents.filter(search_text__icontains=search.lower())
    return documents


def document_detail(pk):
    return (
        Document.objects.select_related("book", "author", "chain", "voided_by")
        .prefetch_related(
            Prefetch("chain__steps", queryset=ChainStep.objects.order_by("position")),
            Prefetch(
                "signatures",
                queryset=Signature.objects.select_related("signer", "on_behalf_of").order_by("id"),
            ),
        )
        .get(pk=pk)
    )


def books_with_usage():
    return DocumentBook.objects.order_by("slip_type", "code")
