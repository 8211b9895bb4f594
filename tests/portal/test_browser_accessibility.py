"""Every public template, checked with axe-core in real Chromium against WCAG 2.1 A and AA (the basis of
GB/T 37668), on a desktop and at a phone's width: no serious or critical violation.

axe-core is the engine most accessibility audits use; axe-playwright-python bundles it (no download).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.template import loader

from portal_site.portal.models import (
    ArticlePage,
    ChannelPage,
    ColumnPage,
    PolicyDocumentPage,
    PolicyInterpretationPage,
    UnitIndexPage,
    UnitSectionPage,
)

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = ("serious", "critical")


def public_paths():
    """One URL of every public template: each page type, search, the catalogue, the mailbox, errors, the phone page."""
    paths = ["/"]
    for model in (
        ChannelPage,
        ColumnPage,
        ArticlePage,
        PolicyDocumentPage,
        PolicyInterpretationPage,
        UnitIndexPage,
        UnitSectionPage,
    ):
        page = model.objects.live().order_by("path").first()
        assert page is not None, model
        paths.append(page.url)
    return paths + [
        "/search/?q=政府",
        "/search/?q=没有这样的词",
        "/xxgk/",
        "/xxgk/district-office/",
        "/xxgk/district-office/?year=abc",
        "/hdjl/",
        "/hdjl/write/",
        "/hdjl/query/",
        "/hdjl/published/",
        "/no-such-page/",
        "/review-api/app/",
    ]


def blocking_violations(axe, page):
    results = axe.run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_public_templates_have_no_serious_accessibility_violations(browser, demo_server, width):
    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    found = {}
    for path in public_paths():
        page.goto(demo_server.url + path)
        problems = blocking_violations(axe, page)
        if problems:
            found[path] = problems
    # A published mailbox message, as linked from the published list.
    page.goto(demo_server.url + "/hdjl/published/")
    page.locator("main a[href*='/hdjl/published/']").first.click()
    page.wait_for_load_state()
    if problems := blocking_violations(axe, page):
        found[page.url] = problems
    # The server error page, which renders without the database: shown in place of a page of the site.
    page.goto(demo_server.url + "/")
    page.set_content(loader.get_template("500.html").render())
    if problems := blocking_violations(axe, page):
        found["500.html"] = problems
    context.close()
    assert not found, found
