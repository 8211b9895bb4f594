"""What the serve check costs a request, and that its shortcuts change nothing it decides.

The check reads the page's ledger entry in the query the page's registration
line needs anyway, and the files a page shows through the page's own foreign
keys, which its template then finds loaded; so a page served with the check
takes the same queries as without it (benchmarks/ measure the time).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from wagtail.models import Page, ReferenceIndex

from portal_site.portal.models import ArticlePage
from wagtail_review.publication.ledger.models import ACCOUNTING_ACTIONS, LedgerEntry
from wagtail_review.publication.media import file_models, shown_files

pytestmark = pytest.mark.usefixtures("demo")

MODES = ("off", "revision", "content")


def article_with_cover_image():
    page = ArticlePage.objects.live().filter(cover_image__isnull=False).order_by("pk").first()
    assert page is not None, "the demo has an article with a cover image"
    return page


def queries_to_get(client, url, mode):
    with override_settings(WAGTAIL_REVIEW_SERVE_CHECK=mode):
        client.get(url)  # warm: the site, the rendition
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    assert response.status_code == 200, (mode, response.status_code)
    return len(queries.captured_queries), response


def test_a_checked_page_takes_no_more_queries_than_an_unchecked_one(client):
    page = article_with_cover_image()
    counts = {mode: queries_to_get(client, page.url, mode)[0] for mode in MODES}
    assert counts["content"] == counts["revision"] == counts["off"], counts


def test_a_checked_api_detail_takes_no_more_queries_than_an_unchecked_one(client):
    page = article_with_cover_image()
    url = f"/api/v2/pages/{page.pk}/"
    counts = {mode: queries_to_get(client, url, mode)[0] for mode in MODES}
    # Fewer, even: the registration and the disclosure reuse the entry the check read.
    assert counts["content"] <= counts["off"], counts


@pytest.mark.parametrize("mode", MODES)
def test_the_page_shows_the_registration_it_is_served_by(client, mode):
    page = article_with_cover_image()
    entry = LedgerEntry.objects.filter(page_id=page.pk, action__in=ACCOUNTING_ACTIONS).latest("sequence")
    first_release = LedgerEntry.objects.filter(page_id=page.pk, action="publish").earliest("sequence")
    _count, response = queries_to_get(client, page.url, mode)
    html = response.content.decode()
    assert f'data-ledger-registration="{entry.sequence}"' in html
    assert entry.entry_hash[:16] in html
    assert first_release.recorded_at.astimezone().strftime("%Y-%m-%d") in html


def test_files_are_found_as_wagtails_reference_index_finds_them():
    """The fingerprint's files must not drift from Wagtail's own index (which the in-place check reads)."""
    kinds = {model._meta.label_lower: model for model in file_models()}
    checked = with_files = 0
    for page in Page.objects.live().specific().iterator():
        expected = {
            (model_path_kind, object_id)
            for content_type_id, object_id, _model_path, _content_path in (
                ReferenceIndex._extract_references_from_object(page)
            )
            for model_path_kind in [_kind(content_type_id, kinds)]
            if model_path_kind is not None
        }
        found = {(item["kind"], item["id"]) for item in shown_files(page)}
        # Wagtail also lists references to files deleted since; the fingerprint lists files that exist.
        existing = {
            (kind, object_id)
            for kind, object_id in expected
            if kinds[kind].objects.filter(pk=object_id).exists()
        }
        assert found == existing, page.title
        checked += 1
        with_files += bool(found)
    assert checked > 20 and with_files > 3, (checked, with_files)


def _kind(content_type_id, kinds):
    from django.contrib.contenttypes.models import ContentType

    label = ContentType.objects.get_for_id(content_type_id).model_class()._meta.label_lower
    return label if label in kinds else None


def test_the_file_a_page_shows_through_its_foreign_key_is_read_once(client):
    page = Page.objects.get(pk=article_with_cover_image().pk).specific
    with CaptureQueriesContext(connection) as queries:
        shown_files(page)
        cover = page.cover_image  # what the template reads next
    image_reads = [q for q in queries.captured_queries if "wagtailimages_image" in q["sql"]]
    assert len(image_reads) == 1, image_reads
    assert {"kind": "wagtailimages.image", "id": str(cover.pk)}.items() <= next(
        item for item in shown_files(page) if item["id"] == str(cover.pk)
    ).items()


def listed_and_served():
    """For every live page: whether listings keep it (one SQL condition) and whether its URL serves it."""
    from wagtail_review.publication.serving import may_serve, registered_pages

    listed = set(registered_pages(Page.objects.live()).values_list("pk", flat=True))
    return {page.pk: (page.pk in listed, may_serve(page)) for page in Page.objects.live().specific()}


@pytest.mark.leaves_ledger_unverified  # a live revision set in SQL
@pytest.mark.parametrize("unregistered", ["withhold", "serve"])
def test_listings_keep_exactly_the_pages_their_urls_serve(release, unregistered):
    """The listings' SQL and ``may_serve`` are two spellings of one rule: they must agree on every page,
    whatever its ledger history — released again, changed behind the application's back, withheld."""
    from wagtail_review.publication.serving import withhold_everywhere

    released_again = ArticlePage.objects.get(slug="daylily-picking-season")
    released_again.title = "黄花采摘季（修订）"
    released_again.save_revision()
    release(released_again, "xiping_editor")  # its first entry no longer accounts for it; its latest does
    rolled_back, withheld, *_ = ArticlePage.objects.live().exclude(pk=released_again.pk).order_by("pk")
    rolled_back.title = "未经审核的新标题"
    rolled_back.save_revision()
    # A live revision set in SQL to one nobody released.
    Page.objects.filter(pk=rolled_back.pk).update(live_revision=rolled_back.latest_revision)
    withhold_everywhere([withheld.pk])

    with override_settings(
        WAGTAIL_REVIEW_SERVE_CHECK="revision", WAGTAIL_REVIEW_UNREGISTERED_PAGES=unregistered
    ):
        answers = listed_and_served()
    assert answers[released_again.pk] == (True, True)
    assert answers[rolled_back.pk] == (False, False)
    assert answers[withheld.pk] == (False, False)
    disagreeing = {pk: answer for pk, answer in answers.items() if answer[0] != answer[1]}
    assert not disagreeing, disagreeing
    assert sum(listed for listed, _served in answers.values()) > 20
