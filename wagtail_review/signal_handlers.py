"""Signal receivers: provisioned groups follow units and memberships; the publish guard and the ledger;
route restarts; approvers' e-mails."""

import swapper
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Revision, TaskState, WorkflowState
from wagtail.signals import task_submitted

from .organisation import provisioning
from .organisation.memberships import Membership
from .organisation.sections import SectionOwnership
from .organisation.units import Unit
from .publication import guard
from .publication.ledger import records as ledger
from .routing import notifications


def _sync_units(*unit_ids):
    for unit in Unit.objects.filter(pk__in={pk for pk in unit_ids if pk}):
        provisioning.sync_unit(unit)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    _sync_units(instance.unit_id, getattr(instance, "_loaded_unit_id", None))
    provisioning.sync_site_groups()
    instance._loaded_unit_id = instance.unit_id


@receiver(post_save, sender=SectionOwnership)
@receiver(post_delete, sender=SectionOwnership)
def section_changed(sender, instance, **kwargs):
    _sync_units(instance.unit_id, getattr(instance, "_loaded_unit_id", None))
    instance._loaded_unit_id = instance.unit_id


@receiver(post_save, sender=Unit)
def unit_saved(sender, instance, **kwargs):
    # Renames the editors group and withdraws rights when a unit is deactivated.
    provisioning.sync_unit(instance)
    provisioning.sync_site_groups()


@receiver(post_delete, sender=Unit)
def unit_deleted(sender, instance, **kwargs):
    provisioning.remove_unit_groups(instance.pk)


@receiver(post_save, sender=get_user_model())
def user_saved(sender, instance, created, update_fields=None, **kwargs):
    # Deactivating a person withdraws every provisioned right at once. Only
    # relevant when is_active may have changed; login updates last_login only.
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    unit_ids = set(instance.review_memberships.values_list("unit_id", flat=True))
    if unit_ids:
        _sync_units(*unit_ids)
        provisioning.sync_site_groups()


# --- Review routes ------------------------------------------------------------


@receiver(pre_save)
def guard_publication(sender, instance, **kwargs):
    if isinstance(instance, swapper.load_model("wagtailcore", "Page")):
        guard.guard_page_save(sender, instance, **kwargs)


@receiver(post_save)
def register_publication(sender, instance, **kwargs):
    """post_save: a change of what the public sees goes into the ledger, in the page save's transaction.

    A save that keeps the page live on the same revision must not have changed
    its content (guard.check_live_content_unchanged).
    """
    if not hasattr(instance, "_review_live_before"):
        return
    before = instance.__dict__.pop("_review_live_before")
    if (
        before
        and before["live"]
        and instance.live
        and before["live_revision_id"] == instance.live_revision_id
    ):
        guard.check_live_content_unchanged(instance)
    else:
        ledger.record_page_change(instance, before)


@receiver(pre_save, sender=Revision)
def guard_scheduling(sender, instance, raw=False, **kwargs):
    if not raw:
        guard.guard_revision_schedule(sender, instance, **kwargs)


@receiver(post_save)
def restart_route_on_new_revision(sender, instance, update_fields=None, **kwargs):
    """An edit during review restarts the route at its first step, for the new revision (Art. 9).

    ``save_revision`` ends by saving the page with ``latest_revision`` among
    the updated fields; that is the moment the new revision is in place.
    """
    if not update_fields or "latest_revision" not in update_fields:
        return
    if not isinstance(instance, swapper.load_model("wagtailcore", "Page")):
        return
    workflow_state = instance.current_workflow_state
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.revision_id == instance.latest_revision_id:
        return
    first = workflow_state.workflow.workflow_tasks.select_related("task").order_by("sort_order").first().task
    task_state.status = TaskState.STATUS_CANCELLED
    task_state.finished_at = timezone.now()
    task_state.comment = gettext("Restarted: the page was changed during review.")
    task_state.save(update_fields=["status", "finished_at", "comment"])
    workflow_state.current_task_state = first.specific.start(
        workflow_state, user=instance.latest_revision.user
    )
    workflow_state.save(update_fields=["current_task_state"])


task_submitted.connect(
    notifications.submission_notifier,
    sender=TaskState,
    dispatch_uid="wagtail_review_role_approval_task_submitted_email",
)
