"""The portal's public face reads the plugin's data: site search over registered pages only, and the
政府信息公开 catalogue per unit with its filters; bad filters get a message, never a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from portal_site.portal.models import ArticlePage, PolicyDocumentPage
from wagtail_review.models import IndexNumber, Unit
from wagtail_review.publication.take_down import take_down


@pytest.fixture
def public(demo, db):
    return Client()


def test_search_finds_released_pages_and_never_a_withheld_or_taken_down_one(public, demo, db):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    response = public.get("/search/", {"q": "黄花"})
    assert response.status_code == 200
    assert article.title in response.content.decode()

    take_down(article, get_user_model().objects.get(username="webadmin"), "数据有误")
    after = public.get("/search/", {"q": "黄花"}).content.decode()
    assert article.title not in after
    nothing = public.get("/search/", {"q": "采摘旺季"}).content.decode()
    assert "没有找到相关信息" in nothing


def test_the_api_finds_what_the_site_search_finds(public):
    """Chinese is written without spaces: the API searches through the same substring backend as the site."""
    for query in ("黄花", "采摘"):
        site = public.get("/search/", {"q": query}).content.decode()
        response = public.get("/api/v2/pages/", {"search": query, "limit": 20})
        assert response.status_code == 200, response.content
        titles = [item["title"] for item in response.json()["items"]]
        assert titles, query
        assert all(title in site for title in titles), (query, titles)
        shown_on_site = ArticlePage.objects.live().filter(title__contains=query)
        assert {page.title for page in shown_on_site} <= set(titles), query


def test_a_bad_search_backend_setting_is_named_by_check(settings, db):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.WAGTAIL_REVIEW_PUBLIC_SEARCH_BACKEND = "elastic"
    with pytest.raises(SystemCheckError, match="PUBLIC_SEARCH_BACKEND"):
        call_command("check")


@pytest.mark.leaves_ledger_unverified
def test_search_withholds_a_page_changed_behind_the_ledger_s_back(public, demo, db):
    article = ArticlePage.objects.live().first()
    ArticlePage.objects.filter(pk=article.pk).update(live_revision=None)  # as a stray SQL edit would
    response = public.get("/search/", {"q": article.title[:4]})
    assert response.status_code == 200 and article.title not in response.content.decode()


@pytest.mark.parametrize(
    "query", ["", "   ", "a" * 5000, "\x00黄花", "<script>alert(1)</script>", "'\" OR 1=1 --", "AND OR NOT"]
)
def test_search_takes_any_input_without_failing(public, query):
    response = public.get("/search/", {"q": query, "page": "9999999999999999999999"})
    assert response.status_code in (200, 404)
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_catalogue_lists_each_unit_with_its_information(public):
    index = public.get("/xxgk/").content.decode()
    office = Unit.objects.get(slug="district-office")
    assert office.name in index and "/xxgk/district-office/" in index

    response = public.get("/xxgk/district-office/")
    assert response.status_code == 200
    body = response.content.decode()
    document = PolicyDocumentPage.objects.live().filter(doc_number__startswith="云政发").first()
    assert document.title in body and document.doc_number in body
    assert IndexNumber.objects.get(page_id=document.pk).number in body


def test_the_catalogue_filters_by_document_number_year_and_column(public):
    document = PolicyDocumentPage.objects.live().filter(doc_number__startswith="云政发").first()
    by_number = public.get("/xxgk/district-office/", {"doc_number": document.doc_number}).content.decode()
    assert document.title in by_number and "（1 条）" in by_number

    year = document.first_published_at.year
    assert document.title in public.get("/xxgk/district-office/", {"year": year}).content.decode()
    assert document.title not in public.get("/xxgk/district-office/", {"year": year - 1}).content.decode()

    column = document.get_parent()
    in_column = public.get("/xxgk/district-office/", {"column": column.pk}).content.decode()
    assert document.title in in_column
    other = ArticlePage.objects.live().exclude(path__startswith=column.path).first()
    assert other.title not in in_column


@pytest.mark.parametrize(
    "params,message",
    [
        ({"year": "20x6"}, "年份须为"),
        ({"year": "1900"}, "年份须为"),
        ({"year": "²⁰²⁶"}, "年份须为"),
        ({"column": "abc"}, "所选栏目不属于本单位"),
        ({"column": "1"}, "所选栏目不属于本单位"),
    ],
)
def test_bad_catalogue_filters_get_a_message(public, params, message):
    response = public.get("/xxgk/district-office/", params)
    assert response.status_code == 400 and message in response.content.decode()


def test_a_unit_that_does_not_exist_or_publishes_nothing_is_not_found(public):
    assert public.get("/xxgk/no-such-unit/").status_code == 404
    assert "页面不存在" in public.get("/xxgk/no-such-unit/").content.decode()
