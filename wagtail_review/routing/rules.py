"""Who may see a page's review records (Art. 8, 13), and who may sign a step (separation of duties)."""

import swapper
from django.utils.translation import gettext as _

from ..organisation.memberships import Membership, is_site_administrator
from ..organisation.sections import unit_for_page


def can_view_review_records(user, page, workflow_state=None):
    """Members of the page's unit, the submitter, every signer of the route, the information centre."""
    if not user.is_active:
        return False
    if is_site_administrator(user):
        return True
    if workflow_state is not None:
        if workflow_state.requested_by_id == user.pk:
            return True
        if workflow_state.review_signatures.filter(signer=user).exists():
            return True
        task_state = workflow_state.current_task_state
        if task_state and workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
            task = task_state.task.specific
            if hasattr(task, "refusal_reason") and task.approvers(page).filter(pk=user.pk).exists():
                return True
    unit = unit_for_page(page)
    return (
        unit is not None
        and Membership.objects.active().filter(user=user, unit_id__in=unit.accountable_unit_ids).exists()
    )


# --- Separation of duties (Art. 8, 9): one rule, asked by every caller ---------------------------


def duty_refusal(user_id, authors, signed_another_step):
    """Why a person may not sign a step of a submission, for separation of duties; None if they may.

    ``authors``: everyone who wrote content of the page during the submission
    (``submission_authors``); ``signed_another_step``: whether the person
    already approved another step of the route for the same revision. The
    actions offered, 待我审核, the e-mails and the release check all ask this.
    """
    if user_id in authors:
        return _("You submitted or wrote content of this submission: someone else must review it.")
    if signed_another_step:
        return _("You already signed another step of this route: two steps need two different people.")
    return None


def submission_authors(workflow_state_ids):
    """``{workflow state id: ids of everyone who wrote content of the page during that submission}``.

    The submitter, and the author of every revision of the page saved since
    the first revision the submission reviewed — edits made during review
    included, by whoever made them. Two queries for any number of submissions.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Revision, TaskState

    Page = swapper.load_model("wagtailcore", "Page")
    starts = {}  # workflow state id: (page id, submitter id, first reviewed revision's time)
    for state_id, page_id, submitter, created in TaskState.objects.filter(
        workflow_state_id__in=workflow_state_ids
    ).values_list(
        "workflow_state_id",
        "workflow_state__object_id",
        "workflow_state__requested_by_id",
        "revision__created_at",
    ):
        known = starts.get(state_id)
        if known is None or (created is not None and (known[2] is None or created < known[2])):
            starts[state_id] = (page_id, submitter, created)
    authors = {state_id: {submitter} - {None} for state_id, (_page, submitter, _start) in starts.items()}
    earliest = min((start for _page, _sub, start in starts.values() if start is not None), default=None)
    if earliest is None:
        return authors
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in={page for page, _sub, _start in starts.values()},
        created_at__gte=earliest,
    ).values_list("object_id", "user_id", "created_at")
    for page_id, user_id, created in revisions:
        for state_id, (page, _sub, start) in starts.items():
            if page == page_id and start is not None and created >= start and user_id is not None:
                authors[state_id].add(user_id)
    return authors
