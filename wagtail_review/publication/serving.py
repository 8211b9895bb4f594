"""Serve only what the ledger accounts for (Art. 13): the site, the API, listings, search and the sitemap.

One rule, ``may_serve(page)`` for a page and ``registered_pages(queryset)``
for many, decides what the public gets. ``WAGTAIL_REVIEW_SERVE_CHECK`` says
how far it looks:

* ``"content"`` (default) — the page's latest ledger entry is a release (or
  an adoption baseline) of its live revision, *and* what the public would
  read still has the fingerprint registered then (catches raw SQL edits);
* ``"revision"`` — the first part only (one indexed query);
* ``"off"`` — no check.

A live page the ledger has never seen (an adopting site before
``adopt_live_pages`` has run) is withheld or served with a warning in the
log, as ``WAGTAIL_REVIEW_UNREGISTERED_PAGES`` says. A page whose registration
no longer matches is always withheld: that is a change nobody reviewed.
Listings check the revision in SQL; a page served on its own also has its
content checked.
"""

import enum
import logging

from django.db.models import F, OuterRef, Q, Subquery

from ..app_settings import app_settings
from .content import live_content_hash
from .ledger.models import ACCOUNTING_ACTIONS, LedgerEntry
from .ledger.records import accounts_for, latest_entry

logger = logging.getLogger(__name__)


class Standing(enum.Enum):
    REGISTERED = "registered"
    UNREGISTERED = "unregistered"  # no ledger entry at all
    CHANGED = "changed"  # the latest entry does not account for what is live


def standing(page, mode=None):
    """Where ``page``, as it would be served now, stands against the ledger."""
    mode = mode or app_settings.SERVE_CHECK
    entry = latest_entry(page.pk)
    if entry is None:
        return Standing.UNREGISTERED
    if not accounts_for(entry, page):
        return Standing.CHANGED
    if mode == "content" and entry["live_content_hash"] != live_content_hash(page):
        return Standing.CHANGED
    return Standing.REGISTERED


def may_serve(page):
    """Whether the public may see ``page`` now (its URL, or its item in the API). Logs every refusal."""
    mode = app_settings.SERVE_CHECK
    if mode == "off":
        return True
    page_standing = standing(page, mode)
    if page_standing is Standing.REGISTERED:
        return True
    if page_standing is Standing.UNREGISTERED and app_settings.UNREGISTERED_PAGES == "serve":
        logger.warning(
            "Served page %s (%s), which the publication ledger has never registered; run adopt_live_pages.",
            page.pk,
            page.url_path,
        )
        return True
    log_withheld(page, page_standing)
    return False


def registered_pages(queryset):
    """``queryset`` (of pages) restricted to those ``may_serve`` would serve, as far as SQL can tell. One query."""
    if app_settings.SERVE_CHECK == "off":
        return queryset
    latest = LedgerEntry.objects.filter(page_id=OuterRef("pk")).order_by("-sequence")
    servable = Q(_ledger_action__in=ACCOUNTING_ACTIONS) & (
        Q(_ledger_revision=F("live_revision_id"))
        | Q(_ledger_revision__isnull=True, live_revision__isnull=True)
    )
    if app_settings.UNREGISTERED_PAGES == "serve":
        servable |= Q(_ledger_action__isnull=True)
    return queryset.annotate(
        _ledger_revision=Subquery(latest.values("revision_id")[:1]),
        _ledger_action=Subquery(latest.values("action")[:1]),
    ).filter(servable)


def servable_pages(pages):
    """The pages of a list (search results, say) that ``registered_pages`` keeps, in their order. One query."""
    import swapper

    pages = list(pages)
    if app_settings.SERVE_CHECK == "off" or not pages:
        return pages
    Page = swapper.load_model("wagtailcore", "Page")
    keep = set(
        registered_pages(Page.objects.filter(pk__in=[page.pk for page in pages])).values_list("pk", flat=True)
    )
    return [page for page in pages if page.pk in keep]


def log_withheld(page, page_standing=Standing.CHANGED):
    if page_standing is Standing.UNREGISTERED:
        logger.error(
            "Withheld page %s (%s): the publication ledger has never registered it; run adopt_live_pages.",
            page.pk,
            page.url_path,
        )
    else:
        logger.error(
            "Withheld page %s (%s): its live version does not match the publication ledger; run verify_ledger.",
            page.pk,
            page.url_path,
        )
