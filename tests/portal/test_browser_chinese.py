"""Real headless Chromium: every screen each role works on reads in Chinese.

Each role's screens are walked as that person; any word in Latin letters in
what the screen shows (text, placeholders, labels for assistive technology,
button titles) fails the test, except URLs, e-mail addresses, usernames and
the allow-list below (proper names and file formats officials use as such).
"""

import json
import os
import re

import pytest
import swapper
from django.contrib.auth import get_user_model

from tests.portal.browser import log_in

Page = swapper.load_model("wagtailcore", "Page")
User = get_user_model()

pytestmark = pytest.mark.browser

# Formats and acronyms officials use as such; "English" is the language's own name in the language menu.
ALLOWED = {"PDF", "XLSX", "CSV", "API", "URL", "ID", "RSS", "HTML", "SHA", "Wagtail", "YYYY", "MM", "English"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’-]+")

VISIBLE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    const style = window.getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    for (const name of ['placeholder', 'aria-label', 'title']) {
      if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join('\\n');
}"""


def latin_words(text, usernames):
    text = re.sub(
        r"https?://\\S+|\\S+@\\S+|/[\\w/.-]+|\\b[\\w-]+\\.(?:png|jpg|pdf|docx?|xlsx?)\\b", " ", text
    )
    return sorted(
        {word for word in LATIN_WORD.findall(text) if word not in ALLOWED and word not in usernames}
    )


def screens(role):
    article = Page.objects.get(slug="daylily-picking-season")
    xiping = Page.objects.get(slug="xiping-town")
    common = ["/admin/", "/admin/account/", "/admin/review/awaiting/"]
    return {
        "xiping_editor": [
            *common,
            f"/admin/pages/{xiping.pk}/",
            f"/admin/pages/{article.pk}/edit/",
            f"/admin/pages/add/portal/articlepage/{article.get_parent().pk}/",
            "/admin/pages/search/?q=黄花",
        ],
        "xiping_reviewer": [*common, "/admin/review/live/", f"/admin/review/take-down/{article.pk}/"],
        "xiping_leader": [*common, "/admin/review/live/", "/admin/review/performance/"],
        "webadmin": [
            *common,
            "/admin/review/live/",
            "/admin/review/ledger/",
            "/admin/review/take-downs/",
            "/admin/review/performance/",
        ],
        # The administrator duties (等保 2.0 三员分立): units and accounts; memberships.
        "sysadmin": [
            *common,
            "/admin/review/units/",
            "/admin/review/sections/",
            "/admin/users/",
            "/admin/users/new/",
        ],
        "secadmin": [*common, "/admin/review/memberships/", "/admin/review/memberships/new/"],
    }[role]


@pytest.mark.parametrize(
    "role", ["xiping_editor", "xiping_reviewer", "xiping_leader", "webadmin", "sysadmin", "secadmin"]
)
def test_every_screen_a_role_works_on_reads_in_chinese(browser, demo_server, role):
    usernames = set(User.objects.values_list("username", flat=True))
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{demo_server.url}/admin/login/")
    found = {"/admin/login/": latin_words(page.evaluate(VISIBLE_TEXT), usernames)}
    log_in(page, demo_server, role)
    for path in screens(role):
        response = page.goto(f"{demo_server.url}{path}")
        assert response.status == 200, (path, response.status)
        words = latin_words(page.evaluate(VISIBLE_TEXT), usernames)
        if words:
            found[path] = words
    found = {path: words for path, words in found.items() if words}
    if os.environ.get("LATIN_WORDS_REPORT"):  # a maintainer's aid: the whole list, to translate at once
        with open(os.environ["LATIN_WORDS_REPORT"], "a") as report:
            report.write(json.dumps({role: found}, ensure_ascii=False) + "\n")
    assert not found, found


def test_the_help_menu_does_not_send_officials_to_english_pages(client, demo):
    client.force_login(User.objects.get(username="xiping_editor"))
    html = client.get("/admin/").content.decode()
    assert "guide.wagtail.org" not in html and "docs.wagtail.org" not in html
