"""Gates: return a protected object only if this user may see it. Missing and
forbidden look the same (NotFound)."""

from django.utils import timezone

from gendan.core import queries
from gendan.core.errors import NotFound
from gendan.core.models import Document
from gendan.core.roles import directory, scope_matches


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
    grants = directory().grants_of(user, timezone.localdate())
    return any(scope_matches(grant.scope_key, document.scope_keys) for grant in grants)
