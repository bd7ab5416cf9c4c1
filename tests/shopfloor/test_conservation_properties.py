"""D1-5.4, invariant 1: whatever sequence of transfers, splits, rework returns, waiting-area
moves, outside processing, shortfalls (explained or not) and refusals happens, every lot's
quantities add up to what was started, and every ledger balance equals its move sum."""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gendan.core.errors import DomainError
from gendan.org.models import Site
from gendan.shopfloor import queries, services
from gendan.shopfloor.models import TransferLine, TransferSlip
from gendan.stock import checks
from tests.shopfloor.conftest import sign_through

D = TransferSlip.Destination
REASONS = ["", "still_there", "waiting", "scrap"]


class Rollback(Exception):
    pass


def _candidates(lot, found):
    """(source, from_step, available) the clerk could send from now."""
    steps = list(lot.steps.all())
    rows = [("operation", s.sequence, found[s.name]) for s in steps[:-1] if found[s.name] > 0]
    for source, key in (("waiting", "waiting"), ("rework", "rework"), ("outside", "outsourced")):
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
    slip = services.write_transfer(
        actor=world["clerk"],
        destination=destination,
        outsourcer=world["heat"],
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


def _conserved(lot):
    found = queries.quantities([lot])[lot.pk]
    assert sum(found.values(), Decimal(0)) == lot.quantity, found
    assert list(queries.lot_problems()) == []
    assert list(checks.balances_match_ledger()) == []


@pytest.fixture
def world(lot, clerk, inspector, operator, receiver, statistician):
    heat = Site.objects.create(code="CD-RCL", name="城东热处理厂", kind=Site.Kind.OUTSOURCER)
    signers = {
        "inspector": inspector,
        "operator": operator,
        "receiver": receiver,
        "statistician": statistician,
    }
    return {"lot": lot, "clerk": clerk, "heat": heat, "signers": signers}


@pytest.mark.slow_property
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(1, 45),
            st.integers(0, 3),
            st.integers(0, 3),
            st.integers(0, 3),
            st.sampled_from(REASONS),
        ),
        max_size=6,
    )
)
def test_every_part_of_a_lot_is_always_somewhere(world, steps):
    lot = world["lot"]
    try:
        with transaction.atomic():
            for pick, quantity, rework, scrap, short, reason in steps:
                try:
                    with transaction.atomic():
                        _transfer(world, lot, pick, quantity, rework, scrap, short, reason)
                except DomainError:
                    pass  # a refusal changes nothing
                _conserved(lot)
            raise Rollback
    except Rollback:
        pass
    assert not TransferLine.objects.exists()
