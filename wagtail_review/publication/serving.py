"""Serve only what the ledger registered (Art. 13): the public site and API check each live page.

``WAGTAIL_REVIEW_SERVE_CHECK`` chooses how far:
``"content"`` (default) — the page's latest ledger entry is a release of its live
revision *and* the page's content is byte-for-byte what was registered (catches
raw SQL edits); ``"revision"`` — the first part only (one indexed query);
``"off"`` — no check.
"""

import logging

from django.conf import settings
from django.db.models import F, OuterRef, Subquery

from .content import live_content_hash
from .ledger.models import LedgerAction, LedgerEntry
from .ledger.records import current_release

logger = logging.getLogger(__name__)


def serve_check_mode():
    return getattr(settings, "WAGTAIL_REVIEW_SERVE_CHECK", "content")


def is_registered(page, mode=None):
    """Whether ``page``, as it would be served now, is what the ledger last registered for it."""
    mode = mode or serve_check_mode()
    if mode == "off":
        return True
    registered = current_release(page)
    if registered is None:
        return False
    return mode != "content" or registered == live_content_hash(page)


def registered_pages(queryset):
    """``queryset`` restricted to pages whose latest ledger entry releases their live revision (one query)."""
    if serve_check_mode() == "off":
        return queryset
    latest = LedgerEntry.objects.filter(page_id=OuterRef("pk")).order_by("-sequence")
    return queryset.annotate(
        _ledger_revision=Subquery(latest.values("revision_id")[:1]),
        _ledger_action=Subquery(latest.values("action")[:1]),
    ).filter(_ledger_action=LedgerAction.PUBLISH, _ledger_revision=F("live_revision_id"))


def log_withheld(page):
    logger.error(
        "Withheld page %s (%s): its live version does not match the publication ledger; run verify_ledger.",
        page.pk,
        page.url_path,
    )
