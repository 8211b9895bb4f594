"""Taking information down (Art. 16: 防止不良信息在网上传播) — always possible, never silent, final for its approval."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction

from .. import signals
from ..exceptions import ReviewRefusal
from ..organisation.memberships import Membership, Role, is_site_administrator
from ..organisation.sections import unit_for_page
from .ledger.models import LedgerAction
from .models import TakeDown
from .withdrawal import Withdrawal, withdrawing

# Roles that answer for a unit's information once it is out (Art. 16).
TAKE_DOWN_ROLES = (Role.REVIEWER, Role.LEADER_IN_CHARGE, Role.PRINCIPAL_LEADER)


def can_take_down(user, page):
    """Reviewers and leaders of the page's unit, and the website's administrators (Art. 16)."""
    if not user.is_active:
        return False
    if is_site_administrator(user):
        return True
    unit = unit_for_page(page)
    return (
        unit is not None
        and Membership.objects.active()
        .filter(user=user, unit_id__in=unit.accountable_unit_ids, role__in=TAKE_DOWN_ROLES)
        .exists()
    )


def may_take_down_anything(user):
    """Whether ``user`` answers for any information at all (the menu entry to 已发布信息)."""
    return user.is_active and (
        is_site_administrator(user)
        or Membership.objects.active().filter(user=user, role__in=TAKE_DOWN_ROLES).exists()
    )


def pages_user_may_take_down(user):
    """The live pages ``user`` may take down, as one queryset: the same rule as ``can_take_down``.

    A unit's reviewers and leaders answer for its sections and for those of
    its internal organs; a section nested inside belongs to the unit that owns it.
    """
    import swapper
    from django.db.models import Q

    from ..organisation.sections import SectionOwnership
    from ..organisation.units import Unit

    Page = swapper.load_model("wagtailcore", "Page")
    live = Page.objects.live().filter(depth__gt=1)
    if not user.is_active:
        return live.none()
    if is_site_administrator(user):
        return live
    unit_ids = set(
        Membership.objects.active()
        .filter(user=user, role__in=TAKE_DOWN_ROLES)
        .values_list("unit_id", flat=True)
    )
    unit_ids |= set(Unit.objects.filter(parent_id__in=unit_ids).values_list("pk", flat=True))
    sections = SectionOwnership.objects.select_related("page")
    ours = [section.page.path for section in sections.filter(unit_id__in=unit_ids)]
    if not ours:
        return live.none()
    inside = Q()
    for path in ours:
        inside |= Q(path__startswith=path)
    theirs = Q()
    for section in sections.exclude(unit_id__in=unit_ids):
        if any(section.page.path.startswith(path) for path in ours):
            theirs |= Q(path__startswith=section.page.path)
    pages = live.filter(inside)
    return pages.exclude(theirs) if theirs else pages


@transaction.atomic
def take_down(page, user, reason):
    """Take ``page`` (not its children) off the public site on behalf of ``user``, recording the reason.

    A page waiting for an approved, scheduled go-live is withdrawn before it
    goes out, the same way. Either voids every release approval the page had
    (``guard.approval_is_current``): coming back needs a new, complete route.
    The page's aliases, which show the same information, leave with it.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for taking this information down."))
    if not can_take_down(user, page):
        raise ReviewRefusal(
            _("Only the unit's reviewers and leaders, or the website administrators, can take it down.")
        )
    page = page.specific
    if page.is_root():
        raise ValidationError(_("The root of the page tree is not information: it cannot be taken down."))
    _cancel_review_in_progress(page, user)
    if not page.live:
        scheduled = page.revisions.filter(approved_go_live_at__isnull=False).first()
        if scheduled is None:
            raise ValidationError(_("This page is not live."))
        return _withdraw_scheduled_release(page, scheduled, user, reason)
    record = TakeDown.objects.create(
        page=page,
        page_title=page.title,
        page_url_path=page.url_path,
        revision_number=page.live_revision_id,
        reason=reason,
        taken_down_by=user,
    )
    withdrawal = Withdrawal(page.pk, LedgerAction.TAKE_DOWN, user.get_username(), reason, take_down=record)
    # Nobody holds Wagtail's publish right (it would skip review), so the
    # permission decision above is this app's, not Wagtail's.
    with withdrawing(withdrawal):
        UnpublishPageAction(page, user=user, log_action="wagtail_review.take_down").execute(
            skip_permission_checks=True
        )
    signals.page_taken_down.send(sender=page.specific_class, page=page, take_down=record, user=user)
    return record


def _cancel_review_in_progress(page, user):
    """A submission under way when the information comes down does not bring it back up by completing.

    Its steps were signed, or are being signed, for information now taken
    down for a reason; bringing it back is a new submission, reviewed knowing that.
    """
    workflow_state = page.current_workflow_state
    if workflow_state is not None:
        workflow_state.cancel(user=user)


def _withdraw_scheduled_release(page, revision, user, reason):
    from .ledger.records import record_withdrawal

    record = TakeDown.objects.create(
        page=page,
        page_title=page.title,
        page_url_path=page.url_path,
        revision_number=revision.pk,
        reason=reason,
        taken_down_by=user,
    )
    page.revisions.update(approved_go_live_at=None)
    record_withdrawal(page, revision, user, reason)
    signals.page_taken_down.send(sender=page.specific_class, page=page, take_down=record, user=user)
    return record
