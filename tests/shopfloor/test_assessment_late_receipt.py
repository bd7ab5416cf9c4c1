"""D1-2.1: the warehouse is assessed for accepting goods late. When 赵敏 (storekeeper of
成品库) signs the production receipt of a 入库 transfer more working hours after 陈静
registered it than the policy allows (4), a candidate against 成品库 and her is made —
counted on the Chinese working-day calendar, once per receipt.

Personas: 王芳 the clerk, 李军 the inspector, 周杰 the operator, 孙丽 the team leader,
陈静 the statistician, 赵刚 the workshop director (机加车间), 赵敏 the storekeeper.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gendan.core import outbox, policies
from gendan.shopfloor import assessment_policies as rules
from gendan.shopfloor import assessment_services as services
from gendan.shopfloor import services as shopfloor
from gendan.shopfloor.assessment_hours import working_hours_between
from gendan.shopfloor.assessment_models import Assessment
from gendan.shopfloor.models import TransferSlip
from gendan.stock.slips import services as slip_services
from tests.shopfloor.conftest import line, sign_through, to_the_last_operation

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY = datetime.date(2026, 11, 27)
MONDAY = datetime.date(2026, 11, 30)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def registered_at(moment, lot, clerk, signers, store, inspector, director):
    """40 半轴 into 成品库, registered by 陈静 at `moment`; the inspector and the director
    sign the receipt at once: it waits for the storekeeper."""
    with travel(moment):
        to_the_last_operation(lot, clerk, signers)
        slip = shopfloor.write_transfer(
            actor=clerk, destination="warehouse", warehouse=store, lines=[line(lot, 40, 30)]
        )
        slip = sign_through(slip, **signers, place="")
        receipt = TransferSlip.objects.get(pk=slip.pk).stock_slip
        for person in (inspector, director):
            receipt = slip_services.sign_slip(actor=person, slip=receipt)
    return receipt


def storekeeper_signs(receipt, storekeeper, moment):
    with travel(moment):
        receipt = slip_services.sign_slip(actor=storekeeper, slip=receipt)
        outbox.deliver_pending()  # the ReceiptPosted subscriber runs
    return receipt


@pytest.fixture
def flow(lot, clerk, signers, store, inspector, director, storekeeper):
    def run(registered, signed):
        receipt = registered_at(registered, lot, clerk, signers, store, inspector, director)
        return storekeeper_signs(receipt, storekeeper, signed)

    return run


def test_d1_2_1_friday_16_to_monday_9_is_not_late_with_four_working_hours(flow):
    """Registered Friday 16:00, signed Monday 09:00: 1 + 1 = 2 working hours (8:00–17:00
    days; the weekend does not count) — no candidate."""
    receipt = flow(at(FRIDAY, 16), at(MONDAY, 9))
    assert receipt.document.status == "posted"
    assert not Assessment.objects.exists()


def test_d1_2_1_a_receipt_signed_a_working_day_later_is_a_candidate_against_the_warehouse(
    flow, store, storekeeper, lot
):
    """Registered Friday 09:00, signed Monday 10:00: 8 + 2 = 10 working hours — a candidate
    against 成品库 answered by 赵敏, with the policy's points, for the director."""
    receipt = flow(at(FRIDAY, 9), at(MONDAY, 10))
    found = Assessment.objects.get()
    assert (found.target, found.warehouse, found.person) == ("warehouse", store, storekeeper)
    assert (found.reason, found.source, found.state) == (
        "late_receipt",
        "late_receipt",
        "candidate",
    )
    assert found.receipt_id == receipt.document_id
    assert found.working_hours_taken == Decimal("10.0")
    assert found.points == 2 and found.written_by is None
    assert found.workshop == lot.workshop
    assert receipt.document.number in found.note


def test_d1_2_1_never_two_candidates_for_one_receipt(flow):
    receipt = flow(at(FRIDAY, 9), at(MONDAY, 10))
    again = services.flag_late_receipt(receipt_document_id=receipt.document_id)
    outbox.deliver_pending()
    assert Assessment.objects.count() == 1
    assert again == Assessment.objects.get()


def test_d1_2_1_the_allowed_working_hours_are_a_policy(flow, admin_user):
    policies.set_policy(
        actor=admin_user, declared_policy=rules.LATE_RECEIPT_WORKING_HOURS, value=12
    )
    flow(at(FRIDAY, 9), at(MONDAY, 10))
    assert not Assessment.objects.exists()


def test_d1_2_1_working_hours_follow_the_chinese_calendar(db):
    """1–7 October 2026 is the National Day holiday and Saturday 10 October a make-up
    working day (调休): 30 September 16:00 to 8 October 10:00 is 1 + 2 = 3 working
    hours; 9 October 16:00 to Monday 12 October 09:00 is 1 + 9 + 1 = 11."""
    national_day = (at(datetime.date(2026, 9, 30), 16), at(datetime.date(2026, 10, 8), 10))
    assert working_hours_between(*national_day) == Decimal("3.0")
    make_up = (at(datetime.date(2026, 10, 9), 16), at(datetime.date(2026, 10, 12), 9))
    assert working_hours_between(*make_up) == Decimal("11.0")
    assert working_hours_between(at(FRIDAY, 16), at(MONDAY, 9)) == Decimal("2.0")
    assert working_hours_between(at(MONDAY, 9), at(MONDAY, 8)) == Decimal("0.0")
