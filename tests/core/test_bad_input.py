"""Bad input gets a clear answer (400, or nothing found) and changes nothing; never a server error."""

import pytest


@pytest.mark.parametrize(
    "url,params,reason",
    [
        ("/api/v2/pages/", {"search": "春耕\x00"}, "NUL"),
        ("/api/v2/pages/", {"title": "\x00"}, "NUL"),
        ("/api/v2/pages/", {"search": "春耕", "search_operator": "xor"}, "search_operator"),
        ("/api/v2/pages/", {"offset": "99999999999999999999999"}, "offset"),
        ("/api/v2/pages/", {"limit": "99999999999999999999999"}, "limit"),
        ("/api/v2/images/", {"offset": "99999999999999999999999"}, "offset"),
        ("/api/v2/documents/", {"search": "x\x00"}, "NUL"),
    ],
)
def test_bad_api_parameters_are_a_400_with_the_reason(released, client, url, params, reason):
    response = client.get(url, params)
    assert response.status_code == 400
    assert reason in response.json()["message"]


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_searching_pictures_and_files_answers(released, client, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"search": "春耕"})
    assert response.status_code == 200 and response.json()["items"] == []


def test_a_page_search_still_finds_what_is_public(released, client):
    response = client.get("/api/v2/pages/", {"search": released.title, "search_operator": "and"})
    assert [item["title"] for item in response.json()["items"]] == [released.title]


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-13", "abc", "99999999999-01"])
def test_a_month_no_register_can_hold_finds_nothing(released, people, client, month):
    client.force_login(people["admin"])
    response = client.get("/admin/review/ledger/", {"month": month})
    assert response.status_code == 200
    assert released.title not in response.content.decode()


def test_the_month_filter_finds_this_months_entries(released, people, client):
    from django.utils import timezone

    client.force_login(people["admin"])
    month = timezone.localtime().strftime("%Y-%m")
    assert released.title in client.get("/admin/review/ledger/", {"month": month}).content.decode()
