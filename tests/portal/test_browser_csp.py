"""Real headless Chromium: every response carries a Content-Security-Policy, and neither the public portal
nor the admin screens people work on break it (no violation reported while they load and are used)."""

import pytest
import swapper

from portal_site.portal.models import ArticlePage
from tests.portal.browser import log_in

Page = swapper.load_model("wagtailcore", "Page")
pytestmark = pytest.mark.browser


def watch(page, violations):
    """Collect every CSP violation the page reports, with where it happened."""
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )


def test_the_portal_and_the_admin_run_under_their_policies(browser, demo_server):
    violations = []
    server = demo_server.url
    article = ArticlePage.objects.live().first()
    column = Page.objects.get(slug="xiping-town").get_children().get(slug="news")

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    watch(page, violations)
    for path in ("/", column.url, article.url, "/search/?query=黄花"):
        response = page.goto(f"{server}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], path

    log_in(page, demo_server, "xiping_editor")
    response = page.goto(f"{server}/admin/pages/add/portal/articlepage/{column.pk}/")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    page.get_by_role("tab", name="审查表").click()
    page.get_by_role("button", name="九项审查全部符合").click()
    page.goto(f"{server}/admin/pages/{article.pk}/edit/")
    page.goto(f"{server}/admin/")
    context.close()

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    watch(page, violations)
    log_in(page, demo_server, "webadmin")
    for path in (
        "/admin/review/live/",
        "/admin/review/ledger/",
        "/admin/review/findings/",
        "/admin/review/lexicons/wording-errors/",
        "/admin/review/emergency-take-down/?phrase=黄花",
        "/admin/review/performance/",
    ):
        response = page.goto(f"{server}{path}")
        assert response.ok, path
    context.close()
    assert violations == []
