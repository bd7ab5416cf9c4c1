"""The transfer form only for who may write it (D1-3.2: the transfer clerk writes the
slip; issue 10: "a form is never shown to someone who will be refused")."""

import pytest
from django.test import Client

from gendan.shopfloor.models import TransferSlip
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_d1_3_2_an_inspector_gets_no_transfer_form_and_no_button(machining):
    inspector = UserFactory(username="lijun")
    grant(inspector, "inspector", workshop=machining)
    client = _client(inspector)
    assert client.get("/shopfloor/transfers/new/").status_code == 403
    assert client.post("/shopfloor/transfers/new/", {}).status_code == 403
    assert "new-transfer" not in client.get("/shopfloor/transfers/").content.decode()
    assert not TransferSlip.objects.exists()


def test_d1_3_2_the_clerk_gets_the_form_and_the_button(machining):
    clerk = UserFactory(username="wangfang")
    grant(clerk, "clerk", workshop=machining)
    client = _client(clerk)
    assert client.get("/shopfloor/transfers/new/").status_code == 200
    assert "new-transfer" in client.get("/shopfloor/transfers/").content.decode()
