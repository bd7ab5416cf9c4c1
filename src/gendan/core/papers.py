"""Paper types, declared once (invariants 2 and 3; D1-3.2, D1-3.5, D1-3.6).

Every numbered paper — order, delivery note, expense claim, stock count, each warehouse
slip, the transfer slip, and the inspection and purchase papers still to come — is a
`PaperType` declared by the app that owns it, in that app's `papers.py`, imported from
its AppConfig.ready(). A declaration says how the paper is numbered (its book rule,
prefix and format), who signs it by default (its chain), what happens when it posts (a
handler the owning app passes in, since `core` imports no higher layer), whether posting
may take stock out of warehouse management (D1-3.9), and which events it publishes.

`book_for(paper_type, scope, on_date)` is the one way to find the book a paper is
numbered from: one book per scope the rule names and per year when the rule is yearly;
a new year opens a new book by itself; a closed book is followed by its successor,
which continues its numbers. Default chains come from `install_default_chains`, run
after every `migrate` (and after a test database flush), so a fresh install without the
demo can write every declared paper. An administrator's edited chain is never replaced.

The `code` of a paper type is stored on books and documents (`slip_type`): never rename
one; declare a new type instead.
"""

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gendan.core import numbering, scopes
from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import ChainDefinition, DocumentBook
from gendan.core.roles import directory
from gendan.core.scopes import Scope

EVERYWHERE = ""  # a book rule that accepts a paper written for no particular scope
SINGLE, ALL, ANY, QUORUM = "single", "all", "any", "quorum"  # ChainStep.Mode values


# ---------------------------------------------------------------- declarations
@dataclass(frozen=True)
class Step:
    """One step of a default chain (see core.models.ChainStep)."""

    name: str
    role_code: str
    is_required: bool = True
    mode: str = SINGLE
    quorum: int = 1
    allows_same_signer: bool = False

    def as_fields(self):
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Chain:
    """A default signature chain. `name` and step names are stored as data, in Chinese,
    like an administrator's own chains."""

    name: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class BookRule:
    """What a book is kept per: the scope kinds it accepts (none: one book for the whole
    company) and whether each year has its own book, with the year in the number."""

    per: tuple[str, ...] = ()
    is_yearly: bool = True

    def accepts(self, scope):
        if not self.per:
            return scope.is_everywhere
        return scope.kind in self.per


PER_YEAR = BookRule()
PER_WORKSHOP = BookRule(per=(scopes.WORKSHOP,))
PER_WAREHOUSE = BookRule(per=(scopes.WAREHOUSE,))
PER_SUPPLIER = BookRule(per=(scopes.SUPPLIER,))
PER_CUSTOMER = BookRule(per=(scopes.CUSTOMER,))


@dataclass(frozen=True)
class PaperType:
    """One kind of numbered paper.

    `chain=None` is a numbered paper nobody signs (an order, a delivery note).
    `posting(document=, actor=)` runs inside the transaction that posts a document of this
    type. `issues_stock`: posting may move stock out of warehouse management (D1-3.9).
    `is_plain`: the paper has no record of its own beyond its document (number, title,
    chain), so `write_paper` and `POST /api/v1/documents` write it, by a holder of one of
    `writer_roles` in its scope. `voiding(document=, actor=, reason=, origin=)` runs
    inside the transaction that voids a document of this type and takes back what the
    paper carried (the order cancelled, the delivery undone, the claimed expenses
    released) — or refuses, and then nothing is voided. `readers`: roles that read this paper besides its
    writers and signers (a role granted everywhere sees only the papers its role is
    for; issue 9).

    What a signer sees (sign what you see, issue 10) is declared here too, by the app
    that owns the paper; each hook is optional and a paper without them shows its
    number, title and chain only:

    - `content(document)` returns the paper's own record (a slip with its lines, a
      claim with its expenses), loaded with everything its partial shows, or None.
    - `detail_template`: a partial the owning app provides under
      `templates/<app>/paper/_<paper>.html`, rendered inside the sign page
      (`core/document_detail.html`) with `document`, `paper` (the record `content`
      returned), `request`, `user` and `perms` — lines, quantities, units, batches,
      places, explanations, amounts (only for who may see prices), photos. Lay lines
      out as `<table class="table table-sm stack-sm">` with `data-label` on each cell:
      at phone width they stack as cards.
    - `summaries(documents)` returns {document pk: one line} for many documents of
      this type at once, in a fixed number of queries (the inbox calls it per page).
      Paper types sharing one function are asked once together.
    - `page_url(record)` is the URL of the paper's own page (the slip page), if any.
    - `content_data(record, user=)` is the paper as JSON-able data for the API detail
      (`GET /api/v1/documents/{id}`, field `content`).
    - `writing_url`: the URL name of the page where a paper that is not plain is
      written; `write_paper`'s refusal names it.

    Papers that belong together (a transfer slip and the production receipt its
    registration wrote) link each other on their pages: the app that ties them
    registers `register_related(source)`, `source(document)` → [(label, other document)].

    Files kept with `core.attachments.attach` for the document or for its record are
    listed on the sign page by core, served through `core:attachment-file` (only to
    people who may see the paper).
    """

    code: str
    name: str
    prefix: str
    book_rule: BookRule = PER_YEAR
    number_format: str = ""
    chain: Chain | None = None
    posting: Callable | None = None
    issues_stock: bool = False
    publishes: tuple[type, ...] = ()
    is_plain: bool = False
    writer_roles: tuple[str, ...] = field(default=())
    readers: tuple[str, ...] = field(default=())
    voiding: Callable | None = None
    detail_template: str = ""
    content: Callable | None = None
    summaries: Callable | None = None
    page_url: Callable | None = None
    content_data: Callable | None = None
    writing_url: str = ""

    @property
    def reading_roles(self):
        """Every role this paper is for: its signers, writers and readers."""
        signers = {step.role_code for step in self.chain.steps} if self.chain else set()
        return frozenset(signers | set(self.writer_roles) | set(self.readers))

    @property
    def is_signed(self):
        return self.chain is not None

    @property
    def format(self):
        if self.number_format:
            return self.number_format
        return "{prefix}-{year}-{seq:06d}" if self.book_rule.is_yearly else "{prefix}-{seq:06d}"


class UnknownPaperType(LookupError):
    pass


_declared: dict[str, PaperType] = {}


def declare(paper_type):
    """Register a paper type; declaring the same one again changes nothing, declaring a
    different one under a taken code is a programming error."""
    existing = _declared.get(paper_type.code)
    if existing is not None and existing != paper_type:
        raise ValueError(f"paper type {paper_type.code} is declared twice, differently")
    _declared[paper_type.code] = paper_type
    return paper_type


def get(code):
    """The declared paper type of `code` (a PaperType passes through)."""
    if isinstance(code, PaperType):
        return code
    try:
        return _declared[code]
    except KeyError:
        raise UnknownPaperType(f"no paper type {code!r} is declared") from None


def all():  # the registry's public name: papers.all(); shadows the builtin here
    return sorted(_declared.values(), key=lambda paper: paper.code)


def read_by(role_codes):
    """Codes of the declared paper types that any of `role_codes` is for."""
    roles = set(role_codes)
    return sorted(paper.code for paper in _declared.values() if roles & paper.reading_roles)


def voiding_handler(code):
    """The handler that takes back what a voided document of `code` carried, or None."""
    paper = _declared.get(code)
    return paper.voiding if paper is not None else None


def posting_handler(code):
    """The handler to run when a document of `code` posts, or None."""
    paper = _declared.get(code)
    return paper.posting if paper is not None else None


def issues_stock(code):
    """Whether posting a document of `code` may take stock out of warehouse management."""
    paper = _declared.get(code)
    return paper is not None and paper.issues_stock


# ---------------------------------------------------------------- what a signer sees
@dataclass(frozen=True)
class PaperContent:
    """A document's paper as its owning app shows it: the record, its partial and the
    URL of its own page (empty when the paper declares none)."""

    paper: PaperType | None
    record: object = None
    template: str = ""
    url: str = ""

    @property
    def name(self):
        return self.paper.name if self.paper is not None else ""


def content_of(document):
    """What the sign page shows of `document` beyond its number and chain."""
    paper = _declared.get(document.slip_type)
    if paper is None or paper.content is None:
        return PaperContent(paper)
    record = paper.content(document)
    if record is None:
        return PaperContent(paper)
    url = paper.page_url(record) if paper.page_url is not None else ""
    return PaperContent(paper, record, paper.detail_template, url or "")


def data_of(content, *, user):
    """The paper's record as data for the API detail ({} when it declares none)."""
    paper = content.paper
    if content.record is None or paper is None or paper.content_data is None:
        return {}
    return paper.content_data(content.record, user=user)


def summaries_of(documents):
    """{document pk: one line} for `documents` of any types: each declared `summaries`
    function is called once with all its documents (inbox pages: no query per row)."""
    by_function: dict[Callable, list] = {}
    for document in documents:
        paper = _declared.get(document.slip_type)
        if paper is not None and paper.summaries is not None:
            by_function.setdefault(paper.summaries, []).append(document)
    lines = {}
    for summarise, group in by_function.items():
        lines.update(summarise(group))
    return lines


# ---------------------------------------------------------------- scope codes
_scope_codes: dict[str, Callable] = {}


def register_scope_codes(kind, codes):
    """`codes(pks)` returns {pk: short code} ("JJ", "CP"); the owner of workshops,
    warehouses, partners or customers registers it at start-up, so a book's code and
    number prefix carry the code a person knows (SR-JJ-2026-000001)."""
    _scope_codes[kind] = codes


def _scope_code(scope):
    if scope.is_everywhere:
        return ""
    coder = _scope_codes.get(scope.kind)
    code = coder([scope.pk]).get(scope.pk) if coder else None
    return code or f"{scope.kind[:1].upper()}{scope.pk}"


# ---------------------------------------------------------------- books
def book_for(paper_type, scope=None, on_date=None, *, actor=None):
    """The open book that numbers `paper_type` for `scope` on `on_date` (today when
    omitted), opened on first use. A yearly rule keeps one book per year, so the first
    paper of a new year opens a new book; a closed book is followed by a successor that
    continues its numbers. `scope` is a Scope, a stored key or None (everywhere)."""
    paper = get(paper_type)
    scope = Scope.parse(scope) if scope is not None else Scope.everywhere()
    if not paper.book_rule.accepts(scope):
        raise ValueError(f"{paper.code} keeps no book for scope {scope.key!r}")
    year = (on_date or timezone.localdate()).year if paper.book_rule.is_yearly else None
    books = DocumentBook.objects.filter(slip_type=paper.code, scope_key=scope.key, year=year)
    book = books.filter(is_closed=False).order_by("-id").first()
    if book is not None:
        return book
    with transaction.atomic():
        _lock_opening(paper.code, scope.key, year)
        book = books.filter(is_closed=False).order_by("-id").first()  # opened meanwhile?
        if book is not None:
            return book
        predecessor = books.filter(is_closed=True, successor__isnull=True).order_by("-id").first()
        return _open_book(paper, scope, year, predecessor, actor)


def _lock_opening(code, scope_key, year):
    """Two people writing the first paper of a book at the same moment open it once. On
    SQLite a write transaction already excludes the other; PostgreSQL takes a
    transaction-scoped advisory lock named after the book's type, scope and year."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"{code}|{scope_key}|{year}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def _open_book(paper, scope, year, predecessor, actor):
    prefix = "-".join(part for part in (paper.prefix, _scope_code(scope)) if part)
    base_code = "-".join(str(part) for part in (prefix, year) if part)
    with translation.override(settings.LANGUAGE_CODE):
        name = _book_name(paper, scope, year, predecessor)
    return numbering.create_book(
        actor=actor,
        code=_free_code(base_code),
        name=name,
        slip_type=paper.code,
        scope_key=scope.key,
        prefix=prefix,
        year=year,
        number_format=paper.format,
        first_number=predecessor.next_number if predecessor else 1,
        predecessor=predecessor,
    )


def _book_name(paper, scope, year, predecessor):
    name = str(paper.name) if scope.is_everywhere else f"{scope.name}{paper.name}"
    if year:
        name = f"{name} {year}"
    if predecessor is not None:
        count = 2
        while predecessor.predecessor_id:
            predecessor, count = predecessor.predecessor, count + 1
        name = _("%(name)s (book %(count)s)") % {"name": name, "count": count}
    return name[:120]


def _free_code(base_code):
    taken = set(
        DocumentBook.objects.filter(code__startswith=base_code).values_list("code", flat=True)
    )
    if base_code not in taken:
        return base_code
    suffix = 2
    while f"{base_code}-{suffix}" in taken:
        suffix += 1
    return f"{base_code}-{suffix}"


# ---------------------------------------------------------------- plain papers
def write_paper(*, actor, paper_type, scope=None, title="", on_date=None, origin=None):
    """Write a draft of a plain paper (one with no record of its own beyond its
    document, such as the transfer slip until the shop floor module gives it lines),
    numbered from its book. Refused for a paper type that has its own writing service,
    and for a writer who holds none of its writer roles in its scope."""
    paper = get(paper_type)
    if not paper.is_plain:
        if paper.writing_url:
            raise DomainError(
                _(
                    "%(paper)s is written on its own page, %(url)s, with its lines; not as "
                    "a plain document."
                )
                % {"paper": paper.name, "url": reverse(paper.writing_url)},
                field="paper_type",
            )
        raise DomainError(
            _("%(paper)s is written on its own page or API, not as a plain document.")
            % {"paper": paper.name},
            field="paper_type",
        )
    scope = _parse_scope(scope)
    if not paper.book_rule.accepts(scope):
        raise DomainError(
            _("%(paper)s is numbered per %(kinds)s; choose one for it.")
            % {"paper": paper.name, "kinds": _kinds_phrase(paper.book_rule)},
            field="scope",
        )
    _require_writer(actor, paper, scope)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("A title is required."), field="title")
    with transaction.atomic():
        book = book_for(paper, scope, on_date, actor=actor)
        return numbering.open_document(
            actor=actor, book=book, title=title[:200], is_signed=paper.is_signed, origin=origin
        )


def _parse_scope(scope):
    try:
        return Scope.parse(scope) if scope else Scope.everywhere()
    except ValueError:
        raise DomainError(
            _("“%(scope)s” is not a workshop, warehouse, supplier or customer.") % {"scope": scope},
            field="scope",
        ) from None


def _kinds_phrase(rule):
    names = {
        scopes.WORKSHOP: _("workshop"),
        scopes.WAREHOUSE: _("warehouse"),
        scopes.SUPPLIER: _("supplier"),
        scopes.CUSTOMER: _("customer"),
        EVERYWHERE: _("the whole company"),
    }
    return _(" or ").join(str(names[kind]) for kind in rule.per)


def _require_writer(actor, paper, scope):
    if actor.is_superuser:
        return
    today = timezone.localdate()
    if any(
        directory().authorities(actor, role_code, scope.key, today)
        for role_code in paper.writer_roles
    ):
        return
    raise PermissionDenied(
        _("Only a %(roles)s for %(scope)s may write %(paper)s.")
        % {
            "roles": " / ".join(directory().role_name(code) for code in paper.writer_roles),
            "scope": scope.name,
            "paper": paper.name,
        }
    )


# ---------------------------------------------------------------- default chains
def install_default_chains(chain_model, step_model, paper_types=None):
    """Create the default chain of every declared (or the given) signed paper type that
    has none yet; an administrator's chain — edited or not — is left alone. Takes the
    models as arguments so a migration can pass its historical ones. Returns the codes
    of the chains it created."""
    created = []
    for paper in paper_types if paper_types is not None else all():
        if paper.chain is None or chain_model.objects.filter(slip_type=paper.code).exists():
            continue
        chain = chain_model.objects.create(
            slip_type=paper.code, name=paper.chain.name, description=""
        )
        step_model.objects.bulk_create(
            step_model(chain=chain, position=position, **step.as_fields())
            for position, step in enumerate(paper.chain.steps, start=1)
        )
        created.append(paper.code)
    return created


def install_defaults_after_migrate(sender, apps=None, using="default", **kwargs):
    """post_migrate receiver (connected in CoreConfig.ready): default chains for every
    declared paper type, like Django's default permissions. Books open on first use."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    try:
        chain_model = apps.get_model("core", "ChainDefinition")
        step_model = apps.get_model("core", "ChainStep")
    except LookupError:  # migrated backwards past core's first migration
        return
    with transaction.atomic(using=using):
        install_default_chains(chain_model, step_model)


def missing_chains():
    """`gendan check`: one line per declared signed paper type that has no chain (an
    administrator deleted it); such papers cannot be written until it is back."""
    present = set(ChainDefinition.objects.values_list("slip_type", flat=True))
    for paper in all():
        if paper.is_signed and paper.code not in present:
            yield (
                f"{paper.name} ({paper.code}) has no signature chain; "
                "`gendan migrate` installs its default one"
            )


# ---------------------------------------------------------------- related papers
_related = []


def register_related(source):
    """`source(document)` → [(label, other document)]: papers tied to this one."""
    _related.append(source)
    return source


def related_of(document):
    """[(label, other document, url)] for the papers tied to `document`: each other
    paper's own page when its type has one, else its sign page."""
    found = []
    for source in _related:
        for label, other in source(document):
            found.append((label, other, _url_of(other)))
    return found


def _url_of(document):
    try:
        paper = get(document.slip_type)
    except UnknownPaperType:
        paper = None
    if paper is not None and paper.content and paper.page_url:
        record = paper.content(document)
        if record is not None:
            url = paper.page_url(record)
            if url:
                return url
    return reverse("core:document-detail", args=[document.pk])
