"""Routes change by two people, on the record (Art. 9, 13).

A route's workflow and the units whose pages may take it change only
through a proposal (``propose_route_change``) that a second administrator
confirms (``confirm_route_change``); the confirmed change is a governance
entry in the ledger. The steps of a workflow a route uses are frozen: build
the new steps as another workflow in Wagtail's screens and propose pointing
the route at it. Guards on the Route, Workflow, WorkflowTask and task models
refuse any other way of changing them (``check_route_save`` and friends).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..exceptions import ReviewRefusal
from ..organisation.memberships import is_site_administrator
from .routes import Route, RouteChange

# The confirmation under way, which alone may change a route.
_confirming = ContextVar("wagtail_review_confirming_route_change", default=False)

ROUTE_FIELDS = ("source_type", "workflow_id", "unit_kinds")


class RouteChangeRefusal(ReviewRefusal):
    """A change of a route that the two-person rule does not allow."""


def propose_route_change(source_type, workflow, unit_kinds, proposed_by, description=""):
    if not is_site_administrator(proposed_by):
        raise RouteChangeRefusal(_("Only a superuser or an information-centre administrator can propose it."))
    return RouteChange.objects.create(
        source_type=source_type,
        workflow=workflow,
        unit_kinds=list(unit_kinds),
        description=description,
        proposed_by=proposed_by,
    )


@transaction.atomic
def confirm_route_change(change, confirmer):
    """A second administrator confirms ``change``: the route changes now, and the ledger says so."""
    change = RouteChange.objects.select_for_update().get(pk=change.pk)
    if change.confirmed_at is not None:
        return change
    if not is_site_administrator(confirmer) or confirmer.pk == change.proposed_by_id:
        raise RouteChangeRefusal(
            _("A route change is confirmed by a second administrator, not by who proposed it.")
        )
    with confirmed_change():
        route, _created = Route.objects.get_or_create(
            source_type=change.source_type, defaults={"workflow": change.workflow}
        )
        route.workflow, route.unit_kinds = change.workflow, change.unit_kinds
        if change.description:
            route.description = change.description
        route._history_user = confirmer
        route.save()
    change.confirmed_by, change.confirmed_at = confirmer, timezone.now()
    change.save(update_fields=["confirmed_by", "confirmed_at"])
    _record(change, confirmer)
    return change


@contextmanager
def confirmed_change():
    """Within: routes may be written. Only for a change two administrators agreed (``confirm_route_change``)."""
    token = _confirming.set(True)
    try:
        yield
    finally:
        _confirming.reset(token)


def _record(change, confirmer):
    from ..publication.ledger import is_enabled
    from ..publication.ledger.chain import append
    from ..publication.ledger.models import LedgerAction

    if not is_enabled():
        return
    with translation.override(settings.LANGUAGE_CODE):  # the register is one document, in one language
        title = f"{_('Route changed')}: {change.get_source_type_display()} → {change.workflow.name}"
    append(
        action=LedgerAction.GOVERNANCE,
        page_id=0,
        page_title=title,
        page_url="",
        page_type="",
        unit_id=None,
        unit_name="",
        section_page_id=None,
        source_type=change.source_type,
        route_name=change.workflow.name,
        revision_id=None,
        revision_content_hash="",
        live_content_hash="",
        workflow_state_id=None,
        submitted_by=change.proposed_by.get_username(),
        signatures=[],
        actor=confirmer.get_username(),
        reason=", ".join(change.unit_kinds),
    )


def check_route_save(route):
    """pre_save of a Route: only a confirmed change moves its workflow or its units."""
    if _confirming.get():
        return
    stored = Route.objects.filter(pk=route.pk).values(*ROUTE_FIELDS).first() if route.pk else None
    if stored is None or any(stored[name] != getattr(route, name) for name in ROUTE_FIELDS):
        raise RouteChangeRefusal(
            _("A route changes only when a second administrator confirms the proposed change (Art. 9).")
        )


def check_route_delete(route):
    """pre_delete of a Route: a source type does not lose its route behind the two-person rule."""
    if not _confirming.get():
        raise RouteChangeRefusal(
            _(
                "A route is not deleted: propose a change of it, which a second administrator confirms (Art. 9)."
            )
        )


def uses_route_workflow(workflow_id):
    return Route.objects.filter(workflow_id=workflow_id).exists()


def check_workflow_step_change(workflow_id):
    """pre_save / pre_delete of a workflow's step, or of a route workflow itself: frozen while a route uses it."""
    if workflow_id is not None and uses_route_workflow(workflow_id):
        raise RouteChangeRefusal(
            _(
                "A review route uses this workflow: its steps are fixed. Build the new steps as another "
                "workflow and propose pointing the route at it (审核程序)."
            )
        )


def check_workflow_task_save(workflow_task):
    """pre_save of a workflow step: adding, swapping or reordering steps of a route's workflow is refused."""
    from wagtail.models import WorkflowTask

    stored = (
        WorkflowTask.objects.filter(pk=workflow_task.pk)
        .values("workflow_id", "task_id", "sort_order")
        .first()
        if workflow_task.pk
        else None
    )
    current = {
        "workflow_id": workflow_task.workflow_id,
        "task_id": workflow_task.task_id,
        "sort_order": workflow_task.sort_order,
    }
    if stored != current:
        check_workflow_step_change(workflow_task.workflow_id)
        if stored is not None:
            check_workflow_step_change(stored["workflow_id"])


def check_task_change(task):
    """pre_save of a role approval task: frozen while a route's workflow uses it."""
    from wagtail.models import WorkflowTask

    if task.pk is None:
        return
    stored = type(task).objects.filter(pk=task.pk).values("role", "fixed_unit_kind", "active").first()
    if stored is None or (stored["role"], stored["fixed_unit_kind"], stored["active"]) == (
        task.role,
        task.fixed_unit_kind,
        task.active,
    ):
        return
    for workflow_id in WorkflowTask.objects.filter(task_id=task.pk).values_list("workflow_id", flat=True):
        check_workflow_step_change(workflow_id)


def check_workflow_save(workflow):
    """pre_save of a Workflow: a route's workflow is not switched off behind the routes' back."""
    from wagtail.models import Workflow

    if workflow.pk is None:
        return
    stored = Workflow.objects.filter(pk=workflow.pk).values("active").first()
    if stored is not None and stored["active"] != workflow.active:
        check_workflow_step_change(workflow.pk)
