"""/api/v1/followup: board, milestones, complete, reopen, expenses, claims."""

from datetime import date

from gendan.core.models import Document
from gendan.followup.models import Expense, Milestone
from tests.factories import SiteFactory

API = "/api/v1/followup"


def test_board_over_api_is_paginated_and_filtered(client, planned_order, merchandiser):
    client.force_login(merchandiser)
    body = client.get(f"{API}/board", {"limit": 1, "stage": "面辅料到厂查验"}).json()
    assert body["count"] == 1 and body["items"][0]["order_number"] == planned_order.number
    assert client.get(f"{API}/board", {"stage": "回款"}).json()["count"] == 0


def test_milestones_complete_and_reopen_over_api(client, planned_order, merchandiser):
    client.force_login(merchandiser)
    plan = client.get(f"{API}/orders/{planned_order.pk}/milestones").json()
    assert plan[0]["status"] == "done" and plan[1]["name"] == "面辅料到厂查验"
    target = plan[1]["id"]
    refused = client.post(f"{API}/milestones/{target}/complete", {"note": "x"})
    assert refused.status_code == 400 and refused.json()["field"] == "evidence_url"
    done = client.post(f"{API}/milestones/{target}/complete", {"evidence_url": "/documents/3/"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    twice = client.post(f"{API}/milestones/{target}/complete", {"evidence_url": "/documents/3/"})
    assert twice.status_code == 409
    reopened = client.post(
        f"{API}/milestones/{target}/reopen", {"reason": "点错了"}, content_type="application/json"
    )
    assert reopened.json()["status"] == "open"
    assert Milestone.objects.get(pk=target).status == "open"


def test_outsider_gets_404_for_milestones_over_api(client, planned_order, outsider):
    client.force_login(outsider)
    assert client.get(f"{API}/orders/{planned_order.pk}/milestones").status_code == 404
    target = Milestone.objects.filter(order=planned_order).last().pk
    response = client.post(f"{API}/milestones/{target}/complete", {"evidence_url": "/x/"})
    assert response.status_code == 404


def test_expenses_claim_and_approval_over_api(client, frozen, merchandiser, sales_manager):
    site = SiteFactory(code="HX", name="华鑫制衣厂", kind="contracted_factory")
    client.force_login(merchandiser)
    bad = client.post(
        f"{API}/expenses",
        {"spent_on": "2025-07-31", "category": "lunch", "amount": "-3", "factory_id": site.pk},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "amount"
    created = client.post(
        f"{API}/expenses",
        {"spent_on": "2025-07-31", "category": "lunch", "amount": "22.5", "factory_id": site.pk},
    )
    assert created.status_code == 201
    assert [e["amount"] for e in client.get(f"{API}/expenses", {"month": "2025-07"}).json()] == [
        "22.50"
    ]
    claim = client.post(f"{API}/claims", {}, content_type="application/json").json()
    assert claim["status"] == "pending"
    client.force_login(sales_manager)
    approved = client.post(
        f"{API}/claims/{claim['id']}/approve", {"note": "同意"}, content_type="application/json"
    )
    assert approved.json()["status"] == Document.Status.POSTED
    assert Expense.objects.get().status == "approved"
    assert Expense.objects.get().spent_on == date(2025, 7, 31)
