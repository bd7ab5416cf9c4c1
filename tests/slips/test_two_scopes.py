"""A workshop's slip has two scopes: the workshop, where its inspector, director and
statistician are granted, and its warehouse, where the storekeeper is granted. The
storekeeper of that warehouse signs it; a storekeeper of another warehouse does not."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gendan.core.errors import PermissionDenied
from gendan.core.models import AuditEvent, Document, Signature
from gendan.core.queries import inbox, inbox_count
from gendan.stock import ledger
from gendan.stock.models import Location, StockMove
from gendan.stock.slips import queries, services
from gendan.stock.slips.models import SlipKind, StockSlip
from tests.factories import UserFactory, grant
from tests.slips import factories
from tests.slips.factories import line, put_stock, through_chain, write

pytestmark = pytest.mark.usefixtures("chains_seeded")


@pytest.fixture
def steel_store(half_shaft, site):
    return factories.warehouse(code="GC", name="钢材库", items=[half_shaft])


@pytest.fixture
def steel_storekeeper(steel_store):
    """高飞 keeps 钢材库, not 成品库."""
    user = UserFactory(username="gaofei", first_name="高飞")
    grant(user, "storekeeper", warehouse=steel_store)
    return user


@pytest.fixture
def station(machining):
    return Location.objects.create(
        code="ST-JJ", name="机加工位", kind=Location.Kind.STATION, workshop=machining
    )


@pytest.fixture
def inspected_receipt(statistician, inspector, director, machining, store, station, half_shaft):
    """40 half shafts made in 机加车间 for 成品库, signed by inspector and director: the
    storekeeper's quantity is the last step."""
    put_stock(statistician, half_shaft, station, 40)
    slip = write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        store,
        [line(half_shaft, 40)],
        workshop=machining,
    )
    return through_chain(slip, inspector, director)


def _snapshot(slip):
    slip.document.refresh_from_db()
    return (
        slip.document.status,
        slip.document.current_step,
        Signature.objects.filter(document=slip.document).count(),
        StockMove.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_workshop_slip_is_scoped_to_the_workshop_and_its_warehouse(
    inspected_receipt, machining, store
):
    document = inspected_receipt.document
    assert (document.scope_key, document.co_scope_key) == (machining.scope_key, store.scope_key)


def test_warehouse_storekeeper_signs_a_workshop_production_receipt_from_the_inbox(
    client, inspected_receipt, storekeeper, store_location, half_shaft
):
    """D1-3.5: the storekeeper granted for 成品库 only finds 机加车间's receipt in 待我签字
    and signs its quantity; the receipt posts and the half shafts are on hand."""
    number = inspected_receipt.document.number
    assert [d.number for d in inbox(storekeeper)] == [number]
    assert inbox_count(storekeeper) == 1
    client.force_login(storekeeper)
    assert number in client.get(reverse("core:inbox")).content.decode()

    response = client.post(
        reverse("slips:slip-sign", args=[inspected_receipt.pk]), {"note": "数量相符"}
    )

    assert response.status_code == 302
    inspected_receipt.document.refresh_from_db()
    assert inspected_receipt.document.status == Document.Status.POSTED
    signature = inspected_receipt.document.signatures.get(signer=storekeeper)
    assert (signature.step_position, signature.role_code) == (3, "storekeeper")
    assert ledger.balance(half_shaft, store_location) == Decimal(40)
    assert inbox(storekeeper) == []


def test_storekeeper_of_another_warehouse_is_refused_and_nothing_changes(
    client, inspected_receipt, steel_storekeeper, store_location, half_shaft
):
    """D1-3.5: only the receiving warehouse's storekeeper signs the receipt."""
    before = _snapshot(inspected_receipt)
    assert inbox(steel_storekeeper) == []

    with pytest.raises(PermissionDenied):
        services.sign_slip(actor=steel_storekeeper, slip=inspected_receipt)
    client.force_login(steel_storekeeper)
    response = client.post(reverse("slips:slip-sign", args=[inspected_receipt.pk]))

    assert response.status_code == 404  # not theirs to see: missing and forbidden look alike
    assert _snapshot(inspected_receipt) == before
    assert inspected_receipt.document.status == Document.Status.PENDING
    assert ledger.balance(half_shaft, store_location) == 0


def test_inspector_of_another_workshop_is_still_refused(
    statistician, welding_inspector, storekeeper, machining, store, station, half_shaft
):
    """D1-3.5: the warehouse as second scope widens nothing for the workshop's steps."""
    put_stock(statistician, half_shaft, station, 40)
    slip = services.submit_slip(
        actor=statistician,
        slip=write(
            statistician,
            SlipKind.PRODUCTION_RECEIPT,
            store,
            [line(half_shaft, 40)],
            workshop=machining,
        ),
    )
    before = _snapshot(slip)
    with pytest.raises(PermissionDenied):
        services.sign_slip(actor=welding_inspector, slip=slip)
    with pytest.raises(PermissionDenied):  # nor may the storekeeper jump the inspector's step
        services.sign_slip(actor=storekeeper, slip=slip)
    assert _snapshot(slip) == before


def test_warehouse_storekeeper_signs_a_workshop_return(
    director, storekeeper, machining, store, store_location, station, half_shaft
):
    """D1-3.7, D1-5.3: a return from 机加车间 is signed by the director and by the
    storekeeper of 成品库, who holds no role in the workshop."""
    put_stock(director, half_shaft, station, 5)
    slip = write(
        director,
        SlipKind.RETURN,
        store,
        [line(half_shaft, 5)],
        workshop=machining,
        explanation="多领 5 件，退回库房",
    )
    assert slip.document.co_scope_key == store.scope_key
    slip = through_chain(slip, director, storekeeper)
    assert slip.document.status == Document.Status.POSTED
    assert ledger.balance(half_shaft, store_location) == Decimal(5)


def test_storekeeper_sees_the_workshop_slips_of_their_own_warehouse_only(
    statistician, storekeeper, steel_storekeeper, machining, store, steel_store, half_shaft
):
    into_finished_goods = write(
        statistician, SlipKind.PRODUCTION_RECEIPT, store, [line(half_shaft, 4)], workshop=machining
    )
    into_steel_store = write(
        statistician,
        SlipKind.PRODUCTION_RECEIPT,
        steel_store,
        [line(half_shaft, 6)],
        workshop=machining,
    )
    assert list(queries.visible_slips(storekeeper)) == [into_finished_goods]
    assert list(queries.visible_slips(steel_storekeeper)) == [into_steel_store]
    assert queries.slip_detail(storekeeper, into_finished_goods.pk) == into_finished_goods


def test_the_warehouse_grant_does_not_make_the_storekeeper_a_writer_of_workshop_slips(
    storekeeper, machining, store, half_shaft
):
    """D1-3.4: the statistician writes the production receipt, not the storekeeper."""
    with pytest.raises(PermissionDenied):
        write(
            storekeeper,
            SlipKind.PRODUCTION_RECEIPT,
            store,
            [line(half_shaft, 40)],
            workshop=machining,
        )
    assert not StockSlip.objects.exists()


def test_a_reversal_keeps_both_scopes_and_the_storekeeper_signs_it(
    inspected_receipt, statistician, inspector, director, storekeeper, machining, store
):
    posted = services.sign_slip(actor=storekeeper, slip=inspected_receipt)
    reversal = services.reverse_slip(actor=statistician, slip=posted, reason="数量写错")
    assert (reversal.document.scope_key, reversal.document.co_scope_key) == (
        machining.scope_key,
        store.scope_key,
    )
    reversal = through_chain_signed(reversal, inspector, director, storekeeper)
    assert reversal.document.status == Document.Status.POSTED


def through_chain_signed(slip, *signers):
    """Sign an already submitted slip (a reversal is submitted when written)."""
    for signer in signers:
        slip = services.sign_slip(actor=signer, slip=slip)
    return slip
