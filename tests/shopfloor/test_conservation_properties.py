"""D1-5.4, invariant 1: whatever sequence of transfers, splits, rework returns, waiting-area
moves, outside processing (its issue slip and the outsourcer's receipt), transfers into
the warehouse and their production receipts (D1-3.4), reversals of those receipts,
shortfalls (explained or not) and refusals happens, every lot's quantities add up to what
was started, and every ledger balance equals its move sum."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gendan.catalog import services as catalog
from gendan.core.errors import DomainError
from gendan.org.models import Site
from gendan.shopfloor import queries, services
from gendan.shopfloor.models import TransferLine, TransferSlip
from gendan.stock import checks
from gendan.stock.models import WarehouseItem
from gendan.stock.slips import services as slip_services
from gendan.stock.slips.models import SlipKind, StockSlip
from tests.factories import UserFactory, grant
from tests.shopfloor.conftest import sign_through
from tests.slips import factories

D = TransferSlip.Destination
REASONS = ["", "still_there", "waiting", "scrap"]


class Rollback(Exception):
    pass


def _candidates(lot, found):
    """(source, from_step, available) the clerk could send from now."""
    steps = list(lot.steps.all())
    rows = [("operation", s.sequence, found[s.name]) for s in steps if found[s.name] > 0]
    for source, key in (("waiting", "waiting"), ("rework", "rework")):
        if found[key] > 0:
            rows.append((source, steps[0].sequence, found[key]))
    return rows


def _transfer(world, lot, pick, quantity, rework, scrap, short, reason):
    found = queries.quantities([lot])[lot.pk]
    candidates = _candidates(lot, found)
    if not candidates:
        return
    source, from_step, available = candidates[pick % len(candidates)]
    quantity = min(Decimal(quantity), available)
    destination = [D.OPERATION, D.WAITING, D.OUTSIDE][pick % 3]
    if source == "waiting" and destination == D.WAITING:
        destination = D.OPERATION
    if source == "operation" and from_step == lot.steps.last().sequence:
        destination = D.WAREHOUSE  # past the last operation: 入库 (D1-3.4)
    slip = services.write_transfer(
        actor=world["clerk"],
        destination=destination,
        outsourcer=world["heat"],
        warehouse=world["store"],
        lines=[{"lot": lot, "quantity": quantity, "from_step": from_step, "source": source}],
    )
    rework = min(Decimal(rework), quantity)
    scrap = min(Decimal(scrap), quantity - rework)
    passed = quantity - rework - scrap
    handed = passed - min(Decimal(short), passed)
    sign_through(
        slip,
        **world["signers"],
        quality=[{"position": 1, "passed": passed, "rework": rework, "scrap": scrap}],
        handover=[{"position": 1, "handed_over": handed, "reason": reason}],
    )


def _post_pending_slips(world):
    """Every pending production receipt and outsourcing issue slip signed through."""
    people = world["slip_signers"]
    for slip in StockSlip.objects.filter(document__status="pending").order_by("pk"):
        chain = {
            SlipKind.PRODUCTION_RECEIPT: ("inspector", "director", "storekeeper"),
            SlipKind.OUTSOURCING_ISSUE: ("coordinator", "storekeeper"),
        }.get(slip.kind, ())
        for role in chain[slip.document.current_step - 1 :]:
            slip = slip_services.sign_slip(actor=people[role], slip=slip)


def _outsourcer_returns(world, lot, quantity):
    """城东热处理厂's receipt brings back some of the lot (the outsourced-return rule)."""
    held = queries.quantities([lot])[lot.pk]["outsourced"]
    if held <= 0:
        return
    people = world["slip_signers"]
    receipt = slip_services.write_slip(
        actor=people["storekeeper"],
        kind=SlipKind.PURCHASED_RECEIPT,
        warehouse=world["store"],
        partner=world["heat"],
        lines=[{"item": lot.item, "quantity": min(Decimal(quantity), held)}],
    )
    receipt = slip_services.submit_slip(actor=people["storekeeper"], slip=receipt)
    for role in ("receiving_inspector", "storekeeper", "purchaser"):
        receipt = slip_services.sign_slip(actor=people[role], slip=receipt)


def _reverse_a_receipt(world):
    """A posted production receipt corrected by its reversing slip (红冲)."""
    people = world["slip_signers"]
    posted = (
        StockSlip.objects.filter(
            kind=SlipKind.PRODUCTION_RECEIPT, document__status="posted", reverses__isnull=True
        )
        .exclude(reversed_by__isnull=False)
        .first()
    )
    if posted is None:
        return
    reversal = slip_services.reverse_slip(actor=people["storekeeper"], slip=posted, reason="红冲")
    for role in ("inspector", "director", "storekeeper"):
        reversal = slip_services.sign_slip(actor=people[role], slip=reversal)


def _step(world, action, quantity, rework, scrap, short, reason):
    lot = world["lots"][quantity % 2]
    if action <= 5:
        _transfer(world, lot, action, quantity, rework, scrap, short, reason)
    elif action == 6:
        _post_pending_slips(world)
    elif action <= 8:
        if action == 7:
            _post_pending_slips(world)
        _outsourcer_returns(world, lot, quantity)
    else:
        _reverse_a_receipt(world)


def _conserved(lot):
    found = queries.quantities([lot])[lot.pk]
    assert sum(found.values(), Decimal(0)) == lot.quantity, found
    assert list(queries.lot_problems()) == []
    assert list(checks.balances_match_ledger()) == []


def _person(username, name, role, **where):
    user = UserFactory(username=username, first_name=name)
    grant(user, role, **where)
    return user


@pytest.fixture
def world(
    lot,
    clerk,
    inspector,
    operator,
    receiver,
    statistician,
    director,
    store,
    storekeeper,
    admin_user,
):
    pin = factories.item("XZ-30", "销轴", kind="part")
    catalog.define_process_sheet(
        actor=admin_user, item=pin, steps=[{"sequence": 10, "name": "车", "workshop": lot.workshop}]
    )
    WarehouseItem.objects.create(warehouse=store, item=pin)
    pins = services.start_lot(actor=statistician, item=pin, quantity=Decimal(30))
    heat = Site.objects.create(code="CD-RCL", name="城东热处理厂", kind=Site.Kind.OUTSOURCER)
    signers = {
        "inspector": inspector,
        "operator": operator,
        "receiver": receiver,
        "statistician": statistician,
    }
    slip_signers = {
        "inspector": inspector,
        "director": director,
        "storekeeper": storekeeper,
        "coordinator": _person("qianwei", "钱伟", "outsourcing_coordinator", workshop=lot.workshop),
        "receiving_inspector": _person("zhengjie", "郑洁", "inspector", warehouse=store),
        "purchaser": _person("fengtao", "冯涛", "purchaser", warehouse=store),
    }
    return {
        "lots": [lot, pins],
        "clerk": clerk,
        "heat": heat,
        "store": store,
        "signers": signers,
        "slip_signers": slip_signers,
    }


@pytest.mark.slow_property
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 9),
            st.integers(1, 45),
            st.integers(0, 3),
            st.integers(0, 3),
            st.integers(0, 3),
            st.sampled_from(REASONS),
        ),
        max_size=8,
    )
)
@example(  # out to 城东热处理厂 and back in two receipts; 销轴 into the warehouse, reversed
    steps=[
        (2, 40, 0, 0, 0, ""),
        (6, 1, 0, 0, 0, ""),
        (8, 20, 0, 0, 0, ""),
        (8, 30, 0, 0, 0, ""),
        (0, 31, 0, 0, 0, ""),
        (6, 1, 0, 0, 0, ""),
        (9, 1, 0, 0, 0, ""),
    ]
)
def test_every_part_of_a_lot_is_always_somewhere(world, steps):
    try:
        with transaction.atomic():
            for action, quantity, rework, scrap, short, reason in steps:
                try:
                    with transaction.atomic():
                        _step(world, action, quantity, rework, scrap, short, reason)
                except DomainError:
                    pass  # a refusal changes nothing
                for lot in world["lots"]:
                    _conserved(lot)
            raise Rollback
    except Rollback:
        pass
    assert not TransferLine.objects.exists()
    assert not StockSlip.objects.exists()
