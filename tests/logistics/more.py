"""Helpers of the desk's later tests: a day's sheet imported and handed out, channels
named by policy."""

import datetime

from gendan.core.models import NotificationChannel, Policy
from gendan.logistics import distribution, importing
from gendan.logistics.models import Waybill
from tests.logistics.conftest import DAY
from tests.logistics.desk import day_rows, sheet


def imported_and_handed_out(lead, order_number="", day=DAY):
    importing.import_sheet(actor=lead, file_bytes=sheet(day_rows(order_number)),
                           file_name="day.csv", sheet_date=day)  # fmt: skip
    distribution.distribute(actor=lead, day=day)
    return Waybill.objects.get(tracking_number="SF1234567890123")


def channel(name, policy_key):
    found = NotificationChannel.objects.create(name=name, kind="email", recipients="a@example.com")
    Policy.objects.create(key=policy_key, value=name)
    return found


def at(day, hour, minute=0):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
