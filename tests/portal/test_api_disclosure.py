"""The pages API as a government information catalogue: disclosure metadata, catalogue filters, revalidation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from portal_site.portal.models import ArticlePage, PolicyDocumentPage, PolicyInterpretationPage
from wagtail_review.exports import register_time_zone
from wagtail_review.models import IndexNumber, LedgerEntry, SectionOwnership, Unit
from wagtail_review.publication.take_down import take_down

API = "/api/v2/pages/"


def first_release(page):
    return LedgerEntry.objects.filter(page_id=page.pk, action="publish").order_by("sequence").first()


def test_a_policy_document_carries_its_catalogue_metadata(demo, client):
    document = PolicyDocumentPage.objects.get(slug="daylily-industry-measures")
    interpretation = PolicyInterpretationPage.objects.get(slug="daylily-measures-explained")

    meta = client.get(f"{API}{document.pk}/").json()["meta"]["disclosure"]

    assert meta["index_number"] == IndexNumber.objects.get(page_id=document.pk).number
    assert meta["issuing_unit"] == {"name": "区政府办公室", "slug": "district-office"}
    assert meta["released_at"] == first_release(document).recorded_at.isoformat()
    assert meta["column"] == {"id": document.get_parent().pk, "title": document.get_parent().title}
    assert meta["document"]["doc_number"] == document.doc_number
    assert meta["document"]["issuing_authority"] == document.issuing_authority
    assert meta["document"]["date_written"] == document.date_written.isoformat()
    assert meta["interpretations"] == [interpretation.pk] and meta["interprets"] is None

    interpretation_meta = client.get(f"{API}{interpretation.pk}/").json()["meta"]["disclosure"]
    assert interpretation_meta["interprets"] == document.pk and interpretation_meta["document"] is None


def test_listings_filter_by_unit_document_number_and_release_date(demo, client):
    section = SectionOwnership.objects.get(unit__slug="xiping-town").page
    listed = client.get(API, {"unit": "xiping-town", "limit": 20}).json()
    ids = {item["id"] for item in listed["items"]}
    assert ids and listed["meta"]["total_count"] == len(ids)
    expected = set(section.get_descendants(inclusive=True).live().values_list("pk", flat=True))
    assert ids <= expected and len(ids) == min(len(expected), 20)

    document = PolicyDocumentPage.objects.get(slug="daylily-industry-measures")
    by_number = client.get(API, {"doc_number": document.doc_number}).json()["items"]
    assert [item["id"] for item in by_number] == [document.pk]

    released_on = timezone.localtime(first_release(document).recorded_at, register_time_zone()).date()
    day_before = released_on - datetime.timedelta(days=1)
    assert client.get(API, {"released_before": day_before.isoformat()}).json()["meta"]["total_count"] == 0
    same_day = client.get(
        API, {"released_after": released_on.isoformat(), "doc_number": document.doc_number}
    ).json()
    assert [item["id"] for item in same_day["items"]] == [document.pk]


@pytest.mark.parametrize(
    "params, reason",
    [
        ({"unit": "no-such-unit"}, "no unit"),
        ({"released_after": "2026-13-01"}, "YYYY-MM-DD"),
        ({"released_before": "昨天"}, "YYYY-MM-DD"),
    ],
)
def test_bad_filters_get_a_400_with_the_reason(demo, client, params, reason):
    response = client.get(API, params)
    assert response.status_code == 400
    assert reason in response.json()["message"]


def test_clients_revalidate_cheaply_and_a_take_down_changes_the_answer(demo, client):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    url = f"{API}{article.pk}/"
    first = client.get(url)
    etag = first["ETag"]
    assert etag and first["Last-Modified"] and first["Cache-Control"] == "no-cache"
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    listing = client.get(API)
    assert client.get(API, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304

    take_down(article, get_user_model().objects.get(username="webadmin"), "信息有误，撤下核实。")

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 404
    fresh = client.get(API, HTTP_IF_NONE_MATCH=listing["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != listing["ETag"]
    assert article.pk not in {item["id"] for item in fresh.json()["items"]}


def test_a_units_new_name_is_not_served_from_a_stale_copy(demo, client):
    document = PolicyDocumentPage.objects.get(slug="daylily-industry-measures")
    url = f"{API}{document.pk}/"
    etag = client.get(url)["ETag"]
    unit = Unit.objects.get(slug="district-office")
    unit.name = "云州区人民政府办公室"
    unit.save()
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh.json()["meta"]["disclosure"]["issuing_unit"]["name"] == "云州区人民政府办公室"


def all_ids_by_offset(client):
    ids, offset = [], 0
    while items := client.get(API, {"limit": 20, "offset": offset, "order": "id"}).json()["items"]:
        ids += [item["id"] for item in items]
        offset += 20
    return ids


def test_a_cursor_walks_every_page_once_even_when_one_leaves_between_requests(demo, db, client):
    article = ArticlePage.objects.live().order_by("pk").first()
    start = article.pk - 1
    expected = [pk for pk in all_ids_by_offset(client) if pk > start]
    assert len(expected) > 10

    first = client.get(API, {"after_id": start, "limit": 5}).json()
    seen = [item["id"] for item in first["items"]]
    assert seen == expected[:5]
    # A page already received leaves the site before the next request: an offset would now skip
    # a page; the cursor does not.
    take_down(article, get_user_model().objects.get(username="webadmin"), "数据有误")
    url = first["meta"]["next"]
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["items"]]
        url = body["meta"]["next"]
    assert seen == expected


def test_the_cursor_works_when_the_items_leave_out_their_id(demo, client):
    body = client.get(API, {"after_id": 0, "limit": 2, "fields": "-id"}).json()
    assert len(body["items"]) == 2 and "id" not in body["items"][0]
    following = client.get(body["meta"]["next"]).json()
    assert following["items"] and following["meta"]["total_count"] == body["meta"]["total_count"] - 2


@pytest.mark.parametrize(
    "params",
    [
        {"after_id": "x"},
        {"after_id": "-1"},
        {"after_id": str(2**40)},
        {"after_id": "3", "order": "title"},
        {"after_id": "3", "offset": "5"},
    ],
)
def test_a_bad_cursor_is_a_400_with_the_reason(demo, client, params):
    response = client.get(API, params)
    assert response.status_code == 400 and "after_id" in response.json()["message"]
