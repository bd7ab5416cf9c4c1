"""Notification channels are set up on a page, not in the admin (issue 10; the 09:30
daily report D4-13 and the warehouse notice D2-5 go through them): a channel saved and
audited without its secret; a clash refused naming the field and nothing saved; a test
message sent and its delivery shown; anyone else gets 403."""

import pytest
from django.core import mail
from django.test import Client

from gendan.core.models import AuditEvent, NotificationChannel, NotificationMessage
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


WECOM = {
    "name": "质管部群",
    "kind": "wecom",
    "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
    "secret": "s3cret-token",
    "is_active": "on",
}


def test_the_administrator_sets_up_a_wecom_channel_and_the_secret_is_never_shown(admin_user):
    client = _client(admin_user)
    response = client.post("/settings/channels/", WECOM)
    channel = NotificationChannel.objects.get(name="质管部群")
    assert response.status_code == 302
    assert channel.secret == "s3cret-token"
    row = AuditEvent.objects.get(action="channel.create")
    assert "s3cret-token" not in str(row.after) and row.after["secret"] is True
    page = client.get(f"/settings/channels/{channel.pk}/").content.decode()
    assert "s3cret-token" not in page and "企业微信" in page


def test_changing_a_channel_without_a_secret_keeps_the_stored_one(admin_user):
    channel = NotificationChannel.objects.create(
        name="质管部群", kind="wecom", webhook_url=WECOM["webhook_url"], secret="keep-me"
    )
    _client(admin_user).post(
        f"/settings/channels/{channel.pk}/", WECOM | {"name": "质管部通知群", "secret": ""}
    )
    channel.refresh_from_db()
    assert (channel.name, channel.secret) == ("质管部通知群", "keep-me")


def test_a_second_channel_with_the_same_name_is_refused_and_nothing_is_saved(admin_user):
    NotificationChannel.objects.create(name="质管部群", kind="email", recipients="qc@example.com")
    response = _client(admin_user).post("/settings/channels/", WECOM)
    assert response.status_code == 400
    assert 'data-field="name"' in response.content.decode()
    assert NotificationChannel.objects.count() == 1


def test_a_test_message_goes_out_and_its_delivery_is_shown(
    admin_user, django_capture_on_commit_callbacks
):
    channel = NotificationChannel.objects.create(
        name="销售邮件", kind="email", recipients="sales@example.com"
    )
    client = _client(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/settings/channels/{channel.pk}/test/")
    message = NotificationMessage.objects.get(channel=channel)
    assert message.status == NotificationMessage.Status.SENT
    assert [m.to for m in mail.outbox] == [["sales@example.com"]]
    page = client.get(f"/settings/channels/{channel.pk}/").content.decode()
    assert message.subject in page


def test_a_channel_missing_its_recipients_refuses_the_test_and_sends_nothing(admin_user):
    channel = NotificationChannel.objects.create(
        name="短信", kind="sms", webhook_url="https://sms.example.com/send"
    )
    response = _client(admin_user).post(f"/settings/channels/{channel.pk}/test/", follow=True)
    assert not NotificationMessage.objects.exists()
    assert "短信" in response.content.decode()


def test_someone_who_is_not_an_administrator_gets_403_and_nothing_changes(machining):
    director = UserFactory(username="zhaogang")
    grant(director, "workshop_director", workshop=machining)
    client = _client(director)
    assert client.get("/settings/channels/").status_code == 403
    assert client.post("/settings/channels/", WECOM).status_code == 403
    assert not NotificationChannel.objects.exists()
