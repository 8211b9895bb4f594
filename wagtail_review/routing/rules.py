"""Who may see a page's review records (Art. 8, 13)."""

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
