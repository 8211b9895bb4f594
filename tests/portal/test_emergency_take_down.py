"""紧急撤稿: a website administrator takes down every live page showing a phrase, in one action, each page
registered on its own (Art. 16)."""

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal_site.portal.models import ArticlePage
from wagtail_review.models import LedgerAction, LedgerEntry, TakeDown

User = get_user_model()
URL = reverse("wagtail_review:emergency_take_down")
REASON = "涉及未经核实的疫情信息，紧急撤下。"


def login(client, username="webadmin"):
    client.force_login(User.objects.get(username=username))


def daylily_pages():
    # Every live demo page that mentions 黄花 (the phrase is written in traditional characters below).
    return [page for page in ArticlePage.objects.live() if "黄花" in page.title or "黄花" in str(page.body)]


def test_the_administrator_finds_the_pages_showing_a_phrase_in_any_variant(demo, client):
    login(client)
    html = client.get(URL, {"phrase": "黃花"}).content.decode()
    expected = daylily_pages()
    assert expected
    for page in expected:
        assert f'value="{page.pk}"' in html and "checked" in html
    assert "秋季学期义务教育招生" not in html


def test_one_confirmation_takes_each_page_down_with_its_own_record_and_entry(
    demo, client, django_capture_on_commit_callbacks
):
    login(client)
    pages = daylily_pages()
    before = LedgerEntry.objects.filter(action=LedgerAction.TAKE_DOWN).count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"phrase": "黃花", "pages": [p.pk for p in pages], "reason": REASON})
    assert response.status_code == 302
    for page in pages:
        page.refresh_from_db()
        assert not page.live
        assert TakeDown.objects.get(page=page).reason == REASON
    assert LedgerEntry.objects.filter(action=LedgerAction.TAKE_DOWN).count() == before + len(pages)
    assert mail.outbox  # the units' editors and leaders are told


def test_without_a_reason_or_with_a_forged_page_nothing_is_taken_down(demo, client):
    login(client)
    [page, *_] = daylily_pages()
    other = ArticlePage.objects.live().exclude(pk__in=[p.pk for p in daylily_pages()]).first()
    for data in (
        {"phrase": "黃花", "pages": [page.pk], "reason": ""},
        {"phrase": "黃花", "pages": [page.pk, other.pk], "reason": REASON},
        {"phrase": "黃花", "pages": ["<script>"], "reason": REASON},
    ):
        response = client.post(URL, data)
        assert response.status_code == 200
    assert ArticlePage.objects.get(pk=page.pk).live and ArticlePage.objects.get(pk=other.pk).live
    assert not TakeDown.objects.exists()


def test_only_website_administrators_may(demo, client):
    for username in ("xiping_reviewer", "xiping_editor"):
        login(client, username)
        response = client.post(URL, {"phrase": "黄花", "pages": [daylily_pages()[0].pk], "reason": REASON})
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert all(page.live for page in daylily_pages())
