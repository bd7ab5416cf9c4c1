"""Sign what you see, in the browser (issue 10), at 1366 px and on a 375 px phone: the
inspector opens a purchased receipt from 待我签字 and sees its lines, quantities, units
and batches, then signs; the sales manager sees every ¥ amount of a meal claim and its
receipt thumbnail before approving. Neither page scrolls sideways."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from gendan.followup import expenses
from gendan.stock.slips.models import SlipKind
from tests.e2e.conftest import login
from tests.factories import SiteFactory, UserFactory, grant
from tests.slips import factories

pytestmark = pytest.mark.browser

WIDTHS = {
    "desktop-1366": {"viewport": {"width": 1366, "height": 800}},
    "phone-375": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def screen(request, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        **WIDTHS[request.param],
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def receipt_waiting(transactional_db, live_server, chromium_executable, settings, tmp_path):
    """陈敏 the storekeeper has written a purchased receipt of 100 half shafts in batch
    B2603 from 邢台轴承厂 and submitted it; 郭静 the inspector signs first."""
    settings.MEDIA_ROOT = tmp_path
    factories.seed_chains()
    half_shaft = factories.item()
    store = factories.warehouse(items=[half_shaft])
    storekeeper = UserFactory(username="chenmin", first_name="陈敏")
    grant(storekeeper, "storekeeper", warehouse=store)
    inspector = UserFactory(username="guojing", first_name="郭静")
    grant(inspector, "inspector")
    slip = factories.write(
        storekeeper,
        SlipKind.PURCHASED_RECEIPT,
        store,
        [
            factories.line(half_shaft, 100, batch_number="B2603", expires_on="2027-03-01"),
            factories.line(
                half_shaft, 12, batch_number="B2604-长批号-用于检查换行", note="外箱破损"
            ),
        ],
        partner=factories.supplier(),
    )
    return factories.through_chain(slip)


def test_inspector_sees_the_receipts_lines_and_batches_and_signs(screen, receipt_waiting):
    login(screen, "guojing")
    screen.goto("/inbox/")
    row = screen.locator(".inbox-row").first
    expect(row.locator(".paper-summary")).to_contain_text("半轴 × 100 件")
    assert screen.evaluate(NO_SIDEWAYS_SCROLL)
    row.locator("a").first.click()

    lines = screen.locator("#paper-lines .paper-line")
    expect(lines).to_have_count(2)
    expect(lines.first).to_contain_text("100 件")
    expect(lines.first.locator(".line-batch")).to_contain_text("B2603")
    expect(screen.locator("#paper-content")).to_contain_text("邢台轴承厂")
    expect(screen.locator("#paper-content")).to_contain_text("外箱破损")
    expect(screen.locator("#paper-page-link")).to_be_visible()
    assert screen.evaluate(NO_SIDEWAYS_SCROLL)

    screen.locator("#sign-button").click()
    expect(screen.locator(".step-signature").first).to_contain_text("郭静")


@pytest.fixture
def claim_waiting(transactional_db, live_server, chromium_executable, settings, tmp_path):
    """刘洋 claims ¥188 of meals at 华鑫制衣厂; the dinner has a receipt photo."""
    settings.MEDIA_ROOT = tmp_path
    merchandiser = UserFactory(username="liuyang", first_name="刘洋")
    grant(merchandiser, "merchandiser")
    manager = UserFactory(username="wangqiang", first_name="王强")
    grant(manager, "sales_manager")
    factory = SiteFactory(code="HX", name="华鑫制衣厂", kind="contracted_factory")
    photo = SimpleUploadedFile("fapiao.png", _PNG, content_type="image/png")
    for category, amount, receipt in (
        ("breakfast", "18.00", None),
        ("lunch", "70.00", None),
        ("dinner", "100.00", photo),
    ):
        expenses.record_expense(
            actor=merchandiser,
            spent_on=datetime.date(2026, 11, 28),
            category=category,
            amount=amount,
            factory=factory,
            receipt_photo=receipt,
        )
    return expenses.submit_claim(actor=merchandiser)


# A 1×1 white PNG: the thumbnail must load through the gate.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)


def test_manager_sees_the_amounts_and_receipt_before_approving(screen, claim_waiting):
    login(screen, "wangqiang")
    screen.goto("/inbox/")
    expect(screen.locator(".inbox-row .paper-summary").first).to_contain_text("¥188.00")
    screen.locator(".inbox-row a").first.click()
    content = screen.locator("#paper-content")
    for amount in ("¥18.00", "¥70.00", "¥100.00", "¥188.00"):
        expect(content).to_contain_text(amount)
    thumbnail = content.locator("img.thumbnail")
    expect(thumbnail).to_have_count(1)
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    assert screen.evaluate(NO_SIDEWAYS_SCROLL)
