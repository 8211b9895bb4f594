"""The publish guard: nothing becomes live unless a completed review route approved that exact revision.

Every way Wagtail publishes a page — the edit view, bulk actions,
``publish_scheduled``, copy with keep-live, revert, the admin API,
``revision.publish()`` and the publish action with ``skip_permission_checks``
— ends in saving the page row with ``live=True`` and a new ``live_revision``.
Receivers of every page model's ``pre_save`` and ``post_save``
(``signal_handlers``) check that moment, so no path, and no user (superusers
included), gets round it. Unpublishing is not restricted here; see
``take_down.py``.

A save that keeps a live page on the same revision must not change what the
public reads (``check_live_content_unchanged``): otherwise new content, or
an old revision re-published over content that lives only in the page row,
would go out unreviewed. Not covered: ``QuerySet.update()``, raw SQL and raw
fixture loading (``loaddata``), which bypass model saves; ``verify_ledger``
reports such a page and the site and API withhold it (``serving.py``).
"""

from dataclasses import dataclass

import swapper
from django.utils.translation import gettext as _

from ..exceptions import UnreviewedPublication
from .content import live_content_hash, revision_content_hash
from .models import ReleaseApproval


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


def touches_content(page, update_fields):
    """Whether saving ``page`` with these ``update_fields`` may change what the public sees (None: a full save)."""
    from .content import NON_CONTENT_FIELDS, ignored_fields

    if update_fields is None:
        return True
    touched = {name[:-3] if name.endswith("_id") else name for name in update_fields}
    return not touched <= (NON_CONTENT_FIELDS | ignored_fields(type(page))) - {"live", "live_revision"}


@dataclass(frozen=True)
class LiveStateBefore:
    """What the public saw of a page just before a save: for the ledger and the same-revision check."""

    live: bool
    live_revision_id: int | None
    content_hash: str | None = None

    def keeps_live_revision(self, page):
        return self.live and page.live and self.live_revision_id == page.live_revision_id


def guard_page_save(instance, update_fields=None):
    """pre_save: refuse an unapproved revision going live; return what was live before (or None)."""
    if not touches_content(instance, update_fields):
        return None
    Page = swapper.load_model("wagtailcore", "Page")
    row = (
        Page.objects.filter(pk=instance.pk).values("live", "live_revision_id").first()
        if instance.pk
        else None
    )
    before = LiveStateBefore(row["live"], row["live_revision_id"]) if row else LiveStateBefore(False, None)
    if before.keeps_live_revision(instance):
        # The same revision stays live: its content must not change (checked after the save).
        stored = instance.specific_class.objects.get(pk=instance.pk)
        return LiveStateBefore(before.live, before.live_revision_id, live_content_hash(stored))
    if instance.live and not is_approved_for_release(instance.live_revision_id, page_id=instance.pk):
        raise UnreviewedPublication(
            _("“%(title)s” cannot go live: this version has not completed its review route (Art. 9).")
            % {"title": instance.title}
        )
    return before


def is_page_revision(revision):
    from django.contrib.contenttypes.models import ContentType

    Page = swapper.load_model("wagtailcore", "Page")
    return revision.base_content_type_id == ContentType.objects.get_for_model(Page).pk


def as_saved(page):
    """``page`` with every field of its type: a save through the base Page class is read back specific."""
    if type(page) is page.specific_class:
        return page
    return page.specific_class.objects.get(pk=page.pk)


def check_live_content_unchanged(page, before):
    """Refuse a save that changed what the public reads of a page that stays live on the same revision.

    Compares the page as it is being saved (child relations and many-to-many
    included, which modelcluster writes after the row) with the page as it
    was stored before the save.
    """
    if live_content_hash(as_saved(page)) != before.content_hash:
        raise UnreviewedPublication(
            _("“%(title)s” is live: its content can only change through a reviewed new version (Art. 9).")
            % {"title": page.title}
        )


def guard_revision_schedule(instance, update_fields=None):
    """A revision may be scheduled to go live only if a route approved it.

    Otherwise ``publish_scheduled`` would later meet a revision the page guard
    refuses; refusing here keeps the schedule clean and says so at once.
    """
    if instance.approved_go_live_at is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    if not is_page_revision(instance):
        return  # snippets schedule their drafts as Wagtail does
    if release_approval(instance.pk) is None:
        raise UnreviewedPublication(
            _("This version cannot be scheduled to go live: it has not completed its review route (Art. 9).")
        )
