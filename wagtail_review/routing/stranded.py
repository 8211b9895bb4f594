"""A step nobody can sign is never reached silently.

When a route reaches a step (a submission, a resubmission, or a restart after
an edit) and nobody may sign it — nobody holds the role, or everyone who does
wrote part of the submission or signed an earlier step — the information
centre's website administrators are told by e-mail, the route panel says so,
and the log records it. They resolve it: a second signer in the unit, or the
page returned to its editor.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.models import TaskState

logger = logging.getLogger("wagtail_review.routing")


def stranded_reason(task_state):
    """Why nobody can sign ``task_state`` now, or None if someone can (or it is not a role step in progress)."""
    from .services import eligible_signers
    from .tasks import RoleApprovalTask

    task = task_state.task.specific
    if not isinstance(task, RoleApprovalTask) or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    if eligible_signers(task_state):
        return None
    page = task_state.workflow_state.content_object
    if not task.approvers(page).exists():
        return _("Nobody holds the role this step needs in the unit that signs it.")
    return _(
        "Everyone who holds the role this step needs wrote part of this submission or signed an earlier "
        "step of it, and nobody signs what they wrote."
    )


def flag_if_stranded(sender, instance, **kwargs):
    """``task_submitted`` receiver: tell the information centre, once committed, about a step nobody can sign."""
    reason = stranded_reason(instance.specific)
    if reason is None:
        return
    logger.warning(
        "Review step %s of %s cannot be signed by anyone: %s", instance.pk, instance.workflow_state, reason
    )
    transaction.on_commit(lambda: send_stranded_notice.enqueue(instance.pk))


def information_centre_administrators():
    from ..organisation.memberships import Membership, Role

    return [
        membership.user
        for membership in Membership.objects.active()
        .filter(role=Role.WEB_ADMIN, user__is_active=True)
        .select_related("user")
        if membership.user.email
    ]


@task()
def send_stranded_notice(task_state_id):
    from ..organisation.people import person_name
    from ..organisation.sections import unit_for_page

    task_state = TaskState.objects.filter(pk=task_state_id).select_related("workflow_state", "task").first()
    if task_state is None:
        return 0
    people = information_centre_administrators()
    if not people:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        # Read again when sending: someone may have become able to sign since the step began.
        reason = stranded_reason(task_state.specific)
        if reason is None:
            return 0
        page = task_state.workflow_state.content_object
        unit = unit_for_page(page)
        subject = _("Nobody can sign “%(title)s”") % {"title": page.get_admin_display_title()}
        body = _(
            "The review of “%(title)s” (%(unit)s) has reached the step “%(step)s”, submitted by %(submitter)s, "
            "and nobody can sign it: %(reason)s\n\nAdd a signer for that role in the unit, or return the page "
            "to its editor."
        ) % {
            "title": page.get_admin_display_title(),
            "unit": unit.name if unit else "—",
            "step": task_state.task.name,
            "submitter": person_name(task_state.workflow_state.requested_by),
            "reason": reason,
        }
    return send_mail(subject, body, None, sorted({person.email for person in people}))
