"""Slip personas, beyond the shared ones (inspector, director, clerk, receiver in 机加车间):
the statistician, the storekeeper (granted for the warehouse only: a workshop's slip has
its warehouse as second scope), the purchaser, the outsourcing coordinator and the
workshop accountant."""

import pytest

from tests.factories import UserFactory, grant
from tests.slips import factories


def _persona(username, name, role_code, **scope):
    user = UserFactory(username=username, first_name=name)
    grant(user, role_code, **scope)
    return user


@pytest.fixture
def chains_seeded(db):
    """The migration seeds them; a flushed (transactional) test has to seed them again."""
    factories.seed_chains()


@pytest.fixture
def half_shaft(db):
    return factories.item()


@pytest.fixture
def round_steel(db):
    return factories.steel()


@pytest.fixture
def store(db, half_shaft, round_steel, site):
    return factories.warehouse(items=[half_shaft, round_steel])


@pytest.fixture
def store_location(store):
    return store.locations.get()


@pytest.fixture
def statistician(machining):
    return _persona("liuyan", "刘燕", "statistician", workshop=machining)


@pytest.fixture
def accountant(machining):
    return _persona("hexia", "何霞", "workshop_accountant", workshop=machining)


@pytest.fixture
def storekeeper(store):
    return _persona("chenmin", "陈敏", "storekeeper", warehouse=store)


@pytest.fixture
def purchaser(db):
    return _persona("maqiang", "马强", "purchaser")


@pytest.fixture
def coordinator(db):
    return _persona("tianye", "田野", "outsourcing_coordinator")


@pytest.fixture
def global_inspector(db):
    return _persona("guojing", "郭静", "inspector")


@pytest.fixture(autouse=True)
def english(default_language):
    """Messages are asserted in English; the Chinese catalogue is tested elsewhere."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
