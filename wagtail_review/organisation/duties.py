"""The information centre's three separated administrator duties (等保 2.0 三员分立; Art. 5, 15).

等保 2.0 asks that a level-3 system's administration be split between three
people, none of whom can do another's work:

* the **system administrator** (系统管理员) keeps the units, their sections
  and the user accounts;
* the **security administrator** (安全管理员) decides who holds which role:
  grants, changes and removes memberships, confirms signing roles, and
  unlocks locked-out accounts;
* the **audit administrator** (审计管理员) reads the audit log, and nothing else.

A person holds at most one of the three (``second_duty_refusal``). Superusers
— the installation — hold all three; only a superuser grants the security
duty itself (``grant_refusal`` in ``governance``), since its holder decides
everyone else's rights.

Each ``is_*_administrator`` function is the one rule for its duty: the
admin screens' permission policies (``DutyPermissionPolicy``), menus and
views ask it, never a group or a role directly.
"""

from django.utils.translation import gettext as _
from wagtail.permission_policies import ModelPermissionPolicy

from .memberships import ADMINISTRATOR_DUTIES, Membership, Role
from .units import UnitKind


def _holds_duty(user, role):
    """``user`` holds ``role`` in force in the information centre, or is a superuser."""
    if user is None or not user.is_active:
        return False
    return (
        user.is_superuser
        or Membership.objects.active().filter(user=user, role=role, unit__kind=UnitKind.INFO_CENTER).exists()
    )


def is_system_administrator(user):
    """系统管理员 (等保 2.0 三员分立): manages units, their sections and user accounts."""
    return _holds_duty(user, Role.SYSTEM_ADMIN)


def is_security_administrator(user):
    """安全管理员 (等保 2.0 三员分立): grants and removes roles, confirms signing roles, unlocks accounts."""
    return _holds_duty(user, Role.SECURITY_ADMIN)


def is_audit_administrator(user):
    """审计管理员 (等保 2.0 三员分立): reads the audit log, and manages nothing."""
    return _holds_duty(user, Role.AUDIT_ADMIN)


def second_duty_refusal(membership):
    """Why ``membership`` would give its person a second administrator duty; None if it does not.

    等保 2.0 三员分立: the three duties check one another, so one person
    holding two would check themself.
    """
    if membership.role not in ADMINISTRATOR_DUTIES or not membership.user_id:
        return None
    other = (
        Membership.objects.filter(user_id=membership.user_id, role__in=ADMINISTRATOR_DUTIES)
        .exclude(role=membership.role)
        .exclude(pk=membership.pk)
        .first()
    )
    if other is None:
        return None
    return _(
        "This person is already %(duty)s. The system, security and audit administrators are three "
        "different people (等保 2.0 三员分立): remove that duty first."
    ) % {"duty": other.get_role_display()}


class DutyPermissionPolicy(ModelPermissionPolicy):
    """A model's permissions, for holders of the one duty that manages the model only.

    The provisioned groups give each duty its Django permissions (which
    actions); the duty itself is asked here too, so a permission slipped into
    some other group by hand does not open another duty's screens.
    """

    def __init__(self, model, duty, auth_model=None):
        super().__init__(model, auth_model=auth_model)
        self.duty = duty

    def user_has_permission(self, user, action):
        return self.duty(user) and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return self.duty(user) and super().user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        return users.filter(pk__in=[user.pk for user in users if self.duty(user)])


def register_duty_policies():
    """Units, sections and accounts are the system administrator's; memberships the security administrator's."""
    from django.contrib.auth import get_user_model
    from wagtail.permissions import register_permission_policy

    from .sections import SectionOwnership
    from .units import Unit

    duties = {
        Unit: is_system_administrator,
        SectionOwnership: is_system_administrator,
        get_user_model(): is_system_administrator,
        Membership: is_security_administrator,
    }
    for model, duty in duties.items():
        # exact_class: wins over the plain policy Wagtail registers for the user model.
        register_permission_policy(model, DutyPermissionPolicy(model, duty), exact_class=True)
