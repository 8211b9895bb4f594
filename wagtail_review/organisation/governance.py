"""Who may sign is governed by two people, on the record (Art. 5, 7, 13).

* Nobody grants themself a role; only a superuser grants the security
  administrator duty, whose holder decides everyone else's roles
  (``grant_refusal``).
* A person holds at most one of the three administrator duties
  (``duties.second_duty_refusal``, 等保 2.0 三员分立).
* A signing role (reviewer, leader, the website's administrators and leader)
  takes effect only when a second administrator — a superuser or a
  security administrator (``duties``), neither its holder nor who granted
  it — confirms it (``confirm_membership``). Until then the membership is
  pending: it signs nothing and is offered nothing to sign.
* Changing the person, unit or role of a membership makes it a new grant,
  by whoever changed it, pending again.
* A unit's kind and parent unit decide who signs for its pages (routes,
  fixed steps, internal organs' leaders): they are fixed once the unit has
  members, sections or internal organs (``check_unit_save``).
* Each confirmed grant and each removal of a signing role is appended to the
  publication ledger as a governance entry, so the public head covers who
  could sign what, and since when.

``check_membership_save`` is connected to the Membership model's
``pre_save``, so the admin, code and the demo loader all meet it.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from ..exceptions import ReviewRefusal
from .duties import is_security_administrator, second_duty_refusal
from .memberships import SIGNING_ROLES, Membership, Role

KEY_FIELDS = ("user_id", "unit_id", "role")


class GovernanceRefusal(ReviewRefusal):
    """A change of who may sign that the two-person rule does not allow."""


def acting_user(instance):
    """Who is making this change: set by code as ``_granted_by`` / ``_history_user``, else the request's user."""
    if "_granted_by" in instance.__dict__:
        return instance.__dict__["_granted_by"]
    user = getattr(instance, "_history_user", None)
    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def check_membership_save(membership):
    """pre_save of a Membership: ``grant_refusal``, one duty a person; signing roles pending until confirmed."""
    stored = (
        Membership.objects.filter(pk=membership.pk).values(*KEY_FIELDS, "confirmed_at").first()
        if membership.pk
        else None
    )
    key_changed = stored is None or any(stored[name] != getattr(membership, name) for name in KEY_FIELDS)
    if key_changed:
        actor = acting_user(membership)
        refusal = grant_refusal(membership, actor) or second_duty_refusal(membership)
        if refusal:
            raise GovernanceRefusal(refusal)
        if stored is None and membership.granted_by_id is None and actor is not None:
            membership.granted_by = actor
        elif stored is not None:
            # Whoever changes a grant grants anew: they may not also confirm it.
            membership.granted_by = actor
        if (
            stored is not None
            and stored["confirmed_at"] is not None
            and membership.confirmed_at == stored["confirmed_at"]
        ):
            # A confirmed grant changed: it is a new grant, pending again.
            membership.confirmed_at, membership.confirmed_by = None, None
    if membership.role not in SIGNING_ROLES or membership.confirmed_at is None:
        return
    if stored is not None and not key_changed and stored["confirmed_at"] == membership.confirmed_at:
        return  # confirmed before; nothing about the grant changed
    refusal = confirmation_refusal(membership, membership.confirmed_by)
    if refusal:
        raise GovernanceRefusal(refusal)


def check_unit_save(unit):
    """pre_save of a Unit: refuse what ``unit_change_refusal`` refuses."""
    refusal = unit_change_refusal(unit)
    if refusal:
        raise GovernanceRefusal(refusal)


def unit_change_refusal(unit):
    """Why ``unit``'s kind or parent unit may not change as it now would; None if they may.

    They decide who signs for its pages — a township turned into the
    leadership would sign every fixed leadership step — so once the unit has
    members, sections or internal organs they stay; create a new unit instead.
    """
    from .units import Unit

    if unit.pk is None:
        return None
    stored = Unit.objects.filter(pk=unit.pk).values("kind", "parent_id").first()
    if stored is None or (stored["kind"], stored["parent_id"]) == (unit.kind, unit.parent_id):
        return None
    if unit.memberships.exists() or unit.sections.exists() or unit.children.exists():
        return _(
            "%(unit)s has members, sections or internal organs: its kind and parent unit decide who signs "
            "for its pages and cannot change. Create a new unit instead."
        ) % {"unit": unit.name}
    return None


def grant_refusal(membership, actor):
    """Why ``actor`` may not grant ``membership`` as it now is; None if they may.

    ``actor`` None is code run without a person (management commands,
    migrations): the installer's, who may grant anything.
    """
    if actor is None:
        return None
    if actor.pk == membership.user_id:
        return _("Nobody grants themself a role: another administrator must do it.")
    if membership.role == Role.SECURITY_ADMIN and not actor.is_superuser:
        # Its holder decides everyone else's roles: it comes from the installation alone.
        return _("Only a superuser can grant the security administrator duty.")
    return None


def confirmation_refusal(membership, confirmer):
    """Why ``confirmer`` may not confirm ``membership``; None if they may."""
    if confirmer is None or not is_security_administrator(confirmer):
        return _("Only a superuser or a security administrator can confirm a signing role.")
    if confirmer.pk in (membership.user_id, membership.granted_by_id):
        return _("A signing role is confirmed by a second administrator: not its holder, not who granted it.")
    return None


@transaction.atomic
def confirm_membership(membership, confirmer):
    """``confirmer`` confirms a pending signing role; it takes effect now and is registered in the ledger."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.confirmed_at is not None:
        return membership
    refusal = confirmation_refusal(membership, confirmer)
    if refusal:
        raise GovernanceRefusal(refusal)
    membership.confirmed_by, membership.confirmed_at = confirmer, timezone.now()
    membership._history_user = confirmer
    membership.save(update_fields=["confirmed_by", "confirmed_at"])
    record_governance(membership, granted=True, actor=confirmer)
    return membership


def record_governance(membership, granted, actor):
    """A governance entry in the publication ledger: a signing role confirmed, or removed."""
    from ..publication.ledger import is_enabled
    from ..publication.ledger.chain import append
    from ..publication.ledger.models import LedgerAction
    from .people import person_name

    if not is_enabled():
        return None
    with translation.override(settings.LANGUAGE_CODE):  # the register is one document, in one language
        action = _("Granted") if granted else _("Removed")
    return append(
        action=LedgerAction.GOVERNANCE,
        page_id=0,
        page_title=f"{action}: {person_name(membership.user)} · {membership.unit.name} · "
        f"{membership.get_role_display()}",
        page_url="",
        page_type="",
        unit_id=membership.unit_id,
        unit_name=membership.unit.name,
        section_page_id=None,
        source_type="",
        route_name="",
        revision_id=None,
        revision_content_hash="",
        live_content_hash="",
        workflow_state_id=None,
        submitted_by=membership.granted_by.get_username() if membership.granted_by else "",
        signatures=[],
        actor=actor.get_username() if actor else "",
        reason=membership.note,
    )


def grant_role(user, unit, role, granted_by=None, confirmed_by=None, note=""):
    """Grant ``role`` in ``unit`` to ``user``; a signing role is confirmed at once if ``confirmed_by`` is given."""
    membership = Membership(user=user, unit=unit, role=role, note=note, granted_by=granted_by)
    membership._granted_by = granted_by
    membership._history_user = granted_by or confirmed_by  # who the change record names
    membership.save()
    if confirmed_by is not None and role in SIGNING_ROLES:
        membership = confirm_membership(membership, confirmed_by)
    return membership
