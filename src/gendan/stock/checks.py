"""`gendan check`: every stock balance equals the sum of its ledger moves (invariant 1)."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from gendan.stock.models import StockBalance, StockMove


def ledger_sums():
    """{(item, location, batch_key): quantity} from the moves: one grouped query per direction."""
    sums = defaultdict(Decimal)
    for direction, sign in (("to_location", 1), ("from_location", -1)):
        rows = (
            StockMove.objects.order_by()
            .values_list("item_id", direction, "batch_id")
            .annotate(total=Sum("quantity"))
        )
        for item_id, location_id, batch_id, total in rows.iterator(chunk_size=5000):
            sums[(item_id, location_id, batch_id or 0)] += sign * total
    return sums


def balances_match_ledger():
    """Yield one line per balance that differs from its ledger sum (a missing row counts as 0)."""
    expected = ledger_sums()
    stored = StockBalance.objects.values_list("item_id", "location_id", "batch_key", "quantity")
    for item_id, location_id, batch_key, quantity in stored.iterator(chunk_size=5000):
        ledger_quantity = expected.pop((item_id, location_id, batch_key), Decimal(0))
        if quantity != ledger_quantity:
            yield _difference(item_id, location_id, batch_key, quantity, ledger_quantity)
    for (item_id, location_id, batch_key), ledger_quantity in sorted(expected.items()):
        if ledger_quantity != 0:
            yield _difference(item_id, location_id, batch_key, None, ledger_quantity)


def _difference(item_id, location_id, batch_key, stored, ledger_quantity):
    return (
        f"stock balance item {item_id} location {location_id} batch {batch_key or '-'}: "
        f"stored {stored if stored is not None else 'none'}, ledger says {ledger_quantity}"
    )
