"""Who follows an order (issue 9, issue 10 §9): a role granted everywhere that is not for
orders — the outside factory — no longer reads every order through the board API or
completes its milestones; a milestone's owner follows that order."""

import pytest
from django.urls import reverse

from gendan.followup.models import Milestone
from tests.factories import UserFactory, WorkshopFactory, grant

API = "/api/v1/followup"


@pytest.fixture
def outside_factory(db):
    user = UserFactory(username="dengfang", first_name="邓芳")
    grant(user, "factory")  # granted everywhere
    return user


def test_the_outside_factory_reads_no_order_and_completes_no_milestone(
    client, planned_order, outside_factory
):
    milestone = planned_order.milestones.order_by("position").last()
    client.force_login(outside_factory)
    assert client.get(f"{API}/board").json()["items"] == []
    assert client.get(reverse("sales:order-detail", args=[planned_order.pk])).status_code == 404
    refused = client.post(f"{API}/milestones/{milestone.pk}/complete", {"evidence_url": "/x/"})
    assert refused.status_code == 404
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.OPEN


def test_a_milestone_owner_follows_that_order(client, planned_order):
    """The statistician, granted in one workshop, owns 成品入库 and opens the order."""
    statistician = UserFactory(username="chenjing", first_name="陈静")
    grant(statistician, "statistician", workshop=WorkshopFactory(code="JJ", name="机加车间"))
    client.force_login(statistician)
    page = reverse("sales:order-detail", args=[planned_order.pk])
    assert client.get(page).status_code == 404
    Milestone.objects.filter(pk=planned_order.milestones.first().pk).update(owner=statistician)
    assert client.get(page).status_code == 200
    numbers = [row["order_number"] for row in client.get(f"{API}/board").json()["items"]]
    assert numbers == [planned_order.number]
