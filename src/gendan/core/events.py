"""Domain events: a declared catalogue with typed payloads, delivered durably.

Every event is a frozen dataclass below with a stored `code` (never shown to a person)
and a `describe()` sentence for timelines. Lower layers publish; higher layers subscribe
in their AppConfig.ready(). Publishing writes an outbox row (EventRecord) and one
EventDelivery per subscriber inside the caller's transaction; after commit a worker
task delivers each subscriber in its own transaction, retrying with backoff. A failing
subscriber is recorded and retried, never lost (see gendan.core.outbox).

Codes are stored values (event rows, milestone templates' `completion_event`): never
rename a code; add a new event instead.
"""

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

_catalogue: dict[str, type["Event"]] = {}
_subscribers: dict[type["Event"], list] = {}


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every event. Subclasses set `code` and declare typed fields."""

    code: ClassVar[str] = ""
    label: ClassVar[str] = ""  # gettext_noop msgid naming the kind of event (choices)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.code:
            if cls.code in _catalogue and _catalogue[cls.code].__name__ != cls.__name__:
                raise ValueError(f"event code {cls.code} declared twice")
            _catalogue[cls.code] = cls

    def describe(self) -> str:
        """One Chinese sentence for a timeline (translated through gettext)."""
        return _(self.label)

    def payload(self) -> dict:
        """The fields as JSON-ready values (tuples become lists)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_payload(cls, data: dict) -> "Event":
        names = {field.name: field for field in dataclasses.fields(cls)}
        values = {}
        for name, value in data.items():
            if name not in names:
                continue  # a field an older version stored; ignored
            if isinstance(value, list):
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            values[name] = value
        return cls(**values)

    @property
    def related_order_id(self):
        return getattr(self, "order_id", None)

    @property
    def related_document_id(self):
        return getattr(self, "document_id", None)


def _paper_name(paper_type, fallback):
    """The declared paper type's name (core.papers), or `fallback` for an undeclared one."""
    from gendan.core import papers  # papers names the events each paper type publishes

    try:
        return str(papers.get(paper_type).name)
    except papers.UnknownPaperType:
        return str(fallback)


def _reason(sentence, reason):
    return f"{sentence}：{reason}" if reason else sentence


# ---------------------------------------------------------------- orders
@dataclass(frozen=True, kw_only=True)
class OrderCreated(Event):
    code = "order.created"
    label = gettext_noop("order taken")
    order_id: int


@dataclass(frozen=True, kw_only=True)
class OrderConfirmed(Event):
    code = "order.confirmed"
    label = gettext_noop("order confirmed")
    order_id: int


@dataclass(frozen=True, kw_only=True)
class OrderAmended(Event):
    code = "order.amended"
    label = gettext_noop("order amended")
    order_id: int
    amendment_id: int | None = None
    field: str = ""  # the amended field's name, for subscribers (not shown to people)


@dataclass(frozen=True, kw_only=True)
class OrderCancelled(Event):
    code = "order.cancelled"
    label = gettext_noop("order cancelled")
    order_id: int
    reason: str

    def describe(self):
        return _reason(_("order cancelled"), self.reason)


@dataclass(frozen=True, kw_only=True)
class OrderClosed(Event):
    code = "order.closed"
    label = gettext_noop("order closed")
    order_id: int
    reason: str = ""

    def describe(self):
        return _reason(_("order closed"), self.reason)


@dataclass(frozen=True, kw_only=True)
class OrderReopened(Event):
    code = "order.reopened"
    label = gettext_noop("order reopened")
    order_id: int
    reason: str

    def describe(self):
        return _reason(_("order reopened"), self.reason)


# ---------------------------------------------------------------- deliveries and money
@dataclass(frozen=True, kw_only=True)
class DeliveryShipped(Event):
    code = "delivery_note.created"  # stored in milestone templates: keep
    label = gettext_noop("delivery note written")
    order_id: int
    delivery_note_id: int
    number: str = ""

    def describe(self):
        return _("delivery note %(number)s written") % {"number": self.number}


@dataclass(frozen=True, kw_only=True)
class CustomerReturned(Event):
    """Goods came back from the customer (退货) into the finished-goods warehouse."""

    code = "delivery_note.returned"
    label = gettext_noop("customer return recorded")
    order_id: int
    delivery_note_id: int
    number: str = ""
    explanation: str = ""

    def describe(self):
        return _("customer return %(number)s recorded: %(explanation)s") % {
            "number": self.number,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, kw_only=True)
class OrderDelivered(Event):
    code = "order.delivered"
    label = gettext_noop("order delivered")
    order_id: int

    def describe(self):
        return _("order delivered in full")


@dataclass(frozen=True, kw_only=True)
class ShipmentSigned(Event):
    """The customer signed for a shipment. Declared for the logistics module; until it
    publishes, nothing subscribes (a test refuses a subscribed event nobody publishes)."""

    code = "shipment.signed"
    label = gettext_noop("shipment signed for")
    order_id: int
    delivery_note_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class PaymentRecorded(Event):
    code = "payment.recorded"
    label = gettext_noop("payment recorded")
    order_id: int
    payment_id: int
    amount: str = ""

    def describe(self):
        return _("payment of %(amount)s yuan recorded") % {"amount": self.amount}


@dataclass(frozen=True, kw_only=True)
class OrderPaid(Event):
    code = "order.paid"
    label = gettext_noop("order paid in full")
    order_id: int


@dataclass(frozen=True, kw_only=True)
class FactoryOrderPlaced(Event):
    code = "factory_order.placed"
    label = gettext_noop("factory order placed")
    order_id: int
    factory_order_id: int


@dataclass(frozen=True, kw_only=True)
class FactoryOrderChecked(Event):
    code = "factory_order.checked"
    label = gettext_noop("factory order checked")
    order_id: int
    factory_order_id: int
    is_on_time: bool

    def describe(self):
        if self.is_on_time:
            return _("the factory confirmed it will deliver on time")
        return _("the factory will not deliver on time")


# ---------------------------------------------------------------- customers
@dataclass(frozen=True, kw_only=True)
class CommunicationLogged(Event):
    code = "communication.logged"
    label = gettext_noop("customer contact logged")
    communication_id: int
    customer_id: int
    order_id: int | None = None
    summary: str = ""

    def describe(self):
        return _reason(_("customer contact logged"), self.summary)


@dataclass(frozen=True, kw_only=True)
class CommunicationFeedbackGiven(Event):
    code = "communication.feedback_given"
    label = gettext_noop("customer feedback recorded")
    communication_id: int
    customer_id: int
    order_id: int | None = None
    feedback: str = ""

    def describe(self):
        return _reason(_("feedback given to the customer"), self.feedback)


# ---------------------------------------------------------------- papers and stock
@dataclass(frozen=True, kw_only=True)
class DocumentPosted(Event):
    code = "document.posted"
    label = gettext_noop("document posted")
    document_id: int
    paper_type: str
    number: str = ""

    def describe(self):
        return _("%(paper)s %(number)s posted") % {
            "paper": _paper_name(self.paper_type, _("document")),
            "number": self.number,
        }


@dataclass(frozen=True, kw_only=True)
class ReceiptPosted(Event):
    """A receipt slip posted into the warehouse; `lines` are (item_id, quantity string)
    pairs; `order_id` is the order the slip serves, if any."""

    code = "receipt.posted"
    label = gettext_noop("receipt slip posted")
    document_id: int
    paper_type: str
    order_id: int | None = None
    lines: tuple = ()
    number: str = ""

    def describe(self):
        return _("%(paper)s %(number)s posted, %(count)s lines") % {
            "paper": _paper_name(self.paper_type, _("receipt slip")),
            "number": self.number,
            "count": len(self.lines),
        }


@dataclass(frozen=True, kw_only=True)
class SlipPosted(Event):
    """A stock slip other than a receipt (an issue, a return) posted for an order."""

    code = "slip.posted"
    label = gettext_noop("stock slip posted")
    document_id: int
    paper_type: str
    order_id: int
    number: str = ""

    def describe(self):
        return _("%(paper)s %(number)s posted") % {
            "paper": _paper_name(self.paper_type, _("stock slip")),
            "number": self.number,
        }


@dataclass(frozen=True, kw_only=True)
class InspectionPassed(Event):
    code = "inspection.passed"
    label = gettext_noop("inspection passed")
    order_id: int
    document_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class InspectionFailed(Event):
    code = "inspection.failed"
    label = gettext_noop("inspection failed")
    order_id: int
    document_id: int | None = None


# ---------------------------------------------------------------- follow-up
@dataclass(frozen=True, kw_only=True)
class MilestoneCompleted(Event):
    code = "milestone.completed"
    label = gettext_noop("milestone completed")
    order_id: int
    milestone_id: int
    name: str
    by_hand: bool = False

    def describe(self):
        if self.by_hand:
            return _("milestone “%(name)s” completed by hand") % {"name": self.name}
        return _("milestone “%(name)s” completed") % {"name": self.name}


@dataclass(frozen=True, kw_only=True)
class MilestoneReopened(Event):
    code = "milestone.reopened"
    label = gettext_noop("milestone reopened")
    order_id: int
    milestone_id: int
    name: str
    reason: str = ""

    def describe(self):
        return _reason(_("milestone “%(name)s” reopened") % {"name": self.name}, self.reason)


# ---------------------------------------------------------------- the working calendar
@dataclass(frozen=True, kw_only=True)
class WorkingCalendarChanged(Event):
    """The working days of `year` changed for good: an administrator confirmed the year,
    or changed a day of a year already settled. Plans that cross the year are re-planned."""

    code = "calendar.changed"
    label = gettext_noop("working calendar changed")
    year: int

    def describe(self):
        return _("the working calendar of %(year)s changed") % {"year": self.year}


# ---------------------------------------------------------------- publish / subscribe
def event_class(code):
    """The declared class for a stored code, or None for a code no longer declared."""
    return _catalogue.get(code)


def declared():
    return dict(_catalogue)


def subscribe(event_class, handler):
    """`handler(event)` runs for every published instance of `event_class`."""
    if not (isinstance(event_class, type) and issubclass(event_class, Event)):
        raise TypeError(f"subscribe() takes an Event class, not {event_class!r}")
    handlers = _subscribers.setdefault(event_class, [])
    if handler in handlers:
        return
    if any(subscriber_name(other) == subscriber_name(handler) for other in handlers):
        raise ValueError(f"two subscribers of {event_class.__name__} are named {handler!r}")
    handlers.append(handler)


def unsubscribe(event_class, handler):
    handlers = _subscribers.get(event_class, [])
    if handler in handlers:
        handlers.remove(handler)


def subscribers(event_class):
    return list(_subscribers.get(event_class, []))


def subscriber_name(handler):
    """The stable name a delivery row keeps for its subscriber."""
    return f"{handler.__module__}.{handler.__qualname__}"


def labelled(label):
    """Decorator giving a subscriber the name a person reads (a lazy gettext string)."""

    def decorate(handler):
        handler.subscriber_label = label
        return handler

    return decorate


def subscriber_label(name):
    """What a person reads for the subscriber stored as `name`."""
    for handlers in _subscribers.values():
        for handler in handlers:
            if subscriber_name(handler) == name:
                return str(getattr(handler, "subscriber_label", "") or _("another module"))
    return _("a subscriber that is no longer registered")


def publish(event, *, actor=None):
    """Record `event` in the current transaction (call it inside transaction.atomic());
    its subscribers run after commit, each in its own transaction, retried on failure."""
    from gendan.core import outbox

    outbox.record(event, actor=actor)
