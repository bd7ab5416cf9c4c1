"""Handling equipment in the browser (issue 11, D1-1.6, D1-4.8): 王芳 the clerk, on a
375 px phone, opens the overdue wire rope from the card on her home page, records a
passing inspection with a photo from the camera; the rope is no longer overdue and the
card is gone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gendan.shopfloor import equipment_services as services
from gendan.shopfloor.equipment_models import Equipment
from tests.e2e.conftest import VIEWPORTS, login
from tests.factories import UserFactory, WorkshopFactory, grant

pytestmark = pytest.mark.browser
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64 + b"\xff\xd9"


@pytest.fixture
def rope(transactional_db, live_server, chromium_executable):
    """机加车间 with 王芳 the clerk and a wire rope passed 40 days ago (due every 30)."""
    machining = WorkshopFactory(code="JJ", name="机加车间")
    clerk = UserFactory(username="wangfang", first_name="王芳")
    grant(clerk, "clerk", workshop=machining)
    item = services.register_equipment(
        actor=clerk,
        code="GSS-JJ-01",
        name="钢丝绳吊索 φ12",
        kind=Equipment.Kind.ROPE,
        workshop=machining,
        location="行车旁吊具架",
    )
    services.record_inspection(
        actor=clerk,
        equipment=item,
        result="pass",
        inspected_at=timezone.now() - datetime.timedelta(days=40),
    )
    return item


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_d1_4_8_the_clerk_inspects_the_overdue_rope_from_her_home_page_on_a_phone(
    browser, live_server, rope, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    photo = tmp_path / "rope.jpg"
    photo.write_bytes(JPEG)
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS["phone"]
    )
    try:
        phone = context.new_page()
        login(phone, "wangfang")
        phone.goto("/")
        card = phone.locator('[data-testid="home-card-overdue-equipment"]')
        expect(card).to_contain_text("GSS-JJ-01")
        card.get_by_role("link", name="GSS-JJ-01 钢丝绳吊索 φ12").click()
        expect(phone.locator("#equipment-overdue")).to_be_visible()
        assert _fits(phone)

        phone.locator('label[for="result-pass"]').click()
        phone.locator("#inspection-note").fill("无断丝、无锈蚀")
        phone.locator("#inspection-photo").set_input_files(str(photo))
        phone.locator("#save-inspection").click()

        expect(phone.locator(".alert-success")).to_be_visible()
        expect(phone.locator("#equipment-overdue")).to_have_count(0)
        due = timezone.localdate() + datetime.timedelta(days=30)
        expect(phone.locator("#equipment-next-due")).to_contain_text(due.isoformat())
        expect(phone.locator("#inspection-history img.thumbnail")).to_have_count(1)
        assert _fits(phone)

        phone.goto("/")
        expect(phone.locator('[data-testid="home-card-overdue-equipment"]')).to_have_count(0)
    finally:
        context.close()
    rope.refresh_from_db()
    assert rope.next_due_on == due
    assert rope.status == Equipment.Status.IN_SERVICE
