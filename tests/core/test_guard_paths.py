"""The guard against what an attacker with code or admin access tried on the test site.

Each case asserts what the public sees afterwards (the page, the API, the
sitemap) and what the ledger says, not only that an exception was raised.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page

from tests.core.conftest import make_live_before_install, release
from tests.testapp.models import BlogPage, BlogPageLink
from wagtail_review.exceptions import UnreviewedPublication
from wagtail_review.models import LedgerEntry
from wagtail_review.publication.ledger.verification import verify

EVIL = "未经审核的内容"


def public_sees(client, page, text):
    response = client.get(page.url)
    api = client.get("/api/v2/pages/", {"type": "testapp.BlogPage", "fields": "title"}).content.decode()
    return response.status_code == 200 and text in response.content.decode() or text in api


def assert_public_unchanged(client, page):
    assert not public_sees(client, page, EVIL)
    assert verify().ok


@pytest.mark.leaves_ledger_unverified
def test_content_cannot_go_live_under_an_approved_revision(released, client):
    """Making a page live again with new content in the row, under its old approved revision."""
    entries = LedgerEntry.objects.count()
    page = BlogPage.objects.get(pk=released.pk)
    Page.objects.filter(pk=page.pk).update(live=False)  # as if taken offline
    page.refresh_from_db()
    page.title, page.live = EVIL, True
    with pytest.raises(UnreviewedPublication):
        page.save()
    assert LedgerEntry.objects.count() == entries


def test_a_live_page_cannot_be_pointed_at_an_older_approved_revision_with_other_content(
    released, people, client
):
    first_revision = released.live_revision
    release(BlogPage.objects.get(pk=released.pk), people["editor"], note="第二次")
    page = BlogPage.objects.get(pk=released.pk)
    page.title, page.live_revision = EVIL, first_revision
    with pytest.raises(UnreviewedPublication):
        page.save()
    assert_public_unchanged(client, page)


@pytest.mark.parametrize("relation", ["links", "tagged_items", "categories"])
def test_relations_saved_on_their_own_cannot_change_a_live_page(released, client, relation, existing_site):
    page = BlogPage.objects.get(pk=released.pk)
    if relation == "links":
        page.links = [BlogPageLink(title=EVIL, url="https://example.com/")]
    elif relation == "tagged_items":
        page.tags.add(EVIL)
    else:
        page.categories.add(existing_site.categories[2])
    with pytest.raises(UnreviewedPublication):
        page.save(update_fields=[relation])
    assert_public_unchanged(client, page)
    assert client.get(page.url).status_code == 200


def test_a_child_row_created_for_a_live_page_is_refused(released, client):
    with pytest.raises(UnreviewedPublication):
        BlogPageLink.objects.create(page=released, title=EVIL, url="https://example.com/")
    assert_public_unchanged(client, released)


def test_a_draft_page_takes_child_rows_freely(existing_site, people, town):
    draft = existing_site.news.add_child(instance=BlogPage(title="草稿", slug="draft", live=False))
    BlogPageLink.objects.create(page=draft, title="随意", url="https://example.com/")
    draft.categories.add(existing_site.categories[0])
    draft.save(update_fields=["categories"])


def test_an_alias_follows_its_original_and_never_blocks_its_release(released, people, client, existing_site):
    alias = released.create_alias(
        parent=existing_site.news, update_slug="spring-farming-alias", user=people["admin"]
    )
    assert client.get(alias.url).status_code == 200
    assert LedgerEntry.objects.filter(page_id=alias.pk).latest("sequence").actor == "admin"
    page = BlogPage.objects.get(pk=released.pk)
    page.title = "春耕备耕（第二版）"
    release(page, people["editor"])
    alias = BlogPage.objects.get(pk=alias.pk)
    assert alias.title == "春耕备耕（第二版）"
    assert "春耕备耕（第二版）" in client.get(alias.url).content.decode()
    assert verify().ok


def test_an_alias_cannot_show_content_of_its_own(released, existing_site, client):
    alias = released.create_alias(parent=existing_site.news, update_slug="alias-2")
    alias = BlogPage.objects.get(pk=alias.pk)
    alias.title = EVIL
    with pytest.raises(UnreviewedPublication):
        alias.save()
    assert EVIL not in client.get(alias.url).content.decode()


def test_an_alias_is_not_live_outside_the_section_of_the_unit_that_reviewed_it(
    released, existing_site, client
):
    with pytest.raises(UnreviewedPublication):
        released.create_alias(parent=existing_site.home, update_slug="elsewhere")
    assert not Page.objects.filter(slug="elsewhere").exists()


def test_a_page_live_behind_the_applications_back_after_adoption_is_not_adopted(
    existing_site, people, client
):
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    sneaked = make_live_before_install(
        existing_site.news.add_child(instance=BlogPage(title=EVIL, slug="sneaked", live=False))
    )
    with pytest.raises(CommandError, match="went live without review after this site adopted"):
        call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    assert client.get(sneaked.url).status_code == 503
    assert not LedgerEntry.objects.filter(page_id=sneaked.pk).exists()
    # The operator may insist, knowingly; it is on the record as a baseline by them.
    call_command(
        "adopt_live_pages",
        "--user",
        "admin",
        "--noinput",
        "--include-pages-live-since-adoption",
        "--reason",
        "经核实后登记",
        stdout=io.StringIO(),
    )
    assert LedgerEntry.objects.get(page_id=sneaked.pk).reason == "经核实后登记"


def test_adoption_needs_an_active_person_and_survives_no_terminal(existing_site, people, monkeypatch):
    people["editor"].is_active = False
    people["editor"].save()
    with pytest.raises(CommandError, match="inactive"):
        call_command("adopt_live_pages", "--user", "editor", "--noinput", stdout=io.StringIO())

    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    from wagtail.models import Workflow

    Workflow.objects.get(name="Moderators approval").start(existing_site.blog, people["admin"])
    out = io.StringIO()
    call_command("adopt_live_pages", "--user", "admin", stdout=out)
    assert "left in progress" in out.getvalue()


# --- Bad input: a clear answer, never a 500 ---------------------------------------------------


def test_api_search_answers_without_error(released, client):
    response = client.get("/api/v2/pages/", {"search": released.title})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == [released.title]


@pytest.mark.parametrize(
    "management",
    [
        {},  # no management form at all
        {"review_form-TOTAL_FORMS": "abc", "review_form-INITIAL_FORMS": "0"},
        {"review_form-TOTAL_FORMS": "0", "review_form-INITIAL_FORMS": "0"},
    ],
)
@pytest.mark.parametrize("action", [None, "action-submit"])
def test_a_tampered_review_form_post_is_an_error_not_a_500(released, people, client, management, action):
    from tests.core.test_relations import blog_form_data, link_forms

    client.force_login(people["editor"])
    data = blog_form_data(
        released,
        tags="农业",
        categories=[],
        links=link_forms(released, keep={link.title for link in released.links.all()}, add=[]),
        action=action,
    )
    data = {key: value for key, value in data.items() if not key.startswith("review_form-")} | management
    response = client.post(reverse("wagtailadmin_pages:edit", args=[released.pk]), data)
    assert response.status_code in (200, 302)
    assert client.get(released.url).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_tree_root_cannot_be_taken_down(released, people, client, method):
    client.force_login(people["admin"])
    root = Page.get_first_root_node()
    response = getattr(client, method)(
        reverse("wagtail_review:take_down", args=[root.pk]), {"reason": "试试"}
    )
    assert response.status_code == 302
    assert not LedgerEntry.objects.filter(page_id=root.pk).exists()


# --- Hiding live information without a take-down --------------------------------------------------


@pytest.mark.parametrize("on", ["page", "ancestor"])
def test_a_live_page_is_not_made_private_behind_the_register(released, people, client, on):
    from wagtail.models import PageViewRestriction

    target = released if on == "page" else released.get_parent()
    with pytest.raises(UnreviewedPublication):
        PageViewRestriction.objects.create(page=target, restriction_type="password", password="x")
    client.force_login(people["admin"])
    response = client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[target.pk]),
        {"restriction_type": "login", "password": "", "groups": []},
    )
    assert response.status_code < 500
    assert not PageViewRestriction.objects.exists()
    client.logout()
    assert client.get(released.url).status_code == 200


def test_a_draft_may_be_made_private(existing_site, people):
    from wagtail.models import PageViewRestriction

    draft = existing_site.blog.get_parent().add_child(
        instance=BlogPage(title="内部草稿", slug="neibu", live=False)
    )
    PageViewRestriction.objects.create(page=draft, restriction_type="login")
    assert PageViewRestriction.objects.filter(page=draft).exists()


def test_a_live_pages_expiry_is_not_made_up_outside_its_route(released):
    from datetime import timedelta

    from django.utils import timezone

    page = BlogPage.objects.get(pk=released.pk)
    page.expire_at = timezone.now() + timedelta(minutes=1)
    for update_fields in (["expire_at"], None):
        with pytest.raises(UnreviewedPublication):
            page.save(update_fields=update_fields)
    assert BlogPage.objects.get(pk=released.pk).expire_at is None


def test_an_expiry_approved_with_the_content_takes_effect(existing_site, people, town, client):
    from datetime import timedelta

    from django.utils import timezone

    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    blog.expire_at = timezone.now() + timedelta(days=30)
    release(blog, people["editor"])
    live = BlogPage.objects.get(pk=blog.pk)
    assert live.live and abs(live.expire_at - blog.expire_at) < timedelta(seconds=1)  # revisions keep ms
    assert client.get(live.url).status_code == 200


def test_a_release_approval_is_not_forged_in_code(released, people, client):
    from wagtail_review.publication.content import revision_content_hash
    from wagtail_review.publication.ledger import head
    from wagtail_review.publication.models import ReleaseApproval

    page = BlogPage.objects.get(pk=released.pk)
    page.title = EVIL
    revision = page.save_revision(user=people["editor"])
    with pytest.raises(UnreviewedPublication):
        ReleaseApproval.objects.create(
            revision=revision,
            workflow_state=ReleaseApproval.objects.get(revision=released.live_revision).workflow_state,
            source_type="township",
            content_hash=revision_content_hash(revision),
            ledger_sequence=head().count,
        )
    approval = ReleaseApproval.objects.get(revision=released.live_revision)
    approval.revision = revision
    with pytest.raises(UnreviewedPublication):
        approval.save()
    with pytest.raises(UnreviewedPublication):
        revision.publish(user=people["admin"], skip_permission_checks=True)
    assert_public_unchanged(client, released)


@pytest.mark.leaves_ledger_unverified
def test_a_withheld_page_is_not_named_as_a_parent_in_the_api(released, existing_site, client):
    from wagtail_review.publication.ledger.verification import verify

    news = existing_site.news
    assert client.get(f"/api/v2/pages/{released.pk}/").json()["meta"]["parent"]["title"] == news.title
    Page.objects.filter(pk=news.pk).update(title=EVIL)  # behind every guard
    assert not verify().ok  # found, and withheld everywhere
    detail = client.get(f"/api/v2/pages/{released.pk}/").json()
    assert detail["meta"]["parent"] is None and EVIL not in str(detail)
    assert client.get("/api/v2/pages/", {"child_of": news.pk}).status_code == 400
    assert EVIL not in client.get("/api/v2/pages/", {"fields": "title"}).content.decode()
