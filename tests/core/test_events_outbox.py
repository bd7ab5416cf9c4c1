"""Declared events, delivered durably through the outbox (issue 8, items 2 and 3).

Personas: 王芳 the clerk signs the generic test slip; the administrator (admin_user)
watches failed deliveries; 刘敏 the merchandiser may not.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import gendan
from gendan.core import chains, events, integrity, numbering, outbox
from gendan.core.errors import InvalidTransition
from gendan.core.models import AuditEvent, EventDelivery, EventRecord
from tests.factories import UserFactory


@dataclass(frozen=True, kw_only=True)
class PartsCounted(events.Event):
    """A test-only event."""

    code = "test.parts_counted"
    label = "order confirmed"
    order_id: int | None = None
    number: int

    def describe(self):
        return f"清点零件 {self.number} 件"


@pytest.fixture
def listener():
    """Subscribes handlers to PartsCounted for one test and takes them off afterwards."""
    added = []

    def add(handler):
        events.subscribe(PartsCounted, handler)
        added.append(handler)
        return handler

    yield add
    for handler in added:
        events.unsubscribe(PartsCounted, handler)


def _later(seconds):
    return timezone.now() + timedelta(seconds=seconds)


def test_publishing_writes_the_event_and_a_delivery_per_subscriber_delivered_after_commit(
    db, listener, admin_user, django_capture_on_commit_callbacks
):
    received = []
    listener(received.append)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.publish(PartsCounted(order_id=7, number=40), actor=admin_user)
        assert received == []  # not before commit
        record = EventRecord.objects.get(code="test.parts_counted")
        assert (record.order_id, record.actor, record.payload) == (
            7,
            admin_user,
            {"order_id": 7, "number": 40},
        )
        assert record.deliveries.get().status == EventDelivery.Status.PENDING
    assert received == [PartsCounted(order_id=7, number=40)]
    delivery = record.deliveries.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 1, "")


def test_events_of_a_rolled_back_transaction_are_neither_stored_nor_delivered(
    transactional_db, listener
):
    received = []
    listener(received.append)
    with pytest.raises(RuntimeError, match="rollback"), transaction.atomic():
        events.publish(PartsCounted(number=1))
        raise RuntimeError("rollback")
    assert received == []
    assert not EventRecord.objects.exists()


def test_publishing_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="atomic"):
        events.publish(PartsCounted(number=1))
    assert not EventRecord.objects.exists()


def test_a_subscriber_failing_twice_delivers_on_the_third_attempt(
    db, listener, django_capture_on_commit_callbacks
):
    attempts, received = [], []

    def flaky(event):
        attempts.append(event)
        if len(attempts) <= 2:
            raise ConnectionError(f"printer offline ({len(attempts)})")
        received.append(event)

    listener(flaky)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(PartsCounted(number=3))
    delivery = EventDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error == "ConnectionError: printer offline (1)"
    assert outbox.deliver_pending(now=_later(10)) == 0  # backoff: not before 30 s
    assert len(attempts) == 1
    outbox.deliver_pending(now=_later(31))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert delivery.next_attempt_at == pytest.approx(_later(31 + 120), abs=timedelta(seconds=5))
    assert outbox.deliver_pending(now=_later(31 + 121)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 3, "")
    assert received == [PartsCounted(number=3)]


def test_a_failing_subscriber_does_not_stop_the_others_nor_keep_its_partial_work(
    db, listener, django_capture_on_commit_callbacks, admin_user
):
    received = []

    def broken(event):
        events.publish(PartsCounted(number=99))  # partial work, rolled back with the failure
        raise ValueError("no such item")

    listener(broken)
    listener(received.append)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(PartsCounted(number=2))
    assert received == [PartsCounted(number=2)]
    assert not EventRecord.objects.filter(payload__number=99).exists()
    failed = EventDelivery.objects.get(subscriber__endswith="broken")
    assert (failed.status, failed.last_error) == ("pending", "ValueError: no such item")


def test_a_delivery_failing_every_time_waits_for_an_administrator_who_retries_it(
    db, listener, admin_user, django_capture_on_commit_callbacks
):
    fixed = []

    def until_fixed(event):
        if not fixed:
            raise ValueError("库位不存在")

    listener(until_fixed)
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(PartsCounted(number=5))
    for hours in range(1, outbox.MAX_ATTEMPTS):
        outbox.deliver_pending(now=_later(hours * 3600 + 1))
    delivery = EventDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert outbox.deliver_pending(now=_later(100 * 3600)) == 0  # no longer retried by itself
    fixed.append(True)
    with django_capture_on_commit_callbacks(execute=True):
        outbox.retry(actor=admin_user, delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", outbox.MAX_ATTEMPTS + 1)
    assert AuditEvent.objects.filter(action="event_delivery.retry", actor=admin_user).exists()


def test_sweep_delivers_an_event_whose_first_delivery_was_lost(db, listener):
    received = []
    listener(received.append)
    events.publish(PartsCounted(number=9))  # the test's transaction never commits: no task ran
    assert received == []
    assert outbox.deliver_pending() == 1
    assert received == [PartsCounted(number=9)]


def test_gendan_check_names_an_event_stuck_for_ten_minutes(db, listener, settings):
    settings.LANGUAGE_CODE = "zh-hans"

    @events.labelled("测试：清点入账")
    def always_broken(event):
        raise ValueError("库位 A-01 不存在")

    listener(always_broken)
    events.publish(PartsCounted(number=4))
    outbox.deliver_pending()
    assert list(outbox.stuck_problems()) == []  # nine minutes is not stuck yet
    EventRecord.objects.update(occurred_at=timezone.now() - timedelta(minutes=11))
    problems = dict(integrity.run_all())["events reach their subscribers"]
    assert len(problems) == 1
    assert "清点零件 4 件" in problems[0]
    assert "测试：清点入账" in problems[0]
    assert "库位 A-01 不存在" in problems[0]
    assert "ValueError" in problems[0] and "1" in problems[0]
    assert "test.parts_counted" not in problems[0]


def test_payload_round_trip_keeps_the_receipt_lines():
    event = events.ReceiptPosted(
        document_id=3,
        paper_type="slips.purchased_receipt",
        order_id=8,
        lines=((11, "40"), (12, "2.5")),
    )
    assert events.ReceiptPosted.from_payload(event.payload()) == event


def test_posting_publishes_document_posted(
    book, clerk, inspector, operator, receiver, django_capture_on_commit_callbacks
):
    received = []

    def handler(event):
        received.append(event)

    events.subscribe(events.DocumentPosted, handler)
    try:
        document = chains.submit(
            actor=clerk, document=numbering.open_document(actor=clerk, book=book)
        )
        with django_capture_on_commit_callbacks(execute=True):
            for person in (clerk, inspector, operator, receiver):
                chains.sign(actor=person, document=document)
    finally:
        events.unsubscribe(events.DocumentPosted, handler)
    assert received == [
        events.DocumentPosted(
            document_id=document.pk, paper_type="test.slip", number=document.number
        )
    ]


# ---------------------------------------------------------------- the administrators' page
@pytest.fixture
def stuck_delivery(db, listener):
    @events.labelled("测试：清点入账")
    def broken(event):
        raise ValueError("库位不存在")

    listener(broken)
    events.publish(PartsCounted(number=6))
    outbox.deliver_pending()
    return EventDelivery.objects.get()


def test_administrator_sees_a_failed_delivery_in_words_and_retries_it(
    client, admin_user, stuck_delivery, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    body = client.get(reverse("core:failed-events")).content.decode()
    assert "清点零件 6 件" in body and "测试：清点入账" in body and "库位不存在" in body
    assert "test.parts_counted" not in body and "tests.core" not in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:event-delivery-retry", args=[stuck_delivery.pk]))
    assert response.status_code == 302
    stuck_delivery.refresh_from_db()
    assert (stuck_delivery.status, stuck_delivery.attempts) == ("pending", 2)


def test_merchandiser_may_neither_see_nor_retry_failed_deliveries(client, stuck_delivery):
    merchandiser = UserFactory(username="liumin", first_name="刘敏")
    client.force_login(merchandiser)
    assert client.get(reverse("core:failed-events")).status_code == 404
    retry = client.post(reverse("core:event-delivery-retry", args=[stuck_delivery.pk]))
    assert retry.status_code == 404
    stuck_delivery.refresh_from_db()
    assert (stuck_delivery.status, stuck_delivery.attempts) == ("pending", 1)


def test_retrying_a_delivered_event_is_refused(db, listener, admin_user):
    listener(lambda event: None)
    events.publish(PartsCounted(number=1))
    outbox.deliver_pending()
    delivery = EventDelivery.objects.get()
    with pytest.raises(InvalidTransition):
        outbox.retry(actor=admin_user, delivery=delivery)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)


# ---------------------------------------------------------------- the catalogue
SRC = Path(gendan.__file__).parent


def _published_in_src():
    """Classes built in a `publish(<Class>(…))` call, or named as a transition move's
    `event=` (core.transitions publishes the move's event)."""
    text = "\n".join(path.read_text() for path in SRC.rglob("*.py"))
    direct = re.findall(r"publish\(\s*(?:events\.)?([A-Z]\w+)\(", text)
    by_moves = re.findall(r"\bevent=(?:\w+\()?(?:events\.)?([A-Z]\w+)\b", text)
    return set(direct) | set(by_moves)


def test_every_subscribed_event_has_a_publisher_in_the_code():
    published = _published_in_src()
    subscribed = {
        event_class.__name__
        for event_class in events.declared().values()
        if events.subscribers(event_class) and not event_class.__module__.startswith("tests")
    }
    assert subscribed, "the apps subscribe in their ready()"
    assert subscribed - published == set()


def test_no_string_event_names_outside_the_catalogue():
    pattern = re.compile(r"(publish|subscribe)\(\s*[\"']")
    offenders = [
        str(path.relative_to(SRC)) for path in SRC.rglob("*.py") if pattern.search(path.read_text())
    ]
    assert offenders == []
