"""What the public reads includes tags, inline children and many-to-many: registered after the whole save.

Wagtail (modelcluster) writes those relations after the page row, so a
fingerprint taken when the row is saved would be stale; these tests release
such a page through the real page editor and check it serves, verifies and
shows the change, and that changing them behind the application's back is
caught like any other change.
"""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.core.conftest import release
from tests.testapp.models import BlogPage, BlogPageLink
from wagtail_review.models import LedgerEntry
from wagtail_review.publication.content import live_content_hash
from wagtail_review.publication.ledger.verification import verify
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.routing.services import eligible_signers, sign


def link_forms(page, keep, add):
    """The links formset as the editor posts it: existing links kept or deleted (by title), new ones added."""
    existing = list(page.links.all())
    items = [
        {
            "id": link.pk,
            "title": link.title,
            "url": link.url,
            "ORDER": n,
            "DELETE": "" if link.title in keep else "1",
        }
        for n, link in enumerate(existing, start=1)
    ]
    items += [
        {"id": "", "title": title, "url": url, "ORDER": len(items) + n, "DELETE": ""}
        for n, (title, url) in enumerate(add, start=1)
    ]
    return inline_formset(items, initial=len(existing))


def blog_form_data(page, *, tags, categories, links, action=None, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "date": "2026-03-01",
        "intro": rich_text(fields.pop("intro", "<p>全区春耕备耕工作有序推进。</p>")),
        "body": streamfield([("paragraph", rich_text("<p>化肥、种子储备充足。</p>"))]),
        "rating": "4.50",
        "tags": tags,
        "links": links,
        "comments": inline_formset([]),
        "review_form": inline_formset(
            [{**passing_answers(), "contact_person": "王晓燕", "source_type": "township"}], min=1, max=1
        ),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        **fields,
    }
    form = nested_form_data(data)
    form["categories"] = [c.pk for c in categories]  # a multiple choice: one key, many values
    if action:
        form[action] = "on"
    return form


@pytest.fixture
def adopted(existing_site, people, town):
    from django.core.management import call_command

    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=open("/dev/null", "w"))
    return existing_site


def sign_all(page):
    workflow_state = page.current_workflow_state
    while workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state.specific
        sign(task_state, eligible_signers(task_state)[0], answers=passing_answers(), comment="同意")
        workflow_state.refresh_from_db()
    return workflow_state


def test_tags_inline_children_and_m2m_released_through_the_editor(adopted, people, client):
    blog = adopted.blog
    client.force_login(people["editor"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[blog.pk]),
        blog_form_data(
            blog,
            tags="秋收, 农业",
            categories=adopted.categories[1:],
            links=link_forms(blog, keep={"气象服务"}, add=[("粮食收购", "https://example.gov.cn/ls")]),
            action="action-submit",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    # Submitted, not yet public.
    html = client.get(blog.url).content.decode()
    assert "粮食收购" not in html and "秋收" not in html

    sign_all(BlogPage.objects.get(pk=blog.pk))
    live = BlogPage.objects.get(pk=blog.pk)
    assert sorted(str(t) for t in live.tags.all()) == ["农业", "秋收"]
    assert [link.title for link in live.links.all()] == ["气象服务", "粮食收购"]
    assert sorted(c.name for c in live.categories.all()) == ["民生", "经济"]

    response = client.get(blog.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "粮食收购" in html and "秋收" in html and "经济" in html and "农业农村局" not in html
    entry = LedgerEntry.objects.filter(page_id=blog.pk).latest("sequence")
    assert entry.action == "publish" and entry.live_content_hash == live_content_hash(live)
    assert verify().ok


def test_the_review_form_does_not_count_as_public_content(adopted, people):
    blog = BlogPage.objects.get(pk=adopted.blog.pk)
    before = live_content_hash(blog)
    release(blog, people["editor"])
    blog = BlogPage.objects.get(pk=blog.pk)
    # A release that changed nothing the public reads keeps the fingerprint: only the form changed.
    assert live_content_hash(blog) == before


@pytest.mark.parametrize("change", ["tag", "link", "category"])
@pytest.mark.leaves_ledger_unverified
def test_relations_changed_behind_the_applications_back_are_withheld(adopted, people, client, change):
    blog = adopted.blog
    if change == "tag":
        blog.tagged_items.model.objects.filter(content_object=blog).delete()
    elif change == "link":
        BlogPageLink.objects.filter(page=blog).update(title="被篡改的链接")
    else:
        blog.categories.through.objects.filter(blogpage=blog).delete()
    assert client.get(blog.url).status_code == 503
    problems = verify().problems
    assert [p.page_id for p in problems] == [blog.pk]


def test_a_live_page_cannot_take_new_relations_without_review(adopted, people):
    from wagtail_review.exceptions import UnreviewedPublication

    blog = BlogPage.objects.get(pk=adopted.blog.pk)
    blog.links = [BlogPageLink(title="未经审核的链接", url="https://example.com/")]
    with pytest.raises(UnreviewedPublication):
        blog.save()
    assert not BlogPageLink.objects.filter(title="未经审核的链接").exists()


def test_fields_named_as_bookkeeping_may_change_on_a_live_page(existing_site, people, client, settings):
    from django.core.management import call_command

    from wagtail_review.exceptions import UnreviewedPublication

    # Decided before adoption: the fingerprints registered then leave the counter out.
    settings.WAGTAIL_REVIEW_IGNORED_FIELDS = ["testapp.BlogPage.view_count"]
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=open("/dev/null", "w"))
    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    blog.view_count += 1
    blog.save(update_fields=["view_count"])
    BlogPage.objects.filter(pk=blog.pk).update(view_count=99)
    assert client.get(blog.url).status_code == 200
    assert verify().ok

    # Any other field is information.
    blog.intro = "<p>悄悄修改</p>"
    with pytest.raises(UnreviewedPublication):
        blog.save(update_fields=["intro"])


def test_without_the_setting_a_counter_is_information_too(adopted):
    from wagtail_review.exceptions import UnreviewedPublication

    blog = BlogPage.objects.get(pk=adopted.blog.pk)
    blog.view_count += 1
    with pytest.raises(UnreviewedPublication):
        blog.save(update_fields=["view_count"])


def test_a_page_withheld_at_its_address_is_withheld_from_every_listing(adopted, people, client):
    """Content edited in place behind the application's back: once the serve check or verify_ledger sees it."""
    blog = adopted.blog

    def listed():
        api = [item["id"] for item in client.get("/api/v2/pages/").json()["items"]]
        return blog.pk in api, "spring-farming" in client.get("/sitemap.xml").content.decode()

    assert listed() == (True, True)
    BlogPage.objects.filter(pk=blog.pk).update(intro="<p>篡改</p>")
    assert client.get(blog.url).status_code == 503
    assert listed() == (False, False)

    # verify_ledger finds it too, without anyone asking for the page.
    from wagtail_review.models import Withholding

    Withholding.objects.all().delete()
    assert listed() == (True, True)
    assert not verify().ok
    assert listed() == (False, False)

    # Its next release through the route settles it.
    BlogPage.objects.filter(pk=blog.pk).update(intro="<p>全区春耕备耕工作有序推进。</p>")
    release(BlogPage.objects.get(pk=blog.pk), people["editor"])
    assert listed() == (True, True)
    assert verify().ok
