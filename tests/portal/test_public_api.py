"""The public face: site and API v2 serve only live, reviewed revisions; drafts stay behind permission checks."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from portal_site.portal.models import ArticlePage
from wagtail_review.publication.take_down import take_down

DRAFT_TITLE = "尚未审核的修改稿"


@pytest.fixture
def edited(demo):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    page.title = DRAFT_TITLE
    page.save_revision(user=get_user_model().objects.get(username="xiping_editor"))
    page.refresh_from_db()
    return page


def test_api_lists_only_live_pages_with_their_reviewed_content(client, edited):
    response = client.get("/api/v2/pages/", {"type": "portal.ArticlePage", "fields": "title", "limit": 20})
    assert response.status_code == 200
    items = response.json()["items"]
    assert items and all(ArticlePage.objects.get(pk=item["id"]).live for item in items)
    assert DRAFT_TITLE not in response.content.decode()
    detail = client.get(f"/api/v2/pages/{edited.pk}/").json()
    assert detail["title"] == edited.title != DRAFT_TITLE


def test_api_does_not_serve_unpublished_pages(client, edited):
    take_down(edited, get_user_model().objects.get(username="webadmin"), "测试撤稿")
    assert client.get(f"/api/v2/pages/{edited.pk}/").status_code == 404


def test_public_page_shows_reviewed_content(client, edited):
    html = client.get(edited.url).content.decode()
    assert edited.title in html and DRAFT_TITLE not in html


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("wagtailadmin_pages:preview_on_edit", "page"),
        ("wagtailadmin_pages:revisions_view", "revision"),
        ("wagtail_review:version", "revision"),
        ("wagtailadmin_pages:view_draft", "page"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_drafts_previews_and_revisions_need_permission(client, edited, url_name, args, method):
    url_args = [edited.pk] if args == "page" else [edited.pk, edited.latest_revision_id]
    url = reverse(url_name, args=url_args)
    response = getattr(client, method)(url)
    assert response.status_code in (302, 403)
    assert DRAFT_TITLE not in response.content.decode()
    # Someone from another unit is refused too.
    client.force_login(get_user_model().objects.get(username="edu_editor"))
    response = getattr(client, method)(url)
    assert DRAFT_TITLE not in response.content.decode()


@pytest.mark.leaves_ledger_unverified
def test_a_withheld_page_leaves_every_listing_the_api_and_the_sitemap(client, demo):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    column = page.get_parent()
    section = column.get_parent()
    for where in (column.url, section.url):
        assert page.title in client.get(where).content.decode(), where
    assert "daylily-picking-season" in client.get("/sitemap.xml").content.decode()
    # Switched behind the application's back to a revision nobody reviewed: withheld,
    # and no listing links to it. (Listings compare revisions in SQL; a content edit
    # in place is caught when the page itself is requested, and by verify_ledger.)
    unreviewed = page.save_revision(user=get_user_model().objects.get(username="xiping_editor"))
    ArticlePage.objects.filter(pk=page.pk).update(live_revision=unreviewed)
    assert client.get(page.url).status_code == 503
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    for where in (column.url, section.url):
        assert page.title not in client.get(where).content.decode(), where
    assert "daylily-picking-season" not in client.get("/sitemap.xml").content.decode()


@pytest.mark.leaves_ledger_unverified
def test_a_withheld_column_is_not_named_in_its_articles_breadcrumbs(client, demo):
    from wagtail.models import Page

    from wagtail_review.publication.ledger.verification import verify

    page = ArticlePage.objects.get(slug="daylily-picking-season")
    column = page.get_parent()
    assert column.title in client.get(page.url).content.decode()
    Page.objects.filter(pk=column.pk).update(title="篡改的栏目名")  # behind every guard
    assert not verify().ok
    html = client.get(page.url).content.decode()
    assert page.title in html and "篡改的栏目名" not in html
