"""Background work (Huey) of this part of the shop floor: every morning and every hour
of the working day, tell the channels about cranes and wire ropes whose inspection became
overdue (D1-4.8). Each item is told once per overdue period (`OverdueNotice`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gendan.shopfloor.equipment_services import send_overdue_notices


@db_periodic_task(crontab(minute="15", hour="7-18"))
def send_overdue_equipment_notices():
    return send_overdue_notices()
