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
    """Every domain event published by sales, with its payload, in order."""
    from gendan.core import events

    seen = []
    names = [
        "order.created",
        "order.confirmed",
        "order.amended",
        "order.delivered",
        "order.paid",
        "payment.recorded",
        "delivery_note.created",
        "factory_order.placed",
        "factory_order.checked",
        "communication.logged",
        "communication.feedback_given",
    ]
    handlers = {name: _recorder(seen, name) for name in names}
    for name, handler in handlers.items():
        events.subscribe(name, handler)
    yield seen
    for name, handler in handlers.items():
        events.unsubscribe(name, handler)


def _recorder(seen, name):
    def handler(**payload):
        seen.append((name, payload))

    return handler
