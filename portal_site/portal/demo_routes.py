"""Release demo pages the way a real page is released: through its review route.

The editor of the page's unit fills the review form and submits; each step is
signed by a person the route resolves for that page (never the submitter,
never twice by the same person). The last signature publishes the page, so
every demo page that is live carries real signatures. Built on the app's own
route services (``wagtail_review.routing.services``).
"""

import datetime

from wagtail_review.organisation.people import person_name
from wagtail_review.review_form.checklist import passing_answers
from wagtail_review.review_form.models import review_form_of
from wagtail_review.routing.routes import SourceType
from wagtail_review.routing.services import eligible_signers, fill_review_form, sign, submit


def fill_demo_review_form(page, submitter, overrides=None):
    """The submitter's part of the 审查表: source type, contact, the nine points answered."""
    values = dict(overrides or {})
    if isinstance(values.get("reprint_date"), str):
        values["reprint_date"] = datetime.date.fromisoformat(values["reprint_date"])
    form = fill_review_form(page, **values)
    emergency = form.effective_source_type == SourceType.EMERGENCY
    details = form.document_details
    extra = {}
    if form.effective_source_type == SourceType.DISTRICT_GOVERNMENT and details["doc_number"]:
        extra["date_issued"] = details["date_issued"] or details["date_written"]
    fill_review_form(
        page,
        **passing_answers(sensitive_route=emergency),
        **extra,
        contact_person=person_name(submitter),
        contact_phone=form.contact_phone or "0352-6101001",
    )


def release_through_route(page, submitter):
    """Submit ``page`` as ``submitter`` and have every step signed; return the signers' usernames."""
    workflow_state = submit(page, submitter)
    answers = passing_answers(
        sensitive_route=review_form_of(page).effective_source_type == SourceType.EMERGENCY
    )
    signers = []
    while workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state.specific
        candidates = eligible_signers(task_state)
        if not candidates:
            raise RuntimeError(f"Nobody can sign “{task_state.task.name}” for “{page.title}”.")
        sign(task_state, candidates[0], answers=answers, comment="同意发布。")
        signers.append(candidates[0].get_username())
        workflow_state.refresh_from_db()
    return signers
