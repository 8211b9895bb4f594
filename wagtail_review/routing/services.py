"""The review routes as plain functions, for code that is not the page editor (Art. 8-10).

* ``fill_review_form(page, **values)`` — the submitter's 审查表, on the page in memory;
* ``submit(page, user)`` — save the page as a new revision by ``user`` and start its route;
* ``eligible_signers(task_state)`` — who may sign a step now;
* ``sign(task_state, user, answers=..., approve=True, comment="")`` — sign it.

They go through the same task layer as the admin (``RoleApprovalTask``), so
every rule — a complete form, separation of duties, the nine points — holds
here too. Used by the demo loader, the tests and the benchmarks.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import ReviewRefusal
from ..review_form.models import RELATION_NAME, review_form_of


def fill_review_form(page, **values):
    """Set fields of ``page``'s review form (``source_type``, ``point_1`` …) on the page in memory.

    Saved with the page's next revision, like any other content.
    """
    form = review_form_of(page)
    for name, value in values.items():
        setattr(form, name, value)
    setattr(page, RELATION_NAME, [form])
    return form


@transaction.atomic
def submit(page, user):
    """Save ``page`` as a new revision by ``user`` and submit it to the route of its source type.

    Returns the WorkflowState. Raises ``ValidationError`` when the review form
    is incomplete and ``ReviewRefusal`` when no route is configured.
    """
    page.save_revision(user=user)
    workflow = page.get_workflow()
    if workflow is None:
        raise ReviewRefusal(
            _("No review route is configured for “%(title)s”: it cannot be submitted.")
            % {"title": page.title}
        )
    return workflow.start(page, user)


def eligible_signers(task_state):
    """The people who may sign ``task_state`` now, separation of duties applied, by username."""
    task = task_state.task.specific
    page = task_state.workflow_state.content_object
    return [
        user
        for user in task.approvers(page).order_by("username")
        if task.refusal_reason(task_state, user) is None
    ]


def sign(task_state, user, *, answers, approve=True, comment="", false_alarm_reason=""):
    """``user`` approves (or returns, with ``comment`` as the reason) the step ``task_state``.

    ``answers``: {``point_1``: "yes" | "no", …}, all nine review points;
    ``false_alarm_reason``: why the scanner's serious findings are false alarms, if it found any.
    Raises ``ActionRefused`` with the reason when the task layer refuses.
    """
    task = task_state.task.specific
    extra = {"false_alarm_reason": false_alarm_reason} if false_alarm_reason else {}
    task.on_action(task_state, user, "approve" if approve else "reject", comment=comment, **answers, **extra)
