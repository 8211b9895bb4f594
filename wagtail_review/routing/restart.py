"""An edit during review restarts the route at its first step, for the new revision (Art. 9).

Signatures are given to one exact revision; a page changed while it waits
for them must be reviewed again as it now is, from the beginning.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import TaskState, WorkflowState

from ..notices import tell
from .selection import review_route_workflow


def restart_route_after_edit(page):
    """Called once ``page`` has a new latest revision: restart its route if one is under way on an older one.

    If the new version takes another route (its source type changed, say),
    the submission is cancelled and started again on the route that fits.
    """
    workflow_state = page.current_workflow_state
    if workflow_state is None:
        return
    fitting = review_route_workflow(page)
    if fitting is not None and fitting.pk != workflow_state.workflow_id:
        move_to_fitting_route(page, workflow_state, fitting)
        return
    if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.revision_id == page.latest_revision_id:
        return
    first = workflow_state.workflow.workflow_tasks.select_related("task").order_by("sort_order").first().task
    task_state.status = TaskState.STATUS_CANCELLED
    task_state.finished_at = timezone.now()
    task_state.comment = gettext("Restarted: the page was changed during review.")
    task_state.save(update_fields=["status", "finished_at", "comment"])
    workflow_state.current_task_state = first.specific.start(workflow_state, user=page.latest_revision.user)
    workflow_state.save(update_fields=["current_task_state"])


def move_to_fitting_route(page, workflow_state, route_workflow):
    """Cancel a submission whose route no longer fits the page's latest version and start the one that does."""
    user = page.latest_revision.user
    workflow_state.cancel(user=user)
    try:
        route_workflow.start(page, user)
    except ValidationError:
        tell(
            gettext(
                "The source type changed, so the submission was withdrawn: complete the review form and submit."
            )
        )
        return
    tell(
        gettext("The source type changed: the submission restarted on the route “%(route)s”.")
        % {"route": route_workflow.name}
    )
