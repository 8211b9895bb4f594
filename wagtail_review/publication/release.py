"""Completing a route releases exactly the revision it approved (Art. 9).

``finish_workflow`` is the ``WAGTAIL_FINISH_WORKFLOW_ACTION``. It governs only
the app's review routes on pages: it checks that every step of the route
carries an approving signature on one and the same revision, by distinct
people other than the submitter, records a ``ReleaseApproval`` for that
revision and publishes it. No user needs a standing publish right for this,
and the publish guard (``guard.py``) lets through only revisions that carry a
release approval. Workflows on snippets keep Wagtail's own behaviour; any
other workflow on a page cannot release it.
"""

import logging
from contextvars import ContextVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import RouteIncomplete, UnreviewedPublication

# Wagtail imports the finish action while wagtail.models is still loading
# (WorkflowState.on_finish), so this module imports models, and anything that
# imports them, inside its functions.

logger = logging.getLogger(__name__)

# The completed route being released, which alone writes release approvals.
_releasing = ContextVar("wagtail_review_releasing", default=None)


def finish_workflow(workflow_state, user=None):
    """Release what a review route approved; leave snippets' workflows to Wagtail."""
    import swapper
    from wagtail.workflows import publish_workflow_state

    from ..routing.routes import Route

    if not isinstance(workflow_state.content_object, swapper.load_model("wagtailcore", "Page")):
        return publish_workflow_state(workflow_state, user=user)
    if not Route.objects.filter(workflow_id=workflow_state.workflow_id).exists():
        raise UnreviewedPublication(
            _(
                "The workflow “%(workflow)s” is not a review route: it cannot release a page. Cancel it "
                "and submit the page for review (Art. 9)."
            )
            % {"workflow": workflow_state.workflow.name}
        )
    return release_approved_revision(workflow_state, user=user)


def approved_revision(workflow_state):
    """The revision every step of the route signed, or raise RouteIncomplete saying what is missing."""
    from wagtail.models import TaskState

    from ..organisation.sections import unit_for_page
    from ..routing.rules import submission_authors
    from ..routing.signatures import Signature
    from .content import revision_content_hash

    revision = workflow_state.current_task_state.revision if workflow_state.current_task_state else None
    if revision is None:
        raise RouteIncomplete(_("The route has no revision to release."))
    latest = workflow_state.content_object.get_latest_revision()
    if latest is None or latest.pk != revision.pk:
        raise RouteIncomplete(
            _("The page was changed after it was approved: the new version needs its own review.")
        )
    _check_route_fits(workflow_state, revision)
    page_unit = unit_for_page(workflow_state.content_object)
    content_hash = revision_content_hash(revision)
    signers = []
    for workflow_task in workflow_state.workflow.workflow_tasks.select_related("task").order_by("sort_order"):
        signature = (
            Signature.objects.filter(
                workflow_state=workflow_state,
                task_state__task_id=workflow_task.task_id,
                task_state__status=TaskState.STATUS_APPROVED,
                revision_number=revision.pk,
                decision=Signature.APPROVE,
            )
            .order_by("-signed_at")
            .first()
        )
        if signature is None:
            raise RouteIncomplete(
                _("Step “%(task)s” has no approving signature on this version.")
                % {"task": workflow_task.task.name}
            )
        if signature.content_hash != content_hash:
            raise RouteIncomplete(_("The approved content does not match what was signed."))
        _check_signed_for_this_page(workflow_task.task.specific, signature, page_unit)
        signers.append(signature.signer_id)
    authors = submission_authors([workflow_state.pk]).get(workflow_state.pk, set())
    if len(set(signers)) != len(signers) or authors & set(signers):
        raise RouteIncomplete(_("A route needs distinct signers who wrote none of the information."))
    return revision


def _check_signed_for_this_page(task, signature, page_unit):
    """Each step is signed in the role and unit it asks of the page as it stands now.

    A page moved to another unit's section during review, say, was signed by
    people who do not answer for it there.
    """
    if not hasattr(task, "required_unit_and_role"):
        return
    unit, role = task.required_unit_and_role(page_unit)
    if unit is None or (signature.unit_id, signature.role) != (unit.pk, role):
        raise RouteIncomplete(
            _("Step “%(task)s” was signed for another unit or role than the page now needs: submit it again.")
            % {"task": task.name}
        )


def _check_route_fits(workflow_state, revision):
    """The route that ran must be the one the approved version's source type and unit demand (Art. 9)."""
    from ..review_form.models import review_form_of_revision
    from ..routing.routes import Route

    form = review_form_of_revision(revision)
    route = Route.objects.filter(source_type=form.effective_source_type).first()
    if route is None or route.workflow_id != workflow_state.workflow_id or not route.allows(form.unit):
        raise RouteIncomplete(
            _(
                "This version's source type takes another route than the one it went through: it needs that route."
            )
        )


@transaction.atomic
def release_approved_revision(workflow_state, user=None):
    """Record the route's approval and publish what it approved (with, or held for, its joint-release partner)."""
    from ..notices import tell
    from . import joint_release

    revision = approved_revision(workflow_state)
    page = workflow_state.content_object.specific
    hold = joint_release.hold_reason(page, revision)
    held = [] if hold is not None else joint_release.interpretations_to_release(page)
    _record_approval(workflow_state, revision)
    if hold is not None:
        tell(hold)
        logger.info("Approved page %s revision %s, held for its policy document", page.pk, revision.pk)
        return
    go_live_at = revision.as_object().go_live_at
    if held and go_live_at and go_live_at > timezone.now():
        raise RouteIncomplete(
            _(
                "A policy document released together with its interpretation goes live at once: remove "
                "its go-live date and submit it again (Art. 9)."
            )
        )
    # A go-live date in the future is honoured: Wagtail schedules the approved
    # revision and publish_scheduled releases it later through the same guard.
    with joint_release.released_together(page, [interpretation for interpretation, _approval in held]):
        revision.publish(user=user, skip_permission_checks=True)
        for _interpretation, approval in held:
            approval.revision.publish(user=user, skip_permission_checks=True)
    logger.info(
        "Released page %s revision %s after route %s%s",
        page.pk,
        revision.pk,
        workflow_state.workflow_id,
        "".join(f", with interpretation {interpretation.pk}" for interpretation, _approval in held),
    )


def _record_approval(workflow_state, revision):
    from ..review_form.models import review_form_of_revision
    from .content import revision_content_hash
    from .ledger.chain import head
    from .models import ReleaseApproval

    token = _releasing.set(revision.pk)
    try:
        ReleaseApproval.objects.get_or_create(
            revision=revision,
            defaults={
                "workflow_state": workflow_state,
                "source_type": review_form_of_revision(revision).effective_source_type,
                "content_hash": revision_content_hash(revision),
                "ledger_sequence": head().count,
            },
        )
    finally:
        _releasing.reset(token)


def check_release_approval_save(approval):
    """pre_save of a ReleaseApproval: only a route completing writes one, for the revision it approved.

    The publish guard trusts an approval; one written by other code (the
    shell, a data fix) would release content nobody signed.
    """
    if _releasing.get() is None or _releasing.get() != approval.revision_id:
        raise UnreviewedPublication(
            _("A release approval is written only by a review route completing (Art. 9).")
        )
