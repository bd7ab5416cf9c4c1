"""Notifications: queue a message on a channel, deliver it from a Huey task.

`send_notification` is the only write that creates a message; delivery runs after
commit in `gendan.core.tasks.deliver_notification`, which calls `deliver`. Every try
leaves a `DeliveryAttempt` row, so a person can see why a message did not arrive.

Senders speak to the robots' webhooks with the standard library (`urllib.request`), so
no HTTP client dependency is needed; each returns `(status_code, response_text)` or
raises `DeliveryFailed`.
"""

import base64
import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gendan.core import audit
from gendan.core.errors import DomainError, NotFound
from gendan.core.models import DeliveryAttempt, NotificationChannel, NotificationMessage

TIMEOUT_SECONDS = 10
DETAIL_LIMIT = 500
SUBJECT_LIMIT = NotificationMessage._meta.get_field("subject").max_length
Kind = NotificationChannel.Kind


class DeliveryFailed(Exception):
    """One try to deliver a message failed; `detail` says why, for the delivery log."""

    def __init__(self, detail, *, status_code=None):
        self.detail = str(detail)[:DETAIL_LIMIT]
        self.status_code = status_code
        super().__init__(self.detail)


# --- services ------------------------------------------------------------------------------


def send_notification(*, channel, subject, body, actor=None):
    """Queue `body` for `channel` and deliver it once the transaction commits.

    Refused when the channel is switched off or not set up for its kind, when the body
    is empty, or when the subject is too long. The queued message and its audit row are
    written together; nothing is sent if the caller's transaction rolls back.
    """
    _check_can_send(channel, subject, body)
    with transaction.atomic():
        message = NotificationMessage.objects.create(channel=channel, subject=subject, body=body)
        audit.record(
            actor=actor,
            action="notification.queue",
            obj=message,
            after={"channel": channel.name, "subject": subject, "status": message.status},
        )
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def save_channel(
    *,
    actor,
    channel=None,
    name,
    kind,
    webhook_url="",
    secret="",
    recipients="",
    is_active=True,
    origin=None,
):
    """Set up or change a channel. A secret left empty when changing keeps the stored one
    (it is never shown back); the audit row says only whether a secret is set."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the channel a name."), field="name")
    clash = NotificationChannel.objects.filter(name=name)
    if channel is not None:
        clash = clash.exclude(pk=channel.pk)
    if clash.exists():
        raise DomainError(
            _("There is already a channel named “%(name)s”.") % {"name": name}, field="name"
        )
    if kind not in Kind.values:
        raise DomainError(_("Choose how the channel sends."), field="kind")
    values = {
        "name": name,
        "kind": kind,
        "webhook_url": (webhook_url or "").strip(),
        "recipients": (recipients or "").strip(),
        "is_active": bool(is_active),
    }
    if secret or channel is None:
        values["secret"] = (secret or "").strip()
    shown = {key: value for key, value in values.items() if key != "secret"}
    shown["secret"] = bool(values.get("secret", channel.secret if channel else ""))
    with transaction.atomic():
        if channel is None:
            channel = NotificationChannel.objects.create(**values)
            audit.record(
                actor=actor, action="channel.create", obj=channel, origin=origin, after=shown
            )
        else:
            for key, value in values.items():
                setattr(channel, key, value)
            channel.save(update_fields=list(values))
            audit.record(
                actor=actor, action="channel.change", obj=channel, origin=origin, after=shown
            )
    return channel


def notify(channel_name, subject, body):
    """Send by channel name: the shortcut for code that has no acting user."""
    channel = NotificationChannel.objects.filter(name=channel_name).first()
    if channel is None:
        raise NotFound(
            _("There is no notification channel named “%(name)s”.") % {"name": channel_name}
        )
    return send_notification(channel=channel, subject=subject, body=body)


def deliver(message_id, *, is_last_try=True):
    """Try once to deliver a queued message and log the try.

    A message already sent is left alone. On failure the error is re-raised so the task
    is retried; on the last try the message is marked failed.
    """
    message = NotificationMessage.objects.select_related("channel").filter(pk=message_id).first()
    if message is None or message.status == NotificationMessage.Status.SENT:
        return message
    try:
        status_code, text = send_via_channel(message.channel, message.subject, message.body)
    except DeliveryFailed as failure:
        status = NotificationMessage.Status.FAILED if is_last_try else message.status
        _log_attempt(message, status_code=failure.status_code, detail=failure.detail, status=status)
        raise
    return _log_attempt(
        message, status_code=status_code, detail=text, status=NotificationMessage.Status.SENT
    )


def _check_can_send(channel, subject, body):
    if not channel.is_active:
        raise DomainError(
            _(
                "The notification channel “%(name)s” is switched off. "
                "Switch it on or choose another channel."
            )
            % {"name": channel.name}
        )
    missing = _missing_setup(channel)
    if missing:
        raise DomainError(missing)
    if not (body or "").strip():
        raise DomainError(
            _("The message is empty. Write what the recipients should be told."), field="body"
        )
    if len(subject or "") > SUBJECT_LIMIT:
        raise DomainError(
            _("The subject is %(length)d characters long; at most %(limit)d are allowed.")
            % {"length": len(subject), "limit": SUBJECT_LIMIT},
            field="subject",
        )


def _missing_setup(channel):
    """The message saying what the channel lacks for its kind, or '' when it is ready."""
    needs_url = channel.kind != Kind.EMAIL
    needs_recipients = channel.kind in (Kind.EMAIL, Kind.SMS)
    if needs_url and not channel.webhook_url:
        return _("The notification channel “%(name)s” has no webhook URL.") % {"name": channel.name}
    if needs_recipients and not _recipients(channel):
        return _("The notification channel “%(name)s” has no recipients.") % {"name": channel.name}
    return ""


def _enqueue(message_id):
    # Imported here because the tasks module imports this one.
    from gendan.core import tasks

    tasks.enqueue_delivery(message_id)


def _log_attempt(message, *, status_code, detail, status):
    is_success = status == NotificationMessage.Status.SENT
    with transaction.atomic():
        locked = NotificationMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)
        DeliveryAttempt.objects.create(
            message=locked,
            is_success=is_success,
            status_code=status_code,
            detail=(detail or "")[:DETAIL_LIMIT],
        )
        locked.attempts += 1
        locked.status = status
        if is_success:
            locked.sent_at = timezone.now()
        locked.save(update_fields=["attempts", "status", "sent_at"])
    return locked


# --- senders -------------------------------------------------------------------------------


def send_via_channel(channel, subject, body):
    """Send once through the sender for the channel's kind."""
    if not channel.is_active:
        raise DeliveryFailed(_("The channel is switched off."))
    sender = SENDERS.get(channel.kind)
    if sender is None:
        raise DeliveryFailed(_("Unknown channel kind “%(kind)s”.") % {"kind": channel.kind})
    return sender(channel, subject, body)


def send_wecom(channel, subject, body):
    """WeCom (企业微信) group robot: a text message; `errcode` 0 means accepted."""
    payload = {"msgtype": "text", "text": {"content": _content(subject, body)}}
    status_code, text = _post_json(channel.webhook_url, payload)
    _check_code(status_code, text, ("errcode",), ("errmsg",))
    return status_code, text


def send_dingtalk(channel, subject, body):
    """DingTalk (钉钉) robot, signed when the channel has a secret; `errcode` 0 means ok."""
    url = channel.webhook_url
    if channel.secret:
        url = _with_query(url, dingtalk_signature(channel.secret))
    payload = {"msgtype": "text", "text": {"content": _content(subject, body)}}
    status_code, text = _post_json(url, payload)
    _check_code(status_code, text, ("errcode",), ("errmsg",))
    return status_code, text


def send_feishu(channel, subject, body):
    """Feishu (飞书) bot, signed when the channel has a secret; `code` 0 means ok."""
    payload = {"msg_type": "text", "content": {"text": _content(subject, body)}}
    if channel.secret:
        payload.update(feishu_signature(channel.secret))
    status_code, text = _post_json(channel.webhook_url, payload)
    _check_code(status_code, text, ("code", "StatusCode"), ("msg", "StatusMessage"))
    return status_code, text


def send_sms(channel, subject, body):
    """A generic SMS HTTP gateway: JSON with the phone numbers; any 2xx means accepted."""
    payload = {"to": _recipients(channel), "text": _content(subject, body)}
    headers = {"Authorization": f"Bearer {channel.secret}"} if channel.secret else {}
    return _post_json(channel.webhook_url, payload, headers=headers)


def send_email(channel, subject, body):
    """E-mail through Django's configured backend to every recipient of the channel."""
    recipients = _recipients(channel)
    if not recipients:
        raise DeliveryFailed(_("The channel has no recipients."))
    try:
        count = send_mail(subject, body, None, recipients, fail_silently=False)
    except OSError as error:  # smtplib's errors are OSErrors
        raise DeliveryFailed(_("Mail server refused: %(error)s") % {"error": error}) from error
    return None, _("Mailed %(count)d message(s) to %(recipients)s.") % {
        "count": count,
        "recipients": ", ".join(recipients),
    }


SENDERS = {
    Kind.WECOM: send_wecom,
    Kind.DINGTALK: send_dingtalk,
    Kind.FEISHU: send_feishu,
    Kind.SMS: send_sms,
    Kind.EMAIL: send_email,
}


def dingtalk_signature(secret, timestamp_ms=None):
    """DingTalk's query parameters: HMAC-SHA256 of "timestamp\\nsecret", keyed by the secret."""
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return {"timestamp": str(timestamp_ms), "sign": base64.b64encode(digest).decode()}


def feishu_signature(secret, timestamp=None):
    """Feishu's body fields: HMAC-SHA256 of an empty message, keyed by "timestamp\\nsecret"."""
    timestamp = timestamp if timestamp is not None else int(time.time())
    key = f"{timestamp}\n{secret}".encode()
    digest = hmac.new(key, b"", hashlib.sha256).digest()
    return {"timestamp": str(timestamp), "sign": base64.b64encode(digest).decode()}


# --- HTTP ----------------------------------------------------------------------------------


def _post_json(url, payload, *, headers=None):
    """POST `payload` as JSON; return (status, text) for 2xx, raise DeliveryFailed otherwise."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryFailed(_("The webhook URL must start with http:// or https://."))
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status_code, text = response.status, _read_text(response)
    except urllib.error.HTTPError as error:
        detail = f"HTTP {error.code}: {_read_text(error)}"
        raise DeliveryFailed(detail, status_code=error.code) from error
    except (OSError, http.client.HTTPException) as error:  # refused, timed out, cut off
        raise DeliveryFailed(
            _("Could not reach %(host)s: %(error)s")
            % {"host": urlsplit(url).netloc, "error": getattr(error, "reason", error)}
        ) from error
    if not 200 <= status_code < 300:
        raise DeliveryFailed(f"HTTP {status_code}: {text}", status_code=status_code)
    return status_code, text


def _read_text(response):
    try:
        return response.read(64 * 1024).decode("utf-8", errors="replace")
    except (OSError, http.client.HTTPException):
        return ""


def _check_code(status_code, text, code_keys, message_keys):
    """Robots answer HTTP 200 even when they refuse; the JSON code says which."""
    try:
        answer = json.loads(text)
    except ValueError:
        raise DeliveryFailed(
            _("The answer was not JSON: %(text)s") % {"text": text[:200]}, status_code=status_code
        ) from None
    if not isinstance(answer, dict):
        answer = {}
    code = next((answer[key] for key in code_keys if key in answer), None)
    if code != 0:
        reason = next((answer[key] for key in message_keys if key in answer), "")
        raise DeliveryFailed(f"{code_keys[0]} {code}: {reason}", status_code=status_code)


def _with_query(url, parameters):
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode(parameters)]))
    return urlunsplit(parts._replace(query=query))


def _content(subject, body):
    return f"{subject}\n{body}" if subject else body


def _recipients(channel):
    return [line.strip() for line in (channel.recipients or "").splitlines() if line.strip()]
