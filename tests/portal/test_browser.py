"""Real headless Chromium: what a unit editor sees in the admin."""

import pytest
import swapper

from tests.portal.browser import log_in

Page = swapper.load_model("wagtailcore", "Page")

pytestmark = pytest.mark.browser


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
