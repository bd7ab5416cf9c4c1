"""Schemas of the API's own operations: the caller, documents and signatures, tokens.
Names are unique across the whole API (tests/api/test_openapi.py)."""

from datetime import datetime

from ninja import Schema

from gendan.api.models import ApiToken
from gendan.core.models import Signature
from gendan.core.schemas import Position, column_text


class UserOut(Schema):
    id: int
    username: str
    full_name: str


class DocumentOut(Schema):
    id: int
    number: str
    title: str
    slip_type: str
    scope: str
    co_scope: str
    status: str
    next_step: int | None
    author: str
    submitted_at: datetime | None


class SignatureOut(Schema):
    action: str
    step: int | None
    role: str
    signer: str
    on_behalf_of: str | None
    note: str
    at: datetime


class DocumentFileOut(Schema):
    name: str
    url: str
    is_picture: bool


class DocumentDetailOut(DocumentOut):
    signatures: list[SignatureOut]
    paper_name: str = ""
    page_url: str = ""
    content: dict = {}
    files: list[DocumentFileOut] = []


class DocumentSignIn(Schema):
    note: column_text(Signature, "note") = ""
    step: Position | None = None


class DocumentRejectIn(Schema):
    reason: column_text(Signature, "note")
    return_to_step: Position | None = None


class TokenIn(Schema):
    name: column_text(ApiToken, "name")


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewTokenOut(TokenOut):
    token: str
