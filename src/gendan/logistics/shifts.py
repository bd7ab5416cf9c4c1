"""The day's shift at the follow-up desk (D3-2), kept minimal.

Org keeps one shift per employee (`Employee.shift`: day, night or rotating). The desk
works one shift, the day shift unless policy `logistics.desk_works_night_shift` says
nights. A person on rotating shifts works days in odd ISO weeks and nights in even ones
(policy `logistics.rotating_day_shift_in_odd_weeks` turns that round). Whoever works
the other shift on a day is "on another shift": handed no waybills that day, and the
open ones they hold move to someone on the desk's shift, like a leave.
"""

from gendan.core import policies as core_policies
from gendan.logistics import policies
from gendan.org.models import Employee

Shift = Employee.Shift


def desk_shift():
    return Shift.NIGHT if core_policies.get(policies.DESK_WORKS_NIGHTS) else Shift.DAY


def shift_on(employee_shift, day):
    """The fixed shift a person with `employee_shift` works on `day`."""
    if employee_shift != Shift.ROTATING:
        return employee_shift
    is_odd_week = day.isocalendar().week % 2 == 1
    days_in_odd = core_policies.get(policies.ROTATING_DAY_IN_ODD_WEEKS)
    return Shift.DAY if is_odd_week == days_in_odd else Shift.NIGHT


def on_another_shift(user_ids, day):
    """The users among `user_ids` whose shift on `day` is not the desk's."""
    desk = desk_shift()
    rows = Employee.objects.filter(user__in=user_ids).values_list("user_id", "shift")
    return {user_id for user_id, shift in rows if shift_on(shift, day) != desk}
