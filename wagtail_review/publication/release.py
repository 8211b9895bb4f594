"""Completing a route releases exactly the revision it approved (Art. 9).

``publish_approved_revision`` is the ``WAGTAIL_FINISH_WORKFLOW_ACTION``: it
checks that every step of the route carries an approving signature on one and
the same revision, by distinct people other than the submitter, records a
``ReleaseApproval`` for that revision and publishes it. No user needs a
standing publish right for this, and the publish guard (``guard.py``) lets
through only revisions that carry a release approval.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .content import revision_content_hash

# Wagtail imports the finish action while wagtail.models is still loading
# (WorkflowState.on_finish), so models are imported inside the functions.

logger = logging.getLogger(__name__)


class RouteIncomplete(PermissionDenied):
    pass


def approved_revision(workflow_state):
    """The revision every step of the route signed, or raise RouteIncomplete saying what is missing."""
    from wagtail.models import TaskState

    from ..routing.signatures import Signature

    revision = workflow_state.current_task_state.revision if workflow_state.current_task_state else None
    if revision is None:
        raise RouteIncomplete(_("The route has no revision to release."))
    latest = workflow_state.content_object.get_latest_revision()
    if latest is None or latest.pk != revision.pk:
        raise RouteIncomplete(
            _("The page was changed after it was approved: the new version needs its own review.")
        )
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
        signers.append(signature.signer_id)
    if len(set(signers)) != len(signers) or workflow_state.requested_by_id in signers:
        raise RouteIncomplete(_("A route needs distinct signers who did not submit the information."))
    return revision


@transaction.atomic
def finish_workflow(workflow_state, user=None):
    from ..routing.routes import SourceType
    from .models import ReleaseApproval

    revision = approved_revision(workflow_state)
    page = revision.as_object()
    ReleaseApproval.objects.get_or_create(
        revision=revision,
        defaults={
            "workflow_state": workflow_state,
            "source_type": getattr(page, "effective_source_type", SourceType.WEBSITE),
            "content_hash": revision_content_hash(revision),
        },
    )
    # A go-live date in the future is honoured: Wagtail schedules the approved
    # revision and publish_scheduled releases it later through the same guard.
    revision.publish(user=user, skip_permission_checks=True)
    logger.info(
        "Released page %s revision %s after route %s", page.pk, revision.pk, workflow_state.workflow_id
    )
