"""Who may see a page's review records and who may take a page down.

Rules live here, not in templates, so views, menus and code share one answer.
"""

from .models import Membership, Role, UnitKind
from .ownership import unit_for_page

# Roles that answer for a unit's information once it is out (Art. 16).
TAKE_DOWN_ROLES = (Role.REVIEWER, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)
SITE_ROLES = (Role.WEB_ADMIN, Role.SITE_LEADER)


def _family(unit):
    """A unit with its parent (for internal organs): both answer for the organ's pages."""
    return {u.pk for u in (unit, unit.parent if unit and unit.parent_id else None) if u is not None}


def is_site_administrator(user):
    return user.is_active and (
        user.is_superuser
        or Membership.objects.active()
        .filter(user=user, role__in=SITE_ROLES, unit__kind=UnitKind.INFO_CENTER)
        .exists()
    )


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
        unit is not None and Membership.objects.active().filter(user=user, unit_id__in=_family(unit)).exists()
    )


def can_take_down(user, page):
    """Reviewers and leaders of the page's unit, and the website's administrators (Art. 16)."""
    if not user.is_active:
        return False
    if is_site_administrator(user):
        return True
    unit = unit_for_page(page)
    return (
        unit is not None
        and Membership.objects.active()
        .filter(user=user, unit_id__in=_family(unit), role__in=TAKE_DOWN_ROLES)
        .exists()
    )
