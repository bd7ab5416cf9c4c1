"""Leavers lose access on their leaving date; API tokens expire and record their last use
(issue 9, "Leavers")."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from gendan.api.models import ApiToken
from gendan.api.services import create_token, revoke_tokens_of_leavers, user_for_token
from tests.factories import PASSWORD, EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

LEAVING_DAY = date(2026, 12, 15)


@pytest.fixture
def leaver():
    """宋雨 leaves the company on 2026-12-15."""
    user = UserFactory(username="songyu", first_name="宋雨")
    EmployeeFactory(user=user, name="宋雨", left_on=LEAVING_DAY)
    return user


@pytest.fixture
def stayer():
    user = UserFactory(username="luoxin", first_name="罗欣")
    EmployeeFactory(user=user, name="罗欣")
    return user


def _log_in(client):
    return client.post("/login/", {"username": "songyu", "password": PASSWORD})


def test_a_leaver_logs_in_until_the_leaving_date_and_not_from_it(client, leaver):
    with time_machine.travel(LEAVING_DAY - timedelta(days=1), tick=False):
        assert _log_in(client).status_code == 302
    client.logout()
    with time_machine.travel(LEAVING_DAY, tick=False):
        refused = _log_in(client)
    assert refused.status_code == 200  # the login page again, with its error
    assert "_auth_user_id" not in client.session


def test_a_leavers_open_session_ends_on_the_leaving_date(client, leaver):
    with time_machine.travel(LEAVING_DAY - timedelta(days=1), tick=False):
        client.force_login(leaver)
        assert client.get("/").status_code == 200
    with time_machine.travel(LEAVING_DAY, tick=False):
        response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_leavers_token_is_refused_from_the_leaving_date(client, leaver):
    with time_machine.travel(LEAVING_DAY - timedelta(days=1), tick=False):
        _token, raw = create_token(actor=leaver, name="手机")
        assert user_for_token(raw) == leaver
    with time_machine.travel(LEAVING_DAY, tick=False):
        assert user_for_token(raw) is None
        response = client.get("/api/v1/inbox", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_a_token_expires_after_a_year_by_default(stayer):
    token, raw = create_token(actor=stayer, name="MES")
    assert token.expires_at.date() == (timezone.now() + timedelta(days=365)).date()
    assert user_for_token(raw) == stayer
    with time_machine.travel(timezone.now() + timedelta(days=366), tick=False):
        assert user_for_token(raw) is None
        assert not ApiToken.objects.get(pk=token.pk).is_active


def test_using_a_token_records_when_it_was_last_used(stayer):
    token, raw = create_token(actor=stayer, name="MES")
    assert token.last_used_at is None
    user_for_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_the_nightly_revocation_revokes_only_leavers_tokens(leaver, stayer):
    with time_machine.travel(LEAVING_DAY - timedelta(days=1), tick=False):
        leaver_token, _raw = create_token(actor=leaver, name="手机")
        stayer_token, _raw = create_token(actor=stayer, name="MES")
        assert revoke_tokens_of_leavers() == 0
    assert revoke_tokens_of_leavers(on_date=LEAVING_DAY) == 1
    assert ApiToken.objects.get(pk=leaver_token.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=stayer_token.pk).revoked_at is None
