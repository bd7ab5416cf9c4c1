"""Reads of core records that need joins or the role directory."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from gendan.core import papers, permissions
from gendan.core.chains import replay
from gendan.core.models import ChainStep, Document, DocumentBook, Signature
from gendan.core.roles import directory, scope_matches


def _inbox_candidates(user):
    """Pending documents at a step of a role the user holds for one of the document's
    scopes (its scope or its second scope), marked with whether the user already signed
    some step of them."""
    grants = directory().grants_of(user, timezone.localdate()) if user.is_authenticated else []
    if not grants:
        return None, grants
    condition = Q()
    for grant in grants:
        part = Q(current_role_code__contains=f",{grant.role_code},")
        if grant.scope_key:
            part &= Q(scope_key=grant.scope_key) | Q(co_scope_key=grant.scope_key)
        condition |= part
    mine = Signature.objects.filter(
        document=OuterRef("pk"), signer=user, action=Signature.Action.SIGN
    )
    candidates = (
        Document.objects.filter(status=Document.Status.PENDING)
        .filter(condition)
        .annotate(has_my_signature=Exists(mine))
    )
    return candidates, grants


def _signable_by(user, documents, grants):
    """Of documents the user has signed before, those they may still sign now (a
    replay of each: rejections reopen steps, separation of duties closes others)."""
    if not documents:
        return set()
    replayed = (
        Document.objects.filter(pk__in=[d.pk for d in documents])
        .prefetch_related(
            Prefetch("chain__steps", queryset=ChainStep.objects.order_by("position")),
            Prefetch("signatures", queryset=Signature.objects.order_by("id")),
        )
        .select_related("chain")
    )
    return {doc.pk for doc in replayed if _may_sign_now(user, doc, grants)}


def inbox(user):
    """待我签字: documents whose next step `user` may sign now, oldest first."""
    candidates, grants = _inbox_candidates(user)
    if candidates is None:
        return []
    documents = list(candidates.select_related("book", "author").order_by("submitted_at", "id"))
    allowed = _signable_by(user, [d for d in documents if d.has_my_signature], grants)
    return [d for d in documents if not d.has_my_signature or d.pk in allowed]


def with_summaries(documents):
    """Set `summary` (one line from the paper's declaration, or its title) on each of
    the inbox's documents: one call per declared summaries function, not per row."""
    documents = list(documents)
    lines = papers.summaries_of(documents)
    for document in documents:
        document.summary = lines.get(document.pk) or document.title
    return documents


def inbox_count(user):
    """The header badge: the size of the inbox, counted in the database."""
    candidates, grants = _inbox_candidates(user)
    if candidates is None:
        return 0
    signed_before = list(candidates.filter(has_my_signature=True).only("pk"))
    return candidates.filter(has_my_signature=False).count() + len(
        _signable_by(user, signed_before, grants)
    )


def _may_sign_now(user, document, grants):
    state = replay(document, document.chain.steps.all(), document.signatures.all())
    signers = state.signers()
    held = {g.role_code for g in grants if scope_matches(g.scope_key, document.scope_keys)}
    for index in state.signable_indexes():
        step = state.steps[index]
        if step.role_code not in held:
            continue
        if user.pk not in signers or (signers[user.pk] != index and step.allows_same_signer):
            return True
    return False


def reads_every_paper():
    """Roles whose job is to read every paper, wherever they are granted: those the
    permission matrix gives `document.view` everywhere (the auditor)."""
    return frozenset(permissions.roles_with("document", "view", (permissions.EVERYWHERE,)))


READS_EVERY_PAPER = reads_every_paper()


def visible_documents(user):
    """Documents the user may see (issue 9, D2-6), as the permission matrix says
    (`document.view`): their own, those they signed, those with a scope or second scope
    they hold a role in, and — for a role granted everywhere — only the papers that role
    is for: a step of the paper's chain, or a writer or reader its declaration names.
    The auditor reads every paper."""
    documents = Document.objects.all()
    if not user.is_authenticated:
        return documents.none()
    found = permissions.reach(user, "document", "view")
    if user.is_superuser or found.roles & reads_every_paper():
        return documents
    grants = directory().grants_of(user, timezone.localdate())
    scopes = found.scopes
    everywhere = {
        grant.role_code
        for grant in grants
        if not grant.scope_key and grant.role_code in found.roles
    }
    signed = Signature.objects.filter(Q(signer=user) | Q(on_behalf_of=user)).values("document_id")
    visible = (
        Q(author=user) | Q(scope_key__in=scopes) | Q(co_scope_key__in=scopes) | Q(pk__in=signed)
    )
    if everywhere:
        signing = ChainStep.objects.filter(role_code__in=everywhere).values("chain_id")
        visible |= Q(chain_id__in=signing) | Q(slip_type__in=papers.read_by(everywhere))
    return documents.filter(visible)


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
