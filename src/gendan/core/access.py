"""Gates: return a protected object only if this user may see it, as the permission
matrix says (gendan.core.permissions, `document.view`). Missing and forbidden look the
same (NotFound)."""

import contextlib

from django.utils import timezone

from gendan.core import papers, permissions, queries
from gendan.core.errors import NotFound
from gendan.core.models import ChainStep, Document
from gendan.core.roles import directory


def access_document(user, pk):
    try:
        document = queries.document_detail(pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_see_document(user, document):
        raise NotFound()
    return document


def can_see_document(user, document):
    if user.is_superuser or document.author_id == user.pk:
        return True
    if any(
        sig.signer_id == user.pk or sig.on_behalf_of_id == user.pk
        for sig in document.signatures.all()
    ):
        return True
    found = permissions.reach(user, "document", "view")
    if found.roles & queries.reads_every_paper() or found.scopes & set(document.scope_keys):
        return True
    grants = directory().grants_of(user, timezone.localdate())
    everywhere = {
        grant.role_code
        for grant in grants
        if not grant.scope_key and grant.role_code in found.roles
    }
    return bool(everywhere & _roles_for(document))


def _roles_for(document):
    """The roles a paper is for: the steps of its chain as stored (an administrator may
    have changed them) and the writers and readers of its declaration."""
    roles = set()
    if document.chain_id:
        roles |= set(
            ChainStep.objects.filter(chain_id=document.chain_id).values_list("role_code", flat=True)
        )
    with contextlib.suppress(papers.UnknownPaperType):  # a type no app declares: chain only
        roles |= papers.get(document.slip_type).reading_roles
    return roles
