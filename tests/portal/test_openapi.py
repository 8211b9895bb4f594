"""The OpenAPI 3.1 description the site serves, checked against real responses of every endpoint it names."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from jsonschema import Draft202012Validator

from portal_site.portal.models import ArticlePage
from wagtail_review.review_api.tokens import issue
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import fill_review_form, submit

User = get_user_model()


@pytest.fixture(scope="module")
def document(demo, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def conforms(document, path, method, response):
    """Assert ``response`` is one the description allows for ``method`` on ``path``, and its body fits."""
    described = document["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in described, f"{method.upper()} {path} answered {status}, not described"
    content = described[status].get("content")
    if content is None:
        return
    schema = {**content["application/json"]["schema"], "components": document["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(response.json()), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_the_description_is_openapi_3_1_with_valid_schemas(document):
    assert document["openapi"] == "3.1.0"
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    # The references resolve, and a body of the wrong shape is refused.
    step = Draft202012Validator({"$ref": "#/components/schemas/Step", "components": document["components"]})
    assert not step.is_valid({"id": 1, "can_sign": "yes"})
    for path, operations in document["paths"].items():
        assert path.startswith("/"), path
        for operation in operations.values():
            assert operation["responses"], path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    assert "{" + parameter["name"] + "}" in path


def test_content_api_responses_fit_the_description(document, client, db):
    listing = "/api/v2/pages/"
    conforms(document, listing, "get", client.get(listing, {"fields": "registration,disclosure"}))
    conforms(document, listing, "get", client.get(listing, {"released_after": "yesterday"}))
    page = ArticlePage.objects.live().first()
    detail = client.get(f"/api/v2/pages/{page.pk}/")
    assert detail.json()["meta"]["disclosure"]["index_number"]
    conforms(document, listing + "{id}/", "get", detail)
    conforms(document, listing + "{id}/", "get", client.get("/api/v2/pages/999999/"))
    conforms(
        document,
        listing + "{id}/",
        "get",
        client.get(f"/api/v2/pages/{page.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"]),
    )


@pytest.mark.parametrize("model_name", ["ArticlePage", "PolicyDocumentPage", "PolicyInterpretationPage"])
def test_each_page_types_fields_are_described_and_fit_real_responses(document, client, db, model_name):
    from portal_site.portal import models

    model = getattr(models, model_name)
    schema = document["components"]["schemas"][f"Page_portal_{model_name}"]
    assert {field.name for field in model.api_fields} <= set(schema["properties"])
    page = model.objects.live().first()
    detail = client.get(f"/api/v2/pages/{page.pk}/")
    conforms(document, "/api/v2/pages/{id}/", "get", detail)
    # The type's own schema, on its own, holds the real page…
    typed = Draft202012Validator({**schema, "components": document["components"]})
    assert not list(typed.iter_errors(detail.json()))
    # …and refuses a page of that type whose fields have the wrong shape.
    broken = {**detail.json(), "body": "a string, not blocks"}
    detail_schema = document["paths"]["/api/v2/pages/{id}/"]["get"]["responses"]["200"]["content"]
    whole = Draft202012Validator(
        {**detail_schema["application/json"]["schema"], "components": document["components"]}
    )
    assert not whole.is_valid(broken)


def test_ledger_responses_fit_the_description(document, client, db):
    conforms(document, "/ledger/head/", "get", client.get("/ledger/head/"))
    conforms(document, "/ledger/entries/", "get", client.get("/ledger/entries/", {"limit": 5}))
    conforms(document, "/ledger/entries/", "get", client.get("/ledger/entries/", {"limit": "many"}))
    conforms(
        document, "/ledger/entries/{sequence}/", "get", client.get("/ledger/entries/3/", {"tree_size": 7})
    )
    conforms(document, "/ledger/consistency/", "get", client.get("/ledger/consistency/", {"first": 4}))
    conforms(document, "/ledger/consistency/", "get", client.get("/ledger/consistency/"))


def test_review_api_responses_fit_the_description(document, client, db):
    cache.clear()
    from wagtail_review.accounts.second_factor import issue_recovery_codes

    base = "/review-api/v1/"
    codes = issue_recovery_codes(User.objects.get(username="xiping_reviewer"))
    signed_in = client.post(
        base + "tokens/",
        {"username": "xiping_reviewer", "password": "Yunzhou@2026", "code": codes[0]},
        content_type="application/json",
    )
    conforms(document, base + "tokens/", "post", signed_in)
    conforms(
        document,
        base + "tokens/",
        "post",
        client.post(base + "tokens/", {"username": "x"}, content_type="application/json"),
    )
    reviewer = {"HTTP_AUTHORIZATION": "Bearer " + signed_in.json()["token"]}
    editor = {
        "HTTP_AUTHORIZATION": "Bearer "
        + issue(User.objects.get(username="xiping_editor"), "", second_factor=True)[1]
    }

    article = ArticlePage.objects.get(slug="daylily-picking-season")
    article.title = "黄花采摘季（修订）"
    fill_review_form(article, **passing_answers())
    submit(article, User.objects.get(username="xiping_editor"))

    conforms(document, base + "awaiting/", "get", client.get(base + "awaiting/"))
    awaiting = client.get(base + "awaiting/", **reviewer)
    conforms(document, base + "awaiting/", "get", awaiting)
    step_id = awaiting.json()["items"][0]["id"]
    conforms(document, base + "steps/{id}/", "get", client.get(f"{base}steps/{step_id}/", **reviewer))
    conforms(document, base + "steps/{id}/", "get", client.get(f"{base}steps/999999/", **reviewer))

    sign_path = base + "steps/{id}/sign/"
    body = {"decision": "approve", "answers": passing_answers()}
    conforms(
        document,
        sign_path,
        "post",
        client.post(f"{base}steps/{step_id}/sign/", body, content_type="application/json", **editor),
    )
    conforms(
        document,
        sign_path,
        "post",
        client.post(
            f"{base}steps/{step_id}/sign/", {"decision": 1}, content_type="application/json", **reviewer
        ),
    )
    conforms(
        document,
        sign_path,
        "post",
        client.post(f"{base}steps/{step_id}/sign/", body, content_type="application/json", **reviewer),
    )

    take_down = base + "pages/{id}/take-down/"
    conforms(
        document,
        take_down,
        "post",
        client.post(
            f"{base}pages/{article.pk}/take-down/", {"reason": "x"}, content_type="application/json", **editor
        ),
    )
    taken_down = client.post(
        f"{base}pages/{article.pk}/take-down/",
        {"reason": "数据有误", "code": codes[1]},
        content_type="application/json",
        **reviewer,
    )
    assert taken_down.status_code == 200
    conforms(document, take_down, "post", taken_down)
    conforms(
        document, base + "tokens/current/", "delete", client.delete(base + "tokens/current/", **reviewer)
    )
    conforms(
        document, base + "tokens/current/", "delete", client.delete(base + "tokens/current/", **reviewer)
    )
