"""Release demo pages the way a real page is released: through its review route.

The editor of the page's unit fills the review form and submits; each step is
signed by a person the route resolves for that page (never the submitter,
never twice by the same person). The last signature publishes the page, so
every demo page that is live carries real signatures.
"""

import datetime

from wagtail_review.models import SourceType
from wagtail_review.review_form.checklist import PASSING_ANSWERS


def fill_review_form(page, submitter, overrides=None):
    """The submitter's part of the 审查表: source type, contact, the nine points answered."""
    for name, value in (overrides or {}).items():
        if name == "reprint_date" and isinstance(value, str):
            value = datetime.date.fromisoformat(value)
        setattr(page, name, value)
    for name, answer in PASSING_ANSWERS.items():
        setattr(page, name, answer)
    if page.effective_source_type == SourceType.EMERGENCY:
        page.point_7 = "yes"  # it is sensitive: that is why two district leaders sign
    if page.effective_source_type == SourceType.DISTRICT_GOVERNMENT and page.doc_number:
        page.date_issued = page.date_issued or page.date_written
    page.contact_person = submitter.get_full_name() or submitter.get_username()
    page.contact_phone = page.contact_phone or "0352-6101001"


def release_through_route(page, submitter):
    """Submit ``page`` as ``submitter`` and have every step signed; return the signers' usernames."""
    page.save_revision(user=submitter)
    workflow = page.get_workflow()
    if workflow is None:
        raise RuntimeError(f"No review route for “{page.title}” ({page.effective_source_type}).")
    workflow_state = workflow.start(page, submitter)
    signers = []
    while workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state.specific
        task = task_state.task.specific
        signer = next(
            (
                user
                for user in task.approvers(page).order_by("username")
                if task.refusal_reason(task_state, user) is None
            ),
            None,
        )
        if signer is None:
            raise RuntimeError(f"Nobody can sign “{task.name}” for “{page.title}”.")
        answers = dict(PASSING_ANSWERS)
        if page.effective_source_type == SourceType.EMERGENCY:
            answers["point_7"] = "yes"
        task.on_action(task_state, signer, "approve", comment="同意发布。", **answers)
        signers.append(signer.get_username())
        workflow_state.refresh_from_db()
    return signers
