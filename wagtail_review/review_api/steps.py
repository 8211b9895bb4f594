"""What the review API shows of a review step: the same records the admin shows a signer, as JSON."""

import swapper
from django.http import Http404
from wagtail.models import TaskState, WorkflowState

from ..organisation.people import person_name
from ..review_form.checklist import REVIEW_POINTS, passing_answers
from ..review_form.models import review_form_of_revision
from ..routing.queue import awaiting_review
from ..routing.routes import SourceType
from ..routing.rules import can_view_review_records, second_factor_refusal
from ..routing.signatures import Signature
from ..routing.tasks import RoleApprovalTask, _is_sensitive
from ..scanning.pages import scan_revision

POINT_FIELDS = [point.field_name for point in REVIEW_POINTS]
DOCUMENT_FIELDS = ("doc_number", "issuing_authority", "date_written", "date_issued")


def awaiting(user):
    """待我审核 as JSON rows, oldest submission first (``routing.queue.awaiting_review``)."""
    return [
        {
            "id": item.task_state.pk,
            "page_id": item.page_id,
            "title": item.title,
            "unit": item.unit.name if item.unit else None,
            "step": item.task_state.task.name,
            "route": item.workflow_state.workflow.name,
            "submitted_by": person_name(item.workflow_state.requested_by),
            "submitted_at": item.workflow_state.created_at.isoformat(),
            "waiting_since": item.task_state.started_at.isoformat(),
        }
        for item in awaiting_review(user)
    ]


def step_for_reader(user, step_id):
    """``(task_state, page)`` of review step ``step_id`` if ``user`` may see its records; else 404.

    The same rule as the admin's review records (``can_view_review_records``): a
    step of another unit is "not found", so its existence is not told either.
    """
    task_state = (
        TaskState.objects.filter(pk=step_id)
        .select_related("task", "revision", "workflow_state__workflow", "workflow_state__requested_by")
        .first()
    )
    if task_state is None or not isinstance(task_state.task.specific, RoleApprovalTask):
        raise Http404
    page = task_state.workflow_state.content_object
    Page = swapper.load_model("wagtailcore", "Page")
    # A route may also review snippets on a foreign site; this API signs pages.
    if not isinstance(page, Page) or not can_view_review_records(
        user, page.specific, task_state.workflow_state
    ):
        raise Http404
    return task_state.specific, page.specific


def page_or_404(page_id):
    Page = swapper.load_model("wagtailcore", "Page")
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page.specific


def as_signer_sees_it(request, task_state, page):
    revision = task_state.revision
    form = review_form_of_revision(revision)
    sensitive = _is_sensitive(page, revision)
    refusal = task_state.task.specific.refusal_reason(task_state, request.user) or second_factor_refusal(
        request.user
    )
    findings = scan_revision(revision)
    return {
        "id": task_state.pk,
        "status": task_state.status,
        "step": task_state.task.name,
        "route": task_state.workflow_state.workflow.name,
        "page": {
            "id": page.pk,
            "title": revision.object_str,
            "type": str(page.specific_class._meta.verbose_name),
            "live_url": page.full_url if page.live else None,
        },
        "revision": revision.pk,
        "submitted_by": person_name(task_state.workflow_state.requested_by),
        "submitted_at": task_state.workflow_state.created_at.isoformat(),
        "can_sign": refusal is None,
        "refusal": str(refusal) if refusal else None,
        "sensitive_route": sensitive,
        "review_form": {
            "source_type": form.effective_source_type,
            "source_type_label": str(SourceType(form.effective_source_type).label),
            **{name: _plain(getattr(form, name)) for name in DOCUMENT_FIELDS},
            "note": form.note,
            "answers": form.answers,
        },
        "points": [
            {
                "field": point.field_name,
                "number": point.number,
                "question": str(point.question),
                "passing_answer": passing_answers(sensitive)[point.field_name],
            }
            for point in REVIEW_POINTS
        ],
        "findings": [
            {
                "kind": finding.kind,
                "kind_label": str(finding.kind_label),
                "severity": finding.severity,
                "serious": finding.is_serious,
                "field": finding.field,
                "text": finding.text,
                "context": finding.context,
                "suggestion": finding.suggestion,
            }
            for finding in findings
        ],
        "html": _rendered(request, revision),
        "diff": _diff(request, page, revision),
    }


def outcome(task_state, decision, notices):
    """What a signature led to: the route's state, the next step if any, and what the person was told."""
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    current = workflow_state.current_task_state if workflow_state.status == "in_progress" else None
    return {
        "decision": decision,
        "route_status": workflow_state.status,
        "released": workflow_state.status == WorkflowState.STATUS_APPROVED,
        "next_step": current.task.name if current else None,
        "notices": notices,
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _rendered(request, revision):
    """The revision as the public would see it, rendered by the site's own templates (a preview)."""
    page = revision.as_object()
    response = page.make_preview_request(request._request, page.default_preview_mode)
    if response.status_code != 200:
        return None
    return response.content.decode(response.charset or "utf-8")


def _diff(request, page, revision):
    """Field by field, what changed since the last version someone approved (Wagtail's comparison)."""
    earlier = (
        Signature.objects.filter(revision__in=page.revisions.all(), decision=Signature.APPROVE)
        .exclude(revision_number=revision.pk)
        .filter(revision__created_at__lt=revision.created_at)
        .select_related("revision")
        .order_by("-revision__created_at", "-pk")
        .first()
    )
    if earlier is None:
        return {"against_revision": None, "changes": []}
    panel = page.get_edit_handler().get_bound_panel(instance=page, request=request._request, form=None)
    a, b = earlier.revision.as_object(), revision.as_object()
    changes = []
    for comparison_class in panel.get_comparison():
        comparison = comparison_class(a, b)
        if comparison.has_changed():
            changes.extend(_field_changes(comparison))
    return {"against_revision": earlier.revision_number, "changes": changes}


def _field_changes(comparison):
    """``[{"field", "html"}]`` of one changed comparison; inline children (tags, links …) field by field,
    as Wagtail's own comparison template shows them."""
    label = str(comparison.field_label())
    if hasattr(comparison, "htmldiff"):
        return [{"field": label, "html": str(comparison.htmldiff())}]
    changes = []
    for number, child in enumerate(comparison.get_child_comparisons(), start=1):
        for field in child.get_field_comparisons():
            if child.is_addition() or child.is_deletion() or field.has_changed():
                changes.append(
                    {"field": f"{label} {number} · {field.field_label()}", "html": str(field.htmldiff())}
                )
    return changes
