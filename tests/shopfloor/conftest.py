"""Shop-floor personas beyond the shared ones (王芳 the clerk, 李军 the inspector, 周杰 the
operator, 孙丽 the team leader, all in 机加车间): 陈静 the statistician. Half shafts (半轴)
and cutter shafts (刀轴) are one confusion group; both go 车 → 热处理 → 磨 in 机加车间."""

from decimal import Decimal

import pytest

from gendan.catalog import services as catalog
from gendan.shopfloor import services
from tests.factories import UserFactory, grant
from tests.slips import factories


@pytest.fixture
def statistician(machining):
    user = UserFactory(username="chenjing", first_name="陈静")
    grant(user, "statistician", workshop=machining)
    return user


def _routed(admin, code, name, machining):
    item = factories.item(code, name, kind="part")
    catalog.define_process_sheet(
        actor=admin,
        item=item,
        steps=[
            {"sequence": 10, "name": "车", "workshop": machining},
            {"sequence": 20, "name": "热处理", "workshop": machining},
            {"sequence": 30, "name": "磨", "workshop": machining},
        ],
    )
    return item


@pytest.fixture
def half_shaft(admin_user, machining):
    return _routed(admin_user, "BZ-120", "半轴", machining)


@pytest.fixture
def cutter_shaft(admin_user, machining):
    return _routed(admin_user, "DZ-80", "刀轴", machining)


@pytest.fixture
def confusable(admin_user, half_shaft, cutter_shaft):
    return catalog.create_confusion_group(
        actor=admin_user, name="半轴类易混件", items=[half_shaft, cutter_shaft]
    )


@pytest.fixture
def lot(statistician, half_shaft):
    return services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(40))


@pytest.fixture
def store(half_shaft):
    return factories.warehouse(items=[half_shaft])


@pytest.fixture(autouse=True)
def english(default_language):
    from django.utils import translation

    translation.activate("en")
    yield


def line(lot, quantity, from_step=10, **fields):
    return {"lot": lot, "quantity": Decimal(quantity), "from_step": from_step} | fields


def sign_through(
    slip,
    *,
    inspector,
    operator,
    receiver,
    statistician,
    quality=None,
    handover=None,
    receipt=None,
    place="热处理炉旁 A 区",
):
    """Every signature after the clerk's, each with its step's data."""
    slip = services.sign_transfer(actor=inspector, slip=slip, lines=quality or [])
    slip = services.sign_transfer(actor=operator, slip=slip, lines=handover or [])
    slip = services.sign_transfer(actor=receiver, slip=slip, lines=receipt or [], place=place)
    return services.sign_transfer(actor=statistician, slip=slip)


@pytest.fixture
def storekeeper(store):
    """赵敏 keeps 成品库: she signs the quantity received on its receipts (D1-3.4)."""
    user = UserFactory(username="zhaomin", first_name="赵敏")
    grant(user, "storekeeper", warehouse=store)
    return user


@pytest.fixture
def signers(inspector, operator, receiver, statistician):
    return {
        "inspector": inspector,
        "operator": operator,
        "receiver": receiver,
        "statistician": statistician,
    }


def to_the_last_operation(lot, clerk, signers):
    """车 → 热处理 → 磨: the lot's 40 parts at its last operation."""
    for from_step in (10, 20):
        slip = services.write_transfer(
            actor=clerk, destination="operation", lines=[line(lot, 40, from_step)]
        )
        sign_through(slip, **signers)
