"""The order spine in the browser (issue 3), at desktop and phone width: a merchandiser
takes a phone order, records the confirmation call, finds it on the board with its
milestone plan, completes a milestone with evidence, sees the stage move and the
timeline grow, and exports the board to Excel."""

import importlib
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from gendan.catalog.models import Item, Unit
from gendan.org.models import Role
from gendan.sales.models import Customer, Order
from gendan.sales.role_permissions import apply_defaults
from gendan.stock import role_permissions as stock_role_permissions
from tests.e2e.conftest import login, open_menu
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.browser


@pytest.fixture
def order_desk(transactional_db):
    """What migrations seeded and the browser tests' flush removed: role permissions and
    the milestone templates; then a merchandiser, a customer and a machine."""
    merchandiser = UserFactory(username="zhangwei", first_name="张伟")
    grant(merchandiser, "merchandiser")
    apply_defaults(Role, Permission)
    stock_role_permissions.apply_defaults(Role, Permission)
    seed = importlib.import_module("gendan.followup.migrations.0002_seed_templates_and_claim_chain")
    from django.apps import apps

    seed.add_templates(apps, None)
    unit = Unit.objects.create(code="set", name="台")
    Item.objects.create(
        code="1GQN-200", name="旋耕机", kind="machine", unit=unit, search_text="旋耕机"
    )
    Customer.objects.create(code="C001", name="河北丰田农机经销部", merchandiser=merchandiser)
    return merchandiser


def _take_phone_order(page):
    page.goto("/sales/orders/new/")
    page.locator("#customer").select_option(label="C001 河北丰田农机经销部")
    page.locator("#channel").select_option("phone")
    page.locator("#order_type").select_option("machinery")
    delivery = timezone.localdate() + timedelta(days=30)
    page.locator("#delivery_date").fill(delivery.isoformat())
    if page.locator(".order-line").count() == 0:
        page.locator("#add-line").click()
    line = page.locator(".order-line").first
    line.locator('select[name="line-item"]').select_option(label="1GQN-200 旋耕机")
    line.locator('input[name="line-quantity"]').fill("12")
    line.locator('input[name="line-unit_price"]').fill("18600")
    page.locator("#save-order").click()
    expect(page.locator("#order-number")).to_have_text(Order.objects.get().number)


def test_merchandiser_follows_a_phone_order_from_intake_to_the_board(page, order_desk, live_server):
    login(page, "zhangwei")
    _take_phone_order(page)
    order = Order.objects.get()

    # D5-3.3: the confirmation call is recorded on the order
    page.locator('input[name="called_person"]').fill("王经理")
    page.locator('input[name="confirmed_text"]').fill("12 台，交期确认")
    page.locator("#confirm-button").click()
    expect(page.locator("#confirmation-calls")).to_contain_text("王经理")

    # D5-3.4: the order is on the board, with its plan from the contract date
    open_menu(page)
    page.get_by_role("link", name="订单看板").click()
    row = page.locator('[data-testid="board-row"]', has_text=order.number)
    expect(row).to_be_visible()
    row.get_by_role("link", name=order.number).click()
    milestones = page.locator('[data-testid="milestone"]')
    expect(milestones.first).to_be_visible()
    assert milestones.count() >= 5
    stage = page.locator('[data-testid="stage"]')
    stage_before = stage.inner_text()
    events_before = page.locator("#order-timeline li").count()

    # complete the current milestone with evidence
    page.locator("details:has(form[action*='/complete/'])").first.locator("summary").click()
    form = page.locator("form[action*='/complete/']").first
    form.locator('input[name="evidence_url"]').fill("http://intranet.local/gongyi/1GQN-200")
    form.locator("button").click()
    expect(stage).not_to_have_text(stage_before)
    assert page.locator("#order-timeline li").count() > events_before

    # the board exports to Excel and the file opens
    page.goto("/followup/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出 Excel").click()
    content = download_info.value.path().read_bytes()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert any(order.number in [str(cell) for cell in row] for row in rows)
