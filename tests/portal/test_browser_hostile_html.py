"""Real headless Chromium: hostile HTML written into an article from code is inert on the public page."""

import pytest
from django.contrib.auth import get_user_model

from portal_site.portal.demo_routes import fill_demo_review_form, release_through_route
from portal_site.portal.models import ArticlePage
from tests.hostile_html import HOSTILE

pytestmark = pytest.mark.browser


def test_hostile_html_in_a_released_article_does_nothing_in_the_browser(browser, demo_server):
    editor = get_user_model().objects.get(username="xiping_editor")
    page = ArticlePage.objects.get(slug="daylily-picking-season").get_latest_revision_as_object()
    page.title = "黄花采摘（安全测试）"
    page.body = [("paragraph", hostile) for hostile, _gone in HOSTILE] + [("paragraph", "<p>正文结束。</p>")]
    fill_demo_review_form(page, editor)
    release_through_route(page, editor)
    page.refresh_from_db()
    assert page.live and page.title == "黄花采摘（安全测试）"

    tab = browser.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    url = f"{demo_server.url}{page.url}"
    tab.goto(url)
    tab.get_by_text("正文结束。").wait_for()
    # The links that carried javascript: URLs are clicked, as a curious reader would.
    for link in tab.locator("main a", has_text="点我").all():
        link.click(no_wait_after=True, timeout=2000)
    tab.wait_for_timeout(1500)  # a meta refresh or a timer would have fired by now
    assert tab.url == url and dialogs == []
    assert tab.evaluate("window.__pwned") is None
    main = tab.locator("main").inner_html()
    for dangerous in ("<script", "<iframe", "<form", "<style", "<meta", "onerror", "onclick", "javascript:"):
        assert dangerous not in main.lower()
    tab.close()
