"""The public portal: page tree built by the demo loader, listings, pagination, policy links."""

from datetime import date

import pytest
import swapper
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction, Site

from portal_site.portal.models import (
    PAGE_SIZE,
    ArticlePage,
    ChannelPage,
    ColumnPage,
    HomePage,
    PolicyDocumentPage,
    PolicyInterpretationPage,
    UnitIndexPage,
    UnitSectionPage,
)
from wagtail_review.publication.take_down import take_down

Page = swapper.load_model("wagtailcore", "Page")

UNIT_SLUGS = {
    "district-office",
    "info-center",
    "district-leadership",
    "education-bureau",
    "health-bureau",
    "xiping-town",
    "beijiazao-town",
}
# A fixture article that is the newest of its category, so it must be on the home page.
NEWEST_NEWS_TITLE = "区政府召开冬季供暖保障工作专题会议"

User = get_user_model()


@pytest.fixture
def sections(demo, db):
    return {section.slug: section for section in UnitSectionPage.objects.all()}


def add_article(column, *, title, slug, day, publish=True, category="news", release=None):
    article = ArticlePage(
        title=title,
        slug=slug,
        category=category,
        date=day,
        source="测试单位",
        body=[("paragraph", "<p>测试正文。</p>")],
        live=False,
    )
    column.add_child(instance=article)
    article.save_revision()
    if publish:
        # The district office's editor submits; its reviewer signs (the real route).
        release(article, "office_editor")
    return article


@pytest.fixture
def news_column(sections):
    return ColumnPage.objects.child_of(sections["district-office"]).get(slug="news")


def test_each_unit_section_is_named_by_its_unit_slug(sections):
    assert set(sections) == UNIT_SLUGS
    unit_index = UnitIndexPage.objects.get(slug="units")
    for slug, section in sections.items():
        assert isinstance(section, UnitSectionPage) and section.live
        assert section.slug == slug
        assert section.get_parent().pk == unit_index.pk


def test_default_site_serves_the_new_home_page_and_the_welcome_page_is_gone(sections):
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk
    assert (site.hostname, site.port) == ("localhost", 80)
    assert home.depth == 2 and home.slug == "home"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert set(ChannelPage.objects.child_of(home).values_list("slug", flat=True)) == {
        "news",
        "govinfo",
        "notices",
        "policies",
        "interpretations",
    }


# --- Public pages ------------------------------------------------------------


def test_home_page_renders_fixture_content(sections, client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    head = html.split("<head>", 1)[1].lstrip()
    assert head.startswith('<meta charset="utf-8">'), "charset must be the first thing in <head>"
    assert '<html lang="zh-Hans">' in html
    assert "大同市云州区人民政府" in html
    assert NEWEST_NEWS_TITLE in html
    for section in sections.values():
        assert section.url in html


def test_every_demo_page_renders(sections, client):
    for page in Page.objects.live().filter(depth__gt=1):
        assert client.get(page.url).status_code == 200, page.url_path


def test_draft_article_is_not_listed_and_not_served(news_column, client):
    draft = add_article(
        news_column, title="尚未审核的草稿稿件", slug="draft", day=date(2026, 11, 25), publish=False
    )
    for url in ("/", "/news/", news_column.url, news_column.get_parent().url):
        response = client.get(url)
        assert response.status_code == 200
        assert draft.title not in response.content.decode(), url
    assert client.get(news_column.url + "draft/").status_code == 404


def test_published_article_appears_until_unpublished(news_column, client, release):
    article = add_article(
        news_column, title="新近发布的测试稿件", slug="fresh", day=date(2026, 11, 25), release=release
    )
    assert article.title in client.get("/").content.decode()
    assert article.title in client.get("/news/").content.decode()

    url = article.url
    assert client.get(url).status_code == 200
    take_down(article, User.objects.get(username="webadmin"), "测试撤稿")
    assert article.title not in client.get("/news/").content.decode()
    assert client.get(url).status_code == 404


def test_private_article_is_not_listed(news_column, client, release):
    # Made private while a draft (a live page is taken down first), then released.
    article = add_article(
        news_column, title="仅限内部查看的稿件", slug="internal", day=date(2026, 11, 25), publish=False
    )
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    release(article, "office_editor")
    assert ArticlePage.objects.get(pk=article.pk).live
    assert article.title not in client.get("/").content.decode()
    assert article.title not in client.get("/news/").content.decode()


def test_channel_lists_its_category_site_wide_newest_first(sections, client):
    html = client.get("/policies/").content.decode()
    documents = list(PolicyDocumentPage.objects.live().order_by("-date_published"))
    assert len(documents) >= 4
    positions = [html.index(doc.title) for doc in documents]
    assert positions == sorted(positions)
    # Articles of other categories are not mixed in.
    assert NEWEST_NEWS_TITLE not in html


def test_channel_paginates(news_column, client, release):
    existing = ArticlePage.objects.live().filter(category="news").count()
    for i in range(PAGE_SIZE + 1 - existing):
        add_article(
            news_column,
            title=f"分页测试稿件{i:02d}",
            slug=f"paging-{i}",
            day=date(2026, 1, 1),
            release=release,
        )
    first = client.get("/news/").content.decode()
    second = client.get("/news/?page=2")
    assert second.status_code == 200
    assert first.count('class="pub-list__item"') == PAGE_SIZE
    assert second.content.decode().count('class="pub-list__item"') == 1


def test_bad_page_numbers_do_not_fail(sections, client):
    for value in ("abc", "0", "-1", "999", "1e5", "99999999999999999999999", "%00", ""):
        for url in ("/news/", "/units/district-office/news/"):
            response = client.get(url, {"page": value})
            assert response.status_code in (200, 404), (url, value)
            if response.status_code == 200:  # i.e. page 1
                assert NEWEST_NEWS_TITLE in response.content.decode()


def test_policy_document_and_interpretation_link_each_other(sections, client):
    interpretation = PolicyInterpretationPage.objects.get(slug="daylily-measures-explained")
    document = interpretation.interprets
    assert document.doc_number == "云政发〔2026〕12号"

    assert interpretation.url in client.get(document.url).content.decode()
    assert document.url in client.get(interpretation.url).content.decode()

    take_down(interpretation, User.objects.get(username="webadmin"), "测试撤稿")
    assert interpretation.url not in client.get(document.url).content.decode()


def test_unit_section_lists_its_columns_and_recent_items(sections, client):
    html = client.get(sections["district-office"].url).content.decode()
    for column in ColumnPage.objects.child_of(sections["district-office"]):
        assert column.url in html
    assert NEWEST_NEWS_TITLE in html
    assert "职能职责" in html


def test_columns_only_accept_their_kind_of_publication(sections):
    columns = ColumnPage.objects.child_of(sections["district-office"])
    policies, news = columns.get(slug="policies"), columns.get(slug="news")
    assert PolicyDocumentPage.can_create_at(policies) and not ArticlePage.can_create_at(policies)
    assert ArticlePage.can_create_at(news) and not PolicyDocumentPage.can_create_at(news)
    assert not PolicyInterpretationPage.can_create_at(news)


def test_listings_do_not_query_per_item(news_column, client, django_assert_max_num_queries, release):
    client.get("/")  # warm up: image renditions are generated on first view
    with django_assert_max_num_queries(40) as few:
        client.get("/")
    for i in range(10):
        add_article(
            news_column, title=f"批量稿件{i}", slug=f"bulk-{i}", day=date(2026, 11, 20), release=release
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/news/")


def test_missing_pages_and_server_errors_are_answered_in_chinese_without_debug_detail(sections, client, rf):
    from django.views.defaults import server_error

    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    # The 500 page is rendered with no context and no database: it must stand on its own.
    page = server_error(rf.get("/")).content.decode()
    assert "服务暂时不可用" in page and "Traceback" not in page


def test_a_request_that_fails_gets_the_500_page_without_the_error(demo, db, monkeypatch):
    from django.test import Client

    from portal_site.portal.models import ArticlePage

    article = ArticlePage.objects.live().first()

    def fail(*args, **kwargs):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(ArticlePage, "serve", fail)
    client = Client(raise_request_exception=False)
    response = client.get(article.url)
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务暂时不可用" in body and "secret detail" not in body and "Traceback" not in body
