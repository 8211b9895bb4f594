"""Living beside the site's own workflows and forms: snippets keep Wagtail's behaviour, pages only the routes."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.testapp.models import BlogPage, FormPage, Notice, PolicyPage
from wagtail_review.exceptions import UnreviewedPublication
from wagtail_review.models import LedgerEntry
from wagtail_review.review_form.checklist import passing_answers


def adopt():
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_snippet_workflow_completes_as_wagtail_does(people, moderators_workflow):
    notice = Notice(text="停水通知", live=False)
    notice.save()
    notice.save_revision(user=people["admin"])
    state = moderators_workflow.start(notice, people["admin"])
    task_state = state.current_task_state.specific
    task_state.task.specific.on_action(task_state, people["moderator"], "approve")
    notice.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert notice.live
    assert not LedgerEntry.objects.filter(page_id__gt=0).exists()  # snippets are not pages: not the ledger's


def test_a_foreign_workflow_cannot_release_a_page_and_says_why(
    existing_site, people, moderators_workflow, client
):
    adopt()
    blog = BlogPage.objects.get(pk=existing_site.blog.pk)
    blog.intro = "<p>经站点自有工作流修改</p>"
    blog.save_revision(user=people["admin"])
    state = moderators_workflow.start(blog, people["admin"])
    task_state = state.current_task_state

    # In code: refused, with the reason.
    with pytest.raises(UnreviewedPublication, match="not a review route|不是审核程序"):
        task_state.specific.task.specific.on_action(task_state.specific, people["moderator"], "approve")

    # In the admin: the moderator sees the reason, not "no permission"; nothing went live.
    client.force_login(people["moderator"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[blog.pk])
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[blog.pk, "approve", task_state.pk]),
        {"comment": ""},
        HTTP_REFERER=f"http://testserver{edit_url}",
    )
    assert response.status_code == 302 and response.url.endswith(edit_url)
    shown = messages_of(response)
    assert any("审核程序" in m or "review route" in m for m in shown), shown
    assert not any("permission" in m or "权限" in m for m in shown), shown
    assert "经站点自有工作流修改" not in client.get(blog.url).content.decode()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.leaves_ledger_unverified
def test_bulk_publish_of_a_live_page_cannot_replace_its_content_with_an_old_revision(
    existing_site, people, client
):
    adopt()
    # The page row holds content that its stored revision does not (edited before the app came).
    blog = existing_site.blog
    BlogPage.objects.filter(pk=blog.pk).update(intro="<p>页面当前内容</p>")
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())  # nothing new
    entries = LedgerEntry.objects.count()
    client.force_login(people["admin"])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client.post(f"{url}?id={blog.pk}", {"include_descendants": ""})
    assert response.status_code == 302
    blog.refresh_from_db()
    assert BlogPage.objects.get(pk=blog.pk).intro == "<p>页面当前内容</p>"
    assert LedgerEntry.objects.count() == entries


def test_the_form_page_keeps_its_own_form_class_and_validation(existing_site, people, client):
    adopt()
    form_page = FormPage.objects.get(pk=existing_site.form.pk)
    edit_handler = FormPage.get_edit_handler()
    form_class = edit_handler.get_form_class()
    from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

    assert issubclass(form_class, WagtailAdminFormPageForm)
    client.force_login(people["admin"])
    data = nested_form_data(
        {
            "title": form_page.title,
            "slug": form_page.slug,
            "intro": rich_text(""),
            "thank_you_text": rich_text(""),
            "to_address": "",
            "from_address": "",
            "subject": "",
            "form_fields": inline_formset(
                [
                    {"label": "意见", "field_type": "singleline", "required": "on", "ORDER": 1},
                    {"label": "意见", "field_type": "singleline", "required": "on", "ORDER": 2},
                ]
            ),
            "comments": inline_formset([]),
            "review_form": inline_formset([{**passing_answers(), "contact_person": "王晓燕"}], min=1, max=1),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[form_page.pk]), data)
    assert response.status_code == 200
    forms = response.context["form"].formsets["form_fields"].forms
    assert any("label" in form.errors for form in forms), "duplicate form field labels must still be refused"


@pytest.mark.parametrize("page_type", [BlogPage, FormPage, PolicyPage])
def test_every_page_type_shows_the_review_form_tab(page_type, existing_site, people, client):
    client.force_login(people["admin"])
    parent = existing_site.news if page_type in (BlogPage, PolicyPage) else existing_site.home
    url = reverse(
        "wagtailadmin_pages:add", args=[page_type._meta.app_label, page_type._meta.model_name, parent.pk]
    )
    html = client.get(url).content.decode()
    assert "review_form-0-point_1" in html and "review_form-TOTAL_FORMS" in html
    # Pages of the base type too (the site's home page is one).
    html = client.get(reverse("wagtailadmin_pages:edit", args=[existing_site.home.pk])).content.decode()
    assert "review_form-0-point_1" in html


def test_a_page_type_with_its_own_document_fields_is_not_asked_twice(existing_site, people, client):
    client.force_login(people["admin"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[existing_site.policy.pk])).content.decode()
    assert 'name="doc_number"' in html  # the page's own field
    assert "review_form-0-doc_number" not in html and "review_form-0-date_issued" in html


def test_a_page_type_exempted_by_setting_has_no_review_form_tab(existing_site, people, client, settings):
    settings.WAGTAIL_REVIEW_EXEMPT_PAGE_TYPES = ["testapp.FormPage"]
    FormPage.get_edit_handler.cache_clear()
    try:
        client.force_login(people["admin"])
        html = client.get(reverse("wagtailadmin_pages:edit", args=[existing_site.form.pk])).content.decode()
        assert "review_form-0-point_1" not in html
    finally:
        settings.WAGTAIL_REVIEW_EXEMPT_PAGE_TYPES = []
        FormPage.get_edit_handler.cache_clear()
