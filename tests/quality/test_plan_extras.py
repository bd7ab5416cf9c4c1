"""The inspection plan, continued: one proposed date moved by hand within its step's
rules (D4-5, D4-8), and the print view of the pre-production meeting minutes (D4-5).
Production starts on Monday 2026-03-16; the factory due date is 2026-04-09 (see
test_plan_services)."""

import datetime

import pytest
from django.test import Client

from gendan.core.errors import DomainError, PermissionDenied
from gendan.core.models import AuditEvent
from gendan.quality import plan_services, plan_step_dates
from tests.quality.test_plan_services import START, dates

D = datetime.date


@pytest.fixture
def plan(merchandiser, factory_order):
    return plan_services.make_plan(
        actor=merchandiser, factory_order=factory_order, production_start=START
    )


def step_of(plan, kind, round_number=1):
    return plan.steps.get(kind=kind, round_number=round_number)


def move(actor, plan, kind, day, round_number=1):
    step = step_of(plan, kind, round_number)
    return plan_step_dates.set_step_date(actor=actor, plan=plan, step_id=step.pk, planned_on=day)


def test_d4_8_the_merchandiser_moves_one_proposed_date_and_only_that_one(merchandiser, plan):
    before = dates(plan, "mid_production")
    move(merchandiser, plan, "fabric", D(2026, 3, 5))
    assert dates(plan, "fabric") == [D(2026, 3, 5)]
    assert dates(plan, "mid_production") == before
    row = AuditEvent.objects.get(action="inspection_plan.step_date")
    assert row.after["planned_on"] == "2026-03-05"


@pytest.mark.parametrize(
    ("kind", "day", "words"),
    [
        ("fabric", D(2026, 3, 7), "2026-03-07"),  # a Saturday
        ("fabric", D(2026, 3, 17), "2026-03-16"),  # after production starts
        ("first_piece", D(2026, 4, 10), "2026-04-09"),  # after the factory due date
        ("final", D(2026, 4, 10), "2026-04-09"),
        ("meeting", D(2026, 3, 9), "2026-03-11"),  # D4-5: 1–3 working days before
        ("mid_production", D(2026, 3, 24), "2026-03-26"),  # 1 working day after round 1
    ],
)
def test_d4_5_d4_8_a_date_against_its_step_rule_is_refused_and_nothing_moves(
    merchandiser, plan, kind, day, words
):
    round_number = 2 if kind == "mid_production" else 1
    before = step_of(plan, kind, round_number).planned_on
    with pytest.raises(DomainError) as refused:
        move(merchandiser, plan, kind, day, round_number)
    assert words in str(refused.value)
    assert step_of(plan, kind, round_number).planned_on == before
    assert not AuditEvent.objects.filter(action="inspection_plan.step_date").exists()


def test_d4_8_only_qc_or_a_merchandiser_moves_a_date(factory_user, plan):
    before = dates(plan, "fabric")
    with pytest.raises(PermissionDenied):
        move(factory_user, plan, "fabric", D(2026, 3, 5))
    assert dates(plan, "fabric") == before


def test_d4_8_the_plan_page_moves_a_date(merchandiser, plan):
    client = Client()
    client.force_login(merchandiser)
    step = step_of(plan, "shipping_sample")
    page = client.get(f"/quality/orders/{plan.factory_order.order_id}/plan/").content.decode()
    assert f'data-testid="step-date-{step.pk}"' in page
    client.post(f"/quality/plans/{plan.pk}/steps/{step.pk}/date/", {"planned_on": "2026-04-01"})
    assert dates(plan, "shipping_sample") == [D(2026, 4, 1)]


def test_d4_5_the_minutes_print_on_a4_with_the_factory_signature_line(
    merchandiser, factory_user, outsider, plan
):
    minutes = plan_services.write_minutes(
        actor=merchandiser, plan=plan, held_on=D(2026, 3, 12), attendees="张伟、邓芳",
        critical_points="袖口明线 3 cm 12 针",
    )  # fmt: skip
    plan_services.sign_minutes(actor=factory_user, minutes=minutes)
    client = Client()
    client.force_login(factory_user)
    page = client.get(f"/quality/plans/{plan.pk}/minutes/print/").content.decode()
    assert "@page { size: A4" in page and minutes.document.number in page
    assert "袖口明线" in page and 'data-testid="signature-lines"' in page and "邓芳" in page
    outsider_client = Client()
    outsider_client.force_login(outsider)
    assert outsider_client.get(f"/quality/plans/{plan.pk}/minutes/print/").status_code == 404
