"""Real headless Chromium: what a unit editor sees in the admin."""

import os

import pytest
import swapper
from django.core.management import call_command
from playwright.sync_api import sync_playwright

Page = swapper.load_model("wagtailcore", "Page")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread; the Django ORM
    # calls made by the test itself are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_server(transactional_db, django_db_serialized_rollback, live_server):
    # The live server needs committed data, so these tests flush the database
    # afterwards; serialized rollback restores what migrations created (the
    # root page and collection, the seeded routes) for the tests that follow.
    call_command("load_demo", stdout=open(os.devnull, "w"))
    return live_server


def log_in(page, server, username):
    page.goto(f"{server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Yunzhou@2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/admin/")


def test_xiping_editor_sees_only_xiping_sections_in_chinese(browser, demo_server):
    page = browser.new_page()
    log_in(page, demo_server, "xiping_editor")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    # The page explorer opens at the editor's own section and offers nothing else.
    xiping = Page.objects.get(slug="xiping-town")
    page.goto(f"{demo_server.url}/admin/pages/")
    page.wait_for_url(f"{demo_server.url}/admin/pages/{xiping.pk}/")
    assert page.locator("h1").inner_text().strip().endswith("西坪镇")
    body = page.locator("main").inner_text()
    assert "工作动态" in body
    assert "区教育局" not in body and "倍加造镇" not in body

    # Another unit's page: refused, with Wagtail's message in Chinese.
    other = Page.objects.get(slug="education-bureau").get_children().first()
    page.goto(f"{demo_server.url}/admin/pages/{other.pk}/edit/")
    page.wait_for_url(f"{demo_server.url}/admin/")
    assert "对不起， 你没有权限访问。" in page.locator("body").inner_text()
    page.close()
