"""The review form as its own model: what a submission needs, older revisions, and the signals the app sends."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from tests.core.conftest import release
from tests.testapp.models import BlogPage, PolicyPage
from wagtail_review import signals
from wagtail_review.models import SectionOwnership, Unit, UnitKind
from wagtail_review.publication.take_down import take_down
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.review_form.models import review_form_of, review_form_of_revision
from wagtail_review.routing.services import fill_review_form, submit


def test_a_submission_needs_the_nine_points_and_a_contact(existing_site, people, town):
    blog = existing_site.blog
    fill_review_form(blog, point_3="")
    with pytest.raises(ValidationError) as refused:
        submit(blog, people["editor"])
    assert {"point_3", "contact_person"} <= set(refused.value.message_dict)
    assert blog.current_workflow_state is None


def test_a_government_document_takes_its_details_from_the_page_when_the_type_has_them(existing_site, people):
    # Published in the district government's name: the district government office's section.
    office = Unit.objects.create(name="区政府办公室", slug="office", kind=UnitKind.DISTRICT_OFFICE)
    SectionOwnership.objects.create(unit=office, page=existing_site.news)
    policy = PolicyPage.objects.get(pk=existing_site.policy.pk)
    form = fill_review_form(
        policy, source_type="district_government", **passing_answers(), contact_person="王晓燕"
    )
    # 文号 and 发文机关 are the page's own; 成文日期 and 印发日期 the form must give.
    assert form.document_details["doc_number"] == "云政发〔2026〕3号"
    assert set(form.submission_errors()) == {"date_written", "date_issued"}
    form.date_written = form.date_issued = "2026-03-01"
    assert form.submission_errors() == {}
    policy.issuing_authority = ""
    assert set(form.submission_errors()) == {"issuing_authority"}


def test_a_page_without_a_form_has_a_blank_one_that_defaults_from_its_unit(existing_site, town):
    form = review_form_of(BlogPage.objects.get(pk=existing_site.blog.pk))
    assert form.pk is None and form.effective_source_type == "township"
    assert form.submission_errors()  # blank: not submittable


def test_a_revision_saved_while_the_form_was_page_fields_still_reads_its_form(existing_site, people):
    """Revisions saved before migration 0007 hold the form at the top of their content; they stay unchanged."""
    blog = existing_site.blog
    revision = blog.save_revision(user=people["editor"])
    content = {key: value for key, value in revision.content.items() if key != "review_forms"} | {
        "review_source_type": "reprint",
        "reprint_outlet": "山西日报",
        "review_note": "旧版审查表",
        "point_1": "no",
    }
    Revision.objects.filter(pk=revision.pk).update(content=content)
    form = review_form_of_revision(Revision.objects.get(pk=revision.pk))
    assert (form.source_type, form.reprint_outlet, form.note, form.point_1) == (
        "reprint",
        "山西日报",
        "旧版审查表",
        "no",
    )


def test_the_app_sends_its_signals(existing_site, people, town):
    received = []

    def note(signal_name):
        def receiver(sender, **kwargs):
            received.append(signal_name)

        return receiver

    receivers = {
        name: note(name) for name in ("step_signed", "page_released", "page_taken_down", "ledger_appended")
    }
    for name, receiver in receivers.items():
        getattr(signals, name).connect(receiver)
    try:
        blog = BlogPage.objects.get(pk=existing_site.blog.pk)
        release(blog, people["editor"])
        assert received == ["step_signed", "step_signed", "ledger_appended", "page_released"]
        take_down(BlogPage.objects.get(pk=blog.pk), people["reviewer"], "数据有误")
        assert received[-2:] == ["ledger_appended", "page_taken_down"]
    finally:
        for name, receiver in receivers.items():
            getattr(signals, name).disconnect(receiver)
