"""The publish guard: nothing becomes live unless a completed review route approved that exact revision.

Every way Wagtail publishes a page — the edit view, bulk actions,
``publish_scheduled``, copy with keep-live, revert, the admin API,
``revision.publish()`` and the publish action with ``skip_permission_checks``
— ends in saving the page row with ``live=True`` and a new ``live_revision``.
A ``pre_save`` receiver on every page model checks that moment, so no path,
and no user (superusers included), gets round it. Unpublishing is not
restricted here; see ``takedown.py``.

Saving new content straight into a live page's row, without a new revision,
is refused by ``check_live_content_unchanged`` (called after the save, in its
transaction). Not covered: ``QuerySet.update()``, raw SQL and raw fixture
loading (``loaddata``), which bypass model saves; ``verify_ledger`` reports such a page and the site and API
withhold it (``serving.py``).
"""

import swapper
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .content import revision_content_hash
from .models import ReleaseApproval


class UnreviewedPublication(PermissionDenied):
    """Raised when something tries to make an unapproved revision live."""


def release_approval(revision_id):
    """The release approval of a revision whose content is unchanged since it was approved, or None."""
    if revision_id is None:
        return None
    approval = ReleaseApproval.objects.select_related("revision").filter(revision_id=revision_id).first()
    if approval is None or approval.content_hash != revision_content_hash(approval.revision):
        return None
    return approval


def is_approved_for_release(revision_id, page_id):
    """Whether a completed route approved this revision *of this page*.

    The page matters for copies: a copy is inserted (without a pk yet) pointing
    at the original's live revision, which was approved for the original only.
    """
    approval = release_approval(revision_id)
    return approval is not None and page_id is not None and approval.revision.object_id == str(page_id)


def touches_content(update_fields):
    """Whether a save with these ``update_fields`` may change what the public sees (None: a full save)."""
    from .content import NON_CONTENT_FIELDS

    if update_fields is None:
        return True
    touched = {name[:-3] if name.endswith("_id") else name for name in update_fields}
    return not touched <= NON_CONTENT_FIELDS - {"live", "live_revision"}


def guard_page_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """pre_save: remember what was live (for the ledger) and refuse an unapproved revision going live."""
    # raw: fixture loading (loaddata, test database restores) writes rows as
    # given, like SQL; verify_ledger and the serve-time check cover those.
    if raw or not touches_content(update_fields):
        return
    Page = swapper.load_model("wagtailcore", "Page")
    before = (
        Page.objects.filter(pk=instance.pk).values("live", "live_revision_id").first()
        if instance.pk
        else None
    )
    instance._review_live_before = before
    if not instance.live:
        return
    if before and before["live"] and before["live_revision_id"] == instance.live_revision_id:
        return  # the same revision stays live; its content is checked after the save
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
    if release_approval(instance.pk) is None:
        raise UnreviewedPublication(
            _("This version cannot be scheduled to go live: it has not completed its review route (Art. 9).")
        )


def check_live_content_unchanged(page):
    """Refuse a save that changed the content of a page that stays live on the same revision.

    Compared with what the ledger registered when that revision was released,
    read back from the database as the ledger computed it. A page with no
    release in the ledger (live before this app was installed, or the ledger
    switched off for a benchmark) is not checked here; the serve-time check
    withholds such pages.
    """
    from .content import live_content_hash
    from .ledger.records import current_release, is_enabled

    if not is_enabled():
        return
    registered = current_release(page)
    if registered is None:
        return
    stored = page.specific_class.objects.get(pk=page.pk)
    if live_content_hash(stored) != registered:
        raise UnreviewedPublication(
            _("“%(title)s” is live: its content can only change through a reviewed new version (Art. 9).")
            % {"title": page.title}
        )
