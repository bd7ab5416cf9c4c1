"""Order integration (issue 11): registered transfer slips publish events; the order's
production stages — the machinery plan's 下料 / 机加工完成 / 装配完成 — complete from the
lots of the order; the order page shows its lots and where their parts are.

Personas: 刘洋 the merchandiser of the 1GQN-200 order; 王芳 the clerk, 李军 the inspector,
周杰 the operator, 孙丽 the team leader, 陈静 the statistician (机加车间).
"""

import pytest
from django.urls import reverse

from gendan.catalog import services as catalog
from gendan.core.models import EventRecord
from gendan.shopfloor import services, stages
from gendan.shopfloor.events import (
    AssemblyCompleted,
    CuttingCompleted,
    MachiningCompleted,
    TransferRegistered,
)
from tests.sales.factories import make_order, merchandiser_user
from tests.shopfloor.conftest import line, sign_through
from tests.slips import factories

D = "operation"


@pytest.fixture
def order(db):
    return make_order(merchandiser_user())


@pytest.fixture
def gearbox(admin_user, machining):
    """变速箱: 下料 → 车 → 装配, all in 机加车间."""
    item = factories.item("BSX-1", "变速箱", kind="part")
    catalog.define_process_sheet(
        actor=admin_user,
        item=item,
        steps=[
            {"sequence": 10, "name": "下料", "workshop": machining},
            {"sequence": 20, "name": "车", "workshop": machining},
            {"sequence": 30, "name": "装配", "workshop": machining},
        ],
    )
    return item


def _lot(statistician, item, order, quantity=10):
    return services.start_lot(actor=statistician, item=item, quantity=quantity, order=order)


def _move(lot, clerk, signers, from_step, quantity=10, **kwargs):
    slip = services.write_transfer(
        actor=clerk,
        destination=kwargs.pop("destination", D),
        lines=[line(lot, quantity, from_step)],
        **kwargs,
    )
    return sign_through(slip, **signers, place=kwargs.get("place", "A 区"))


def _codes(order):
    return list(
        EventRecord.objects.filter(order_id=order.pk)
        .filter(code__startswith="shopfloor.")
        .values_list("code", flat=True)
    )


def test_a_registered_transfer_publishes_its_event_for_the_order(
    order, gearbox, statistician, clerk, signers
):
    lot = _lot(statistician, gearbox, order)
    slip = _move(lot, clerk, signers, 10)
    record = EventRecord.objects.get(code=TransferRegistered.code)
    assert (record.order_id, record.document_id) == (order.pk, slip.document_id)
    assert record.payload["number"] == slip.document.number


def test_the_stages_complete_in_order_as_the_lot_moves_on(
    order, gearbox, statistician, clerk, signers, store
):
    """下料 completes when the lot leaves 下料, 机加工完成 when it reaches 装配, 装配完成
    when it leaves 装配 into the warehouse — each published once."""
    from gendan.stock.models import WarehouseItem

    WarehouseItem.objects.create(warehouse=store, item=gearbox)
    lot = _lot(statistician, gearbox, order)
    _move(lot, clerk, signers, 10)
    assert _codes(order) == [TransferRegistered.code, CuttingCompleted.code]
    _move(lot, clerk, signers, 20)
    assert _codes(order)[-1] == MachiningCompleted.code
    slip = services.write_transfer(
        actor=clerk, destination="warehouse", warehouse=store, lines=[line(lot, 10, 30)]
    )
    sign_through(slip, **signers, place="")
    assert _codes(order)[-1] == AssemblyCompleted.code
    assert sorted(set(_codes(order))) == sorted(
        {
            TransferRegistered.code,
            CuttingCompleted.code,
            MachiningCompleted.code,
            AssemblyCompleted.code,
        }
    )
    assert _codes(order).count(CuttingCompleted.code) == 1


def test_a_stage_waits_for_every_lot_of_the_order(order, gearbox, statistician, clerk, signers):
    """Two lots of the order: 下料 is not complete while one is still at 下料."""
    first, second = _lot(statistician, gearbox, order), _lot(statistician, gearbox, order)
    _move(first, clerk, signers, 10)
    assert CuttingCompleted.code not in _codes(order)
    assert stages.order_stages([order.pk])[order.pk]["cut"] is False
    _move(second, clerk, signers, 10)
    assert _codes(order).count(CuttingCompleted.code) == 1


def test_a_part_left_at_cutting_keeps_the_stage_open(order, gearbox, statistician, clerk, signers):
    """9 of 10 go on from 下料: one still there, so 下料 is not complete."""
    lot = _lot(statistician, gearbox, order)
    _move(lot, clerk, signers, 10, quantity=9)
    assert CuttingCompleted.code not in _codes(order)


def test_lots_for_stock_publish_no_order_event(gearbox, statistician, clerk, signers):
    lot = _lot(statistician, gearbox, None)
    _move(lot, clerk, signers, 10)
    assert not EventRecord.objects.filter(code__startswith="shopfloor.").exists()


def test_the_order_page_shows_its_lots_and_where_their_parts_are(
    client, order, gearbox, statistician, clerk, signers
):
    """刘洋 opens the order: its lot and where its 10 parts are (at 车), 下料 done; the
    lot is not linked for her (she holds no role in 机加车间)."""
    lot = _lot(statistician, gearbox, order)
    _move(lot, clerk, signers, 10)
    client.force_login(order.merchandiser)
    page = client.get(reverse("sales:order-detail", args=[order.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="section-shopfloor"' in html
    assert f'data-lot="{lot.document.number}"' in html
    assert 'data-place="车"' in html
    assert 'data-stage="cut" data-done="1"' in html
    assert reverse("shopfloor:lot-detail", args=[lot.pk]) not in html


def test_an_order_without_lots_has_no_lot_section(client, order):
    client.force_login(order.merchandiser)
    html = client.get(reverse("sales:order-detail", args=[order.pk])).content.decode()
    assert 'data-testid="section-shopfloor"' not in html


def test_parts_sent_to_rework_hold_machining_back(order, gearbox, statistician, clerk, signers):
    """李军 sends 2 of the 10 leaving 车 to rework: 8 reach 装配, but 机加工完成 waits for
    the 2 in rework."""
    lot = _lot(statistician, gearbox, order)
    _move(lot, clerk, signers, 10)
    slip = services.write_transfer(actor=clerk, destination=D, lines=[line(lot, 10, 20)])
    sign_through(
        slip,
        **signers,
        place="A 区",
        quality=[{"position": 1, "passed": 8, "rework": 2, "scrap": 0}],
        handover=[{"position": 1, "handed_over": 8}],
    )

    assert MachiningCompleted.code not in _codes(order)
    assert stages.order_stages([order.pk])[order.pk]["machined"] is False


def test_parts_waiting_for_assembly_do_not_hold_machining_back_but_hold_assembly(
    order, gearbox, statistician, clerk, signers
):
    """The 10 leave 车 for the waiting area (装配 cannot take them yet): machining is done,
    assembly is not."""
    lot = _lot(statistician, gearbox, order)
    _move(lot, clerk, signers, 10)
    _move(lot, clerk, signers, 20, destination="waiting")

    found = stages.order_stages([order.pk])[order.pk]
    assert (found["machined"], found["assembled"]) == (True, False)
    assert MachiningCompleted.code in _codes(order)
