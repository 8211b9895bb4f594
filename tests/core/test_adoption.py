"""Installing into a running site: adopt its live pages without a blackout, and live beside its own workflows."""

import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import WorkflowState

from wagtail_review.models import LedgerAction, LedgerEntry
from wagtail_review.publication.ledger.verification import verify


def adopt(people, *extra):
    out = io.StringIO()
    call_command("adopt_live_pages", "--user", "admin", "--noinput", *extra, stdout=out)
    return out.getvalue()


def public_status(client, page):
    return client.get(page.url).status_code


def test_before_adoption_unregistered_pages_are_withheld_everywhere(existing_site, people, client):
    for page in existing_site.live_pages():
        assert public_status(client, page) == 503, page
    assert client.get("/api/v2/pages/").json()["meta"]["total_count"] == 0
    assert client.get(f"/api/v2/pages/{existing_site.blog.pk}/").status_code == 404
    assert "spring-farming" not in client.get("/sitemap.xml").content.decode()
    assert client.get("/search/", {"query": "春耕备耕工作有序推进"}).json()["results"] == []


def test_adoption_registers_every_live_page_and_changes_none(existing_site, people, client):
    rows_before = {page.pk: page.specific.serializable_data() for page in existing_site.live_pages()}
    output = adopt(people)
    assert "Registered 5 live page(s)" in output

    for page in existing_site.live_pages():
        assert public_status(client, page) == 200, page
        (entry,) = LedgerEntry.objects.filter(page_id=page.pk)
        assert entry.action == LedgerAction.BASELINE
        assert entry.actor == "admin" and entry.reason
        assert entry.revision_id == page.live_revision_id
        page.refresh_from_db()
        assert page.specific.serializable_data() == rows_before[page.pk]
    assert verify().ok

    # The same rule for listings, search and the sitemap as for the page URLs.
    api = client.get("/api/v2/pages/").json()
    assert api["meta"]["total_count"] == 5
    assert "spring-farming" in client.get("/sitemap.xml").content.decode()
    assert client.get("/search/", {"query": "春耕备耕工作有序推进"}).json()["results"]

    # Tags, inline children and many-to-many are what the public sees, as they were.
    html = client.get(existing_site.blog.url).content.decode()
    assert "春耕" in html and "气象服务" in html and "民生" in html

    # Running it again registers nothing twice.
    again = adopt(people)
    assert "Registered 0 live page(s)" in again and "5 already registered" in again
    assert LedgerEntry.objects.filter(action=LedgerAction.BASELINE).count() == 5


def test_a_dry_run_changes_nothing(existing_site, people):
    assert "Would register 5" in adopt(people, "--dry-run")
    assert not LedgerEntry.objects.filter(page_id__gt=0).exists()


def test_adoption_needs_a_known_person(existing_site, people):
    with pytest.raises(CommandError, match="No user named"):
        call_command("adopt_live_pages", "--user", "nobody", "--noinput", stdout=io.StringIO())
    assert not LedgerEntry.objects.filter(page_id__gt=0).exists()


def test_baselined_pages_are_listed_as_existing_content_not_yet_reviewed(existing_site, people, client):
    adopt(people)
    client.force_login(people["admin"])
    response = client.get("/admin/review/existing-content/")
    assert response.status_code == 200
    html = response.content.decode()
    assert existing_site.blog.title in html and existing_site.policy.title in html


def test_unregistered_pages_may_be_served_and_reported_instead(existing_site, people, client, caplog):
    with override_settings(WAGTAIL_REVIEW_UNREGISTERED_PAGES="serve"), caplog.at_level(logging.WARNING):
        assert public_status(client, existing_site.blog) == 200
        assert "spring-farming" in client.get("/sitemap.xml").content.decode()
        assert client.get("/api/v2/pages/").json()["meta"]["total_count"] == 5
    assert any("never registered" in record.getMessage() for record in caplog.records)


@pytest.mark.leaves_ledger_unverified
def test_a_page_changed_behind_the_applications_back_is_not_adopted(existing_site, people, client):
    adopt(people)
    BlogPageModel = type(existing_site.blog)
    BlogPageModel.objects.filter(pk=existing_site.blog.pk).update(intro="<p>篡改的内容</p>")
    assert public_status(client, existing_site.blog) == 503
    adopt(people)
    assert public_status(client, existing_site.blog) == 503
    assert not verify().ok


def test_foreign_workflows_in_progress_are_reported_and_cancelled(existing_site, people, moderators_workflow):
    state = moderators_workflow.start(existing_site.blog, people["admin"])
    output = adopt(people)
    assert "not a review route" in output and "left in progress" in output
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    adopt(people, "--cancel-foreign-workflows")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED


def test_a_page_live_without_any_revision_is_adopted_too(existing_site, people, client):
    from wagtail.models import Page

    orphan = existing_site.home.add_child(instance=Page(title="无修订页面", slug="no-revision", live=False))
    Page.objects.filter(pk=orphan.pk).update(live=True)
    orphan.refresh_from_db()
    assert orphan.live_revision_id is None
    adopt(people)
    assert public_status(client, orphan) == 200
    assert verify().ok


def test_the_next_change_of_a_baselined_page_takes_a_route(existing_site, people, town, client):
    from tests.core.conftest import release

    adopt(people)
    blog = existing_site.blog
    blog.intro = "<p>更新后的内容</p>"
    blog.save_revision(user=people["editor"])
    assert "更新后的内容" not in client.get(blog.url).content.decode()
    release(blog, people["editor"])
    blog.refresh_from_db()
    assert "更新后的内容" in client.get(blog.url).content.decode()
    assert LedgerEntry.objects.filter(page_id=blog.pk).order_by("-sequence").first().action == "publish"
    assert verify().ok
