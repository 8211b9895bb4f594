"""Real headless Chromium: the 审查表 tab is quick to fill — pre-filled contact, one "all pass", only the sections needed."""

import pytest
import swapper
from playwright.sync_api import expect

from tests.portal.browser import log_in
from wagtail_review.review_form.checklist import REVIEW_POINTS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1400, 390])
def test_the_review_form_is_prefilled_and_one_click_sets_all_nine_points(browser, demo_server, width):
    Page = swapper.load_model("wagtailcore", "Page")
    column = Page.objects.get(slug="xiping-town").get_children().get(slug="news")
    page = browser.new_page(viewport={"width": width, "height": 900})
    log_in(page, demo_server, "xiping_editor")
    page.goto(f"{demo_server.url}/admin/pages/add/portal/articlepage/{column.pk}/")
    tab = page.get_by_role("tab", name="审查表")
    tab.click()
    panel = page.locator(f"#{tab.get_attribute('aria-controls')}")

    # Who fills it in is the contact until they say otherwise; the unit's number with it.
    expect(panel.locator("input[name=review_form-0-contact_person]")).to_have_value("王晓燕")
    # A township's news: no reprint origin, no government document details to wade through.
    expect(panel.locator("input[name=review_form-0-reprint_outlet]")).to_be_hidden()
    expect(panel.locator("input[name=review_form-0-doc_number]")).to_be_hidden()

    panel.get_by_role("button", name="九项审查全部符合").click()
    for point in REVIEW_POINTS:
        expect(panel.locator(f"select[name=review_form-0-{point.field_name}]")).to_have_value(
            point.passing_answer
        )

    # Choosing 转载 brings the origin fields it needs.
    panel.locator("select[name=review_form-0-source_type]").select_option("reprint")
    expect(panel.locator("input[name=review_form-0-reprint_outlet]")).to_be_visible()
    page.set_viewport_size({"width": width, "height": 2400})  # the admin scrolls inside its own panel
    page.screenshot(path=f"/tmp/browser-review-form-{width}.png")
    page.close()
