"""/api/v1: the same services as the pages, with typed schemas (django-ninja)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Status
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from gendan.api import refusals
from gendan.api import services as token_services
from gendan.api.papers import router as papers_router
from gendan.api.schemas import (
    DocumentDetailOut,
    DocumentOut,
    DocumentRejectIn,
    DocumentSignIn,
    NewTokenOut,
    TokenIn,
    TokenOut,
    UserOut,
)
from gendan.catalog.api import router as catalog_router
from gendan.core import attachments, audit, chains, papers, queries
from gendan.core.access import access_document
from gendan.followup.api import router as followup_router
from gendan.logistics.api import router as logistics_router
from gendan.quality.api import router as quality_router
from gendan.sales.api import router as sales_router
from gendan.stock.api import router as stock_router
from gendan.stock.slips.api import router as slips_router


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = token_services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Token"

    def authenticate(self, request, key):
        user = token_services.user_for_token(key or "")
        if user is not None:
            request.user = user
        return user


api = refusals.GendanAPI(
    title="Gendan API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), HeaderToken(), django_auth],
    docs_url="/docs",
)


api.add_router("/catalog", catalog_router)
api.add_router("/sales", sales_router)
api.add_router("/followup", followup_router)
api.add_router("/stock", stock_router)
api.add_router("/slips", slips_router)
api.add_router("/quality/plans", "gendan.quality.plan_api.router")
api.add_router("/quality", quality_router)
api.add_router("/papers", papers_router)
api.add_router("/shopfloor", "gendan.shopfloor.api.router")
api.add_router("/logistics", logistics_router)


refusals.install(api)


def _document_out(doc):
    return {
        "id": doc.pk,
        "number": doc.number,
        "title": doc.title,
        "slip_type": doc.slip_type,
        "scope": doc.scope_key,
        "co_scope": doc.co_scope_key,
        "status": doc.status,
        "next_step": doc.current_step,
        "author": doc.author.get_full_name() or doc.author.username,
        "submitted_at": doc.submitted_at,
    }


def _detail_out(doc, user):
    """The document with its chain and — sign what you see — its whole paper, as its
    owning app declares it (`core.papers.PaperType.content_data`), and its files."""
    data = _document_out(doc)
    content = papers.content_of(doc)
    data["paper_name"] = str(content.name)
    data["page_url"] = content.url
    data["content"] = papers.data_of(content, user=user)
    data["files"] = [
        {
            "name": kept.original_name,
            "url": reverse("core:attachment-file", args=[kept.pk]),
            "is_picture": attachments.is_picture(kept.original_name),
        }
        for kept in attachments.attachments_of(doc, content.record)
    ]
    data["signatures"] = [
        {
            "action": s.action,
            "step": s.step_position,
            "role": s.role_code,
            "signer": s.signer.username,
            "on_behalf_of": s.on_behalf_of.username if s.on_behalf_of else None,
            "note": s.note,
            "at": s.at,
        }
        for s in doc.signatures.all()
    ]
    return data


def _token_out(token, raw=None):
    data = {
        "id": token.pk,
        "name": token.name,
        "hint": token.key_hint,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }
    if raw:
        data["token"] = raw
    return data


@api.get("/me", response=UserOut, tags=["account"])
def me(request):
    user = request.user
    return {"id": user.pk, "username": user.username, "full_name": user.get_full_name()}


@api.get(
    "/inbox",
    response=list[DocumentOut],
    tags=["signatures"],
    summary=_("Documents awaiting my signature"),
)
def inbox(request):
    return [_document_out(doc) for doc in queries.inbox(request.user)]


@api.get("/documents/{document_id}", response=DocumentDetailOut, tags=["signatures"])
def document_detail(request, document_id: int):
    return _detail_out(access_document(request.user, document_id), request.user)


@api.post("/documents/{document_id}/sign", response=DocumentDetailOut, tags=["signatures"])
def sign(request, document_id: int, payload: DocumentSignIn):
    document = access_document(request.user, document_id)
    chains.sign(
        actor=request.user,
        document=document,
        step_position=payload.step,
        note=payload.note,
        origin=audit.Origin.from_request(request),
    )
    return _detail_out(access_document(request.user, document_id), request.user)


@api.post("/documents/{document_id}/reject", response=DocumentDetailOut, tags=["signatures"])
def reject(request, document_id: int, payload: DocumentRejectIn):
    document = access_document(request.user, document_id)
    chains.reject(
        actor=request.user,
        document=document,
        reason=payload.reason,
        return_to_step=payload.return_to_step,
        origin=audit.Origin.from_request(request),
    )
    return _detail_out(access_document(request.user, document_id), request.user)


@api.post("/documents/{document_id}/submit", response=DocumentDetailOut, tags=["signatures"])
def submit(request, document_id: int):
    """The author hands a draft to the first step of its chain."""
    document = access_document(request.user, document_id)
    chains.submit(actor=request.user, document=document, origin=audit.Origin.from_request(request))
    return _detail_out(access_document(request.user, document_id), request.user)


@api.post("/documents/{document_id}/withdraw", response=DocumentDetailOut, tags=["signatures"])
def withdraw(request, document_id: int):
    document = access_document(request.user, document_id)
    chains.withdraw(
        actor=request.user, document=document, origin=audit.Origin.from_request(request)
    )
    return _detail_out(access_document(request.user, document_id), request.user)


@api.get("/tokens", response=list[TokenOut], tags=["account"])
def list_tokens(request):
    return [_token_out(t) for t in request.user.api_tokens.all()]


@api.post("/tokens", response={201: NewTokenOut}, tags=["account"])
def create_token(request, payload: TokenIn):
    token, raw = token_services.create_token(
        actor=request.user, name=payload.name, origin=audit.Origin.from_request(request)
    )
    return Status(201, _token_out(token, raw))


@api.post("/tokens/{token_id}/revoke", response=TokenOut, tags=["account"])
def revoke_token(request, token_id: int):
    token = token_services.access_token(request.user, token_id)
    return _token_out(
        token_services.revoke_token(
            actor=request.user, token=token, origin=audit.Origin.from_request(request)
        )
    )
