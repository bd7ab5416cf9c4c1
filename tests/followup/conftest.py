"""Personas of the follow-up desk and a frozen clock (Asia/Shanghai)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import UserFactory, grant
from tests.followup.factories import take_order

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    """2025-08-01 09:00 in Shanghai, unless a test travels elsewhere."""
    with time_machine.travel(at(2025, 8, 1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def merchandiser(db):
    user = UserFactory(username="liuyang", first_name="刘洋")
    grant(user, "merchandiser")
    return user


@pytest.fixture
def other_merchandiser(db):
    user = UserFactory(username="chenjing", first_name="陈静")
    grant(user, "merchandiser")
    return user


@pytest.fixture
def sales_manager(db):
    user = UserFactory(username="wangqiang", first_name="王强")
    grant(user, "sales_manager")
    return user


@pytest.fixture
def planned_order(frozen, merchandiser, django_capture_on_commit_callbacks):
    """A phone garment order, confirmed at once, delivery on 2025-10-10 (after National Day)."""
    with django_capture_on_commit_callbacks(execute=True):
        return take_order(merchandiser)
