"""/api/v1/papers: the declared paper types, and writing a plain paper (one with no
record of its own beyond its document, such as the transfer slip until the shop floor
module gives it lines). Every other paper is written through its own app's endpoint —
orders at /sales/orders, delivery notes at /sales/orders/{id}/delivery-notes, slips at
/slips, counts at /stock/counts, expense claims at /followup/expenses/claims."""

from ninja import Router, Schema, Status

from gendan.core import audit, papers
from gendan.core.errors import NotFound
from gendan.core.schemas import text

router = Router(tags=["papers"])


class PaperTypeOut(Schema):
    code: str
    name: str
    prefix: str
    book_per: list[str]
    is_yearly: bool
    is_signed: bool
    is_plain: bool
    writer_roles: list[str]


class PlainPaperIn(Schema):
    scope: text(80) = ""
    title: text()


class PlainPaperOut(Schema):
    id: int
    number: str
    title: str
    slip_type: str
    scope: str
    status: str
    book: str


def _paper_out(paper):
    return {
        "code": paper.code,
        "name": str(paper.name),
        "prefix": paper.prefix,
        "book_per": [kind or "everywhere" for kind in paper.book_rule.per],
        "is_yearly": paper.book_rule.is_yearly,
        "is_signed": paper.is_signed,
        "is_plain": paper.is_plain,
        "writer_roles": list(paper.writer_roles),
    }


@router.get("", response=list[PaperTypeOut], summary="Declared paper types")
def list_paper_types(request):
    return [_paper_out(paper) for paper in papers.all()]


@router.post(
    "/{code}/documents", response={201: PlainPaperOut}, summary="Write a plain paper (draft)"
)
def write_plain_paper(request, code: str, payload: PlainPaperIn):
    try:
        paper = papers.get(code)
    except papers.UnknownPaperType:
        raise NotFound() from None
    document = papers.write_paper(
        actor=request.user,
        paper_type=paper,
        scope=payload.scope,
        title=payload.title,
        origin=audit.Origin.from_request(request),
    )
    return Status(
        201,
        {
            "id": document.pk,
            "number": document.number,
            "title": document.title,
            "slip_type": document.slip_type,
            "scope": document.scope_key,
            "status": document.status,
            "book": document.book.code,
        },
    )
