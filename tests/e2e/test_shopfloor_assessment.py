"""Refusing a chaotic stack in the browser (issue 11, D1-4.9, D1-2.2): 王芳 the clerk, on
a 375 px phone, refuses to take the 半轴 lot at 车 with a photo from the camera and a
note; 赵刚 the workshop director (desktop) finds the candidate on his home page and
confirms it; 孙丽 the team leader, against whose team it is held, answers in her own
words. No quantity moves."""

import pytest
from playwright.sync_api import expect

from gendan.shopfloor.assessment_models import Assessment
from gendan.shopfloor.demo_assessment import photo
from gendan.stock.models import StockMove
from tests.e2e.conftest import VIEWPORTS, login, switch_user
from tests.e2e.machining import machining_floor

pytestmark = pytest.mark.browser

PEOPLE = [
    ("wangfang", "王芳", "clerk"),
    ("sunli", "孙丽", "team_leader"),
    ("zhaogang", "赵刚", "workshop_director"),
    ("chenjing", "陈静", "statistician"),
]


@pytest.fixture
def floor(transactional_db, live_server, chromium_executable):
    """机加车间 with its people and a lot of 40 半轴 routed 车 → 磨."""
    machining, people, lot = machining_floor(PEOPLE, ("车", "磨"))
    return {"lot": lot, **people}


def _context(browser, live_server, width):
    return browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS[width]
    )


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_d1_4_9_the_clerk_refuses_a_chaotic_stack_the_director_confirms_the_leader_answers(
    browser, live_server, floor
):
    lot = floor["lot"]
    moves = StockMove.objects.count()
    phone_context = _context(browser, live_server, "phone")
    desk_context = _context(browser, live_server, "desktop")
    try:
        phone, desk = phone_context.new_page(), desk_context.new_page()
        login(phone, "wangfang")
        phone.goto(f"/shopfloor/assessments/refuse/?lot={lot.pk}")
        phone.locator("#operation").select_option("车")
        upload = photo("stack.jpg")
        phone.locator("#photo").set_input_files(
            {"name": "stack.png", "mimeType": "image/png", "buffer": upload.read()}
        )
        phone.locator("#note").fill("半轴散堆在车床旁，无法清点")
        assert _fits(phone)
        phone.locator("#refuse-submit").click()
        expect(phone.locator(".alert-success")).to_be_visible()
        expect(phone.locator("#assessment-note")).to_contain_text("无法清点")
        expect(phone.locator(".paper-attachments img")).to_have_count(1)
        assert _fits(phone)

        login(desk, "zhaogang")
        card = desk.locator('[data-testid="home-card-assessments-to-decide"]')
        expect(card).to_contain_text(lot.document.number)
        card.locator("a.fw-bold").first.click()
        desk.locator("#confirm-assessment").click()
        expect(desk.locator(".alert-success")).to_be_visible()

        switch_user(desk, "sunli")
        card = desk.locator('[data-testid="home-card-assessments-to-answer"]')
        card.locator("a.fw-bold").first.click()
        desk.locator("#respond-form textarea").fill("昨天夜班换型，已安排重新码放")
        desk.locator("#respond-form button").click()
        expect(desk.locator("#assessment-response")).to_contain_text("已安排重新码放")
    finally:
        phone_context.close()
        desk_context.close()
    found = Assessment.objects.get()
    assert (found.state, found.person.username, found.decided_by.username) == (
        "confirmed",
        "sunli",
        "zhaogang",
    )
    assert found.response == "昨天夜班换型，已安排重新码放"
    assert StockMove.objects.count() == moves
