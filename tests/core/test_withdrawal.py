"""Leaving the public site (Art. 13, 16): only by a take-down with its reason or the scheduled expiry,
always registered with who and why, and final for the approval that released it."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from tests.core.conftest import release
from tests.testapp.models import BlogPage
from wagtail_review.exceptions import UnreviewedPublication
from wagtail_review.models import LedgerAction, LedgerEntry
from wagtail_review.publication.ledger.verification import verify
from wagtail_review.publication.take_down import take_down


def latest(page):
    return LedgerEntry.objects.filter(page_id=page.pk).latest("sequence")


def test_a_release_names_who_completed_its_route(released):
    entry = latest(released)
    assert entry.action == LedgerAction.PUBLISH and entry.actor == "leader"


# --- A take-down is final for its approval ------------------------------------------------------


@pytest.mark.parametrize("as_user", ["admin", "reviewer"])
@pytest.mark.parametrize("path", ["bulk publish", "revision.publish", "older approved revision"])
def test_a_taken_down_page_does_not_come_back_without_a_new_route(released, people, client, path, as_user):
    first = released.live_revision
    release(BlogPage.objects.get(pk=released.pk), people["editor"], note="第二版")
    page = BlogPage.objects.get(pk=released.pk)
    take_down(page, people["reviewer"], "数据有误")
    entries = LedgerEntry.objects.count()
    if path == "bulk publish":
        client.force_login(people[as_user])
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        client.post(f"{url}?id={page.pk}", {"include_descendants": ""})
    else:
        revision = page.get_latest_revision() if path == "revision.publish" else first
        with pytest.raises(UnreviewedPublication):
            revision.publish(user=people[as_user], skip_permission_checks=True)
    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 404
    assert LedgerEntry.objects.count() == entries
    assert verify().ok


def test_after_a_take_down_a_new_complete_route_releases_it_again(released, people, client):
    take_down(released, people["reviewer"], "数据有误")
    page = BlogPage.objects.get(pk=released.pk)
    page.intro = "<p>更正后的内容</p>"
    release(page, people["editor"])
    assert "更正后的内容" in client.get(page.url).content.decode()
    assert latest(page).action == LedgerAction.PUBLISH


def test_a_submission_under_way_does_not_bring_taken_down_information_back(released, people, client):
    from wagtail_review.review_form.checklist import passing_answers
    from wagtail_review.routing.services import fill_review_form, sign, submit

    page = BlogPage.objects.get(pk=released.pk)
    page.intro = "<p>审核中的新版本</p>"
    fill_review_form(page, **passing_answers(), contact_person="王晓燕")
    state = submit(page, people["editor"])
    sign(state.current_task_state.specific, people["reviewer"], answers=passing_answers())
    take_down(BlogPage.objects.get(pk=released.pk), people["admin"], "内容需要重新核实")
    state.refresh_from_db()
    assert state.status == state.STATUS_CANCELLED
    assert client.get(released.url).status_code == 404


def test_a_take_down_takes_the_aliases_down_too(released, people, client, existing_site):
    alias = released.create_alias(parent=existing_site.news, update_slug="alias-of-blog")
    take_down(BlogPage.objects.get(pk=released.pk), people["reviewer"], "数据有误")
    alias.refresh_from_db()
    assert not alias.live and client.get(alias.url).status_code == 404
    entry = latest(alias)
    assert (entry.action, entry.actor, entry.reason) == (LedgerAction.TAKE_DOWN, "reviewer", "数据有误")


# --- Nothing leaves the public site without who and why ------------------------------------------


@pytest.mark.parametrize("as_user", ["admin", "reviewer"])
def test_unpublishing_without_a_reason_is_refused_on_every_path(released, people, client, as_user):
    # Refused by the review regime, or for an ordinary role already by Wagtail's own permissions.
    with pytest.raises(PermissionDenied):
        released.unpublish(user=people[as_user])
    with pytest.raises(UnreviewedPublication):
        Page.objects.get(pk=released.pk).unpublish()
    client.force_login(people[as_user])
    client.post(reverse("wagtailadmin_api:pages:action", args=[released.pk, "unpublish"]))
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])
    client.post(f"{url}?id={released.pk}", {"include_descendants": ""})
    released.refresh_from_db()
    assert released.live and client.get(released.url).status_code == 200
    assert latest(released).action == LedgerAction.PUBLISH


@pytest.mark.parametrize("as_user", ["admin", "reviewer"])
def test_a_live_page_cannot_be_deleted_before_it_is_taken_down(released, people, client, as_user):
    # Each attempt in a savepoint: deletion runs in an atomic block without one, as in a request.
    with pytest.raises(UnreviewedPublication), transaction.atomic():
        Page.objects.get(pk=released.pk).delete()
    client.force_login(people[as_user])
    with transaction.atomic():
        client.post(reverse("wagtailadmin_pages:delete", args=[released.pk]))
    assert Page.objects.filter(pk=released.pk, live=True).exists()
    # Taken down, it may go.
    take_down(released, people["reviewer"], "栏目调整")
    Page.objects.get(pk=released.pk).delete()
    assert not Page.objects.filter(pk=released.pk).exists()


def test_the_take_down_entry_names_who_and_why(released, people):
    take_down(released, people["reviewer"], "涉及个人信息")
    entry = latest(released)
    assert (entry.action, entry.actor, entry.reason) == (LedgerAction.TAKE_DOWN, "reviewer", "涉及个人信息")


# --- Schedules: expiry and withdrawing a go-live -------------------------------------------------


def release_scheduled(page, people, **schedule):
    for name, value in schedule.items():
        setattr(page, name, value)
    release(page, people["editor"])
    return BlogPage.objects.get(pk=page.pk)


def test_an_expiry_is_registered_with_who_approved_it_and_is_final(released, people, client):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    page = release_scheduled(BlogPage.objects.get(pk=released.pk), people, expire_at=soon)
    approved_revision = page.live_revision
    later = timezone.now() + datetime.timedelta(minutes=10)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired
    entry = latest(page)
    assert entry.action == LedgerAction.EXPIRE and entry.actor == "leader" and entry.reason
    with pytest.raises(UnreviewedPublication):
        approved_revision.publish(user=people["admin"], skip_permission_checks=True)
    assert verify().ok


def test_an_approved_scheduled_go_live_can_be_withdrawn_with_a_reason(existing_site, people, town, client):
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    draft = existing_site.news.add_child(
        instance=BlogPage(title="定时发布的稿件", slug="scheduled", live=False)
    )
    go_live = timezone.now() + datetime.timedelta(hours=1)
    page = release_scheduled(draft, people, go_live_at=go_live)
    assert not page.live and page.revisions.filter(approved_go_live_at__isnull=False).exists()

    take_down(page, people["reviewer"], "发布时机不当")
    entry = latest(page)
    assert (entry.action, entry.actor, entry.reason) == (LedgerAction.WITHDRAW, "reviewer", "发布时机不当")
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    page.refresh_from_db()
    assert not page.live
    assert client.get("/news/scheduled/").status_code == 404
    assert verify().ok


def test_one_refused_scheduled_change_does_not_hold_back_the_others(existing_site, people, town):
    """A go-live whose approval was voided is reported and skipped; the other scheduled changes happen."""
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    go_live = timezone.now() + datetime.timedelta(hours=1)
    pages = []
    for n in range(2):
        draft = existing_site.news.add_child(
            instance=BlogPage(title=f"定时{n}", slug=f"timed-{n}", live=False)
        )
        pages.append(release_scheduled(draft, people, go_live_at=go_live))
    # Void the first one's approval behind the command's back: a withdrawal registered after it.
    from wagtail_review.publication.ledger.records import record_withdrawal

    record_withdrawal(pages[0], pages[0].get_latest_revision(), people["reviewer"], "撤回")
    from unittest import mock

    errors = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)
    assert "1 scheduled change(s) refused" in errors.getvalue()
    live = {page.slug: BlogPage.objects.get(pk=page.pk).live for page in pages}
    assert live == {"timed-0": False, "timed-1": True}
    assert (
        not BlogPage.objects.get(pk=pages[0].pk).revisions.filter(approved_go_live_at__isnull=False).exists()
    )


def test_verification_reports_information_that_left_without_a_word_in_the_register(released, people):
    assert verify().ok
    Page.objects.filter(pk=released.pk).update(live=False)  # raw, behind every guard
    result = verify()
    assert [problem.page_id for problem in result.problems] == [released.pk]
    assert released.title in result.problems[0].message
    # Put back as the register says, then taken down properly: the register now says why it is gone.
    Page.objects.filter(pk=released.pk).update(live=True)
    take_down(BlogPage.objects.get(pk=released.pk), people["reviewer"], "撤下核实")
    assert verify().ok
