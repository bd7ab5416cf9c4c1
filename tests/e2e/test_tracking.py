"""The express follow-up desk in the browser (issue 13, D3-1, D3-2), at desktop and
phone width: 唐伟 the team lead uploads the day's GBK sheet, sees what was read,
imports it — in the background, the page showing the job's progress until the worker
has run it — and hands the waybills out while 周梅 is on leave; 刘敏 opens her queue on
the page and records a status."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gendan.core.models import Policy
from gendan.org.models import Employee, Leave
from tests.e2e.conftest import login, switch_user
from tests.factories import SiteFactory, UserFactory, grant
from tests.logistics.desk import day_rows, sheet

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(transactional_db, live_server, chromium_executable):
    people = {}
    for username, name, role in [
        ("tangwei", "唐伟", "followup_lead"),
        ("liumin", "刘敏", "merchandiser"),
        ("zhoumei", "周梅", "merchandiser"),
    ]:
        people[username] = UserFactory(username=username, first_name=name)
        grant(people[username], role)
        Employee.objects.create(user=people[username], code=f"E-{username}", name=name,
                                site=SiteFactory())  # fmt: skip
    today = timezone.localdate()
    Leave.objects.create(employee=people["zhoumei"].employee, starts_on=today,
                         ends_on=today + datetime.timedelta(days=1))  # fmt: skip
    return people


def test_the_lead_imports_the_days_sheet_and_a_follow_up_person_works_her_queue(
    page, desk, huey_immediate
):
    Policy.objects.create(key="logistics.background_import_rows", value="0")
    huey_immediate.immediate = False
    huey_immediate.flush()
    login(page, "tangwei")
    page.goto("/tracking/sheets/")
    page.locator("#sheet-file").set_input_files(
        files=[{"name": "淘宝.csv", "mimeType": "text/csv", "buffer": sheet(day_rows())}]
    )
    page.locator("#sheet-form button[type=submit]").click()
    expect(page.get_by_test_id("rows-read")).to_have_text("3")
    expect(page.get_by_test_id("upload-progress")).to_have_attribute("value", "100")
    page.get_by_test_id("import-button").click()
    expect(page.get_by_test_id("import-job")).to_have_attribute("data-job-state", "queued")
    expect(page.get_by_test_id("import-step")).to_be_visible()
    huey_immediate.execute(huey_immediate.dequeue())  # the worker runs the import
    expect(page.get_by_test_id("import-result")).to_contain_text("3")
    expect(page.get_by_test_id("import-progress")).to_have_attribute("value", "100")
    page.get_by_test_id("to-team").click()
    expect(page.get_by_test_id("distribute")).to_be_visible()
    page.get_by_test_id("distribute").click()
    expect(page.get_by_test_id("team-load")).to_contain_text("刘敏")
    expect(page.get_by_test_id("team-load")).not_to_contain_text("周梅")

    switch_user(page, "liumin")
    page.goto("/tracking/")
    expect(page.get_by_test_id("queue-count")).to_have_text("3")
    card = page.locator('[data-testid="waybill"][data-number="SF1234567890123"]')
    card.locator('select[name="status"]').select_option("in_transit")
    card.locator('input[name="note"]').fill("客户已知悉")
    card.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]
