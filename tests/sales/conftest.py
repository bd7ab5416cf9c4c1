import pytest

from tests.sales.factories import CustomerFactory, director_user, merchandiser_user


@pytest.fixture(autouse=True)
def english(default_language):
    """Messages are asserted in English; the Chinese catalogue is tested elsewhere."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def merchandiser(db):
    return merchandiser_user()


@pytest.fixture
def workshop_director(db):
    return director_user()


@pytest.fixture
def customer(merchandiser):
    return CustomerFactory(name="华北农机", code="HBNJ", merchandiser=merchandiser)


@pytest.fixture
def events_seen():
    """Every domain event published by sales (the Event instances), in order."""
    from gendan.core import events

    seen = []
    published = [
        events.OrderCreated,
        events.OrderConfirmed,
        events.OrderAmended,
        events.OrderDelivered,
        events.OrderPaid,
        events.PaymentRecorded,
        events.DeliveryShipped,
        events.FactoryOrderPlaced,
        events.FactoryOrderChecked,
        events.CommunicationLogged,
        events.CommunicationFeedbackGiven,
    ]
    for event_class in published:
        events.subscribe(event_class, seen.append)
    yield seen
    for event_class in published:
        events.unsubscribe(event_class, seen.append)
