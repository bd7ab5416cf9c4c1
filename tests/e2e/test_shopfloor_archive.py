"""The daily archive and the statistician's daily list in the browser (issue 11, D1-4.6,
D1-1.7): 陈静 the statistician opens today's list of registered transfers, then the
archive page, and downloads the day's xlsx — the file whose SHA-256 the page shows."""

import hashlib
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gendan.shopfloor import archive_services, services
from tests.e2e.conftest import VIEWPORTS, login
from tests.e2e.machining import machining_floor

pytestmark = pytest.mark.browser

PEOPLE = [
    ("wangfang", "王芳", "clerk"),
    ("lijun", "李军", "inspector"),
    ("zhoujie", "周杰", "operator"),
    ("sunli", "孙丽", "team_leader"),
    ("chenjing", "陈静", "statistician"),
]


@pytest.fixture
def archived_day(transactional_db, live_server, chromium_executable, settings, tmp_path):
    """机加车间 today: 40 半轴 moved 车 → 热处理 and registered; the day archived."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    machining, people, lot = machining_floor(PEOPLE, ("车", "热处理", "磨"))
    slip = services.write_transfer(
        actor=people["clerk"],
        destination="operation",
        lines=[{"lot": lot, "quantity": Decimal(40), "from_step": 10}],
    )
    for role in ("inspector", "operator", "team_leader", "statistician"):
        data = {"place": "热处理炉旁 A 区"} if role == "team_leader" else {}
        slip = services.sign_transfer(actor=people[role], slip=slip, **data)
    archive = archive_services.archive_day(workshop=machining, day=timezone.localdate())
    return {"slip": slip, "archive": archive}


def test_the_statistician_reads_the_daily_list_and_downloads_the_archive(
    browser, live_server, archived_day
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
        **VIEWPORTS["desktop"],
    )
    try:
        page = context.new_page()
        login(page, "chenjing")
        page.goto("/shopfloor/archive/daily/")
        number = archived_day["slip"].document.number
        expect(page.locator("table.daily-list")).to_contain_text(number)
        expect(page.locator("#daily-xlsx")).to_be_visible()

        page.goto("/shopfloor/archive/")
        archive = archived_day["archive"]
        row = page.locator(f'[data-archive="{archive.pk}"]')
        expect(row).to_contain_text(archive.xlsx_sha256)
        with page.expect_download() as download:
            row.locator("a.archive-xlsx").click()
        with open(download.value.path(), "rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == archive.xlsx_sha256
    finally:
        context.close()
