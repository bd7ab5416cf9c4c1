"""Stock counts (盘点, D1-1.5): open a sheet with the books' figures, record what was
counted, sign it along the `stock.count` chain, and post every variance in one go."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit, chains, numbering, papers, permissions, scopes
from gendan.core.errors import DomainError, InvalidTransition, PermissionDenied
from gendan.core.models import Document
from gendan.core.roles import directory
from gendan.stock import ledger
from gendan.stock.locations import ADJUSTMENT_CODE, standard_location
from gendan.stock.models import CountLine, CountSheet, StockBalance

# An approved count is the documented way a shortfall leaves the books (invariant 1:
# a difference is explained and booked, never silently adjusted): its paper is declared
# as issuing stock in stock/papers.py.
COUNT_SLIP_TYPE = "stock.count"


class CountLineRefused(DomainError):
    pass


def counting_roles(action="count"):
    """The roles the permission matrix lets open counts or record counted quantities."""
    return permissions.roles_with("count", action)


COUNTING_ROLES = counting_roles()


def require_counter(actor, scope_keys, action="count"):
    """Only a storekeeper or chief storekeeper of the counted place's warehouse (or
    workshop) opens a count and records what was counted (D1-1.5), as the permission
    matrix says; anyone else is refused and nothing changes."""
    if permissions.allows(actor, "count", action, scope=scope_keys or ("",)):
        return
    raise PermissionDenied(
        _("Only a %(roles)s of %(scope)s may count this stock.")
        % {
            "roles": " / ".join(directory().role_name(role) for role in counting_roles(action)),
            "scope": scopes.describe(scope_keys),
        }
    )


def open_count(*, actor, location, origin=None):
    """A count sheet for `location` with one line per balance on hand, the books' figure
    frozen as `expected`."""
    require_counter(actor, (location.scope_key,), action="create")
    book = papers.book_for(COUNT_SLIP_TYPE, location.scope, timezone.localdate(), actor=actor)
    with transaction.atomic():
        document = numbering.open_document(
            actor=actor,
            book=book,
            title=str(_("Stock count %(location)s") % {"location": location.code}),
            origin=origin,
        )
        sheet = CountSheet.objects.create(
            document=document, location=location, opened_at=timezone.now()
        )
        balances = StockBalance.objects.filter(location=location).exclude(quantity=0)
        CountLine.objects.bulk_create(
            (
                CountLine(
                    sheet=sheet,
                    item_id=row.item_id,
                    batch_id=row.batch_id,
                    batch_key=row.batch_key,
                    expected=row.quantity,
                )
                for row in balances.order_by("item_id", "batch_key").iterator(chunk_size=5000)
            ),
            batch_size=2000,
        )
        audit.record(actor=actor, action="stock.count.open", obj=document, origin=origin)
    return sheet


def record_counted(*, actor, sheet, entries, origin=None):
    """Store counted quantities. `entries` is a list of (item, batch, quantity, is_found);
    an item the sheet does not list is refused unless marked as found stock. The audit
    row keeps every quantity entered."""
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).get(pk=sheet.document_id)
        require_counter(actor, document.scope_keys)
        if document.status != Document.Status.DRAFT:
            raise InvalidTransition(
                _("%(number)s has been handed in; counted quantities can no longer change.")
                % {"number": document.number}
            )
        lines = {(line.item_id, line.batch_key): line for line in sheet.lines.all()}
        changed, found = _apply_entries(sheet, lines, entries)
        CountLine.objects.bulk_update(changed, ["counted"], batch_size=2000)
        CountLine.objects.bulk_create(found, batch_size=2000)
        audit.record(
            actor=actor,
            action="stock.count.record",
            obj=document,
            after={"lines": [_entered(line) for line in (*changed, *found)]},
            origin=origin,
        )
    return sheet


def _entered(line):
    return {
        "item": line.item_id,
        "batch": line.batch_key,
        "counted": str(line.counted),
        "found": line.is_found_stock,
    }


def _apply_entries(sheet, lines, entries):
    changed, found = [], []
    for item, batch, quantity, is_found in entries:
        quantity = _counted_quantity(item, quantity)
        key = (item.pk, batch.pk if batch else 0)
        line = lines.get(key)
        if line is None and not is_found:
            raise CountLineRefused(
                _(
                    "%(item)s%(batch)s is not on the books at %(location)s; add it as found "
                    "stock if it was really counted there."
                )
                % {
                    "item": f"{item.code} {item.name}",
                    "batch": f" ({batch.number})" if batch else "",
                    "location": sheet.location,
                },
                field="item",
            )
        if line is None:
            line = CountLine(
                sheet=sheet, item=item, batch=batch, batch_key=key[1], is_found_stock=True
            )
            lines[key] = line
            found.append(line)
        elif line.pk:
            changed.append(line)
        line.counted = quantity
    return changed, found


def _counted_quantity(item, quantity):
    try:
        quantity = Decimal(str(quantity))
    except ArithmeticError:
        quantity = None
    if quantity is None or not quantity.is_finite() or quantity < 0:
        raise CountLineRefused(
            _("The counted quantity of %(item)s must be a number of zero or more.")
            % {"item": item.code},
            field="counted",
        )
    if quantity != round(quantity, item.unit.decimals):
        raise CountLineRefused(
            _("%(item)s is counted in %(unit)s with %(decimals)s decimal places, not %(q)s.")
            % {"item": item.code, "unit": item.unit, "decimals": item.unit.decimals, "q": quantity},
            field="counted",
        )
    return quantity


def submit_count(*, actor, sheet, origin=None):
    """Hand in the sheet for signatures; every line must carry a counted quantity."""
    missing = sheet.lines.filter(counted__isnull=True).select_related("item")[:20]
    if missing:
        raise CountLineRefused(
            _("These lines have no counted quantity yet: %(items)s.")
            % {"items": ", ".join(line.item.code for line in missing)},
            field="counted",
        )
    return chains.submit(actor=actor, document=sheet.document, origin=origin)


def post_count_adjustment(*, document, actor):
    """Posting handler of `stock.count`: ONE ledger posting that books every variance
    against the adjustment location (gains come from it, shortfalls go to it)."""
    sheet = CountSheet.objects.select_related("location").get(document=document)
    adjustment = standard_location(ADJUSTMENT_CODE)
    lines = (
        sheet.lines.exclude(counted=None)
        .select_related("item", "batch")
        .order_by("item_id", "batch_key")
    )
    moves = []
    for line in lines.iterator(chunk_size=5000):
        variance = line.counted - line.expected
        if variance > 0:
            moves.append(ledger.Move(line.item, variance, adjustment, sheet.location, line.batch))
        elif variance < 0:
            moves.append(ledger.Move(line.item, -variance, sheet.location, adjustment, line.batch))
    return ledger.post_moves(actor=actor, moves=moves, document=document)
