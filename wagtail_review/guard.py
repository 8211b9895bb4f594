"""The publish guard: nothing becomes live unless a completed review route approved that exact revision.

Every way Wagtail publishes a page — the edit view, bulk actions,
``publish_scheduled``, copy with keep-live, revert, the admin API,
``revision.publish()`` and the publish action with ``skip_permission_checks``
— ends in saving the page row with ``live=True`` and a new ``live_revision``.
A ``pre_save`` receiver on every page model checks that moment, so no path,
and no user (superusers included), gets round it. Unpublishing is not
restricted here; see ``takedown.py``.

Not covered (by design of the ORM): ``QuerySet.update()`` and raw SQL. The
publication ledger's verification reports a live page whose content no
approved revision accounts for.
"""

import swapper
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .hashing import revision_content_hash
from .models import ReleaseApproval


class UnreviewedPublication(PermissionDenied):
    """Raised when something tries to make an unapproved revision live."""


def is_approved_for_release(revision_id, page_id=None):
    """Whether a completed route approved this revision, unchanged since — and, given ``page_id``, for that page.

    The page check matters for copies: a copy starts out pointing at the
    original's live revision, which was approved for the original only.
    """
    if revision_id is None:
        return False
    approval = ReleaseApproval.objects.select_related("revision").filter(revision_id=revision_id).first()
    if approval is None or approval.content_hash != revision_content_hash(approval.revision):
        return False
    return page_id is None or approval.revision.object_id == str(page_id)


def guard_page_save(sender, instance, update_fields=None, **kwargs):
    if not instance.live:
        return
    if update_fields is not None and not {"live", "live_revision"} & set(update_fields):
        return
    Page = swapper.load_model("wagtailcore", "Page")
    before = (
        Page.objects.filter(pk=instance.pk).values("live", "live_revision_id").first()
        if instance.pk
        else None
    )
    if before and before["live"] and before["live_revision_id"] == instance.live_revision_id:
        return  # what the public sees is not changing
    if not is_approved_for_release(instance.live_revision_id, page_id=instance.pk):
        raise UnreviewedPublication(
            _("“%(title)s” cannot go live: this version has not completed its review route (Art. 9).")
            % {"title": instance.title}
        )


def guard_revision_schedule(sender, instance, update_fields=None, **kwargs):
    """A revision may be scheduled to go live only if a route approved it.

    Otherwise ``publish_scheduled`` would later meet a revision the page guard
    refuses; refusing here keeps the schedule clean and says so at once.
    """
    if instance.approved_go_live_at is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    if not is_approved_for_release(instance.pk):
        raise UnreviewedPublication(
            _("This version cannot be scheduled to go live: it has not completed its review route (Art. 9).")
        )
