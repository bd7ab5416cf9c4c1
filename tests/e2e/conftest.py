"""Browser tests: Playwright (sync API) driving Debian's chromium against the live server.

Every test runs twice, at a desktop width and at a phone width, because the shell
changes shape between them (the phone hides the navigation behind the toggler).
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader
from playwright.sync_api import expect, sync_playwright

from tests.factories import PASSWORD

# The sync API keeps an event loop running in the test thread; without this Django
# refuses the ORM calls that the fixtures make (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
}
MISSING_CHROMIUM = (
    "chromium not installed at /usr/bin/chromium: apt-get install chromium fonts-wqy-microhei"
)


def _on_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium_executable():
    """Debian's chromium. Missing, it skips locally and fails on CI, so CI can never
    pass by silently running no browser test."""
    if not CHROMIUM.exists():
        if _on_ci():
            pytest.fail(MISSING_CHROMIUM, pytrace=False)
        pytest.skip(MISSING_CHROMIUM)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_executable):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_executable), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _live_database(chromium_executable, live_server):
    """The live server needs committed rows, so each test runs in a flushed database
    (the factories create the roles they grant)."""


def _new_context(browser, live_server, **options):
    # A Chinese office browser asks for zh-CN; the app's default language is zh-hans too.
    return browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **options
    )


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser, live_server):
    context = _new_context(browser, live_server, **VIEWPORTS[request.param])
    page = context.new_page()
    yield page
    if getattr(request.node, "failed_call", False):
        _keep_failure_screenshot(page, request.node.nodeid)
    context.close()


@pytest.fixture
def anonymous_page(browser, live_server):
    """A page in a fresh context: no session cookie, as a program calling the API."""
    context = _new_context(browser, live_server)
    yield context.new_page()
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report


def _keep_failure_screenshot(page, nodeid):
    folder = Path(settings.GENDAN_HOME) / "e2e-failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid) + ".png"
    page.screenshot(path=folder / name, full_page=True)


def login(page, username, password=PASSWORD):
    """Log in through the form, as a person would, and wait to leave the login page.

    The previous page is left for a blank one first: a request it still had in flight
    (a favicon, a badge) must not come back after the cookies were cleared with a fresh
    CSRF cookie that no longer matches the login form's token."""
    page.goto("about:blank")
    page.goto("/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def switch_user(page, username, password=PASSWORD):
    """Log out by forgetting the cookies, once the page is left, and log in as another."""
    page.goto("about:blank")
    page.context.clear_cookies()
    login(page, username, password)


def open_menu(page):
    """On a narrow screen the navigation is collapsed behind the toggler: open it."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
    expect(page.locator("#nav")).to_be_visible()


def visible_badge(page):
    """The header's inbox badge that this width shows (desktop nav link or phone button)."""
    return page.locator(".inbox-badge:visible")


# The data migrations the demo stands on: roles, their permissions, chains, templates.
SEED_MIGRATIONS = [
    ("org", "0002_seed_roles"),
    ("org", "0003_auditor_reads_the_audit"),
    ("sales", "0003_role_default_permissions"),
    ("stock", "0003_count_chain"),
    ("stock", "0006_stock_role_permissions"),
    ("stock", "0009_master_data"),
    ("slips", "0002_default_slip_chains"),
    ("followup", "0002_seed_templates_and_claim_chain"),
]


def reseed_if_flushed():
    """The test database was flushed by an earlier browser test (each live-server test
    ends with a flush): run the seeding migrations' data functions again, each with the
    models as they were at that migration, so the demo can load."""
    from gendan.org.models import Role

    if Role.objects.exists():
        return
    loader = MigrationLoader(connection)
    with connection.schema_editor() as editor:
        for key in SEED_MIGRATIONS:
            state_apps = loader.project_state(key, at_end=False).apps
            for operation in loader.graph.nodes[key].operations:
                if isinstance(operation, migrations.RunPython):
                    operation.code(state_apps, editor)
