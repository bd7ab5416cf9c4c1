"""Browser (375 px phone and 1366 px desktop), in Chinese: 张伟 (跟单员) records a
mid-production inspection on his phone and confirms it (D4-1, D4-8); 韩雪 (QC) signs,
adds a defect photo from the camera afterwards and opens the print view; 邓芳 (工厂)
signs on her phone; the switching page (GB/T 2828.1 9.3) and the order summary (D4-9,
D4-12) fit both widths."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from gendan.org.models import Site
from gendan.quality.models import Inspection
from tests.e2e.conftest import _new_context, login
from tests.e2e.garments import garment_order_at_huamei

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 800}}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.fixture
def garment_at_huamei(transactional_db, live_server, chromium_executable):
    return garment_order_at_huamei(1200)


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _shot(page, name):
    shots = Path(settings.GENDAN_HOME) / "screenshots"  # looked at by a person, not asserted
    shots.mkdir(exist_ok=True)
    page.screenshot(path=shots / f"{name}.png", full_page=True)


def _as(browser, live_server, username, options):
    context = _new_context(browser, live_server, **options)
    page = context.new_page()
    login(page, username)
    return context, page


def test_d4_1_merchandiser_records_qc_signs_and_adds_a_photo_factory_signs_on_phones(
    browser, live_server, garment_at_huamei, tmp_path
):
    context, phone = _as(browser, live_server, "zhangwei", PHONE)
    phone.goto("/quality/inspections/new/")
    phone.select_option("#stage", "mid_production")
    phone.fill("#lot_size", "400")
    row = phone.get_by_test_id("defect-row-1")
    row.locator("select").first.select_option("major")
    row.locator("input[name$=description]").fill("袖口跳线")
    row.locator("input[name$=count]").fill("2")
    phone.get_by_test_id("save-inspection").click()
    phone.wait_for_url("**/quality/inspections/*/")
    expect(phone.get_by_test_id("signature-lines")).to_contain_text("张伟")
    _fits(phone, 375)
    context.close()
    inspection = Inspection.objects.get()
    assert inspection.document.current_step == 2

    context, phone = _as(browser, live_server, "hanxue", PHONE)
    phone.goto(f"/quality/inspections/{inspection.pk}/")
    expect(phone.get_by_test_id("report-sign")).to_contain_text("质检员签字")
    phone.get_by_test_id("report-sign").locator("button").click()
    expect(phone.get_by_test_id("signature-lines")).to_contain_text("韩雪")
    picture = tmp_path / "IMG_0003.jpg"
    picture.write_bytes(JPEG)
    phone.get_by_test_id("add-photo-1").locator("input[type=file]").set_input_files(str(picture))
    phone.get_by_test_id("add-photo-1").locator("button").click()
    expect(phone.locator("img.img-thumbnail")).to_have_count(1)
    _fits(phone, 375)
    _shot(phone, "inspection-phone-qc")
    phone.goto(f"/quality/inspections/{inspection.pk}/print/")
    expect(phone.get_by_test_id("print-qr").locator("svg")).to_have_count(1)
    _shot(phone, "print-phone")
    context.close()

    context, phone = _as(browser, live_server, "dengfang", PHONE)
    phone.goto(f"/quality/inspections/{inspection.pk}/")
    phone.get_by_test_id("factory-sign").locator("button").click()
    expect(phone.get_by_test_id("document-status")).to_have_text("已过账")
    _fits(phone, 375)
    context.close()

    for name, options, width in (("desktop", DESKTOP, 1366), ("phone", PHONE, 375)):
        context, page = _as(browser, live_server, "hanxue", options)
        page.goto(f"/quality/inspections/{inspection.pk}/print/")
        expect(page.get_by_test_id("signature-lines")).to_contain_text("邓芳")
        _shot(page, f"print-{name}")
        page.goto(f"/quality/orders/{garment_at_huamei.pk}/")
        expect(page.get_by_test_id("responsibility")).to_be_visible()
        _fits(page, width)
        _shot(page, f"order-{name}")
        page.goto("/quality/switching/")
        _fits(page, width)
        context.close()


def test_9_4_qc_resumes_a_discontinued_inspection_on_the_switching_page(
    browser, live_server, garment_at_huamei
):
    from gendan.quality.models import SwitchingState

    order = garment_at_huamei
    state = SwitchingState.objects.create(
        item=order.lines.first().item, factory=Site.objects.get(code="F-YX"),
        severity="discontinued", rejected_on_tightened=5, lots=9,
    )  # fmt: skip
    for name, options, width in (("phone", PHONE, 375), ("desktop", DESKTOP, 1366)):
        context, page = _as(browser, live_server, "hanxue", options)
        page.goto("/quality/inspections/")
        page.get_by_test_id("switching-link").click()
        page.get_by_role("link", name="男式夹克").click()
        _fits(page, width)
        _shot(page, f"switching-{name}")
        if name == "phone":
            page.get_by_test_id("resume-inspection").locator("button").click()
            # no reason given: refused, nothing changes
            expect(page.get_by_test_id("switching-severity")).to_contain_text("暂停")
            page.fill("#resume-reason", "工厂更换缝纫线并培训")
            page.get_by_test_id("resume-inspection").locator("button").click()
            expect(page.get_by_test_id("switching-severity")).to_contain_text("加严")
            expect(page.get_by_test_id("switching-history")).to_contain_text("工厂更换缝纫线并培训")
            _fits(page, width)
        context.close()
    state.refresh_from_db()
    assert state.severity == "tightened"
