"""Accounts: the information centre creates and deactivates accounts for unit staff, and grants nothing by it.

The information centre's system administrators get Wagtail's add/change user
permissions (``provisioning.system_admins_group``), and the user screens ask
``duties.is_system_administrator`` too. What a person may do follows from
their memberships alone (two people for a signing role, ``governance``), so a
person who is not a superuser, whatever the path:

* cannot make anyone a superuser, nor change a superuser's account (its
  password, e-mail or status would hand over the whole site);
* cannot put anyone, themself included, into a group or take them out: the
  groups follow memberships, and only ``provisioning`` writes them.

Enforced on the model layer (a user's ``pre_save`` and the group relation's
``m2m_changed``), for whoever Wagtail's log context names as acting; code run
without a person (management commands, migrations) is the installer's.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from ..exceptions import ReviewRefusal

_provisioning = ContextVar("wagtail_review_provisioning_groups", default=False)


@contextmanager
def provisioning_groups():
    """Inside, group membership is being rebuilt from memberships: the one writer of groups."""
    token = _provisioning.set(True)
    try:
        yield
    finally:
        _provisioning.reset(token)


def _acting_non_superuser():
    from ..publication.actors import acting_user

    actor = acting_user()
    return actor if actor is not None and not actor.is_superuser else None


def check_account_save(user):
    """Refuse a non-superuser making a superuser, or changing a superuser's or another administrator's account."""
    actor = _acting_non_superuser()
    if actor is None:
        return
    stored = get_user_model().objects.filter(pk=user.pk).values("is_superuser").first() if user.pk else None
    if stored is not None and stored["is_superuser"]:
        raise ReviewRefusal(_("Only a superuser can change a superuser's account."))
    if user.is_superuser:
        raise ReviewRefusal(_("Only a superuser can make someone a superuser."))
    if stored is not None and actor.pk != user.pk and _holds_administrator_duty(user):
        # A system administrator who could set a security administrator's password could act as them.
        raise ReviewRefusal(
            _("Only a superuser can change the account of a system, security or audit administrator.")
        )


def bulk_account_refusal(actor, users):
    """Why ``actor`` may not act in bulk on ``users`` (Wagtail's bulk actions update rows without saving
    each account, so ``check_account_save`` never sees them); None if they may."""
    if actor.is_superuser:
        return None
    if any(user.is_superuser or _holds_administrator_duty(user) for user in users):
        return _(
            "Only a superuser can change the account of a superuser or of a system, security or audit administrator."
        )
    return None


def _holds_administrator_duty(user):
    from .memberships import ADMINISTRATOR_DUTIES, Membership

    return Membership.objects.filter(user_id=user.pk, role__in=ADMINISTRATOR_DUTIES).exists()


def check_group_change(action):
    """Refuse group membership written by a person who is not a superuser, outside provisioning."""
    if action not in ("pre_add", "pre_remove", "pre_clear") or _provisioning.get():
        return
    if _acting_non_superuser() is not None:
        raise ReviewRefusal(
            _(
                "Groups follow memberships: give the person a role in a unit under Memberships "
                "(a signing role takes effect when a second administrator confirms it)."
            )
        )
