"""What awaits a person's signature: the rows of the listing and the dashboard panel."""

from dataclasses import dataclass

from wagtail.models import TaskState

from .tasks import moderatable_steps


@dataclass(frozen=True)
class AwaitingItem:
    task_state: object
    page_id: int
    title: str
    unit: object

    @property
    def workflow_state(self):
        return self.task_state.workflow_state


def awaiting_review(user, limit=None):
    """Steps ``user`` may sign now, oldest submission first. A fixed number of queries."""
    steps = {step.task_state_id: step for step in moderatable_steps(user)}
    if not steps:
        return []
    states = (
        TaskState.objects.filter(pk__in=steps)
        .select_related("task", "revision", "workflow_state__workflow", "workflow_state__requested_by")
        .order_by("workflow_state__created_at", "pk")
    )
    if limit:
        states = states[:limit]
    return [
        AwaitingItem(
            task_state=state,
            page_id=steps[state.pk].page_id,
            # The title as submitted, which is what the signer is asked to approve.
            title=state.revision.object_str if state.revision else "",
            unit=steps[state.pk].unit,
        )
        for state in states
    ]
