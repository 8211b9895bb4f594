"""The completed 审查表 of one submission, as an A4 print layout and as a PDF.

The document is a Chinese government form (《信息发布审查表》, Art. 8; its
title and the regulation it cites come from settings): it is rendered in Chinese and in the district's time zone whatever the
reader's admin preferences. It shows the revision that was under review, not
the live page, and the signatures recorded against it (``Signature``), so the
paper copy says exactly what each signer approved.
"""

import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import swapper
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from ..app_settings import app_settings
from ..organisation.people import person_name
from ..publication.content import revision_content_hash
from ..routing.progress import review_progress, revision_under_review
from ..routing.routes import SourceType
from ..routing.rules import can_view_review_records
from .checklist import REVIEW_POINTS
from .models import review_form_of, review_form_of_revision
from .pdf import PDFUnavailable, html_to_pdf

logger = logging.getLogger(__name__)

DOCUMENT_TEMPLATE = "wagtail_review/review_form/document.html"
PDF_UNAVAILABLE_TEMPLATE = "wagtail_review/review_form/pdf_unavailable.html"
# The form is a Chinese document whoever reads it; its labels are Chinese in
# the template and the model labels it shows are translated to match.
DOCUMENT_LANGUAGE = "zh-hans"
ANSWER_LABELS = {"yes": "是", "no": "否"}


READ_METHODS = ("GET", "HEAD")


def review_form_view(request, workflow_state_id):
    workflow_state, page = _submission_for(request, workflow_state_id)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    return HttpResponse(_render_document(request, workflow_state, page, for_pdf=False))


def review_form_pdf_view(request, workflow_state_id):
    workflow_state, page = _submission_for(request, workflow_state_id)
    if request.method not in READ_METHODS:
        return HttpResponseNotAllowed(READ_METHODS)
    html = _render_document(request, workflow_state, page, for_pdf=True)
    try:
        pdf = html_to_pdf(html)  # self-contained: no base URL, nothing to fetch
    except PDFUnavailable as error:
        # An operator problem, not the reader's: say so, and offer the print
        # layout, which the browser can print to PDF just as well.
        logger.error("Review form PDF unavailable: %s", error)
        context = {"form_url": reverse("wagtail_review:review_form", args=[workflow_state.pk])}
        return HttpResponse(render_to_string(PDF_UNAVAILABLE_TEMPLATE, context, request=request), status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="review-form-{workflow_state.pk}.pdf"'
    return response


def _submission_for(request, workflow_state_id):
    """The submission and its page, once the reader is known to be entitled to its records.

    The views check the method only after this, so that whoever may not read
    the records is refused the same way whatever the method.
    """
    Page = swapper.load_model("wagtailcore", "Page")
    workflow_state = get_object_or_404(
        WorkflowState.objects.select_related("workflow", "requested_by"), pk=workflow_state_id
    )
    page = workflow_state.content_object
    # Workflows also run on snippets; the review form exists only for pages.
    if not isinstance(page, Page):
        raise Http404(_("This submission is not a page's."))
    page = page.specific
    if not can_view_review_records(request.user, page, workflow_state):
        raise PermissionDenied(_("You may not see the review records of this page."))
    return workflow_state, page


def _render_document(request, workflow_state, page, for_pdf):
    time_zone = ZoneInfo(app_settings.FORM_TIME_ZONE)
    with translation.override(DOCUMENT_LANGUAGE), timezone.override(time_zone):
        context = review_form_context(workflow_state, page)
        context["for_pdf"] = for_pdf
        context["form_title"] = app_settings.FORM_TITLE
        context["regulation_title"] = app_settings.REGULATION_TITLE
        context["page_edit_url"] = reverse("wagtailadmin_pages:edit", args=[page.pk])
        context["pdf_url"] = reverse("wagtail_review:review_form_pdf", args=[workflow_state.pk])
        context["generated_at"] = timezone.localtime()
        return render_to_string(DOCUMENT_TEMPLATE, context, request=request)


# --- What the form says ----------------------------------------------------------


@dataclass(frozen=True)
class SignedStep:
    """One row of the signatures table: a step of the route and its signature on the reviewed revision."""

    name: str
    unit: object
    role_label: str
    status: str = ""
    signature: object = None
    signer_name: str = ""
    hash_matches: bool | None = None


@dataclass(frozen=True)
class PointRow:
    number: int
    question: str
    submitted: str
    by_signer: list


def review_form_context(workflow_state, page):
    """Everything the 审查表 shows for ``workflow_state``, taken from the revision under review."""
    revision = revision_under_review(workflow_state, page)
    # The form is versioned with the page: read it off the revision under review.
    reviewed = revision.as_object() if revision else page
    form = review_form_of_revision(revision) if revision else review_form_of(page)
    current_hash = revision_content_hash(revision) if revision else ""
    progress = review_progress(reviewed, workflow_state, review_form=form)

    steps, current, earlier = [], [], []
    for step in progress.steps:
        earlier.extend((step.name, s) for s in step.signatures if s not in step.current_signatures)
        current.extend(step.current_signatures)
        steps.extend(
            SignedStep(
                name=step.name,
                unit=signature.unit,
                role_label=signature.get_role_display(),
                signature=signature,
                signer_name=person_name(signature.signer),
                hash_matches=signature.content_hash == current_hash,
            )
            for signature in step.current_signatures
        )
        if not step.current_signatures:
            steps.append(
                SignedStep(name=step.name, unit=step.unit, role_label=step.role_label, status=step.status)
            )

    current.sort(key=lambda s: (s.signed_at, s.pk))
    answers = form.answers
    points = [
        PointRow(
            number=point.number,
            question=str(point.question),
            submitted=ANSWER_LABELS.get(answers.get(point.field_name), "—"),
            by_signer=[ANSWER_LABELS.get(s.answers.get(point.field_name), "—") for s in current],
        )
        for point in REVIEW_POINTS
    ]
    source_type = form.effective_source_type
    return {
        "workflow_state": workflow_state,
        "page": page,
        "reviewed": reviewed,
        "revision": revision,
        "content_hash": current_hash,
        "progress": progress,
        "form": form,
        "document": form.document_details,
        "unit": form.unit,
        "source_type": source_type,
        "is_reprint": source_type == SourceType.REPRINT,
        "is_document": form.is_document,
        "submitter_name": person_name(workflow_state.requested_by),
        "signers": [(s, person_name(s.signer)) for s in current],
        "points": points,
        "steps": steps,
        "earlier": [
            (name, s, person_name(s.signer)) for name, s in sorted(earlier, key=lambda x: x[1].signed_at)
        ],
        "tampered": any(step.hash_matches is False for step in steps),
    }
