"""Counts of work in progress (在产品盘点, D1-1.5): every write, one transaction each, an
audit row inside, a DomainError naming the line on refusal (and then nothing changes).

- `open_wip_count`: the statistician or workshop director opens a count of a workshop:
  the books' figure of every lot at each of its operations, its waiting area and its
  rework area is frozen as `expected`; the sheet goes straight to the clerk's step.
- `record_counts`: the clerk or team leader enters what was counted and explains each
  shortfall — found elsewhere on the sheet, or scrapped; parts found at a place the
  sheet did not list are added there. A lot counted at more than the sheet holds of it
  is refused: parts cannot appear from nowhere.
- `sign_wip_count`: the clerk hands the counted sheet in (refused while a place is not
  counted or a difference is not explained), the workshop director signs it off.
- `post_wip_count`: the director's signature posts it: in ONE ledger posting, each
  shortfall found elsewhere moves to the place where it was found, each scrapped one to
  the workshop's scrap place. Nothing goes to stock's count-adjustment location, so
  every part of every lot is still somewhere (`queries.lot_problems`).
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, chains, numbering, papers, permissions
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import Document
from gendan.core.parsing import parse_quantity
from gendan.core.roles import directory
from gendan.core.scopes import Scope
from gendan.shopfloor import places
from gendan.shopfloor.models import WorkPlace
from gendan.shopfloor.wip_models import WipCount, WipCountLine
from gendan.shopfloor.wip_papers import COUNTING_STEP, WIP_COUNT_TYPE
from gendan.stock import ledger
from gendan.stock.models import Location, StockBalance

Kind = WorkPlace.Kind
COUNTED_KINDS = (Kind.OPERATION, Kind.WAITING, Kind.REWORK)
FOUND, SCRAP = "found", "scrap"  # how a shortfall is explained


class WipCountRefused(DomainError):
    pass


class SurplusFromNowhere(WipCountRefused):
    """A lot counted at more than the sheet holds of it: parts cannot appear from nowhere."""

    status_code = 409


class DifferenceUnexplained(WipCountRefused):
    status_code = 409


# ---------------------------------------------------------------- gates
def _require(actor, action, scope_key, what):
    if permissions.allows(actor, "wip_count", action, scope=(scope_key,)):
        return
    roles = permissions.roles_with("wip_count", action, levels=(permissions.IN_SCOPE,))
    raise PermissionDenied(
        _("Only a %(roles)s of %(scope)s may %(what)s.")
        % {
            "roles": " / ".join(directory().role_name(role) for role in roles),
            "scope": Scope.parse(scope_key).name,
            "what": what,
        }
    )


def counted_places(workshop):
    """The workshop's places a WIP count covers: its operations, waiting area, rework."""
    return Location.objects.filter(
        work_place__workshop=workshop, work_place__kind__in=COUNTED_KINDS
    )


# ---------------------------------------------------------------- opening
def open_wip_count(*, actor, workshop, origin=None):
    """A WIP count of `workshop`: one line per lot and place holding parts, the books'
    figure frozen as `expected`; it waits for the clerk's count (D1-1.5)."""
    _require(actor, "create", workshop.scope_key, _("open a WIP count"))
    with transaction.atomic():
        book = papers.book_for(WIP_COUNT_TYPE, Scope.workshop(workshop), actor=actor)
        document = numbering.open_document(
            actor=actor,
            book=book,
            title=str(_("WIP count %(workshop)s") % {"workshop": workshop.name}),
            origin=origin,
        )
        sheet = WipCount.objects.create(
            document=document, workshop=workshop, opened_at=timezone.now()
        )
        balances = StockBalance.objects.filter(
            location__in=counted_places(workshop), batch__lot__isnull=False, quantity__gt=0
        ).values_list("batch__lot__id", "location_id", "quantity")
        WipCountLine.objects.bulk_create(
            (
                WipCountLine(sheet=sheet, lot_id=lot_id, place_id=place_id, expected=quantity)
                for lot_id, place_id, quantity in balances.order_by("location_id", "batch_id")
            ),
            batch_size=2000,
        )
        chains.submit(actor=actor, document=document, origin=origin)
        audit.record(
            actor=actor,
            action="shopfloor.wip_count.open",
            obj=document,
            after={"workshop": workshop.code, "lines": sheet.lines.count()},
            origin=origin,
        )
    sheet.document.refresh_from_db()
    return sheet


# ---------------------------------------------------------------- counting
def record_counts(*, actor, sheet, entries, origin=None):
    """Store counted quantities and explanations. Each entry is a dict with either
    `line` (a line of the sheet) or `lot` and `place` (parts found at a place the sheet
    does not list), `counted`, and for a shortfall `explanation` ("found": found
    elsewhere on the sheet, "scrap": scrapped) or `scrapped` (how much of it was
    scrapped; the rest was found elsewhere), and `note`. All or nothing."""
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).get(pk=sheet.document_id)
        _require(actor, "count", document.scope_key, _("enter counted quantities"))
        _require_counting(document)
        lines = _lines_named(sheet, entries)
        totals = _lot_totals(sheet)
        changed, added = [], []
        for index, entry in enumerate(entries, start=1):
            line = _line_for(sheet, lines, totals, entry, index)
            before = line.counted or Decimal(0)
            _apply(line, entry, index)
            totals[line.lot_id][1] += line.counted - before
            (added if line.pk is None else changed).append(line)
        _refuse_surplus_from_nowhere(changed + added, totals)
        _save(changed)
        WipCountLine.objects.bulk_create(added, batch_size=2000)
        audit.record(
            actor=actor,
            action="shopfloor.wip_count.record",
            obj=document,
            after={"lines": [_entered(line) for line in changed + added]},
            origin=origin,
        )
    return sheet


def _lines_named(sheet, entries):
    """The sheet's lines the entries name (by line, or every line of a lot named with
    a place), loaded with what a message quotes: {(lot id, place id): line}."""
    ids = [entry["line"].pk for entry in entries if entry.get("line") is not None]
    lots = [entry["lot"].pk for entry in entries if entry.get("line") is None and entry.get("lot")]
    found = {}
    named = sheet.lines.select_related("lot__item__unit", "lot__document", "place")
    for start in range(0, max(len(ids), 1), 5000):
        chunk = named.filter(Q(pk__in=ids[start : start + 5000]) | Q(lot_id__in=lots))
        found.update({(line.lot_id, line.place_id): line for line in chunk})
    return found


def _lot_totals(sheet):
    """{lot id: [expected, counted]} summed over all the sheet's lines of each lot."""
    rows = (
        sheet.lines.values("lot_id")
        .annotate(expected=Sum("expected"), counted=Sum("counted"))
        .values_list("lot_id", "expected", "counted")
    )
    return {lot_id: [expected, counted or Decimal(0)] for lot_id, expected, counted in rows}


def _save(changed):
    """The counted lines, one UPDATE statement each sent in one batch (a CASE per line,
    as `bulk_update` writes, is far slower for thousands of lines)."""
    if not changed:
        return
    table = WipCountLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET counted = %s, scrapped = %s, note = %s WHERE id = %s",
            [(line.counted, line.scrapped, line.note, line.pk) for line in changed],
        )


def _require_counting(document):
    if document.status == Document.Status.PENDING and document.current_step == COUNTING_STEP:
        return
    raise InvalidTransition(
        _("%(number)s has been handed in; counted quantities can no longer change.")
        % {"number": document.number}
    )


def _entered(line):
    return {
        "lot": line.lot_id,
        "place": line.place_id,
        "counted": str(line.counted),
        "scrapped": None if line.scrapped is None else str(line.scrapped),
        "found_here": line.is_found,
    }


def _line_for(sheet, lines, totals, entry, index):
    line = entry.get("line")
    if line is not None:
        found = lines.get((line.lot_id, line.place_id))
        if found is None or found.pk != line.pk or line.sheet_id != sheet.pk:
            raise WipCountRefused(
                _("Entry %(index)s: that line is not on %(number)s.")
                % {"index": index, "number": sheet.document.number},
                field=f"lines[{index}].line",
            )
        return found
    lot, place = entry.get("lot"), entry.get("place")
    if lot is None or place is None:
        raise WipCountRefused(
            _("Entry %(index)s: name the line, or the lot and the place.") % {"index": index},
            field=f"lines[{index}]",
        )
    found = lines.get((lot.pk, place.pk))
    if found is None:
        found = _found_line(sheet, totals, lot, place, index)
        lines[(lot.pk, place.pk)] = found
    return found


def _found_line(sheet, totals, lot, place, index):
    """A line for parts of a lot of the sheet found at a place it did not list: one of
    the lot's operations in this workshop, or the workshop's waiting or rework area."""
    if lot.pk not in totals:
        raise SurplusFromNowhere(
            _(
                "Entry %(index)s: lot %(lot)s is not on %(number)s: no part of it was at this "
                "workshop's places when the count was opened, so none can be found here."
            )
            % {"index": index, "lot": lot, "number": sheet.document.number},
            field=f"lines[{index}].lot",
        )
    allowed = set(lot.steps.filter(workshop=sheet.workshop).values_list("location_id", flat=True))
    allowed |= {places.waiting_area(sheet.workshop).pk, places.rework_area(sheet.workshop).pk}
    if place.pk not in allowed:
        raise WipCountRefused(
            _(
                "Entry %(index)s: %(place)s is not a place of lot %(lot)s in %(workshop)s "
                "(its operations there, the waiting area or the rework area)."
            )
            % {"index": index, "place": place.name, "lot": lot, "workshop": sheet.workshop},
            field=f"lines[{index}].place",
        )
    line = WipCountLine(sheet=sheet, lot=lot, place=place, expected=Decimal(0), is_found=True)
    return line


def _label(line):
    return _("%(lot)s at %(place)s") % {"lot": line.lot.document.number, "place": line.place.name}


class _Label:
    """ "<lot> at <place>: <what>", put into words only when a refusal quotes it."""

    __slots__ = ("line", "what")

    def __init__(self, line, what):
        self.line, self.what = line, what

    def __str__(self):
        return _("%(line)s: %(what)s") % {"line": _label(self.line), "what": self.what}


def _apply(line, entry, index):
    unit = line.lot.item.unit
    line.counted = parse_quantity(
        entry.get("counted"),
        unit=unit,
        field=f"lines[{index}].counted",
        label=_Label(line, _("counted")),
        allow_zero=True,
    )
    line.note = (entry.get("note") or line.note or "")[:200]
    line.scrapped = _scrapped(line, entry, index)


def _scrapped(line, entry, index):
    shortfall = line.shortfall
    if not shortfall:
        return None
    explanation = entry.get("explanation") or ""
    if explanation == FOUND:
        return Decimal(0)
    if explanation == SCRAP:
        return shortfall
    if explanation:
        raise WipCountRefused(
            _("%(line)s: explain a shortfall as found elsewhere or scrapped.")
            % {"line": _label(line)},
            field=f"lines[{index}].explanation",
        )
    value = entry.get("scrapped")
    if value in (None, ""):
        return None  # not explained yet: handing in is refused until it is
    scrapped = parse_quantity(
        value,
        unit=line.lot.item.unit,
        field=f"lines[{index}].scrapped",
        label=_Label(line, _("scrapped")),
        allow_zero=True,
    )
    if scrapped > shortfall:
        raise WipCountRefused(
            _("%(line)s: %(scrapped)s scrapped, but only %(shortfall)s are missing.")
            % {
                "line": _label(line),
                "scrapped": _figure(scrapped),
                "shortfall": _figure(shortfall),
            },
            field=f"lines[{index}].scrapped",
        )
    return scrapped


def _figure(quantity):
    return f"{Decimal(quantity).normalize():f}"


def _by_lot(lines):
    grouped = defaultdict(list)
    for line in lines:
        grouped[line.lot_id].append(line)
    return grouped


def _refuse_surplus_from_nowhere(touched, totals):
    """Whatever is still to be counted, a lot counted at more than the sheet holds of
    it at all its places can never be explained: refused now, nothing is stored."""
    for line in touched:
        expected, counted = totals[line.lot_id]
        if counted > expected:
            refused = SurplusFromNowhere(
                _(
                    "Lot %(lot)s: %(counted)s counted, but the sheet holds only %(expected)s of "
                    "it at this workshop's places. Parts cannot appear from nowhere: a surplus "
                    "must be matched by a shortfall of the same lot at another place."
                )
                % {
                    "lot": line.lot.document.number,
                    "counted": _figure(counted),
                    "expected": _figure(expected),
                },
                field="counted",
            )
            refused.lot_id = line.lot_id
            raise refused


# ---------------------------------------------------------------- explanations
def problems(lines):
    """What keeps the sheet from being handed in or posted, in words (empty: none)."""
    lines = list(lines)
    uncounted = [line for line in lines if line.counted is None]
    if uncounted:
        return [
            _("Not counted yet: %(lines)s.")
            % {"lines": "、".join(str(_label(line)) for line in uncounted[:10])}
        ]
    found = [
        _("%(line)s: a shortfall of %(shortfall)s is not explained (found elsewhere or scrapped).")
        % {"line": _label(line), "shortfall": _figure(line.shortfall)}
        for line in lines
        if line.shortfall and line.scrapped is None
    ]
    for group in _by_lot(lines).values():
        found.extend(_lot_problem(group))
    return found


def _lot_problem(group):
    surplus = sum((line.surplus for line in group), Decimal(0))
    found = sum((line.found_elsewhere for line in group), Decimal(0))
    values = {
        "lot": group[0].lot.document.number,
        "surplus": _figure(surplus),
        "found": _figure(found),
    }
    if surplus > found:
        return [
            _(
                "Lot %(lot)s: %(surplus)s more counted than on the books, but only %(found)s "
                "missing elsewhere is marked as found. Parts cannot appear from nowhere: a "
                "surplus must be matched by a shortfall of the same lot at another place."
            )
            % values
        ]
    if found > surplus:
        return [
            _(
                "Lot %(lot)s: %(found)s marked as found elsewhere, but only %(surplus)s more "
                "counted at its other places; mark the rest scrapped, or enter the place "
                "where it was found."
            )
            % values
        ]
    return []


def _refuse_problems(sheet, lines):
    found = problems(lines)
    if found:
        raise DifferenceUnexplained(
            _("%(number)s cannot be handed in: %(problems)s")
            % {"number": sheet.document.number, "problems": " ".join(str(p) for p in found[:5])}
        )


def _loaded_lines(sheet):
    """The lines that matter to handing in and posting: those not counted yet and those
    whose count differs from the books (a line counted as expected explains and moves
    nothing), with everything a message or a move needs."""
    return list(
        sheet.lines.exclude(counted=F("expected"))
        .select_related("lot__item__unit", "lot__batch", "lot__document", "place")
        .order_by("lot_id", "place_id", "pk")
    )


# ---------------------------------------------------------------- signing and posting
def sign_wip_count(*, actor, sheet, note="", origin=None):
    """The next signature: the clerk hands the counted sheet in (every place counted,
    every difference explained), the workshop director signs it off — which posts it."""
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).get(pk=sheet.document_id)
        if document.status == Document.Status.PENDING and document.current_step == COUNTING_STEP:
            _refuse_problems(sheet, _loaded_lines(sheet))
        chains.sign(actor=actor, document=document, note=note, origin=origin)
    return WipCount.objects.select_related("document", "workshop").get(pk=sheet.pk)


def post_wip_count(*, document, actor):
    """Posting handler of the WIP count (inside the last signature's transaction): ONE
    ledger posting. Per lot, each shortfall's scrapped part goes to the workshop's scrap
    place, and the part found elsewhere to the places where more was counted."""
    sheet = WipCount.objects.select_related("workshop", "document").get(document=document)
    lines = _loaded_lines(sheet)
    _refuse_problems(sheet, lines)
    scrap = places.scrap_place(sheet.workshop)
    moves = []
    for group in _by_lot(lines).values():
        moves.extend(_moves_of_lot(group, scrap))
    return ledger.post_moves(actor=actor, moves=moves, document=document)


def _moves_of_lot(group, scrap):
    lot = group[0].lot
    moves = []

    def move(quantity, origin, target):
        moves.append(ledger.Move(lot.item, Decimal(quantity), origin, target, lot.batch))

    sources = []
    for line in group:
        if line.shortfall and line.scrapped:
            move(line.scrapped, line.place, scrap)
        if line.found_elsewhere:
            sources.append([line.place, line.found_elsewhere])
    for line in group:
        wanted = line.surplus
        while wanted and sources:
            source = sources[0]
            taken = min(wanted, source[1])
            move(taken, source[0], line.place)
            wanted -= taken
            source[1] -= taken
            if not source[1]:
                sources.pop(0)
    return moves
