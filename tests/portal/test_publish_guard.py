"""Art. 9: a revision becomes live only if it is the exact revision that completed its route.

Every way Wagtail 8 can publish a page is tried against an unreviewed edit of
a live demo page, as a superuser (``admin``) and as a unit leader
(``xiping_leader``), through the admin views, the admin API, the v3 API and
plain code (with ``skip_permission_checks=True`` where Wagtail offers it).
Each time the live revision, the public page and the set of live pages stay
as they were. A positive control at the end shows the same edit does go live
once it has completed its route, so these tests can fail.
"""

import contextlib
import datetime
import io
import json
from dataclasses import dataclass
from unittest import mock

import pytest
import swapper
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.api.v3.urls import api as v3_api
from wagtail.models import APIToken, Revision
from wagtail.rich_text import RichText

from portal_site import urls as portal_urls
from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import article_form_data
from wagtail_review.models import ReleaseApproval
from wagtail_review.publication.guard import UnreviewedPublication

Page = swapper.load_model("wagtailcore", "Page")
User = get_user_model()

# The project does not mount Wagtail's v3 API. These tests mount it in front
# of the project's own URLs (``@pytest.mark.urls(__name__)``), so the guard is
# shown to hold for a site that does.
urlpatterns = [path("api/v3/", v3_api.urls), path("", include(portal_urls))]

SLUG = "daylily-picking-season"  # a live 西坪镇 article, released through its route by the demo
NEW_TITLE = "西坪镇黄花采摘（未经审核的修改）"
COPY_SLUG = "daylily-unreviewed-copy"
USERS = ["admin", "xiping_leader"]  # a superuser and a unit leader


def user(username):
    return User.objects.get(username=username)


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def live_page_ids():
    return set(Page.objects.live().values_list("pk", flat=True))


def scheduled_revision_ids():
    return set(Revision.objects.filter(approved_go_live_at__isnull=False).values_list("pk", flat=True))


def public_html(page):
    return Client().get(page.url).content.decode()


@dataclass(frozen=True)
class Unreviewed:
    """A live page, what the public saw before, and an unreviewed draft of it."""

    page: ArticlePage
    draft: Revision
    live_revision_id: int
    title: str
    live_pages: set
    page_count: int
    scheduled: set


@pytest.fixture
def unreviewed(demo, client):
    page = ArticlePage.objects.get(slug=SLUG)
    assert page.live and page.live_revision_id and NEW_TITLE not in public_html(page)
    state = dict(
        live_revision_id=page.live_revision_id,
        title=page.title,
        live_pages=live_page_ids(),
        page_count=Page.objects.count(),
        scheduled=scheduled_revision_ids(),
    )
    # The unit's editor saves a change as a draft; nobody reviews it.
    client.force_login(user("xiping_editor"))
    response = client.post(edit_url(page), article_form_data(page, title=NEW_TITLE))
    assert response.status_code == 302
    client.logout()
    page.refresh_from_db()
    draft = page.get_latest_revision()
    assert draft.object_str == NEW_TITLE and draft.pk != page.live_revision_id
    assert not ReleaseApproval.objects.filter(revision=draft).exists()
    return Unreviewed(page=page, draft=draft, **state)


def assert_nothing_went_live(unreviewed):
    page = ArticlePage.objects.get(pk=unreviewed.page.pk)
    assert page.live
    assert page.live_revision_id == unreviewed.live_revision_id
    assert page.title == unreviewed.title
    html = public_html(page)
    assert unreviewed.title in html and NEW_TITLE not in html
    assert live_page_ids() == unreviewed.live_pages, "a new live page appeared"
    assert Page.objects.count() == unreviewed.page_count, "a page was (half-)created"
    assert scheduled_revision_ids() == unreviewed.scheduled, "something was scheduled"


def assert_admin_refused(response):
    # Wagtail's admin turns PermissionDenied (the guard's UnreviewedPublication
    # among them) into a redirect to the dashboard with an error message.
    assert response.status_code == 302, response.status_code
    assert response.url == reverse("wagtailadmin_home")


# --- 1. The edit view's Publish ------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_edit_view_publish_is_refused(unreviewed, client, username):
    page = unreviewed.page
    client.force_login(user(username))
    response = client.post(edit_url(page), article_form_data(page, action="action-publish", title=NEW_TITLE))
    assert_admin_refused(response)
    assert_nothing_went_live(unreviewed)


def test_edit_view_offers_no_publish_button(unreviewed, client):
    client.force_login(user("admin"))
    html = client.get(edit_url(unreviewed.page)).content.decode()
    assert 'name="action-submit"' in html  # the action menu is rendered…
    assert 'name="action-publish"' not in html  # …without Publish, even for a superuser


# --- 2. Bulk publish -------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_bulk_publish_is_refused(unreviewed, client, username):
    url = reverse("wagtail_bulk_action", args=[Page._meta.app_label, Page._meta.model_name, "publish"])
    client.force_login(user(username))
    response = client.post(f"{url}?id={unreviewed.page.pk}", {"include_descendants": "on"})
    # The superuser reaches PublishBulkAction.execute_action and meets the
    # guard; the leader's page is dropped as "no permission" before that.
    assert response.status_code == 302
    if username == "admin":
        assert response.url == reverse("wagtailadmin_home")
    assert_nothing_went_live(unreviewed)


# --- 3. Scheduled publishing -------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_an_unreviewed_revision_cannot_be_scheduled(unreviewed, client, username):
    page = unreviewed.page
    go_live_at = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(user(username))
    response = client.post(
        edit_url(page),
        article_form_data(
            page,
            action="action-publish",
            title=NEW_TITLE,
            go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
        ),
    )
    assert_admin_refused(response)

    # In code: the revision's schedule, and publishing a revision that carries a go-live date.
    draft = Revision.objects.get(pk=unreviewed.draft.pk)
    draft.approved_go_live_at = go_live_at
    with pytest.raises(UnreviewedPublication):
        draft.save(update_fields=["approved_go_live_at"])
    with pytest.raises(UnreviewedPublication):
        draft.save()
    dated = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    dated.go_live_at = go_live_at
    dated_revision = dated.save_revision(user=user("xiping_editor"))
    with pytest.raises(UnreviewedPublication):
        dated_revision.publish(user=user(username), skip_permission_checks=True)

    call_command("publish_scheduled", stdout=io.StringIO())
    assert_nothing_went_live(unreviewed)


def test_publish_scheduled_publishes_nothing_unreviewed(unreviewed):
    # Only a queryset update (which the guard cannot see) can put an
    # unreviewed revision on the schedule; publish_scheduled must still refuse it.
    Revision.objects.filter(pk=unreviewed.draft.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    # The command stops at the guard's refusal (it does not catch exceptions).
    with contextlib.suppress(UnreviewedPublication):
        call_command("publish_scheduled", stdout=io.StringIO())
    Revision.objects.filter(pk=unreviewed.draft.pk).update(approved_go_live_at=None)
    assert_nothing_went_live(unreviewed)


def test_an_approved_go_live_date_is_honoured(demo, release):
    page = ArticlePage.objects.get(slug=SLUG)
    old_live, old_title = page.live_revision_id, page.title
    go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.title = "定时发布：黄花采摘节开幕"
    page.go_live_at = go_live_at
    release(page, "xiping_editor")

    scheduled = Revision.objects.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    assert ReleaseApproval.objects.filter(revision=scheduled).exists()
    assert page.live_revision_id == old_live and old_title in public_html(page)
    call_command("publish_scheduled", stdout=io.StringIO())  # not yet
    page.refresh_from_db()
    assert page.live_revision_id == old_live

    with mock.patch("django.utils.timezone.now", return_value=go_live_at + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live_revision_id == scheduled.pk
    assert page.title == "定时发布：黄花采摘节开幕"
    assert "定时发布：黄花采摘节开幕" in public_html(page)


# --- 4. Copy with keep-live ---------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_copy_keeping_it_live_is_refused_in_code(unreviewed, username):
    page = unreviewed.page
    action = CopyPageAction(
        page=page,
        to=page.get_parent(),
        update_attrs={"title": NEW_TITLE, "slug": COPY_SLUG},
        keep_live=True,
        user=user(username),
    )
    with pytest.raises(UnreviewedPublication):
        action.execute(skip_permission_checks=True)
    assert not Page.objects.filter(slug=COPY_SLUG).exists()
    assert_nothing_went_live(unreviewed)


@pytest.mark.parametrize("username", USERS)
def test_copy_view_with_publish_copies_is_refused(unreviewed, client, username):
    page = unreviewed.page
    client.force_login(user(username))
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": NEW_TITLE,
            "new_slug": COPY_SLUG,
            "new_parent_page": page.get_parent().pk,
            "publish_copies": "on",
        },
    )
    assert_admin_refused(response)
    assert not Page.objects.filter(slug=COPY_SLUG).exists()
    assert_nothing_went_live(unreviewed)


# --- 5. Revert to an old revision and publish ------------------------------------------


@pytest.fixture
def older_draft(unreviewed, client):
    """The unreviewed draft, made an *old* revision by a later draft."""
    client.force_login(user("xiping_editor"))
    client.post(edit_url(unreviewed.page), article_form_data(unreviewed.page, title="第二稿"))
    client.logout()
    assert ArticlePage.objects.get(pk=unreviewed.page.pk).get_latest_revision().object_str == "第二稿"
    return unreviewed.draft


@pytest.mark.parametrize("username", USERS)
def test_revert_view_publish_is_refused(unreviewed, older_draft, client, username):
    page = unreviewed.page
    client.force_login(user(username))
    response = client.post(
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, older_draft.pk]),
        article_form_data(older_draft.as_object(), action="action-publish"),
    )
    assert_admin_refused(response)
    assert_nothing_went_live(unreviewed)


@pytest.mark.parametrize("username", USERS)
def test_revert_and_publish_in_code_is_refused(unreviewed, older_draft, username):
    actor = user(username)
    reverted = older_draft.as_object().save_revision(user=actor, previous_revision=older_draft)
    with pytest.raises(UnreviewedPublication):
        reverted.publish(previous_revision=older_draft)
    with pytest.raises(UnreviewedPublication):
        reverted.publish(user=actor, previous_revision=older_draft, skip_permission_checks=True)
    assert_nothing_went_live(unreviewed)


# --- 6. The admin API and the v3 API ----------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_admin_api_publish_and_copy_are_refused(unreviewed, client, username):
    page = unreviewed.page
    client.force_login(user(username))
    # 403 from the guard (admin) or the permission check; the leader, who
    # cannot edit the page, is not even shown it (404).
    publish = client.post(reverse("wagtailadmin_api:pages:action", args=[page.pk, "publish"]))
    assert publish.status_code in (403, 404), publish.content
    copy = client.post(
        reverse("wagtailadmin_api:pages:action", args=[page.pk, "copy"]),
        data=json.dumps({"slug": COPY_SLUG, "keep_live": True}),
        content_type="application/json",
    )
    assert copy.status_code in (403, 404), copy.content
    assert_nothing_went_live(unreviewed)


def test_no_api_serves_the_unreviewed_draft_to_the_public(unreviewed):
    page, anonymous = unreviewed.page, Client()
    assert anonymous.get(reverse("wagtailadmin_api:pages:detail", args=[page.pk])).status_code in (302, 403)
    public = anonymous.get(f"/api/v2/pages/{page.pk}/")
    assert public.status_code == 200 and public.json()["title"] == unreviewed.title


def bearer(username):
    _, token = APIToken.create_token(user=user(username), name="publish guard test")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("username", USERS)
def test_v3_api_publishing_is_refused(unreviewed, client, username):
    page, auth = unreviewed.page, bearer(username)

    def refused(url_name, body, method="post", **kwargs):
        response = getattr(client, method)(
            reverse(f"wagtailapi_v3:{url_name}", kwargs=kwargs),
            data=json.dumps(body),
            content_type="application/json",
            **auth,
        )
        assert response.status_code == 403, (url_name, response.status_code, response.content)

    refused("pages_actions_publish", {}, page_id=page.pk)
    edit_and_publish = {"meta": {"type": ArticlePage._meta.label, "action": "publish"}, "title": NEW_TITLE}
    refused("update_page", edit_and_publish, "patch", page_id=page.pk)
    refused("pages_actions_copy", {"slug": COPY_SLUG, "keep_live": True}, page_id=page.pk)
    # (Creating a page with "action": "publish" cannot be tried for an
    # ArticlePage: Wagtail 8.0's v3 form for it omits the required fields.)
    assert_nothing_went_live(unreviewed)
    # Nor does the v3 API show the draft to the public.
    detail = Client().get(
        reverse("wagtailapi_v3:detail_page", kwargs={"page_id": page.pk}), {"version": "draft"}
    )
    assert detail.status_code == 200 and detail.json()["title"] == unreviewed.title


# --- 7. Code -------------------------------------------------------------------------------

PUBLISH_IN_CODE = {
    "revision.publish()": lambda revision, actor: revision.publish(),
    "revision.publish(skip_permission_checks)": lambda revision, actor: revision.publish(
        user=actor, skip_permission_checks=True
    ),
    "PublishPageRevisionAction(skip_permission_checks)": lambda revision, actor: PublishPageRevisionAction(
        revision, user=actor
    ).execute(skip_permission_checks=True),
}


@pytest.mark.parametrize("username", USERS)
@pytest.mark.parametrize("how", list(PUBLISH_IN_CODE))
def test_publishing_in_code_is_refused(unreviewed, how, username):
    with pytest.raises(UnreviewedPublication):
        PUBLISH_IN_CODE[how](Revision.objects.get(pk=unreviewed.draft.pk), user(username))
    assert_nothing_went_live(unreviewed)


def new_article(slug, live):
    return ArticlePage(
        title=NEW_TITLE,
        slug=slug,
        date=datetime.date(2026, 11, 25),
        source="西坪镇人民政府",
        body=[("paragraph", RichText("<p>正文内容。</p>"))],
        live=live,
    )


def test_making_a_draft_page_live_by_saving_it_is_refused(unreviewed):
    parent = unreviewed.page.get_parent()
    page = parent.add_child(instance=new_article("never-published", live=False))
    page.live = True
    with pytest.raises(UnreviewedPublication):
        page.save()
    page.live_revision = page.save_revision(user=user("admin"))
    with pytest.raises(UnreviewedPublication):
        page.save()
    page.refresh_from_db()
    assert not page.live and page.live_revision_id is None
    assert live_page_ids() == unreviewed.live_pages


def test_saving_new_content_into_a_live_page_is_refused(unreviewed):
    # No revision is published here, but what the public sees would change
    # without review: Wagtail serves the page row, not the live revision.
    page = unreviewed.draft.as_object()
    with pytest.raises(UnreviewedPublication):
        page.save()
    with pytest.raises(UnreviewedPublication):
        page.save(update_fields=["title"])
    assert_nothing_went_live(unreviewed)


# --- 8. A page created live -----------------------------------------------------------------


def test_a_page_created_live_is_refused(unreviewed):
    parent = unreviewed.page.get_parent()
    with pytest.raises(UnreviewedPublication):
        parent.add_child(instance=new_article("born-live", live=True))
    # Nor may it borrow another page's approved revision as its "live revision".
    borrowed = new_article("born-live", live=True)
    borrowed.live_revision_id = unreviewed.live_revision_id
    with pytest.raises(UnreviewedPublication):
        parent.add_child(instance=borrowed)
    assert not Page.objects.filter(slug="born-live").exists()
    assert_nothing_went_live(unreviewed)


# --- Positive control -----------------------------------------------------------------------


def test_the_same_edit_goes_live_through_its_route(unreviewed, release):
    page = ArticlePage.objects.get(pk=unreviewed.page.pk)
    page.title = NEW_TITLE
    release(page, "xiping_editor")
    assert page.live and page.live_revision_id != unreviewed.live_revision_id
    assert ReleaseApproval.objects.filter(revision_id=page.live_revision_id).exists()
    assert page.title == NEW_TITLE and NEW_TITLE in public_html(page)
