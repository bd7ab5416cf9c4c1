"""Browser (issue 12): 张伟 the merchandiser records a mid-production inspection on a
375 px phone with two defects and a photo, which confirms his step (跟单员确认); 韩雪
(质管部) signs for QC; 邓芳 (工厂, the factory's login) signs it on her phone (D4-1,
D4-8)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from gendan.core.calendar import add_working_days
from gendan.quality import services
from gendan.quality.models import Inspection
from tests.e2e.conftest import _new_context, login
from tests.e2e.garments import garment_order_at_huamei

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.fixture
def phone(browser, live_server):
    context = _new_context(browser, live_server, **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def garment_at_huamei(db):
    return garment_order_at_huamei(3200)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_d4_8_the_merchandiser_records_on_a_phone_qc_signs_and_the_factory_signs_on_hers(
    phone, browser, live_server, garment_at_huamei, tmp_path
):
    login(phone, "zhangwei")
    phone.goto("/quality/inspections/new/")
    _no_sideways_scroll(phone)
    phone.select_option("#stage", "mid_production")
    phone.fill("#lot_size", "400")
    first = phone.get_by_test_id("defect-row-1")
    first.locator("select").first.select_option("major")
    first.locator("input[name$=description]").fill("袖口跳线")
    first.locator("input[name$=count]").fill("2")
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(JPEG)
    first.locator("input[type=file]").set_input_files(str(photo))
    second = phone.get_by_test_id("defect-row-2")
    second.locator("select").first.select_option("minor")
    second.locator("input[name$=description]").fill("线头未剪")
    second.locator("input[name$=count]").fill("3")
    phone.get_by_test_id("save-inspection").click()
    phone.wait_for_url("**/quality/inspections/*/")
    expect(phone.get_by_test_id("inspection-paper")).to_contain_text("袖口跳线")
    _no_sideways_scroll(phone)
    inspection = Inspection.objects.get()
    assert inspection.defects.count() == 2
    assert inspection.document.current_step == 2  # his confirmation is signed
    services.sign_report(
        actor=get_user_model().objects.get(username="hanxue"), inspection=inspection
    )

    context = _new_context(browser, live_server, **PHONE)
    factory_phone = context.new_page()
    login(factory_phone, "dengfang")
    factory_phone.goto(f"/quality/inspections/{inspection.pk}/")
    _no_sideways_scroll(factory_phone)
    factory_phone.get_by_test_id("factory-sign").locator("button").click()
    expect(factory_phone.get_by_test_id("document-status")).to_have_text("已过账")
    context.close()
    inspection.document.refresh_from_db()
    assert inspection.document.status == "posted"


def test_d4_13_the_next_days_0930_report_holds_the_inspection(phone, garment_at_huamei):
    """张伟 records a mid-production inspection today; the report sent at 09:30 on the
    next working day lists it with its defect (D4-13)."""
    merchandiser = get_user_model().objects.get(username="zhangwei")
    services.record_inspection(
        actor=merchandiser,
        factory_order=garment_at_huamei.factory_orders.get(),
        stage="mid_production",
        inspected_on=datetime.date.today(),
        lot_size=400,
        defects=[
            {
                "defect_class": "major",
                "category": "workmanship",
                "description": "袖口跳线",
                "count": 2,
            }
        ],
    )
    next_day = add_working_days(datetime.date.today(), 1)
    login(phone, "zhangwei")
    phone.goto(f"/quality/daily-report/?date={next_day.isoformat()}")
    expect(phone.locator("main")).to_contain_text("袖口跳线")
    expect(phone.locator("main")).to_contain_text("张伟")
    _no_sideways_scroll(phone)


def test_d4_11_a_3200_piece_final_asks_125_samples_ac7_re8_and_8_major_defects_fail_it(
    phone, garment_at_huamei
):
    login(phone, "zhangwei")
    phone.goto("/quality/inspections/new/")
    phone.select_option("#stage", "final")
    phone.fill("#lot_size", "3200")
    phone.fill("#packed_quantity", "2600")
    first = phone.get_by_test_id("defect-row-1")
    first.locator("select").first.select_option("major")
    first.locator("input[name$=description]").fill("袖口跳线")
    first.locator("input[name$=count]").fill("8")
    phone.get_by_test_id("save-inspection").click()
    phone.wait_for_url("**/quality/inspections/*/")
    major = phone.get_by_test_id("sampling").locator("tr", has_text="严重缺陷")  # major
    expect(major).to_contain_text("125")
    expect(major.locator("td").nth(4)).to_have_text("7")
    expect(major.locator("td").nth(5)).to_have_text("8")
    expect(phone.get_by_test_id("inspection-paper")).to_contain_text("不合格")
    _no_sideways_scroll(phone)
    inspection = Inspection.objects.get()
    assert (inspection.sample_size, inspection.verdict) == (125, "failed")
