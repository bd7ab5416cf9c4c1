"""D5-5: "second inspection of finished goods before warehousing" — when the policy
`quality.receipt_needs_finished_goods_inspection` is on, a production receipt (入库单)
for an order whose finished-goods inspection has not passed is refused at posting,
naming the rule and the order; nothing moves.

Quality cannot import stock, nor stock quality: the rule is a guard registered with
`gendan.core.posting_guards`, which stock's posting (`post_slip_stock`) asks before
anything moves. The guard is tested directly here, and end to end through stock's
posting.

Personas: 张伟 (merchandiser), 韩雪 (QC), 邓芳 (the factory's login), 刘燕 writes the
production receipt, 李军 inspects it, 赵刚 signs for the workshop, 陈敏 receives.
"""

from decimal import Decimal

import pytest

from gendan.core import posting_guards
from gendan.core.errors import InvalidTransition
from gendan.core.models import Document, Policy
from gendan.quality import receipt_gate, services
from gendan.stock.models import StockMove
from gendan.stock.slips.models import SlipKind
from tests.factories import UserFactory, grant
from tests.quality.conftest import TODAY
from tests.quality.test_qa_chain import to_the_factory
from tests.slips import factories as slips


@pytest.fixture
def garment_store(factory_order):
    return slips.warehouse(items=[factory_order.order.lines.get().item])


@pytest.fixture
def statistician(machining):
    user = UserFactory(username="liuyan", first_name="刘燕")
    grant(user, "statistician", workshop=machining)
    return user


@pytest.fixture
def storekeeper(garment_store):
    user = UserFactory(username="chenmin", first_name="陈敏")
    grant(user, "storekeeper", warehouse=garment_store)
    return user


@pytest.fixture
def policy_on(db):
    Policy.objects.create(key="quality.receipt_needs_finished_goods_inspection", value="true")


def finished_goods(merchandiser, factory_user, factory_order, defects=()):
    inspection = services.record_inspection(
        actor=merchandiser, factory_order=factory_order, stage="finished_goods",
        inspected_on=TODAY, lot_size=3200, defects=defects,
    )  # fmt: skip
    services.sign_as_factory(actor=factory_user, inspection=to_the_factory(inspection))
    return inspection


def check(factory_order, kind="production_receipt"):
    posting_guards.check(document=None, paper_type="slips.production_receipt", kind=kind,
                         order_id=factory_order.order_id)  # fmt: skip


def test_d5_5_the_guard_is_registered_with_core():
    assert receipt_gate.refuse_receipt_before_inspection in posting_guards.guards()


def test_d5_5_with_the_policy_on_a_receipt_before_the_inspection_is_refused_naming_rule_and_order(
    policy_on, factory_order
):
    with pytest.raises(InvalidTransition) as refused:
        check(factory_order)
    assert "D5-5" in str(refused.value) and factory_order.order.number in str(refused.value)


def test_d5_5_a_failed_or_unsigned_inspection_does_not_let_the_goods_in(
    policy_on, qc, merchandiser, factory_user, factory_order
):
    unsigned = services.record_inspection(
        actor=merchandiser, factory_order=factory_order, stage="finished_goods",
        inspected_on=TODAY, lot_size=3200,
    )  # fmt: skip
    assert unsigned.is_passed
    with pytest.raises(InvalidTransition):
        check(factory_order)  # passed, but the factory has not signed it
    twenty_major = [{"defect_class": "major", "category": "workmanship", "description": "开线",
                    "count": 20}]  # fmt: skip
    finished_goods(merchandiser, factory_user, factory_order, twenty_major)
    with pytest.raises(InvalidTransition):
        check(factory_order)


def test_d5_5_a_passed_signed_inspection_lets_the_receipt_post(
    policy_on, qc, merchandiser, factory_user, factory_order
):
    finished_goods(merchandiser, factory_user, factory_order)
    check(factory_order)  # no refusal


def test_d5_5_with_the_policy_off_or_for_other_slips_nothing_is_refused(factory_order, db):
    check(factory_order)  # policy off by default
    Policy.objects.create(key="quality.receipt_needs_finished_goods_inspection", value="true")
    check(factory_order, kind="purchased_receipt")
    posting_guards.check(document=None, paper_type="slips.production_receipt",
                         kind="production_receipt", order_id=None)  # fmt: skip


def test_d5_5_stock_refuses_to_post_the_production_receipt_and_nothing_moves(
    policy_on, qc, merchandiser, factory_user, factory_order, machining, statistician, inspector,
    director, storekeeper, garment_store,
):  # fmt: skip
    slips.seed_chains()
    garment = factory_order.order.lines.get().item
    slip = slips.write(statistician, SlipKind.PRODUCTION_RECEIPT, garment_store,
                       [slips.line(garment, Decimal(100))], workshop=machining,
                       order=factory_order.order)  # fmt: skip
    with pytest.raises(InvalidTransition) as refused:
        slips.through_chain(slip, inspector, director, storekeeper)
    assert "D5-5" in str(refused.value) and factory_order.order.number in str(refused.value)
    assert Document.objects.get(pk=slip.document_id).status != Document.Status.POSTED
    assert not StockMove.objects.filter(document_id=slip.document_id).exists()
    finished_goods(merchandiser, factory_user, factory_order)
    from gendan.stock.slips import services as slip_services

    slip_services.sign_slip(actor=storekeeper, slip=slip)
    assert StockMove.objects.filter(document_id=slip.document_id).exists()
