"""Where a page stands on its review route: steps, who may sign each, and signatures so far."""

from dataclasses import dataclass, field

from ..organisation.memberships import Role
from .routes import Route, SourceType
from .signatures import Signature
from .stranded import stranded_reason


@dataclass(frozen=True)
class Step:
    task_id: int
    name: str
    unit: object
    role_label: str
    approvers: list
    # For the revision now under review: a restart leaves earlier rounds behind.
    status: str
    current_signatures: list = field(default_factory=list)
    # Every signature given on this step in this submission, earlier rounds included.
    signatures: list = field(default_factory=list)
    # Why nobody can sign this step now, when it is the current one and nobody can (routing.stranded).
    stranded: str = ""


@dataclass(frozen=True)
class ReviewProgress:
    source_type_label: str
    route: object
    workflow_state: object
    revision: object
    steps: list
    signatures: list


def revision_under_review(workflow_state, page):
    """The revision the route is on: that of its latest step (an edit during review restarts it on a new one)."""
    if workflow_state is not None:
        task_state = workflow_state.current_task_state or (
            workflow_state.task_states.order_by("-started_at", "-pk").select_related("revision").first()
        )
        if task_state is not None and task_state.revision_id:
            return task_state.revision
    return page.latest_revision


def review_progress(page, workflow_state=None, review_form=None):
    """The route of ``page`` and, if it has been submitted, its progress (the latest submission by default).

    ``review_form``: the form whose source type decides the route, if not the one ``page`` carries.
    """
    if not getattr(page, "pk", None):
        return None
    from ..organisation.sections import unit_for_page
    from ..review_form.models import review_form_of

    source_type = (review_form or review_form_of(page)).effective_source_type
    route = Route.objects.select_related("workflow").filter(source_type=source_type).first()
    if workflow_state is None:
        workflow_state = page.workflow_states.order_by("-created_at").first()
    revision = revision_under_review(workflow_state, page) if workflow_state else None
    signatures, status_by_task = [], {}
    if workflow_state is not None:
        signatures = list(
            Signature.objects.filter(workflow_state=workflow_state).select_related(
                "signer", "unit", "task_state"
            )
        )
        for task_state in workflow_state.task_states.filter(revision=revision).order_by("started_at", "pk"):
            status_by_task[task_state.task_id] = task_state.get_status_display()
    workflow = workflow_state.workflow if workflow_state else (route.workflow if route else None)
    steps = []
    if workflow is not None:
        page_unit = unit_for_page(page)
        for workflow_task in workflow.workflow_tasks.select_related("task").order_by("sort_order"):
            task = workflow_task.task.specific
            reviewed_by_role = hasattr(task, "required_unit_and_role")
            unit, role = task.required_unit_and_role(page_unit) if reviewed_by_role else (None, "")
            on_step = [s for s in signatures if s.task_state.task_id == task.pk]
            current = workflow_state.current_task_state if workflow_state is not None else None
            stranded = (
                stranded_reason(current.specific) or ""
                if current is not None and current.task_id == task.pk
                else ""
            )
            steps.append(
                Step(
                    task_id=task.pk,
                    name=task.name,
                    unit=unit,
                    role_label=Role(role).label if role else "",
                    approvers=list(task.approvers(page)) if reviewed_by_role else [],
                    status=status_by_task.get(task.pk, ""),
                    current_signatures=[s for s in on_step if revision and s.revision_number == revision.pk],
                    signatures=on_step,
                    stranded=stranded,
                )
            )
    return ReviewProgress(
        source_type_label=SourceType(source_type).label,
        route=route,
        workflow_state=workflow_state,
        revision=revision,
        steps=steps,
        signatures=signatures,
    )
