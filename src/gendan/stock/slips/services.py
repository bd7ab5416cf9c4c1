"""Every write to a warehouse slip: plain functions taking the acting user, one
transaction each, an audit row inside, a DomainError naming the field or line on refusal.

A slip is written as a draft, edited only while it is a draft, submitted to its chain,
and posts (moves stock) when its last required step is signed. A posted slip is never
edited or voided: a reversing slip in the same book corrects it (invariant 2).
"""

import functools

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, chains, numbering, papers
from gendan.core.access import can_see_document
from gendan.core.errors import DomainError, InvalidTransition, NotFound, PermissionDenied
from gendan.core.models import Document
from gendan.core.pinyin import search_key
from gendan.core.roles import directory, scope_keys
from gendan.core.scopes import Scope
from gendan.core.scopes import describe as describe_scopes
from gendan.stock.slips import validation
from gendan.stock.slips.kinds import rules_for
from gendan.stock.slips.models import SlipLine, StockSlip
from gendan.stock.slips.validation import LINE_FIELDS


# ---------------------------------------------------------------- writing
def write_slip(
    *,
    actor,
    kind,
    warehouse,
    lines,
    workshop=None,
    partner=None,
    order=None,
    explanation="",
    origin=None,
):
    """Write a draft slip of `kind` with its lines, numbered from its book.

    Refused: a missing workshop/supplier, a line the warehouse does not manage (D1-6.2),
    a quantity that is not positive in the unit's precision, a steel issue line without
    product model, part name, spec, grade and weight (D1-3.1), a return, replenishment or
    replacement without an explanation (D1-5.3)."""
    rules = rules_for(kind)
    explanation = (explanation or "").strip()
    validation.validate_header(rules, workshop, partner, explanation)
    scope_key, co_scope_key = document_scope(warehouse, workshop)
    _require_writer(actor, rules, (scope_key, co_scope_key))
    cleaned = validation.validate_lines(rules, warehouse, lines)
    with transaction.atomic():
        book = papers.book_for(
            rules.slip_type,
            _book_scope(rules, workshop, partner),
            timezone.localdate(),
            actor=actor,
        )
        document = numbering.open_document(
            actor=actor,
            book=book,
            title=_title(rules, cleaned),
            scope_key=scope_key,
            co_scope_key=co_scope_key,
            origin=origin,
        )
        slip = StockSlip.objects.create(
            document=document,
            kind=rules.kind,
            warehouse=warehouse,
            workshop=workshop,
            partner=partner,
            order=order,
            explanation=explanation,
        )
        _replace_lines(slip, cleaned)
        _index(slip, cleaned)
        audit.record(
            actor=actor, action="slip.write", obj=slip, after=_state(slip, cleaned), origin=origin
        )
    return slip


def update_slip(*, actor, slip, lines, explanation=None, order=None, origin=None):
    """Replace a draft's lines (and explanation). Only the author edits, only a draft:
    a slip on its chain is withdrawn or rejected first; a posted slip is never edited."""
    rules = rules_for(slip.kind)
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).get(pk=slip.document_id)
        _require_editable(actor, document)
        slip = StockSlip.objects.select_for_update(of=("self",)).get(pk=slip.pk)
        if explanation is not None:
            slip.explanation = explanation.strip()
        validation.validate_header(rules, slip.workshop, slip.partner, slip.explanation)
        cleaned = validation.validate_lines(rules, slip.warehouse, lines)
        before = _state(slip, [_line_dict(line) for line in slip.lines.all()])
        slip.order = order if order is not None else slip.order
        slip.save(update_fields=["explanation", "order"])
        _replace_lines(slip, cleaned)
        document.title = _title(rules, cleaned)
        document.save(update_fields=["title"])
        slip.document = document
        _index(slip, cleaned)
        audit.record(
            actor=actor,
            action="slip.edit",
            obj=slip,
            before=before,
            after=_state(slip, cleaned),
            origin=origin,
        )
    return slip


def submit_slip(*, actor, slip, origin=None):
    chains.submit(actor=actor, document=slip.document, origin=origin)
    return _fresh(slip)


def sign_slip(*, actor, slip, note="", origin=None):
    """Sign the slip's next step; signing the last required step posts it."""
    chains.sign(actor=actor, document=slip.document, note=note, origin=origin)
    return _fresh(slip)


def reject_slip(*, actor, slip, reason, return_to_step=None, origin=None):
    chains.reject(
        actor=actor,
        document=slip.document,
        reason=reason,
        return_to_step=return_to_step,
        origin=origin,
    )
    return _fresh(slip)


def void_slip(*, actor, slip, reason, origin=None):
    """A spoiled draft keeps its number; a posted slip is refused (reverse it instead)."""
    numbering.void_document(actor=actor, document=slip.document, reason=reason, origin=origin)
    return _fresh(slip)


def post_slip(*, actor, slip, note="", origin=None):
    """Posting is signing the last required step. This signs the next step only when it
    is that last one, so a caller never skips a step by asking to post."""
    document = Document.objects.get(pk=slip.document_id)
    if document.status == Document.Status.POSTED:
        raise InvalidTransition(
            _("%(number)s is already posted; a slip posts once.") % {"number": document.number}
        )
    if document.status != Document.Status.PENDING:
        raise InvalidTransition(
            _("%(number)s is not awaiting signatures; submit it first.")
            % {"number": document.number}
        )
    state = chains.replay(document)
    remaining = [s for s in state.steps[state.pointer :] if s.is_required]
    if len(remaining) > 1:
        raise InvalidTransition(
            _(
                "%(number)s still needs %(count)s signatures, the next being step %(pos)s "
                "(%(name)s); it posts when the last one is signed."
            )
            % {
                "number": document.number,
                "count": len(remaining),
                "pos": remaining[0].position,
                "name": remaining[0].name,
            }
        )
    return sign_slip(actor=actor, slip=slip, note=note, origin=origin)


def reverse_slip(*, actor, slip, reason, origin=None):
    """Correct a posted slip: a new slip in the same book, with the same lines, whose
    posting moves every quantity back (invariant 2). It goes through the same chain."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required to reverse a slip."), field="reason")
    with transaction.atomic():
        original = StockSlip.objects.select_for_update(of=("self",)).get(pk=slip.pk)
        document = Document.objects.get(pk=original.document_id)
        _require_reversible(actor, original, document)
        reversal_document = numbering.open_document(
            actor=actor,
            book=document.book,
            title=_("Reverses %(number)s: %(reason)s")
            % {"number": document.number, "reason": reason},
            scope_key=document.scope_key,
            co_scope_key=document.co_scope_key,
            origin=origin,
        )
        reversal = StockSlip.objects.create(
            document=reversal_document,
            kind=original.kind,
            warehouse=original.warehouse,
            workshop=original.workshop,
            partner=original.partner,
            order=original.order,
            explanation=reason,
            reverses=original,
        )
        lines = [_line_dict(line) for line in original.lines.all()]
        _replace_lines(reversal, lines)
        _index(reversal, lines)
        audit.record(
            actor=actor,
            action="slip.reverse",
            obj=original,
            after={"reversal": reversal_document.number, "reason": reason},
            origin=origin,
        )
        chains.submit(actor=actor, document=reversal_document, origin=origin)
    return _fresh(reversal)


# ---------------------------------------------------------------- rules
def document_scope(warehouse, workshop):
    """The slip document's (scope_key, co_scope_key); see kinds.py. A slip that names a
    workshop is scoped to the workshop, with its warehouse as the second scope (where the
    storekeeper is granted); a slip without a workshop is scoped to its warehouse only."""
    if workshop is not None:
        return workshop.scope_key, warehouse.scope_key
    return warehouse.scope_key, ""


def _require_writer(actor, rules, scopes):
    """The writer holds one of the kind's writer roles in one of the slip's scopes (the
    same rule as for signing it)."""
    if actor.is_superuser:
        return
    today = timezone.localdate()
    for role_code in rules.writer_roles:
        if directory().authorities(actor, role_code, scopes, today):
            return
    raise PermissionDenied(
        _("Only a %(roles)s for %(scope)s may write this slip.")
        % {
            "roles": " / ".join(directory().role_name(code) for code in rules.writer_roles),
            "scope": describe_scopes(scope_keys(scopes)),
        }
    )


def _require_editable(actor, document):
    if document.status == Document.Status.POSTED:
        raise InvalidTransition(
            _("%(number)s is posted and can never be edited; correct it with a reversing slip.")
            % {"number": document.number}
        )
    if document.status != Document.Status.DRAFT:
        raise InvalidTransition(
            _("%(number)s is %(status)s; only a draft can be edited.")
            % {"number": document.number, "status": document.get_status_display()}
        )
    if document.author_id != actor.pk:
        raise PermissionDenied(
            _("Only the author of %(number)s may edit it.") % {"number": document.number}
        )


def _require_reversible(actor, original, document):
    if original.reverses_id:
        raise InvalidTransition(
            _("%(number)s is itself a reversal and cannot be reversed.")
            % {"number": document.number}
        )
    if document.status != Document.Status.POSTED:
        raise InvalidTransition(
            _("%(number)s is not posted; only a posted slip is reversed (void a draft instead).")
            % {"number": document.number}
        )
    existing = StockSlip.objects.filter(reverses=original).exclude(
        document__status=Document.Status.VOIDED
    )
    if existing.exists():
        raise InvalidTransition(
            _("%(number)s already has a reversing slip.") % {"number": document.number}
        )
    if not can_see_document(actor, document):
        raise NotFound()
    _require_reverser(actor, original, document)


REVERSER_ROLES = ("storekeeper", "chief_storekeeper")  # the matrix's `slip.reverse` roles


def _require_reverser(actor, slip, document):
    """Only the slip's own storekeeper or chief storekeeper (the permission matrix's
    `slip.reverse`), or a holder of a role that writes this kind of slip, in the slip's
    warehouse or workshop (or granted everywhere), reverses it: seeing a slip is not
    enough. The reversal then goes through the whole chain again."""
    from gendan.core import permissions

    if permissions.allows(actor, "slip", "reverse", scope=document.scope_keys):
        return
    today = timezone.localdate()
    writers = rules_for(slip.kind).writer_roles
    if any(directory().authorities(actor, role, document.scope_keys, today) for role in writers):
        return
    roles = (*permissions.roles_with("slip", "reverse"), *writers)
    raise PermissionDenied(
        _("Only a %(roles)s of %(scope)s may reverse %(number)s.")
        % {
            "roles": " / ".join(directory().role_name(role) for role in roles),
            "scope": describe_scopes(document.scope_keys),
            "number": document.number,
        }
    )


# ---------------------------------------------------------------- helpers
def _book_scope(rules, workshop, partner):
    """One book per workshop, or per supplier/outsourcer, and per year (D1-3.5, D1-3.6);
    the rule is declared with the slip papers (slips/papers.py)."""
    return Scope.supplier(partner) if rules.book_per_partner else Scope.workshop(workshop)


def _title(rules, lines):
    first = lines[0]
    title = f"{first['item'].name} × {first['quantity'].normalize():f}"
    if len(lines) > 1:
        title += _(" and %(count)s more") % {"count": len(lines) - 1}
    return title[:200]


def _replace_lines(slip, lines):
    """Write the slip's lines as rows, without a model instance per line: COPY on
    PostgreSQL, one prepared executemany on SQLite. A column the line does not give
    (its batch and places, set when it posts) takes the field's default."""
    slip.lines.all().delete()
    columns = _line_columns()
    rows = [
        (slip.pk, position, *(_column_value(line, *column) for column in columns))
        for position, line in enumerate(lines, start=1)
    ]
    names = ", ".join(["slip_id", "position", *(field.column for field, *_rest in columns)])
    table = f"{SlipLine._meta.db_table} ({names})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (len(columns) + 2))
            cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


@functools.cache
def _line_columns():
    """(field, is a link, default) of each line column but the slip and position; a
    callable default is called per line. (No line field is filled in by pre_save, as
    auto_now would be: such a field would need its value here.)"""
    fields = [f for f in SlipLine._meta.concrete_fields if f.name not in ("id", "slip", "position")]
    return [(field, field.is_relation, _default_of(field)) for field in fields]


def _default_of(field):
    if field.has_default() and callable(field.default):
        return field.default
    return field.get_default()


def _column_value(line, field, is_link, default):
    value = line[field.name] if field.name in line else _default_value(default)
    return getattr(value, "pk", value) if is_link else value


def _default_value(default):
    return default() if callable(default) else default


def _line_dict(line):
    return {"item": line.item, "quantity": line.quantity} | {
        name: getattr(line, name) for name in LINE_FIELDS
    }


def _index(slip, lines):
    """The document's search text: number, title, items, batch numbers, partner, order
    (pinyin too). An item's code and name are converted once, not once per line."""
    document = slip.document
    texts = [document.number, document.title]
    for line in lines:
        texts += [line["item"].code, line["item"].name, line["batch_number"]]
    if slip.partner_id:
        texts.append(slip.partner.name)
    if slip.order_id:
        texts.append(slip.order.number)
    # each distinct text once (an item on many lines is indexed once), as search_key would
    document.search_text = " ".join(
        _search_words(str(text)) for text in dict.fromkeys(texts) if text
    )
    document.save(update_fields=["search_text"])


def _search_words(text):
    """search_key(text): pinyin leaves ASCII (codes, batch numbers) as it is, so those
    are written directly; other text (an item's name) is converted once and cached."""
    if text.isascii():
        return " ".join([text.lower()] * 3)
    return _pinyin_words(text)


@functools.lru_cache(maxsize=50_000)
def _pinyin_words(text):
    return search_key(text)


def _state(slip, lines):
    return {
        "kind": slip.kind,
        "explanation": slip.explanation,
        "lines": [{"item": line["item"].code, "quantity": str(line["quantity"])} for line in lines],
    }


def _fresh(slip):
    return StockSlip.objects.select_related("document").get(pk=slip.pk)
