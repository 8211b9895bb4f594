"""Taking information down (Art. 16: 防止不良信息在网上传播) — always possible, never silent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction

from .. import signals
from ..exceptions import ReviewRefusal
from ..organisation.memberships import Membership, Role, is_site_administrator
from ..organisation.sections import unit_for_page
from .models import TakeDown

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


@transaction.atomic
def take_down(page, user, reason):
    """Unpublish ``page`` (not its children) on behalf of ``user``, recording the reason."""
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
    if not page.live:
        raise ValidationError(_("This page is not live."))
    record = TakeDown.objects.create(
        page=page,
        page_title=page.title,
        page_url_path=page.url_path,
        revision_number=page.live_revision_id,
        reason=reason,
        taken_down_by=user,
    )
    # The ledger entry of this unpublish carries the take-down's reason.
    page._review_take_down = record
    # Nobody holds Wagtail's publish right (it would skip review), so the
    # permission decision above is this app's, not Wagtail's.
    UnpublishPageAction(page, user=user, log_action="wagtail_review.take_down").execute(
        skip_permission_checks=True
    )
    signals.page_taken_down.send(sender=page.specific_class, page=page, take_down=record, user=user)
    return record
