"""Shared by the archive and timeliness tests (no tests of its own): local times on known
working days, slips written and signed at chosen moments, and Monday's fixtures."""

import datetime
import io
import os
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gendan.shopfloor import services
from tests.shopfloor.conftest import line

# 2025-06-09 is a Monday; the week of 9–13 June 2025 is all working days (no holiday),
# 14–15 June a weekend.
MONDAY = datetime.date(2025, 6, 9)
TUESDAY = MONDAY + datetime.timedelta(days=1)
FRIDAY = datetime.date(2025, 6, 13)
SATURDAY = datetime.date(2025, 6, 14)
NEXT_MONDAY = datetime.date(2025, 6, 16)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def travel(moment):
    return time_machine.travel(moment, tick=False)


def write_at(moment, clerk, lot, quantity, from_step, **fields):
    with travel(moment):
        return services.write_transfer(
            actor=clerk, destination="operation", lines=[line(lot, quantity, from_step)], **fields
        )


def sign_at(moment, actor, slip, **data):
    with travel(moment):
        return services.sign_transfer(actor=actor, slip=slip, **data)


def register_at(moment, slip, signers, *, quality=None, handover=None):
    """The four signatures after the clerk's, all at `moment`."""
    slip = sign_at(moment, signers["inspector"], slip, lines=quality or [])
    slip = sign_at(moment, signers["operator"], slip, lines=handover or [])
    slip = sign_at(moment, signers["receiver"], slip, lines=[], place="热处理炉旁 A 区")
    return sign_at(moment, signers["statistician"], slip)


def sheet_rows(data):
    """The rows of an xlsx's first sheet."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def read_file(field):
    field.open("rb")
    try:
        return field.read()
    finally:
        field.close()


def overwrite(path, data):
    os.chmod(path, 0o644)
    with open(path, "wb") as handle:
        handle.write(data)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Archive files in a fresh folder; archives written in English (the company's
    language is what an archive is written in)."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def monday_lot(statistician, half_shaft):
    with travel(at(MONDAY, 8, 0)):
        return services.start_lot(actor=statistician, item=half_shaft, quantity=Decimal(40))


@pytest.fixture
def monday(clerk, signers, monday_lot):
    """Monday in 机加车间: two slips registered (the second with 2 rework and an
    unexplained shortfall of 1), a third (the lot's last 10 at 车) written and waiting for
    the inspector."""
    first = write_at(at(MONDAY, 9, 0), clerk, monday_lot, 30, 10)
    first = register_at(at(MONDAY, 10, 0), first, signers)
    second = write_at(at(MONDAY, 11, 0), clerk, monday_lot, 30, 20)
    second = register_at(
        at(MONDAY, 14, 0),
        second,
        signers,
        quality=[{"position": 1, "passed": 28, "rework": 2}],
        handover=[{"position": 1, "handed_over": 27}],
    )
    waiting = write_at(at(MONDAY, 16, 0), clerk, monday_lot, 10, 10)
    return {"first": first, "second": second, "waiting": waiting}
