"""D1-3.1: after steel is cut, a lot's first transfer waits for the posted steel issue
slip (钢材出库单) that names its part."""

from decimal import Decimal

import pytest

from gendan.catalog.models import BomLine
from gendan.core.errors import DomainError
from gendan.shopfloor import services
from gendan.shopfloor.models import TransferSlip
from gendan.stock.slips.models import SlipKind
from tests.factories import UserFactory, grant
from tests.shopfloor.conftest import line
from tests.slips import factories


@pytest.fixture
def cut_from_steel(half_shaft):
    steel = factories.steel()
    BomLine.objects.create(parent=half_shaft, component=steel, quantity=Decimal("6.8"))
    return steel


def _posted_steel_issue(machining, steel, part_name):
    factories.seed_chains()
    store = factories.warehouse(code="GC", name="钢材库", items=[steel])
    accountant = UserFactory(username="hexia", first_name="何霞")
    grant(accountant, "workshop_accountant", workshop=machining)
    director = UserFactory(username="zhaogang", first_name="赵刚")
    grant(director, "workshop_director", workshop=machining)
    keeper = UserFactory(username="chenmin", first_name="陈敏")
    grant(keeper, "storekeeper", warehouse=store)
    factories.put_stock(accountant, steel, store.locations.get(), 100)
    slip = factories.write(
        accountant,
        SlipKind.STEEL_ISSUE,
        store,
        [factories.steel_line(steel, 40, part_name=part_name)],
        workshop=machining,
    )
    return factories.through_chain(slip, director, keeper)


def test_first_transfer_of_a_steel_part_without_a_steel_issue_is_refused(
    cut_from_steel, lot, clerk
):
    with pytest.raises(DomainError, match="D1-3.1") as refused:
        services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 40)])
    assert refused.value.field == "lines[1].lot"
    assert not TransferSlip.objects.exists()


def test_an_issue_naming_another_part_does_not_count(cut_from_steel, lot, clerk, machining):
    _posted_steel_issue(machining, cut_from_steel, "刀轴")
    with pytest.raises(DomainError, match="D1-3.1"):
        services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 40)])


def test_a_posted_steel_issue_for_the_part_opens_the_transfer(
    cut_from_steel, lot, clerk, machining
):
    _posted_steel_issue(machining, cut_from_steel, "半轴")
    slip = services.write_transfer(actor=clerk, destination="operation", lines=[line(lot, 40)])
    assert slip.document.number.startswith("ZX-JJ-")
