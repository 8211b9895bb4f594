"""Moves are changes (Art. 4, 9, 13): live information stays with the unit that reviewed it; moves are registered."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from tests.testapp.models import BlogPage
from wagtail_review.exceptions import UnreviewedPublication
from wagtail_review.models import LedgerAction, LedgerEntry, SectionOwnership, Unit, UnitKind
from wagtail_review.publication.ledger.verification import verify


@pytest.fixture
def sections(existing_site, people, town):
    """西坪镇 owns 新闻 (with the blog page in it); 倍加造镇 owns a section of its own; 新闻 has a sub-column."""
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    other = Unit.objects.create(name="倍加造镇", slug="beijiazao", kind=UnitKind.TOWNSHIP)
    other_section = existing_site.home.add_child(
        instance=Page(title="倍加造镇", slug="beijiazao", live=False)
    )
    SectionOwnership.objects.create(unit=other, page=other_section)
    column = existing_site.news.add_child(instance=Page(title="工作动态", slug="column", live=False))
    return existing_site, Page.objects.get(pk=other_section.pk), Page.objects.get(pk=column.pk)


@pytest.mark.parametrize("as_user", ["admin", "editor"])
def test_live_information_cannot_move_into_another_units_section(sections, people, client, as_user):
    site, other_section, _column = sections
    blog = Page.objects.get(pk=site.blog.pk)
    with pytest.raises(UnreviewedPublication), transaction.atomic():
        blog.move(other_section, pos="last-child")
    client.force_login(people[as_user])
    with transaction.atomic():
        client.post(reverse("wagtailadmin_pages:move_confirm", args=[blog.pk, other_section.pk]))
    blog.refresh_from_db()
    assert blog.get_parent().pk == site.news.pk
    assert client.get(blog.url).status_code == 200


def test_a_subtree_holding_live_information_cannot_move_either(sections, people):
    site, other_section, column = sections
    Page.objects.get(pk=site.blog.pk).move(column, pos="last-child")  # within 西坪镇: fine
    with pytest.raises(UnreviewedPublication), transaction.atomic():
        Page.objects.get(pk=column.pk).move(
            other_section, pos="last-child"
        )  # a draft column, a live page inside
    assert Page.objects.get(pk=column.pk).get_parent().pk == site.news.pk


def test_a_draft_moves_freely_and_a_section_root_takes_its_ownership_along(sections, people):
    site, other_section, column = sections
    draft = column.add_child(instance=BlogPage(title="草稿", slug="draft", live=False))
    draft.move(other_section, pos="last-child")
    # 新闻 is 西坪镇's section root: moving it keeps it 西坪镇's, live pages and all.
    Page.objects.get(pk=site.news.pk).move(other_section, pos="last-child")
    assert verify().ok


def test_a_move_within_the_unit_is_registered_for_the_page_and_its_live_descendants(sections, people, client):
    site, _other, column = sections
    old_url = site.blog.url
    Page.objects.get(pk=site.blog.pk).move(column, pos="last-child", user=people["admin"])
    blog = BlogPage.objects.get(pk=site.blog.pk)
    assert client.get(old_url).status_code == 404
    assert client.get(blog.url).status_code == 200
    entry = LedgerEntry.objects.filter(page_id=blog.pk).latest("sequence")
    assert entry.action == LedgerAction.MOVE and "/news/column/spring-farming/" in entry.reason
    assert entry.revision_id == blog.live_revision_id
    assert entry.actor == "admin"  # who moved it, named from code too

    # Moving the column that holds it registers the live page inside at its new address too.
    holder = site.news.add_child(instance=Page(title="专题", slug="topics", live=False))
    Page.objects.get(pk=column.pk).move(holder, pos="last-child")
    entry = LedgerEntry.objects.filter(page_id=blog.pk).latest("sequence")
    assert entry.action == LedgerAction.MOVE and entry.reason.endswith("/news/topics/column/spring-farming/")
    assert client.get(BlogPage.objects.get(pk=blog.pk).url).status_code == 200
    assert verify().ok


@pytest.mark.leaves_ledger_unverified
def test_a_page_changed_behind_the_register_cannot_move_its_change_into_the_register(sections):
    site, _other_section, column = sections
    BlogPage.objects.filter(pk=site.blog.pk).update(title="未经审核的标题")  # raw, behind every guard
    entries = LedgerEntry.objects.count()
    with pytest.raises(UnreviewedPublication), transaction.atomic():
        Page.objects.get(pk=site.blog.pk).move(column, pos="last-child")
    assert LedgerEntry.objects.count() == entries
    assert not verify().ok  # still reported, not laundered
