"""索引号: given at a page's first release, unique, never changed or reused (the government information catalogue)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal_site.portal.models import ArticlePage
from wagtail_review.models import IndexNumber, LedgerEntry, Unit
from wagtail_review.organisation.sections import unit_for_page
from wagtail_review.publication.take_down import take_down

NUMBER = re.compile(r"^[0-9A-Z-]+/\d{4}-\d{5}$")


def webadmin():
    return get_user_model().objects.get(username="webadmin")


def number_of(page):
    return IndexNumber.objects.get(page_id=page.pk).number


def test_every_released_demo_page_has_a_unique_number_of_its_units_code(demo):
    released = set(LedgerEntry.objects.filter(action="publish").values_list("page_id", flat=True))
    numbers = dict(IndexNumber.objects.values_list("page_id", "number"))
    assert set(numbers) == released
    assert len(set(numbers.values())) == len(numbers)
    assert all(NUMBER.match(number) for number in numbers.values())
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    year = timezone.localdate().year
    assert number_of(article).startswith(f"{unit_for_page(article).organisation_code}/{year}-")


def test_serials_count_up_per_code_and_year(demo):
    unit = Unit.objects.get(slug="xiping-town")
    serials = sorted(
        IndexNumber.objects.filter(prefix=unit.organisation_code).values_list("serial", flat=True)
    )
    assert serials == list(range(1, len(serials) + 1))


def test_a_number_survives_edits_take_down_re_release_and_a_new_code(demo, release):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    first = number_of(article)
    unit = unit_for_page(article)
    unit.organisation_code = "99999999999999999X"
    unit.save()

    article.title = "黄花采摘季（修订）"
    article.save_revision()
    release(article, "xiping_editor")
    assert number_of(article) == first

    take_down(article, webadmin(), "信息需要核实，先行撤下。")
    article.refresh_from_db()
    assert not article.live
    article.save_revision()
    release(article, "xiping_editor")
    assert article.live and number_of(article) == first


def test_a_new_page_gets_the_next_number_and_a_deleted_pages_number_is_not_reused(demo, release):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    prefix = unit_for_page(article).organisation_code
    year = timezone.localdate().year
    last = max(IndexNumber.objects.filter(prefix=prefix, year=year).values_list("serial", flat=True))

    new = article.get_parent().add_child(
        instance=ArticlePage(
            title="西坪镇召开冬季安全生产部署会",
            slug="winter-safety",
            date=timezone.localdate(),
            source="西坪镇党政办",
            body=[("paragraph", "<p>会议部署了冬季安全生产工作。</p>")],
            live=False,
        )
    )
    new.save_revision()
    release(new, "xiping_editor")
    assert number_of(new) == f"{prefix}/{year}-{last + 1:05d}"

    kept = number_of(new)
    take_down(new, webadmin(), "重复发布，撤下。")
    ArticlePage.objects.get(pk=new.pk).delete()
    assert IndexNumber.objects.get(page_id=new.pk).number == kept
    with pytest.raises(IntegrityError), transaction.atomic():
        IndexNumber.objects.create(
            page_id=new.pk + 100000, number=kept, prefix="X", year=year, serial=1, ledger_sequence=1
        )


def test_the_page_and_the_api_show_the_number_and_registration(demo, client):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    entry = LedgerEntry.objects.filter(page_id=article.pk, action="publish").latest("sequence")
    html = client.get(article.url).content.decode()
    assert f"<span data-index-number>{number_of(article)}</span>" in html

    detail = client.get(f"/api/v2/pages/{article.pk}/").json()
    registration = detail["meta"]["registration"]
    assert registration["index_number"] == number_of(article)
    assert (registration["sequence"], registration["entry_hash"]) == (entry.sequence, entry.entry_hash)
    assert registration["proof_url"].endswith(f"/ledger/entries/{entry.sequence}/")

    listing = client.get(
        "/api/v2/pages/", {"type": "portal.ArticlePage", "fields": "registration", "limit": 20}
    )
    assert all(item["meta"]["registration"]["index_number"] for item in listing.json()["items"])
