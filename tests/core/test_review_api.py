"""The review API on a site nobody here wrote: its own page types (tags, inline children), its own
snippet workflow beside ours, pages that were live before the plugin."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import TaskState

from tests.testapp.models import BlogPage, Notice
from wagtail_review.review_api.tokens import issue
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import fill_review_form, submit

API = "/review-api/v1/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def bearer(user):
    return {"HTTP_AUTHORIZATION": "Bearer " + issue(user, "phone", second_factor=True)[1]}


def test_a_foreign_page_is_signed_through_the_api_alone(existing_site, people, town, client):
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    news = existing_site.news
    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    assert blog.get_parent().pk == news.pk or blog.path.startswith(news.path)
    blog.title = "镇里的新消息"
    fill_review_form(blog, **passing_answers(), contact_person="王晓燕")
    submit(blog, people["editor"])

    for username in ("reviewer", "leader"):
        headers = bearer(people[username])
        items = client.get(API + "awaiting/", **headers).json()["items"]
        assert [item["page_id"] for item in items] == [blog.pk], username
        step = client.get(f"{API}steps/{items[0]['id']}/", **headers).json()
        assert step["can_sign"] and "镇里的新消息" in step["html"]
        response = client.post(
            f"{API}steps/{items[0]['id']}/sign/",
            {"decision": "approve", "answers": passing_answers()},
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 200, response.content

    blog.refresh_from_db()
    assert blog.live and blog.title == "镇里的新消息"
    # The editor cannot sign their own submission, here as anywhere.
    assert client.get(API + "awaiting/", **bearer(people["editor"])).json()["count"] == 0


def test_the_site_s_own_snippet_workflow_is_not_reachable_through_the_review_api(
    existing_site, people, town, moderators_workflow, client
):
    notice = Notice.objects.create(text="停水通知", live=False)
    notice.save_revision(user=people["moderator"])
    moderators_workflow.start(notice, people["moderator"])
    step = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).latest("pk")
    headers = bearer(people["admin"])
    assert client.get(f"{API}steps/{step.pk}/", **headers).status_code == 404
    response = client.post(
        f"{API}steps/{step.pk}/sign/",
        {"decision": "approve", "answers": passing_answers()},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    assert TaskState.objects.get(pk=step.pk).status == TaskState.STATUS_IN_PROGRESS


def test_the_openapi_description_names_what_this_site_serves(existing_site, client):
    document = client.get("/review-api/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert {"/api/v2/pages/", "/ledger/head/", "/review-api/v1/awaiting/"} <= set(document["paths"])
