"""Where a page stands on its review route: steps, who may sign each, and signatures so far."""

from dataclasses import dataclass, field

from .models import Role, Route, Signature, SourceType


@dataclass(frozen=True)
class Step:
    name: str
    unit: object
    role_label: str
    approvers: list
    status: str
    signatures: list = field(default_factory=list)


@dataclass(frozen=True)
class ReviewProgress:
    source_type_label: str
    route: object
    workflow_state: object
    steps: list
    signatures: list


def review_progress(page, workflow_state=None):
    """The route of ``page`` and, if it has been submitted, its progress (the latest submission by default)."""
    if not getattr(page, "pk", None):
        return None
    from .ownership import unit_for_page

    route = Route.objects.select_related("workflow").filter(source_type=page.effective_source_type).first()
    if workflow_state is None:
        workflow_state = page.workflow_states.order_by("-created_at").first()
    signatures = []
    latest_by_task = {}
    if workflow_state is not None:
        signatures = list(
            Signature.objects.filter(workflow_state=workflow_state).select_related(
                "signer", "unit", "task_state"
            )
        )
        for task_state in workflow_state.task_states.order_by("started_at", "pk"):
            latest_by_task[task_state.task_id] = task_state
    workflow = workflow_state.workflow if workflow_state else (route.workflow if route else None)
    steps = []
    if workflow is not None:
        page_unit = unit_for_page(page)
        for workflow_task in workflow.workflow_tasks.select_related("task").order_by("sort_order"):
            task = workflow_task.task.specific
            unit, role = (
                task.required_unit_and_role(page_unit)
                if hasattr(task, "required_unit_and_role")
                else (None, "")
            )
            task_state = latest_by_task.get(task.pk)
            steps.append(
                Step(
                    name=task.name,
                    unit=unit,
                    role_label=Role(role).label if role else "",
                    approvers=list(task.approvers(page)) if hasattr(task, "approvers") else [],
                    status=task_state.get_status_display() if task_state else "",
                    signatures=[s for s in signatures if s.task_state.task_id == task.pk],
                )
            )
    return ReviewProgress(
        source_type_label=SourceType(page.effective_source_type).label,
        route=route,
        workflow_state=workflow_state,
        steps=steps,
        signatures=signatures,
    )
