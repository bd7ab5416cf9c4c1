"""Document books (invariant 2, D1-3.5, D1-3.6): gap-free numbers taken under a row lock."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import BookClosed, DomainError
from gendan.core.models import ChainDefinition, Document, DocumentBook
from gendan.core.pinyin import search_key


def create_book(
    *,
    actor,
    code,
    name,
    slip_type,
    scope_key="",
    prefix="",
    year=None,
    number_format="{prefix}-{year}-{seq:06d}",
    first_number=1,
    last_number=None,
    predecessor=None,
    origin=None,
):
    """Open a new book. A pad book starts at the pad's first printed number; a book
    that follows a closed one (`predecessor`) continues its numbers."""
    if last_number is not None and last_number < first_number:
        raise DomainError(
            _("The last number (%(last)s) is before the first number (%(first)s).")
            % {"last": last_number, "first": first_number},
            field="last_number",
        )
    if DocumentBook.objects.filter(code=code).exists():
        raise DomainError(
            _("A book with code %(code)s already exists.") % {"code": code}, field="code"
        )
    with transaction.atomic():
        book = DocumentBook.objects.create(
            code=code,
            name=name,
            slip_type=slip_type,
            scope_key=scope_key,
            prefix=prefix,
            year=year,
            number_format=number_format,
            first_number=first_number,
            last_number=last_number,
            next_number=first_number,
            predecessor=predecessor,
        )
        audit.record(
            actor=actor, action="book.create", obj=book, after=_book_state(book), origin=origin
        )
    return book


def close_book(*, actor, book, reason="", origin=None):
    """Close a book: no number is taken from it any more. The next paper of its type and
    scope opens a successor that continues its numbers (`papers.book_for`). Closing
    twice is refused; a closed book is never reopened."""
    with transaction.atomic():
        book = DocumentBook.objects.select_for_update(of=("self",)).get(pk=book.pk)
        if book.is_closed:
            raise DomainError(_("Book %(book)s is already closed.") % {"book": book})
        book.is_closed = True
        book.save(update_fields=["is_closed"])
        audit.record(
            actor=actor,
            action="book.close",
            obj=book,
            after={"is_closed": True, "reason": reason.strip()},
            origin=origin,
        )
    return book


def register_pad(*, actor, book, first_number, last_number, origin=None):
    """A new pre-printed pad (D1-3.5, D1-3.6) follows `book`: the book is closed (if it
    is still open) and a new book of the same paper type and scope numbers from the
    pad's first printed number to its last. A range that overlaps a number the same
    type and scope has already used, or could still use, is refused: no number is ever
    printed twice."""
    if first_number is None or last_number is None or first_number < 1:
        raise DomainError(
            _("Give the first and the last number printed on the pad (whole numbers from 1)."),
            field="first_number",
        )
    if last_number < first_number:
        raise DomainError(
            _("The last number (%(last)s) is before the first number (%(first)s).")
            % {"last": last_number, "first": first_number},
            field="last_number",
        )
    with transaction.atomic():
        book = DocumentBook.objects.select_for_update(of=("self",)).get(pk=book.pk)
        if DocumentBook.objects.filter(predecessor=book).exists():
            raise DomainError(
                _("Book %(book)s already has a following book; register the pad after that one.")
                % {"book": book},
                field="book",
            )
        siblings = DocumentBook.objects.filter(
            slip_type=book.slip_type, scope_key=book.scope_key, year=book.year
        )
        for other in siblings:
            # a pad's printed range counts whole, used or not; a book without one, what
            # it handed out
            used_to = other.last_number or other.next_number - 1
            if first_number <= used_to and last_number >= other.first_number:
                raise DomainError(
                    _(
                        "Numbers %(first)s–%(last)s overlap book %(book)s "
                        "(%(from)s–%(to)s); a number is never used twice."
                    )
                    % {
                        "first": first_number,
                        "last": last_number,
                        "book": other.code,
                        "from": other.first_number,
                        "to": used_to,
                    },
                    field="first_number",
                )
        if not book.is_closed:
            close_book(actor=actor, book=book, reason=_("a new pad follows it"), origin=origin)
        count = 2
        walker = book
        while walker.predecessor_id:
            walker, count = walker.predecessor, count + 1
        base = book.name.split(" (")[0]
        name = _("%(name)s (book %(count)s)") % {"name": base, "count": count}
        code = book.code.rsplit("-P", 1)[0] + f"-P{count}"
        while DocumentBook.objects.filter(code=code).exists():
            count += 1
            code = book.code.rsplit("-P", 1)[0] + f"-P{count}"
        return create_book(
            actor=actor,
            code=code,
            name=name[:120],
            slip_type=book.slip_type,
            scope_key=book.scope_key,
            prefix=book.prefix,
            year=book.year,
            number_format=book.number_format,
            first_number=first_number,
            last_number=last_number,
            predecessor=book,
            origin=origin,
        )


def _book_state(book):
    return {
        "slip_type": book.slip_type,
        "scope": book.scope_key,
        "format": book.number_format,
        "first": book.first_number,
        "last": book.last_number,
        "follows": book.predecessor.code if book.predecessor_id else None,
    }


def _take_sequence(book_id):
    """Lock the book row and hand out its next number. Call inside a transaction."""
    book = DocumentBook.objects.select_for_update(of=("self",)).get(pk=book_id)
    if book.is_closed:
        raise BookClosed(
            _("Book %(book)s is closed; no more numbers can be taken from it.") % {"book": book}
        )
    if book.last_number is not None and book.next_number > book.last_number:
        raise BookClosed(
            _("Book %(book)s has used its last pre-printed number %(last)s; start a new pad.")
            % {"book": book, "last": book.last_number}
        )
    sequence = book.next_number
    DocumentBook.objects.filter(pk=book.pk).update(next_number=F("next_number") + 1)
    return book, sequence


def open_document(
    *, actor, book, title="", scope_key=None, co_scope_key="", is_signed=True, origin=None
):
    """Take the book's next number and create the document that carries it (a draft).

    The number and the document are created in one transaction, so a number is never
    handed out without a document to account for it. `is_signed=False` numbers a paper
    that has no signature chain (an order or a contract). `co_scope_key` is a second
    scope whose role holders may also sign and see it (a workshop's slip names its
    warehouse, where the storekeeper is granted).
    """
    with transaction.atomic():
        book, sequence = _take_sequence(book.pk)
        chain = ChainDefinition.objects.filter(slip_type=book.slip_type).first()
        if chain is None and is_signed:
            raise DomainError(
                _("Slip type %(type)s has no signature chain; an administrator must define one.")
                % {"type": book.slip_type}
            )
        number = book.format_number(sequence)
        document = Document.objects.create(
            book=book,
            sequence=sequence,
            number=number,
            chain=chain,
            slip_type=book.slip_type,
            scope_key=book.scope_key if scope_key is None else scope_key,
            co_scope_key=co_scope_key,
            title=title,
            author=actor,
            created_at=timezone.now(),
            search_text=search_key(number, title),
        )
        audit.record(
            actor=actor,
            action="document.open",
            obj=document,
            after={"number": number, "book": book.code, "title": title},
            origin=origin,
        )
    return document


def _take_back(document, *, actor, reason, origin):
    """What the paper carried stops being in force with it (issue 9), in the same
    transaction: its type's declared `voiding` handler does that, or refuses."""
    from gendan.core import papers  # papers opens books through this module

    handler = papers.voiding_handler(document.slip_type)
    if handler is not None:
        handler(document=document, actor=actor, reason=reason, origin=origin)


def void_document(*, actor, document, reason, origin=None):
    """Void a spoiled document: it keeps its number, with the reason, who and when.

    A posted document is never voided — it is corrected by a reversing document.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to void a document."), field="reason")
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
        if document.status == Document.Status.POSTED:
            raise DomainError(
                _(
                    "%(number)s is posted and cannot be voided; reverse it with a reversing slip instead."
                )
                % {"number": document.number}
            )
        if document.status == Document.Status.VOIDED:
            raise DomainError(_("%(number)s is already voided.") % {"number": document.number})
        if document.author_id != actor.pk and not actor.has_perm("core.void_document", document):
            raise DomainError(
                _("Only the author or a holder of the void permission may void a document.")
            )
        before = document.status
        _take_back(document, actor=actor, reason=reason, origin=origin)
        document.status = Document.Status.VOIDED
        document.voided_at = timezone.now()
        document.voided_by = actor
        document.void_reason = reason
        document.current_step = None
        document.current_role_code = ""
        document.save(
            update_fields=[
                "status",
                "voided_at",
                "voided_by",
                "void_reason",
                "current_step",
                "current_role_code",
            ]
        )
        audit.record(
            actor=actor,
            action="document.void",
            obj=document,
            before={"status": before},
            after={"status": document.status, "reason": reason},
            origin=origin,
        )
    return document
