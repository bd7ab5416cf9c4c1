"""Problems at the express follow-up desk in the browser (D3-3), at desktop and phone
width: 刘敏 logs a damaged parcel from her queue on the phone page; 唐伟 the team lead
sees it in the week's problem summary."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gendan.logistics import distribution, importing
from gendan.org.models import Employee
from tests.e2e.conftest import login, switch_user
from tests.factories import SiteFactory, UserFactory, grant
from tests.logistics.desk import day_rows, sheet

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(transactional_db, live_server, chromium_executable):
    people = {}
    for username, name, role in [("tangwei", "唐伟", "followup_lead"),
                                 ("liumin", "刘敏", "merchandiser")]:  # fmt: skip
        people[username] = UserFactory(username=username, first_name=name)
        grant(people[username], role)
        Employee.objects.create(user=people[username], code=f"E-{username}", name=name,
                                site=SiteFactory())  # fmt: skip
    importing.import_sheet(actor=people["tangwei"], file_bytes=sheet(day_rows()),
                           file_name="淘宝.csv")  # fmt: skip
    distribution.distribute(actor=people["tangwei"], day=timezone.localdate())
    return people


def test_d3_3_a_follow_up_person_logs_a_problem_and_the_lead_sees_it_in_the_week(page, desk):
    login(page, "liumin")
    page.goto("/tracking/")
    block = page.locator('[data-testid="waybill-problems"][data-number="SF1234567890123"]')
    block.locator("details summary").click()
    form = block.get_by_test_id("problem-form")
    form.locator('select[name="kind"]').select_option("damaged")
    form.locator('input[name="problem_note"]').fill("外箱压坏，客户拍照")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator('[data-testid="waybill-problems"][data-number="SF1234567890123"]')
           .get_by_test_id("open-problem")).to_contain_text("外箱压坏")  # fmt: skip
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    switch_user(page, "tangwei")
    page.goto("/tracking/problems/week/")
    expect(page.get_by_test_id("week-problem")).to_have_count(1)
    expect(page.get_by_test_id("week-problem")).to_contain_text("SF1234567890123")
    expect(page.get_by_test_id("week-problem")).to_contain_text("外箱压坏，客户拍照")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    for path in ("/tracking/problems/", "/tracking/report/week/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    expect(page.get_by_test_id("week-report")).to_be_visible()
    expect(page.get_by_test_id("meeting-form")).to_be_visible()
