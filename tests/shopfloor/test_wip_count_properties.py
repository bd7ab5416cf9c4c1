"""D1-1.5, D1-5.4, invariant 1: WIP counts (在产品盘点) interleaved with transfers — whatever
is counted, explained, refused or posted, after every step every lot's quantities add
up to what was started and every ledger balance equals its move sum. A count never
books a difference to stock's count-adjustment location."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gendan.catalog import services as catalog
from gendan.core.errors import DomainError
from gendan.shopfloor import places, queries, services, wip_services
from gendan.shopfloor.models import TransferSlip
from gendan.shopfloor.wip_models import WipCount
from gendan.stock import checks
from gendan.stock.locations import ADJUSTMENT_CODE
from gendan.stock.models import StockMove
from tests.shopfloor.conftest import sign_through
from tests.slips import factories

D = TransferSlip.Destination
EXPLANATIONS = ["", "found", "scrap"]


class Rollback(Exception):
    pass


def _transfer(world, lot, pick, quantity, short):
    """The clerk sends some of what is at one operation (or waiting) on or to waiting."""
    found = queries.quantities([lot])[lot.pk]
    steps = list(lot.steps.all())[:-1]  # never past the last operation: no warehouse here
    rows = [("operation", step.sequence, found[step.name]) for step in steps if found[step.name]]
    if found["waiting"]:
        rows.append(("waiting", steps[0].sequence if steps else 10, found["waiting"]))
    if not rows:
        return
    source, from_step, available = rows[pick % len(rows)]
    quantity = min(Decimal(quantity), available)
    destination = D.WAITING if pick % 2 and source != "waiting" else D.OPERATION
    slip = services.write_transfer(
        actor=world["clerk"],
        destination=destination,
        lines=[{"lot": lot, "quantity": quantity, "from_step": from_step, "source": source}],
    )
    handed = quantity - min(Decimal(short), quantity)
    sign_through(
        slip,
        **world["signers"],
        handover=[{"position": 1, "handed_over": handed, "reason": "scrap" if short else ""}],
    )


def _count(world, mode, deltas):
    """A WIP count of 机加车间: counted, explained (at random, balanced, or all scrapped),
    handed in and signed off — any step may be refused, and then nothing changes."""
    sheet = wip_services.open_wip_count(actor=world["statistician"], workshop=world["workshop"])
    lines = list(sheet.lines.select_related("lot"))
    if not lines:
        return
    waiting = places.waiting_area(world["workshop"])
    if mode == 1 and lines[0].place_id != waiting.pk:
        entries = _balanced(lines, deltas[0][0], waiting)
    else:
        entries = []
        for index, line in enumerate(lines):
            delta, explanation = deltas[index % len(deltas)]
            counted = max(line.expected + delta, Decimal(0))
            if mode == 2:
                counted, explanation = min(counted, line.expected), "scrap"
            entries.append({"line": line, "counted": counted, "explanation": explanation})
    wip_services.record_counts(actor=world["clerk"], sheet=sheet, entries=entries)
    sheet = wip_services.sign_wip_count(actor=world["clerk"], sheet=sheet)
    wip_services.sign_wip_count(actor=world["director"], sheet=sheet)


def _balanced(lines, delta, waiting):
    """What is missing at the first line was found in the waiting area; the rest as expected."""
    first = lines[0]
    missing = min(-delta, first.expected) if delta < 0 else Decimal(0)
    entries = [{"line": first, "counted": first.expected - missing, "explanation": "found"}]
    held = Decimal(0)
    for line in lines[1:]:
        if line.place_id == waiting.pk and line.lot_id == first.lot_id:
            held = line.expected
        else:
            entries.append({"line": line, "counted": line.expected})
    entries.append({"lot": first.lot, "place": waiting, "counted": held + missing})
    return entries


def _step(world, action, quantity, pick, short, mode, deltas):
    lot = world["lots"][pick % 2]
    if action <= 2:
        _transfer(world, lot, pick + action, quantity, short)
    else:
        _count(world, mode, deltas)


def _conserved(lot):
    found = queries.quantities([lot])[lot.pk]
    assert sum(found.values(), Decimal(0)) == lot.quantity, found
    assert list(queries.lot_problems()) == []
    assert list(checks.balances_match_ledger()) == []


@pytest.fixture
def world(lot, clerk, inspector, operator, receiver, statistician, director, admin_user):
    pin = factories.item("XZ-30", "销轴", kind="part")
    catalog.define_process_sheet(
        actor=admin_user,
        item=pin,
        steps=[
            {"sequence": 10, "name": "车", "workshop": lot.workshop},
            {"sequence": 20, "name": "铣", "workshop": lot.workshop},
        ],
    )
    pins = services.start_lot(actor=statistician, item=pin, quantity=Decimal(30))
    return {
        "lots": [lot, pins],
        "workshop": lot.workshop,
        "clerk": clerk,
        "statistician": statistician,
        "director": director,
        "signers": {
            "inspector": inspector,
            "operator": operator,
            "receiver": receiver,
            "statistician": statistician,
        },
    }


@pytest.mark.slow_property
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(1, 45),
            st.integers(0, 7),
            st.integers(0, 2),
            st.integers(0, 2),
            st.lists(
                st.tuples(st.integers(-4, 3), st.sampled_from(EXPLANATIONS)),
                min_size=1,
                max_size=4,
            ),
        ),
        max_size=7,
    )
)
@example(  # a transfer to waiting, a balanced count, an all-scrap count, a random one
    steps=[
        (1, 12, 1, 0, 0, [(0, "")]),
        (3, 1, 0, 0, 1, [(-3, "found")]),
        (0, 5, 0, 1, 0, [(0, "")]),
        (4, 1, 0, 0, 2, [(-2, "scrap"), (0, "")]),
        (5, 1, 0, 0, 0, [(2, ""), (-2, "found")]),
    ]
)
def test_every_part_of_a_lot_is_somewhere_through_wip_counts_D1_1_5(world, steps):
    adjustments = StockMove.objects.filter(to_location__code=ADJUSTMENT_CODE)
    try:
        with transaction.atomic():
            for action, quantity, pick, short, mode, deltas in steps:
                try:
                    with transaction.atomic():
                        _step(world, action, quantity, pick, short, mode, deltas)
                except DomainError:
                    pass  # a refusal changes nothing
                for lot in world["lots"]:
                    _conserved(lot)
                assert not adjustments.exists()
            raise Rollback
    except Rollback:
        pass
    assert not WipCount.objects.exists()


def test_the_example_posts_counts_that_move_parts_D1_1_5(world):
    """The property's example really exercises posted counts: a balanced count moves
    parts to the waiting area, an all-scrap count scraps them."""
    lots = world["lots"]
    _count(world, 1, [(-3, "found")])
    found = queries.quantities(lots)
    assert sum(found[lot.pk]["waiting"] for lot in lots) == 3
    _count(world, 2, [(-2, "scrap")])
    found = queries.quantities(lots)
    assert sum(found[lot.pk]["scrap"] for lot in lots) == 6  # 2 at each of three lines
    assert [sum(found[lot.pk].values()) for lot in lots] == [40, 30]
    assert WipCount.objects.filter(document__status="posted").count() == 2
