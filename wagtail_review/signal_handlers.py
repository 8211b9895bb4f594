"""The receivers wagtail_review connects, each to the senders it concerns (``register_signal_handlers``).

* Provisioned groups follow units, memberships, sections and people.
* The publish guard and the ledger watch every page model's saves.
* An edit during review restarts the route; approvers get Wagtail's e-mail.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Revision, TaskState, get_page_models
from wagtail.signals import task_submitted

from .organisation import provisioning
from .organisation.memberships import Membership
from .organisation.sections import SectionOwnership
from .organisation.units import Unit
from .publication import guard
from .publication.ledger import record_page_change
from .routing import notifications
from .routing.restart import restart_route_after_edit

# --- Provisioned groups --------------------------------------------------------


def _sync_units(*unit_ids):
    for unit in Unit.objects.filter(pk__in={pk for pk in unit_ids if pk}):
        provisioning.sync_unit(unit)


def membership_changed(sender, instance, **kwargs):
    _sync_units(instance.unit_id, getattr(instance, "_loaded_unit_id", None))
    provisioning.sync_site_groups()
    instance._loaded_unit_id = instance.unit_id


def section_changed(sender, instance, **kwargs):
    _sync_units(instance.unit_id, getattr(instance, "_loaded_unit_id", None))
    instance._loaded_unit_id = instance.unit_id


def unit_saved(sender, instance, **kwargs):
    # Renames the editors group and withdraws rights when a unit is deactivated.
    provisioning.sync_unit(instance)
    provisioning.sync_site_groups()


def unit_deleted(sender, instance, **kwargs):
    provisioning.remove_unit_groups(instance.pk)


def user_saved(sender, instance, created, update_fields=None, **kwargs):
    # Deactivating a person withdraws every provisioned right at once. Only
    # relevant when is_active may have changed; login updates last_login only.
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    unit_ids = set(instance.review_memberships.values_list("unit_id", flat=True))
    if unit_ids:
        _sync_units(*unit_ids)
        provisioning.sync_site_groups()


# --- Publication: the guard and the ledger -------------------------------------

# Set on the page instance by pre_save, read and removed by post_save.
LIVE_STATE_BEFORE = "_wagtail_review_live_before"


def guard_page_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """pre_save: refuse an unapproved revision going live; remember what was live for post_save."""
    # raw: fixture loading (loaddata, test database restores) writes rows as
    # given, like SQL; verify_ledger and the serve-time check cover those.
    if raw:
        return
    before = guard.guard_page_save(instance, update_fields=update_fields)
    if before is not None:
        instance.__dict__[LIVE_STATE_BEFORE] = before


def register_page_change(sender, instance, **kwargs):
    """post_save: a change of what the public sees goes into the ledger, in the page save's transaction.

    A save that keeps the page live on the same revision must not have changed
    its content (guard.check_live_content_unchanged).
    """
    before = instance.__dict__.pop(LIVE_STATE_BEFORE, None)
    if before is None:
        return
    if before.keeps_live_revision(instance):
        guard.check_live_content_unchanged(instance, before)
    else:
        record_page_change(instance, before)


def guard_scheduling(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        guard.guard_revision_schedule(instance, update_fields=update_fields)


def restart_route_on_new_revision(sender, instance, update_fields=None, **kwargs):
    # save_revision ends by saving the page with latest_revision among the
    # updated fields: that is the moment the new revision is in place.
    if update_fields and "latest_revision" in update_fields:
        restart_route_after_edit(instance)


def register_signal_handlers():
    uid = "wagtail_review"
    for sender in (Membership, SectionOwnership):
        post_save.connect(
            membership_changed if sender is Membership else section_changed,
            sender=sender,
            dispatch_uid=f"{uid}_{sender.__name__}_saved",
        )
        post_delete.connect(
            membership_changed if sender is Membership else section_changed,
            sender=sender,
            dispatch_uid=f"{uid}_{sender.__name__}_deleted",
        )
    post_save.connect(unit_saved, sender=Unit, dispatch_uid=f"{uid}_unit_saved")
    post_delete.connect(unit_deleted, sender=Unit, dispatch_uid=f"{uid}_unit_deleted")
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid=f"{uid}_user_saved")

    # Django sends a model's save signals with the saved class as sender, so
    # the page receivers are connected to each page model of the site.
    for page_model in get_page_models():
        label = page_model._meta.label_lower
        pre_save.connect(guard_page_save, sender=page_model, dispatch_uid=f"{uid}_guard_{label}")
        post_save.connect(register_page_change, sender=page_model, dispatch_uid=f"{uid}_ledger_{label}")
        post_save.connect(
            restart_route_on_new_revision, sender=page_model, dispatch_uid=f"{uid}_restart_{label}"
        )
    pre_save.connect(guard_scheduling, sender=Revision, dispatch_uid=f"{uid}_guard_scheduling")
    task_submitted.connect(
        notifications.submission_notifier,
        sender=TaskState,
        dispatch_uid=f"{uid}_role_approval_task_submitted_email",
    )
