"""Customers and the communication log (D2-1)."""

import datetime

import pytest
from django.test import Client

from gendan.core.errors import DomainError
from gendan.core.models import AuditEvent
from gendan.sales import queries, services
from gendan.sales.models import Communication, Customer


def test_d2_1_customer_update_is_audited_before_and_after(merchandiser):
    customer = services.create_customer(
        actor=merchandiser, code="HBNJ", name="华北农机", phone="0311-1"
    )
    services.update_customer(
        actor=merchandiser, customer=customer, phone="0311-2", merchandiser=merchandiser
    )
    row = AuditEvent.objects.get(action="customer.update")
    assert (row.before["phone"], row.after["phone"]) == ("0311-1", "0311-2")
    assert row.after["merchandiser"] == "liuyang"


def test_d2_1_duplicate_customer_code_is_refused(merchandiser):
    services.create_customer(actor=merchandiser, code="HBNJ", name="华北农机")
    with pytest.raises(DomainError) as refused:
        services.create_customer(actor=merchandiser, code="HBNJ", name="别的")
    assert refused.value.field == "code"
    assert Customer.objects.count() == 1


def test_d2_1_promised_feedback_past_due_is_in_the_owners_to_do_list_until_given(
    merchandiser, customer
):
    entry = services.log_communication(
        actor=merchandiser,
        customer=customer,
        kind="fax",
        summary="客户来传真询问交期",
        feedback_promised="回复 4 月交期",
        feedback_due_date=datetime.date.today(),
    )
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert list(queries.overdue_feedback(merchandiser, today=tomorrow)) == [entry]
    assert list(queries.overdue_feedback(merchandiser)) == []
    services.give_feedback(
        actor=merchandiser, communication=entry, feedback="已回复：4 月 30 日交货"
    )
    assert list(queries.overdue_feedback(merchandiser, today=tomorrow)) == []
    entry.refresh_from_db()
    assert entry.feedback_given_by == merchandiser


def test_d2_1_promised_feedback_without_a_due_date_is_refused(merchandiser, customer):
    with pytest.raises(DomainError) as refused:
        services.log_communication(
            actor=merchandiser,
            customer=customer,
            kind="call",
            summary="询价",
            feedback_promised="报价",
        )
    assert refused.value.field == "feedback_due_date"
    assert Communication.objects.count() == 0


def test_d2_1_overdue_feedback_shows_on_the_to_do_page(merchandiser, customer):
    entry = services.log_communication(
        actor=merchandiser,
        customer=customer,
        kind="wechat",
        summary="微信询问",
        feedback_promised="回复价格",
        feedback_due_date=datetime.date.today(),
    )
    Communication.objects.filter(pk=entry.pk).update(
        feedback_due_date=datetime.date.today() - datetime.timedelta(days=2)
    )
    client = Client()
    client.force_login(merchandiser)
    response = client.get("/sales/todo/")
    assert response.status_code == 200
    assert "回复价格" in response.content.decode()


def test_d2_1_communication_is_logged_through_the_page(merchandiser, customer):
    client = Client()
    client.force_login(merchandiser)
    response = client.post(
        f"/sales/customers/{customer.pk}/communications/",
        {"kind": "visit", "summary": "上门拜访", "feedback_promised": "", "feedback_due_date": ""},
    )
    assert response.status_code == 302
    assert Communication.objects.get().summary == "上门拜访"
