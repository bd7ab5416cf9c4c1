"""The shell a person sees first: log in, language, search, inbox, API tokens.

Each test runs at the desktop and the phone width (see the `page` fixture).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gendan.core import chains, numbering
from tests.e2e.conftest import login, open_menu, visible_badge
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"


def test_clerk_logs_in_to_a_chinese_shell(page, clerk):
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.locator("#id_username").fill("wangfang")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("link", name="待我签字")).to_be_visible()
    open_menu(page)
    expect(page.locator("#user-menu")).to_have_text("王芳")


def test_language_buttons_switch_between_english_and_chinese(page, clerk):
    login(page, "wangfang")

    page.locator('footer button[data-lang="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Awaiting my signature")).to_be_visible()
    open_menu(page)
    expect(page.get_by_role("link", name="Documents", exact=True)).to_be_visible()

    page.locator('footer button[data-lang="zh-hans"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("link", name="待我签字")).to_be_visible()


def test_wrong_password_shows_the_error_and_stays_on_the_login_page(page, clerk):
    page.goto("/login/")
    page.locator("#id_username").fill("wangfang")
    page.locator("#id_password").fill("not-the-password")
    page.locator("main form button[type=submit]").click()

    error = page.locator("#login-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("密码")
    expect(error).not_to_contain_text("Wrong user name")
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.locator("#id_username")).to_have_value("wangfang")
    expect(page.locator("#user-menu")).to_have_count(0)


def test_global_search_finds_a_workshop_by_its_pinyin_initials(page, clerk, machining):
    login(page, "wangfang")
    open_menu(page)

    page.locator("#global-search").fill("jjcj")

    result = page.locator("#search-results a", has_text="机加车间")
    expect(result).to_be_visible()
    expect(result).to_contain_text("JJ")


def test_inspector_signs_from_the_inbox_and_the_badge_drops(page, signed_by_clerk, inspector):
    login(page, "lijun")
    expect(visible_badge(page)).to_have_text("1")

    page.locator("nav a[href='/inbox/']:visible").click()
    entry = page.locator("#inbox-list li", has_text=signed_by_clerk.number)
    expect(entry).to_contain_text(signed_by_clerk.title)
    entry.get_by_role("link", name=signed_by_clerk.number).click()

    expect(page.locator("#document-number")).to_have_text(signed_by_clerk.number)
    page.locator("#sign-button").click()
    expect(page.locator(".alert-success")).to_contain_text(signed_by_clerk.number)
    expect(visible_badge(page)).to_have_text("0")


def test_revoked_api_token_is_refused_by_the_api(page, anonymous_page, clerk):
    login(page, "wangfang")
    page.goto("/tokens/")
    page.locator("#token-name").fill("扫码枪 scanner")
    page.locator("#token-create").click()

    expect(page.locator("#new-token")).to_have_text(re.compile(r"^\s*gd_\S+\s*$"))
    token = page.locator("#new-token").inner_text().strip()
    bearer = {"Authorization": "Bearer " + token}
    assert anonymous_page.request.get("/api/v1/me", headers=bearer).status == 200

    page.locator("main a[href='/tokens/']").click()
    row = page.locator("#token-table tr[data-token='扫码枪 scanner']")
    row.locator("form button").click()
    expect(row).to_contain_text(re.compile("已撤销|revoked"))
    expect(row.locator("form button")).to_have_count(0)

    refused = anonymous_page.request.get("/api/v1/me", headers=bearer)
    assert refused.status == 401


def _submit_slip(book, clerk, title):
    document = numbering.open_document(actor=clerk, book=book, title=title)
    return chains.sign(actor=clerk, document=chains.submit(actor=clerk, document=document))


@pytest.mark.skipif(
    os.environ.get("GENDAN_SCREENSHOT") != "1",
    reason="set GENDAN_SCREENSHOT=1 to refresh docs/screenshot.png",
)
@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_inspector_inbox_screenshot_for_the_readme(page, signed_by_clerk, book, clerk, inspector):
    for title in ("法兰盘 FL-80 × 120", "齿轮轴 CL-35 × 60"):
        _submit_slip(book, clerk, title)
    login(page, "lijun")
    page.goto("/inbox/")
    expect(page.locator("#inbox-list li")).to_have_count(3)

    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT)
    assert SCREENSHOT.stat().st_size > 10_000
