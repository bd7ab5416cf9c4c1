"""A year chinese-calendar does not know (issue 10 point 6): a provisional calendar
computed from weekends and the statutory holidays (lunar ones with lunardate), the
State Council's notice pasted as lines, and the working-calendar page where an
administrator turns days between 上班 and 休息 and confirms the year."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from gendan.core import holidays
from gendan.core.calendar import PROVISIONAL, WorkingCalendar, provisional_years
from gendan.core.errors import PermissionDenied
from gendan.core.holidays import NoticeError, parse_notice, provisional_holidays
from gendan.core.models import AuditEvent, CalendarDay, CalendarYear, EventRecord
from gendan.core.working_calendar import apply_notice, confirm_year, toggle_day
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _off(year, name):
    return sorted(day for day, holiday in provisional_holidays(year).items() if holiday == name)


# ---------------------------------------------------------------- the holidays, computed
def test_spring_festival_2027_runs_from_new_years_eve_to_the_seventh_day():
    # lunar new year 2027 is 2027-02-06; eve 02-05, 初七 02-12
    assert _off(2027, "春节") == [date(2027, 2, day) for day in range(5, 13)]


def test_spring_festival_2028_starts_on_new_years_eve_2028_01_25():
    # lunar new year 2028 is 2028-01-26
    assert _off(2028, "春节") == [date(2028, 1, day) for day in range(25, 32)] + [date(2028, 2, 1)]


def test_qingming_is_the_solar_term_day():
    assert _off(2027, "清明节") == [date(2027, 4, 5)]
    assert _off(2028, "清明节") == [date(2028, 4, 4)]


def test_dragon_boat_festival_is_the_fifth_of_the_fifth_lunar_month():
    assert _off(2027, "端午节") == [date(2027, 6, 9)]
    assert _off(2028, "端午节") == [date(2028, 5, 28)]  # a Sunday …
    assert _off(2028, "端午节（补休）") == [date(2028, 5, 29)]  # … made up on Monday


def test_mid_autumn_is_the_fifteenth_of_the_eighth_lunar_month():
    assert _off(2027, "中秋节") == [date(2027, 9, 15)]
    assert _off(2028, "中秋节") == [date(2028, 10, 3)]  # inside the National Day week


def test_fixed_date_holidays_new_year_labour_day_and_national_day():
    assert _off(2027, "元旦") == [date(2027, 1, 1)]
    assert _off(2027, "劳动节") == [date(2027, 5, day) for day in range(1, 6)]
    assert _off(2027, "国庆节") == [date(2027, 10, day) for day in range(1, 8)]
    # 2028: 中秋 falls in the week, so 8 October is off too; 元旦 is a Saturday
    assert _off(2028, "国庆节") == [date(2028, 10, d) for d in (1, 2, 4, 5, 6, 7, 8)]
    assert _off(2028, "元旦（补休）") == [date(2028, 1, 3)]


def test_a_provisional_year_has_weekends_off_and_no_make_up_working_days():
    assert not holidays.is_provisional_working_day(date(2027, 2, 13))  # a Saturday
    assert not holidays.is_provisional_working_day(date(2027, 2, 8))  # 春节, a Monday
    assert holidays.is_provisional_working_day(date(2027, 2, 15))
    saturdays = [date(2027, 1, 2) + timedelta(weeks=week) for week in range(52)]
    assert not any(holidays.is_provisional_working_day(day) for day in saturdays)


def test_the_provisional_rule_reproduces_every_statutory_day_off_of_2025():
    """Checked against chinese-calendar's 2025 (the first year of the 2025 rules): every
    day off matches; only the make-up Saturdays and Sundays differ."""
    import chinese_calendar

    computed = provisional_holidays(2025)
    statutory_off = {d for d in chinese_calendar.holidays if d.year == 2025 and d.weekday() < 5}
    assert statutory_off <= set(computed)


# ---------------------------------------------------------------- the working calendar
def test_the_calendar_answers_2027_from_the_provisional_calendar_and_says_so():
    calendar = WorkingCalendar()
    assert calendar.add_working_days(date(2027, 2, 15), -1) == date(2027, 2, 4)
    assert calendar.provisional_years == {2027}
    assert provisional_years({2026, 2027, 2028}) == {2027, 2028}


def test_a_confirmed_year_is_no_longer_provisional():
    CalendarYear.objects.create(year=2027)
    calendar = WorkingCalendar()
    calendar.is_working_day(date(2027, 3, 1))
    assert calendar.provisional_years == set()
    assert provisional_years({2027}) == set()


# ---------------------------------------------------------------- the notice as text
def test_a_notice_is_read_line_by_line_with_spans_and_make_up_days():
    lines = parse_notice(
        "# 国务院办公厅通知\n2027-02-05 至 2027-02-13 休息 春节\n\n2027-02-14 上班\n", 2027
    )
    assert [(line.number, line.first, line.last, line.is_workday) for line in lines] == [
        (2, date(2027, 2, 5), date(2027, 2, 13), False),
        (4, date(2027, 2, 14), date(2027, 2, 14), True),
    ]
    assert lines[0].note == "春节"


def test_every_bad_line_of_a_notice_is_named():
    with translation.override("en"), pytest.raises(NoticeError) as refused:
        parse_notice("2027-02-05 休息\n2027-02-30 休息\n春节放假\n2026-12-31 上班", 2027)
    problems = refused.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("Line 2 “2027-02-30 休息”")
    assert problems[1].startswith("Line 3 “春节放假”")
    assert problems[2].startswith("Line 4 “2026-12-31 上班”") and "not in 2027" in problems[2]


# ---------------------------------------------------------------- the services
@pytest.fixture
def calendar_keeper(db):
    """刘敏 runs the office: not a superuser, but may change the working calendar."""
    user = UserFactory(username="liumin", first_name="刘敏")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="change_calendarday")
    )
    return user


@pytest.fixture
def storekeeper(db):
    """赵强 keeps the warehouse: he may not change the working calendar."""
    return UserFactory(username="zhaoqiang", first_name="赵强")


def test_toggling_a_provisional_holiday_stores_a_working_day_and_an_audit_row(calendar_keeper):
    shown = toggle_day(actor=calendar_keeper, day=date(2027, 2, 12))
    assert shown.is_workday and not shown.is_provisional
    assert list(CalendarDay.objects.values_list("date", "is_workday")) == [
        (date(2027, 2, 12), True)
    ]
    row = AuditEvent.objects.get(action="calendar.day")
    assert row.actor == calendar_keeper
    assert row.after == {"date": "2027-02-12", "is_workday": True}
    # toggling back to the computed value leaves no row
    assert not toggle_day(actor=calendar_keeper, day=date(2027, 2, 12)).is_workday
    assert not CalendarDay.objects.exists()


def test_someone_without_the_right_cannot_toggle_a_day_and_nothing_changes(storekeeper):
    with pytest.raises(PermissionDenied):
        toggle_day(actor=storekeeper, day=date(2027, 2, 12))
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="calendar.").exists()


def test_the_notice_replaces_the_computed_holidays_of_a_provisional_year(calendar_keeper):
    apply_notice(
        actor=calendar_keeper,
        year=2027,
        text="2027-02-06 至 2027-02-14 休息 春节\n2027-02-20 上班 补春节",
    )
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2027, 2, 5))  # eve: computed off, not in the notice
    assert not calendar.is_working_day(date(2027, 2, 12))
    assert calendar.is_working_day(date(2027, 2, 20))  # a Saturday made a working day
    assert calendar.is_working_day(date(2027, 10, 4))  # National Day not in this notice
    assert AuditEvent.objects.get(action="calendar.notice").after["lines"] == [1, 2]


def test_a_bad_notice_line_changes_nothing(calendar_keeper):
    with pytest.raises(NoticeError, match="2027-13-01"):
        apply_notice(
            actor=calendar_keeper, year=2027, text="2027-02-06 休息\n2027-13-01 至 2027-13-03 休息"
        )
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="calendar.").exists()


def test_confirming_stores_the_days_off_and_announces_the_change(calendar_keeper):
    toggle_day(actor=calendar_keeper, day=date(2027, 2, 12))
    confirm_year(actor=calendar_keeper, year=2027, note="国办发明电〔2026〕")
    assert CalendarYear.objects.get(year=2027).note == "国办发明电〔2026〕"
    stored = dict(CalendarDay.objects.filter(date__year=2027).values_list("date", "is_workday"))
    assert stored[date(2027, 2, 11)] is False and stored[date(2027, 10, 7)] is False
    assert date(2027, 2, 12) not in stored  # a Friday working day needs no row
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2027, 2, 12))
    assert not calendar.is_working_day(date(2027, 9, 15))
    assert calendar.provisional_years == set()
    assert EventRecord.objects.filter(code="calendar.changed", payload={"year": 2027}).exists()


def test_a_statutory_year_cannot_be_confirmed(calendar_keeper):
    from gendan.core.errors import InvalidTransition

    with pytest.raises(InvalidTransition, match="2026"):
        confirm_year(actor=calendar_keeper, year=2026)
    assert not CalendarYear.objects.exists()


# ---------------------------------------------------------------- the page
def _day_button(page, day):
    html = page.content.decode()
    match = re.search(rf'<button[^>]*data-testid="day-{day}"[^>]*>', html, re.S)
    assert match, f"no button for {day}"
    return match.group(0)


def test_the_page_shows_2027_as_a_grid_with_provisional_days(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/settings/calendar/2027/")
    assert page.status_code == 200
    assert page.context["basis"] == PROVISIONAL
    assert 'data-workday="0"' in _day_button(page, "2027-02-08")
    assert "is-provisional" in _day_button(page, "2027-02-08")
    assert 'data-workday="1"' in _day_button(page, "2027-02-15")
    assert 'data-testid="confirm-year"' in page.content.decode()


def test_clicking_a_day_without_javascript_switches_it_and_returns_to_its_month(
    client, calendar_keeper
):
    client.force_login(calendar_keeper)
    response = client.post("/settings/calendar/days/2027-02-12/toggle/")
    assert response.status_code == 302 and response.url.endswith("/settings/calendar/2027/#month-2")
    assert CalendarDay.objects.get(date=date(2027, 2, 12)).is_workday is True
    page = client.get("/settings/calendar/2027/")
    assert 'data-workday="1"' in _day_button(page, "2027-02-12")


def test_clicking_a_day_with_htmx_returns_only_the_day(client, calendar_keeper):
    client.force_login(calendar_keeper)
    response = client.post("/settings/calendar/days/2027-02-12/toggle/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith("<button") and 'data-workday="1"' in html and "<html" not in html


def test_the_page_is_closed_to_someone_without_the_right_and_nothing_changes(client, storekeeper):
    client.force_login(storekeeper)
    assert client.get("/settings/calendar/2027/").status_code == 403
    assert client.post("/settings/calendar/days/2027-02-12/toggle/").status_code == 403
    assert client.post("/settings/calendar/2027/confirm/").status_code == 403
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()
    assert "/settings/calendar/" not in client.get("/").content.decode()


def test_a_bad_pasted_line_is_named_on_the_page_and_nothing_changes(client, admin_user):
    client.cookies["django_language"] = "en"
    client.force_login(admin_user)
    text = "2027-02-05 至 2027-02-13 休息\n2027-02-14 加班"
    response = client.post("/settings/calendar/2027/notice/", {"notice": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="notice-errors"' in html and "Line 2" in html and "2027-02-14 加班" in html
    assert "2027-02-14 加班</textarea>" in html  # the text is kept to correct
    assert not CalendarDay.objects.exists()


def test_the_page_applies_a_notice_and_confirms_the_year(client, calendar_keeper):
    client.force_login(calendar_keeper)
    notice = "2027-02-05 至 2027-02-13 休息 春节\n2027-02-14 上班"
    assert client.post("/settings/calendar/2027/notice/", {"notice": notice}).status_code == 302
    assert client.post("/settings/calendar/2027/confirm/", {"note": "通知"}).status_code == 302
    assert CalendarYear.objects.filter(year=2027, note="通知").exists()
    page = client.get("/settings/calendar/2027/")
    assert page.context["basis"] == "confirmed"
    assert 'data-workday="1"' in _day_button(page, "2027-02-14")
    assert "is-provisional" not in page.content.decode().split('id="calendar-grid"')[1]


def test_the_menu_leads_people_who_may_change_the_calendar_to_the_page(
    client, calendar_keeper, time_machine
):
    time_machine.move_to(date(2026, 11, 30))
    client.force_login(calendar_keeper)
    assert client.get("/settings/calendar/").url.endswith("/settings/calendar/2027/")
    assert 'href="/settings/calendar/"' in client.get("/settings/calendar/2027/").content.decode()
