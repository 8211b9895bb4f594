"""Real headless Chromium: the screens the user guide (docs/) shows, as each role sees them.

Run with UPDATE_GUIDE_SCREENSHOTS=1 to refresh docs/images; otherwise the
screenshots go to a temporary folder and the test checks the screens only.
"""

import os
from pathlib import Path

import pytest
import swapper
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.portal.admin_forms import PASSING
from tests.portal.browser import log_in
from wagtail_review.routing.services import fill_review_form, submit

pytestmark = pytest.mark.browser
Page = swapper.load_model("wagtailcore", "Page")
GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def shot(page, name, tmp_path):
    folder = GUIDE_IMAGES if os.environ.get("UPDATE_GUIDE_SCREENSHOTS") else tmp_path
    page.screenshot(path=str(folder / f"{name}.png"))


def test_the_guides_screens(browser, demo_server, tmp_path):
    from portal_site.portal.models import ArticlePage

    article = ArticlePage.objects.get(slug="daylily-picking-season")
    article.title = "西坪镇黄花采摘进度（送审）"
    fill_review_form(article, **PASSING, contact_person="王晓燕")
    submit(article, get_user_model().objects.get(username="xiping_editor"))

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, demo_server, "xiping_editor")
    expect(page.get_by_text("我的稿件")).to_be_visible()
    shot(page, "editor-dashboard", tmp_path)
    column = Page.objects.get(slug="xiping-town").get_children().get(slug="news")
    page.goto(f"{demo_server.url}/admin/pages/add/portal/articlepage/{column.pk}/")
    tab = page.get_by_role("tab", name="审查表")
    tab.click()
    page.get_by_role("button", name="九项审查全部符合").click()
    shot(page, "editor-review-form", tmp_path)
    page.context.close()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    log_in(page, demo_server, "xiping_reviewer")
    page.goto(f"{demo_server.url}/admin/review/awaiting/")
    expect(page.locator("main")).to_contain_text("西坪镇黄花采摘进度（送审）")
    shot(page, "reviewer-awaiting", tmp_path)
    page.goto(f"{demo_server.url}/admin/review/live/")
    expect(page.get_by_role("link", name="撤稿").first).to_be_visible()
    shot(page, "reviewer-live-information", tmp_path)
    page.context.close()
