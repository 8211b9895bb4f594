"""Keep Wagtail's own groups and subtree page permissions in step with units.

Memberships and section ownerships are the source of truth; the Wagtail
groups this module maintains are derived from them and rebuilt whenever one
changes, so an administrator never edits page permissions by hand:

* ``staff``: every member of an active unit may log in to the admin;
* ``editors:<unit>``: the unit's 信息员 may add and edit pages in the unit's
  sections (Art. 4) and nowhere else;
* ``system-admins``: the system administrators (系统管理员) keep units,
  section ownership and user accounts (Art. 2, 4, 7);
* ``security-admins``: the security administrators (安全管理员) grant,
  change and remove memberships (Art. 7);
* ``web-admins``: the website administrators (网站管理人员) keep routes,
  lexicons, and read take-downs, the ledger and the scans' findings
  (Art. 5, 9, 13, 16).

The three administrator duties are separate groups because 等保 2.0 asks
that no one person do two of them (三员分立, ``duties``); the audit
administrator needs no model permission here. The groups only say which
actions; each screen also asks the one function for its duty.

No provisioned group ever holds the page ``publish`` permission: in Wagtail
that right publishes past any workflow, and Art. 9 forbids publishing
without review.
"""

import swapper
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext

from ..models import (
    LedgerEntry,
    LinkCheck,
    LiveFinding,
    Membership,
    ProvisionedGroup,
    Role,
    Route,
    RouteChange,
    SectionOwnership,
    TakeDown,
    Unit,
    UnitKind,
)
from ..scanning.lexicons import LEXICON_MODELS

STAFF_KEY = "staff"
SYSTEM_ADMINS_KEY = "system-admins"
SECURITY_ADMINS_KEY = "security-admins"
WEB_ADMINS_KEY = "web-admins"
# One group once held the three groups' permissions together; ``sync_all`` removes it.
RETIRED_KEYS = ("unit-admins",)

# Page actions granted to a unit's editors on each of its sections.
EDITOR_PAGE_ACTIONS = ("add", "change")


def editors_key(unit_id):
    return f"editors:{unit_id}"


def _group(key, name):
    """The provisioned group for ``key``, created (or renamed) as needed."""
    provisioned = ProvisionedGroup.objects.select_related("group").filter(key=key).first()
    if provisioned is None:
        group, _ = Group.objects.get_or_create(name=_unique_group_name(name))
        provisioned = ProvisionedGroup.objects.create(key=key, group=group)
    elif provisioned.group.name != name and not Group.objects.filter(name=name).exists():
        provisioned.group.name = name
        provisioned.group.save(update_fields=["name"])
    return provisioned.group


def _unique_group_name(name):
    candidate, n = name, 1
    while Group.objects.filter(name=candidate).exists():
        n += 1
        candidate = f"{name} ({n})"
    return candidate


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _model_permissions(model, actions=("add", "change", "delete", "view")):
    content_type = ContentType.objects.get_for_model(model)
    return list(
        Permission.objects.filter(
            content_type=content_type, codename__in=[f"{a}_{model._meta.model_name}" for a in actions]
        )
    )


def staff_group():
    group = _group(STAFF_KEY, gettext("Review: unit staff"))
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


def system_admins_group():
    group = _group(SYSTEM_ADMINS_KEY, gettext("Review: system administrators"))
    wanted = [_permission("wagtailadmin", "access_admin")]
    # Units are deactivated, never deleted: the records of who signed name them.
    wanted += _model_permissions(Unit, actions=("add", "change", "view"))
    wanted += _model_permissions(SectionOwnership)
    # Accounts for unit staff: create, edit, deactivate; never delete (records name them), and
    # never a superuser or a group by it (organisation.accounts).
    wanted += _model_permissions(get_user_model(), actions=("add", "change", "view"))
    group.permissions.set(wanted)
    return group


def security_admins_group():
    group = _group(SECURITY_ADMINS_KEY, gettext("Review: security administrators"))
    wanted = [_permission("wagtailadmin", "access_admin")]
    wanted += _model_permissions(Membership)
    group.permissions.set(wanted)
    return group


def web_admins_group():
    group = _group(WEB_ADMINS_KEY, gettext("Review: website administrators"))
    wanted = [_permission("wagtailadmin", "access_admin")]
    wanted += _model_permissions(Route)
    # Route changes are proposed and confirmed, never edited or deleted.
    wanted += _model_permissions(RouteChange, actions=("add", "view"))
    wanted += _model_permissions(TakeDown, actions=("view",))
    wanted += _model_permissions(LedgerEntry, actions=("view",))
    # The scanner's lexicons are theirs to keep; what scans find on the live site, theirs to read.
    for model in LEXICON_MODELS:
        wanted += _model_permissions(model)
    wanted += _model_permissions(LiveFinding, actions=("view",))
    wanted += _model_permissions(LinkCheck, actions=("view",))
    group.permissions.set(wanted)
    return group


def editors_group(unit):
    group = _group(editors_key(unit.pk), gettext("Review: editors of %(unit)s") % {"unit": unit.name})
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    return group


@transaction.atomic
def sync_unit(unit):
    """Give the unit's editors group exactly add + change on each of the unit's section roots."""
    from wagtail.models import GroupPagePermission

    group = editors_group(unit)
    page_model = swapper.load_model("wagtailcore", "Page")
    codenames = [getattr(page_model.PERMISSION_CODENAMES, action.upper()) for action in EDITOR_PAGE_ACTIONS]
    permissions = list(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(page_model), codename__in=codenames
        )
    )
    roots = list(unit.sections.values_list("page_id", flat=True)) if unit.is_active else []
    wanted = {(page_id, perm.pk) for page_id in roots for perm in permissions}
    existing = {
        (gpp.page_id, gpp.permission_id): gpp.pk for gpp in GroupPagePermission.objects.filter(group=group)
    }
    GroupPagePermission.objects.filter(
        pk__in=[pk for key, pk in existing.items() if key not in wanted]
    ).delete()
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page_id, permission_id=perm_id)
            for page_id, perm_id in wanted
            if (page_id, perm_id) not in existing
        ]
    )
    _sync_group_members(group, _users_with(unit=unit, roles=[Role.EDITOR]))


def _users_with(**filters):
    roles = filters.pop("roles", None)
    qs = Membership.objects.active().filter(**filters)
    if roles:
        qs = qs.filter(role__in=roles)
    return set(qs.values_list("user_id", flat=True))


def _sync_group_members(group, user_ids):
    from .accounts import provisioning_groups

    User = get_user_model()
    current = set(group.user_set.values_list("pk", flat=True))
    with provisioning_groups():
        if current - user_ids:
            group.user_set.remove(*User.objects.filter(pk__in=current - user_ids))
        if user_ids - current:
            group.user_set.add(*User.objects.filter(pk__in=user_ids - current))


@transaction.atomic
def sync_site_groups():
    """Membership of the site-wide groups: staff and the information centre's administrators."""
    _sync_group_members(staff_group(), _users_with())
    for group, role in (
        (system_admins_group(), Role.SYSTEM_ADMIN),
        (security_admins_group(), Role.SECURITY_ADMIN),
        (web_admins_group(), Role.WEB_ADMIN),
    ):
        _sync_group_members(group, _users_with(unit__kind=UnitKind.INFO_CENTER, roles=[role]))


@transaction.atomic
def sync_all():
    """Rebuild every provisioned group from scratch (idempotent; used by the demo loader and repairs)."""
    sync_site_groups()
    for unit in Unit.objects.all():
        sync_unit(unit)
    stale = ProvisionedGroup.objects.filter(key__startswith="editors:").exclude(
        key__in=[editors_key(pk) for pk in Unit.objects.values_list("pk", flat=True)]
    )
    Group.objects.filter(review_provisioning__in=stale).delete()
    Group.objects.filter(review_provisioning__key__in=RETIRED_KEYS).delete()


def remove_unit_groups(unit_id):
    Group.objects.filter(review_provisioning__key=editors_key(unit_id)).delete()
