"""The receivers wagtail_review connects, each to the senders it concerns (``register_signal_handlers``).

* Provisioned groups follow units, memberships, sections and people.
* The publish guard and the ledger watch every page model's saves.
* An edit during review restarts the route; approvers get Wagtail's e-mail.
* A take-down is told to the unit by e-mail.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from modelcluster.models import get_all_child_m2m_relations
from taggit.models import Tag
from wagtail.models import (
    PageViewRestriction,
    Revision,
    TaskState,
    Workflow,
    WorkflowTask,
    get_page_models,
)
from wagtail.signals import pre_page_move, task_submitted

from . import sanitising
from .organisation import accounts, governance, provisioning
from .organisation.memberships import SIGNING_ROLES, Membership
from .organisation.sections import SectionOwnership
from .organisation.units import Unit
from .publication import guard, media, purge, release, take_down_notice
from .publication.ledger import record_page_change
from .publication.models import ReleaseApproval
from .routing import notifications, route_changes, stranded
from .routing.restart import restart_route_after_edit
from .routing.routes import Route
from .routing.tasks import RoleApprovalTask
from .scanning import live
from .scanning.lexicons import LEXICON_MODELS, LexiconVersion
from .signals import ledger_appended, page_taken_down

# --- Provisioned groups --------------------------------------------------------


def _sync_units(*unit_ids):
    for unit in Unit.objects.filter(pk__in={pk for pk in unit_ids if pk}):
        provisioning.sync_unit(unit)


def guard_membership(sender, instance, raw=False, **kwargs):
    if not raw:
        governance.check_membership_save(instance)


def guard_unit(sender, instance, raw=False, **kwargs):
    if not raw:
        governance.check_unit_save(instance)


def register_role_removal(sender, instance, **kwargs):
    if instance.role in SIGNING_ROLES and instance.confirmed_at is not None:
        governance.record_governance(instance, granted=False, actor=governance.acting_user(instance))


def guard_route(sender, instance, raw=False, **kwargs):
    if not raw:
        route_changes.check_route_save(instance)


def guard_route_delete(sender, instance, **kwargs):
    route_changes.check_route_delete(instance)


def guard_workflow_step(sender, instance, raw=False, **kwargs):
    if not raw:
        route_changes.check_workflow_task_save(instance)


def guard_workflow_step_delete(sender, instance, **kwargs):
    route_changes.check_workflow_step_change(instance.workflow_id)


def guard_task(sender, instance, raw=False, **kwargs):
    if not raw:
        route_changes.check_task_change(instance)


def guard_workflow(sender, instance, raw=False, **kwargs):
    if not raw:
        route_changes.check_workflow_save(instance)


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


def guard_account(sender, instance, raw=False, **kwargs):
    if not raw:
        accounts.check_account_save(instance)


def guard_group_membership(sender, instance, action, **kwargs):
    accounts.check_group_change(action)


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
SAVE_CHECK = "_wagtail_review_save_check"


def guard_page_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """pre_save: refuse a save that would show the public unapproved content (guard.check_page_save)."""
    # raw: fixture loading (loaddata, test database restores) writes rows as
    # given, like SQL; verify_ledger and the serve-time check cover those.
    if raw:
        return
    check = guard.check_page_save(instance, update_fields=update_fields)
    if check is not None:
        instance.__dict__[SAVE_CHECK] = check


def register_page_change(sender, instance, raw=False, **kwargs):
    """post_save: a change of what the public sees goes into the ledger, in the page save's transaction."""
    check = instance.__dict__.pop(SAVE_CHECK, None)
    if check is None:
        return
    if instance.live:
        # modelcluster commits the page's child rows right after this: they are the ones checked.
        guard.expect_child_writes(instance)
    record_page_change(instance, check)


def guard_page_delete(sender, instance, **kwargs):
    guard.check_page_delete(instance)


def guard_page_move(sender, instance, parent_page_after, **kwargs):
    guard.check_page_move(instance, parent_page_after)


def guard_file_change(sender, instance, raw=False, **kwargs):
    if not raw:
        media.check_file_change(instance)


def guard_file_delete(sender, instance, **kwargs):
    media.check_file_change(instance, deleting=True)


def guard_tag_rename(sender, instance, raw=False, **kwargs):
    if not raw:
        media.check_tag_rename(instance)


def guard_child_write(sender, instance, raw=False, **kwargs):
    if not raw:
        guard.check_child_write(instance, sender._meta.get_field(CHILD_PARENTAL_KEYS[sender]))


def guard_m2m_add(sender, instance, action, pk_set, reverse, model, **kwargs):
    if action == "pre_add" and not reverse:
        guard.check_m2m_add(instance, CHILD_M2M_FIELDS[sender], pk_set)


# {child model: name of its ParentalKey to a page}, {through model: parental many-to-many field name}
CHILD_PARENTAL_KEYS, CHILD_M2M_FIELDS = {}, {}


def guard_scheduling(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        guard.guard_revision_schedule(instance, update_fields=update_fields)


def guard_release_approval(sender, instance, raw=False, **kwargs):
    if not raw:
        release.check_release_approval_save(instance)


def guard_view_restriction(sender, instance, raw=False, **kwargs):
    if not raw:
        guard.check_view_restriction(instance)


def restart_route_on_new_revision(sender, instance, update_fields=None, **kwargs):
    # save_revision ends by saving the page with latest_revision among the
    # updated fields: that is the moment the new revision is in place.
    if update_fields and "latest_revision" in update_fields:
        restart_route_after_edit(instance)


def register_signal_handlers():
    uid = "wagtail_review"
    # Every page revision's HTML is cleaned as it is stored: what the public reads comes from revisions.
    pre_save.connect(sanitising.sanitise_revision, sender=Revision, dispatch_uid=f"{uid}_sanitise_revision")
    for sender in LEXICON_MODELS:
        # A lexicon change takes effect at the next scan in every process (the matcher is built per version).
        post_save.connect(LexiconVersion.bump, sender=sender, dispatch_uid=f"{uid}_{sender.__name__}_saved")
        post_delete.connect(
            LexiconVersion.bump, sender=sender, dispatch_uid=f"{uid}_{sender.__name__}_deleted"
        )
        # …and the live site is scanned again with it.
        for signal, event in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                live.rescan_everything_after_lexicon_change,
                sender=sender,
                dispatch_uid=f"{uid}_{sender.__name__}_{event}_rescan",
            )
    ledger_appended.connect(live.rescan_registered_page, dispatch_uid=f"{uid}_rescan_registered_page")
    # …and front-end caches forget it (publication/purge.py).
    ledger_appended.connect(purge.purge_after_commit, dispatch_uid=f"{uid}_purge_after_commit")
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
    pre_save.connect(guard_membership, sender=Membership, dispatch_uid=f"{uid}_guard_membership")
    # Routes, and the workflows and steps they use, change by two people (routing.route_changes).
    pre_save.connect(guard_route, sender=Route, dispatch_uid=f"{uid}_guard_route")
    pre_delete.connect(guard_route_delete, sender=Route, dispatch_uid=f"{uid}_guard_route_delete")
    pre_save.connect(guard_workflow_step, sender=WorkflowTask, dispatch_uid=f"{uid}_guard_workflow_step")
    pre_delete.connect(
        guard_workflow_step_delete, sender=WorkflowTask, dispatch_uid=f"{uid}_guard_workflow_step_delete"
    )
    pre_save.connect(guard_task, sender=RoleApprovalTask, dispatch_uid=f"{uid}_guard_task")
    pre_save.connect(guard_workflow, sender=Workflow, dispatch_uid=f"{uid}_guard_workflow")
    post_delete.connect(register_role_removal, sender=Membership, dispatch_uid=f"{uid}_role_removed")
    pre_save.connect(guard_unit, sender=Unit, dispatch_uid=f"{uid}_guard_unit")
    post_save.connect(unit_saved, sender=Unit, dispatch_uid=f"{uid}_unit_saved")
    post_delete.connect(unit_deleted, sender=Unit, dispatch_uid=f"{uid}_unit_deleted")
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid=f"{uid}_user_saved")
    pre_save.connect(guard_account, sender=get_user_model(), dispatch_uid=f"{uid}_guard_account")
    if hasattr(get_user_model(), "groups"):
        m2m_changed.connect(
            guard_group_membership,
            sender=get_user_model().groups.through,
            dispatch_uid=f"{uid}_guard_group_membership",
        )

    # Django sends a model's save signals with the saved class as sender, so
    # the page receivers are connected to each page model of the site.
    for page_model in get_page_models():
        label = page_model._meta.label_lower
        pre_save.connect(guard_page_save, sender=page_model, dispatch_uid=f"{uid}_guard_{label}")
        post_save.connect(register_page_change, sender=page_model, dispatch_uid=f"{uid}_ledger_{label}")
        pre_delete.connect(guard_page_delete, sender=page_model, dispatch_uid=f"{uid}_guard_delete_{label}")
        post_save.connect(
            restart_route_on_new_revision, sender=page_model, dispatch_uid=f"{uid}_restart_{label}"
        )
        # The rows that travel with a page (inline children, tags, parental many-to-many).
        for relation in guard.guarded_child_relations(page_model):
            child = relation.related_model
            CHILD_PARENTAL_KEYS[child] = relation.field.name
            pre_save.connect(
                guard_child_write, sender=child, dispatch_uid=f"{uid}_child_{child._meta.label_lower}"
            )
        for field in get_all_child_m2m_relations(page_model):
            through = field.remote_field.through
            CHILD_M2M_FIELDS[through] = field.name
            m2m_changed.connect(
                guard_m2m_add, sender=through, dispatch_uid=f"{uid}_m2m_{through._meta.label_lower}"
            )
    pre_save.connect(guard_scheduling, sender=Revision, dispatch_uid=f"{uid}_guard_scheduling")
    pre_page_move.connect(guard_page_move, dispatch_uid=f"{uid}_guard_move")
    pre_save.connect(guard_release_approval, sender=ReleaseApproval, dispatch_uid=f"{uid}_guard_approval")
    pre_save.connect(
        guard_view_restriction, sender=PageViewRestriction, dispatch_uid=f"{uid}_guard_view_restriction"
    )
    # Pictures and files a live page shows, and the tags it shows (Art. 3).
    for file_model in media.file_models():
        label = file_model._meta.label_lower
        pre_save.connect(guard_file_change, sender=file_model, dispatch_uid=f"{uid}_guard_file_{label}")
        pre_delete.connect(
            guard_file_delete, sender=file_model, dispatch_uid=f"{uid}_guard_file_delete_{label}"
        )
    pre_save.connect(guard_tag_rename, sender=Tag, dispatch_uid=f"{uid}_guard_tag_rename")
    page_taken_down.connect(take_down_notice.notify_unit_of_take_down, dispatch_uid=f"{uid}_take_down_notice")
    task_submitted.connect(stranded.flag_if_stranded, sender=TaskState, dispatch_uid=f"{uid}_stranded_step")
    task_submitted.connect(
        notifications.submission_notifier,
        sender=TaskState,
        dispatch_uid=f"{uid}_role_approval_task_submitted_email",
    )
