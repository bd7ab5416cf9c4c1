"""Notification channels: what each robot, gateway and mailbox receives, and the delivery log.

Every HTTP request goes to a server on 127.0.0.1 started by the `endpoint` fixture;
Huey runs in immediate mode, so a message is delivered (and retried) as soon as the
transaction that queued it commits.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import factory
import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation
from huey.contrib.djhuey import HUEY

from gendan.core import notify
from gendan.core.errors import DomainError
from gendan.core.models import (
    AuditEvent,
    DeliveryAttempt,
    NotificationChannel,
    NotificationMessage,
    Policy,
)

OK = {"errcode": 0, "errmsg": "ok"}
SUBJECT = "订单 SO-2026-018 交期预警"
BODY = "半轴 BZ-120 × 40 还差 12 件，交期 3 天后。"
CONTENT = f"{SUBJECT}\n{BODY}"


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationChannel

    name = factory.Sequence(lambda n: f"跟单群{n}")
    kind = NotificationChannel.Kind.WECOM
    webhook_url = "http://127.0.0.1:9/unused"


# --- the local endpoint ---------------------------------------------------------------------


@dataclass
class CapturedRequest:
    path: str
    query: dict
    headers: Message
    json: object


class Endpoint:
    """Records what arrives; answers from `answers` in turn, then with `default`."""

    def __init__(self):
        self.requests = []
        self.answers = []
        self.default = (200, OK)
        self.url = ""

    def answer(self):
        return self.answers.pop(0) if self.answers else self.default


def _handler_for(endpoint):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            parts = urlsplit(self.path)
            endpoint.requests.append(
                CapturedRequest(parts.path, parse_qs(parts.query), self.headers, json.loads(raw))
            )
            status, payload = endpoint.answer()
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    return Handler


@pytest.fixture(autouse=True)
def in_english():
    """Messages are asserted in English; the Chinese catalogue is added separately."""
    with translation.override("en"):
        yield


@pytest.fixture
def endpoint(monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    recorder = Endpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(recorder))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    recorder.url = f"http://127.0.0.1:{server.server_port}"
    yield recorder
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def immediate_huey(db):
    Policy.objects.update_or_create(key="core.notify_retry_delay_seconds", defaults={"value": 0})
    was_immediate = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = was_immediate


@pytest.fixture
def send(immediate_huey, django_capture_on_commit_callbacks, admin_user):
    """Queue a message as the admin, commit, and return it as delivery left it."""

    def _send(channel, subject=SUBJECT, body=BODY):
        with django_capture_on_commit_callbacks(execute=True):
            message = notify.send_notification(
                channel=channel, subject=subject, body=body, actor=admin_user
            )
        message.refresh_from_db()
        return message

    return _send


def _attempts(message):
    return list(message.deliveries.values_list("is_success", "status_code"))


def _counts():
    return (
        NotificationMessage.objects.count(),
        DeliveryAttempt.objects.count(),
        AuditEvent.objects.count(),
    )


# --- each kind of channel -------------------------------------------------------------------


def test_wecom_group_robot_receives_text_message(db, endpoint, send):
    channel = ChannelFactory(
        kind="wecom", webhook_url=f"{endpoint.url}/cgi-bin/webhook/send?key=K1"
    )

    message = send(channel)

    [request] = endpoint.requests
    assert request.path == "/cgi-bin/webhook/send"
    assert request.query == {"key": ["K1"]}
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.json == {"msgtype": "text", "text": {"content": CONTENT}}
    assert message.status == NotificationMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert _attempts(message) == [(True, 200)]


def test_dingtalk_robot_receives_signed_request(db, endpoint, send):
    secret = "SEC0123456789abcdef"
    channel = ChannelFactory(
        kind="dingtalk", webhook_url=f"{endpoint.url}/robot/send?access_token=T1", secret=secret
    )
    before_ms = int(time.time() * 1000)

    message = send(channel)

    [request] = endpoint.requests
    assert request.path == "/robot/send"
    assert set(request.query) == {"access_token", "timestamp", "sign"}
    assert request.query["access_token"] == ["T1"]
    timestamp = request.query["timestamp"][0]
    assert before_ms <= int(timestamp) <= int(time.time() * 1000)
    expected = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    assert request.query["sign"] == [base64.b64encode(expected.digest()).decode()]
    assert request.json == {"msgtype": "text", "text": {"content": CONTENT}}
    assert message.status == NotificationMessage.Status.SENT


def test_dingtalk_robot_without_query_string_gets_one(db, endpoint, send):
    channel = ChannelFactory(kind="dingtalk", webhook_url=f"{endpoint.url}/robot", secret="S")

    send(channel)

    [request] = endpoint.requests
    assert request.path == "/robot"
    assert set(request.query) == {"timestamp", "sign"}


def test_feishu_bot_receives_signed_text(db, endpoint, send):
    secret = "feishu-secret"
    endpoint.default = (200, {"code": 0, "msg": "success", "data": {}})
    channel = ChannelFactory(
        kind="feishu", webhook_url=f"{endpoint.url}/open-apis/bot/v2/hook/H1", secret=secret
    )
    before = int(time.time())

    message = send(channel)

    [request] = endpoint.requests
    assert request.path == "/open-apis/bot/v2/hook/H1"
    timestamp = request.json["timestamp"]
    assert isinstance(timestamp, str)
    assert before <= int(timestamp) <= int(time.time())
    expected = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256)
    assert request.json == {
        "msg_type": "text",
        "content": {"text": CONTENT},
        "timestamp": timestamp,
        "sign": base64.b64encode(expected.digest()).decode(),
    }
    assert message.status == NotificationMessage.Status.SENT


def test_feishu_bot_without_secret_receives_unsigned_text(db, endpoint, send):
    endpoint.default = (200, {"StatusCode": 0, "StatusMessage": "success"})
    channel = ChannelFactory(kind="feishu", webhook_url=f"{endpoint.url}/hook")

    message = send(channel)

    assert endpoint.requests[0].json == {"msg_type": "text", "content": {"text": CONTENT}}
    assert message.status == NotificationMessage.Status.SENT


def test_sms_gateway_receives_phone_numbers_and_bearer_token(db, endpoint, send):
    endpoint.default = (202, {"accepted": 2})
    channel = ChannelFactory(
        kind="sms",
        webhook_url=f"{endpoint.url}/sms/send",
        secret="gateway-token",
        recipients="13800138000\n\n 13912345678 \n",
    )

    message = send(channel)

    [request] = endpoint.requests
    assert request.path == "/sms/send"
    assert request.headers["Authorization"] == "Bearer gateway-token"
    assert request.json == {"to": ["13800138000", "13912345678"], "text": CONTENT}
    assert message.status == NotificationMessage.Status.SENT
    assert _attempts(message) == [(True, 202)]


def test_sms_gateway_without_secret_gets_no_authorization_header(db, endpoint, send):
    channel = ChannelFactory(
        kind="sms", webhook_url=f"{endpoint.url}/sms", recipients="13800138000"
    )

    send(channel)

    assert "Authorization" not in endpoint.requests[0].headers


def test_email_channel_mails_every_recipient(db, send):
    channel = ChannelFactory(
        kind="email", webhook_url="", recipients="zhang@example.com\nli@example.com\n"
    )

    message = send(channel)

    [sent] = mail.outbox
    assert sent.subject == SUBJECT
    assert sent.body == BODY
    assert sent.to == ["zhang@example.com", "li@example.com"]
    assert message.status == NotificationMessage.Status.SENT
    assert _attempts(message) == [(True, None)]


def test_notify_sends_by_channel_name(
    db, endpoint, immediate_huey, django_capture_on_commit_callbacks
):
    ChannelFactory(name="机加车间群", kind="wecom", webhook_url=f"{endpoint.url}/hook")

    with django_capture_on_commit_callbacks(execute=True):
        message = notify.notify("机加车间群", SUBJECT, BODY)

    message.refresh_from_db()
    assert message.status == NotificationMessage.Status.SENT
    assert endpoint.requests[0].json["text"]["content"] == CONTENT


def test_notify_names_an_unknown_channel(db):
    with pytest.raises(DomainError, match="no notification channel named “装配群”"):
        notify.notify("装配群", SUBJECT, BODY)
    assert NotificationMessage.objects.count() == 0


# --- failures and retries -------------------------------------------------------------------


def test_failing_endpoint_is_retried_then_marked_failed(db, endpoint, send):
    endpoint.default = (500, {"error": "boom"})
    channel = ChannelFactory(kind="wecom", webhook_url=f"{endpoint.url}/hook")

    message = send(channel)

    assert len(endpoint.requests) == 4  # the first try and three retries
    assert message.status == NotificationMessage.Status.FAILED
    assert message.attempts == 4
    assert message.sent_at is None
    assert _attempts(message) == [(False, 500)] * 4
    assert "HTTP 500" in message.deliveries.first().detail


def test_robot_error_code_counts_as_failed_delivery(db, endpoint, send):
    endpoint.default = (200, {"errcode": 310000, "errmsg": "sign not match"})
    channel = ChannelFactory(kind="dingtalk", webhook_url=f"{endpoint.url}/robot", secret="S")

    message = send(channel)

    assert message.status == NotificationMessage.Status.FAILED
    assert _attempts(message) == [(False, 200)] * 4
    assert message.deliveries.first().detail == "errcode 310000: sign not match"


def test_feishu_error_code_counts_as_failed_delivery(db, endpoint, send):
    endpoint.default = (200, {"code": 19021, "msg": "sign match fail"})
    channel = ChannelFactory(kind="feishu", webhook_url=f"{endpoint.url}/hook", secret="S")

    message = send(channel)

    assert message.status == NotificationMessage.Status.FAILED
    assert message.deliveries.first().detail == "code 19021: sign match fail"


def test_transient_failure_is_retried_and_ends_sent(db, endpoint, send):
    endpoint.answers = [(500, {"error": "busy"})]
    channel = ChannelFactory(kind="wecom", webhook_url=f"{endpoint.url}/hook")

    message = send(channel)

    assert len(endpoint.requests) == 2
    assert message.status == NotificationMessage.Status.SENT
    assert message.attempts == 2
    assert _attempts(message) == [(False, 500), (True, 200)]


def test_unreachable_endpoint_is_logged_without_status_code(db, send):
    probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    closed_port = probe.server_port
    probe.server_close()
    channel = ChannelFactory(kind="wecom", webhook_url=f"http://127.0.0.1:{closed_port}/hook")

    message = send(channel)

    assert message.status == NotificationMessage.Status.FAILED
    assert _attempts(message) == [(False, None)] * 4
    assert f"127.0.0.1:{closed_port}" in message.deliveries.first().detail


def test_webhook_url_other_than_http_is_never_opened(db, send):
    channel = ChannelFactory(kind="wecom", webhook_url="file:///etc/passwd")

    message = send(channel)

    assert message.status == NotificationMessage.Status.FAILED
    assert "http://" in message.deliveries.first().detail


def test_delivery_retries_are_spaced_by_the_configured_delay(db, endpoint, send):
    Policy.objects.filter(key="core.notify_retry_delay_seconds").update(value=60)
    endpoint.default = (500, {"error": "boom"})
    channel = ChannelFactory(kind="wecom", webhook_url=f"{endpoint.url}/hook")

    message = send(channel)

    # The retry waits in Huey's schedule rather than running at once.
    assert len(endpoint.requests) == 1
    assert message.status == NotificationMessage.Status.QUEUED
    assert _attempts(message) == [(False, 500)]
    [scheduled] = HUEY.scheduled()
    assert scheduled.retry_delay == 60
    HUEY.storage.flush_schedule()


# --- refusals and the audit trail -----------------------------------------------------------


def test_inactive_channel_is_refused_and_nothing_is_queued(db, endpoint, send):
    channel = ChannelFactory(name="停用群", webhook_url=f"{endpoint.url}/hook", is_active=False)
    counts = _counts()

    with pytest.raises(DomainError, match="“停用群” is switched off"):
        send(channel)

    assert _counts() == counts
    assert endpoint.requests == []


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_empty_body_is_refused_and_nothing_is_queued(db, endpoint, send, body):
    channel = ChannelFactory(webhook_url=f"{endpoint.url}/hook")
    counts = _counts()

    with pytest.raises(DomainError, match="message is empty") as refused:
        send(channel, body=body)

    assert refused.value.field == "body"
    assert _counts() == counts
    assert endpoint.requests == []


def test_channel_without_webhook_url_is_refused(db, send):
    channel = ChannelFactory(name="未配置群", kind="dingtalk", webhook_url="")
    counts = _counts()

    with pytest.raises(DomainError, match="“未配置群” has no webhook URL"):
        send(channel)

    assert _counts() == counts


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(
    db, endpoint, immediate_huey, django_capture_on_commit_callbacks
):
    channel = ChannelFactory(webhook_url=f"{endpoint.url}/hook")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify.send_notification(channel=channel, subject=SUBJECT, body=BODY)
        raise RuntimeError("the order change failed")

    assert callbacks == []
    assert endpoint.requests == []
    assert NotificationMessage.objects.count() == 0


def test_queueing_a_notification_writes_an_audit_row(db, endpoint, send, admin_user):
    channel = ChannelFactory(name="跟单群", webhook_url=f"{endpoint.url}/hook")

    message = send(channel)

    [event] = AuditEvent.objects.filter(action="notification.queue")
    assert event.actor == admin_user
    assert event.object_id == str(message.pk)
    assert event.after == {"channel": "跟单群", "subject": SUBJECT, "status": "queued"}
