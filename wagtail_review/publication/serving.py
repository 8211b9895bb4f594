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
content checked, and a page withheld for its content is then kept out of
every listing too (``withhold_everywhere``), as ``verify_ledger`` does for
all it finds.
"""

import enum
import logging

from django.db.models import BooleanField, Expression, F

from ..app_settings import app_settings
from .content import live_content_hash
from .ledger.models import ACCOUNTING_ACTIONS, LedgerEntry
from .ledger.records import accounts_for, latest_entry
from .models import Withholding

logger = logging.getLogger(__name__)


class Standing(enum.Enum):
    REGISTERED = "registered"
    UNREGISTERED = "unregistered"  # no ledger entry at all
    CHANGED = "changed"  # the latest entry does not account for what is live


# Where ``may_serve`` leaves the ledger entry it read on the page object it checked, so the response
# shows the registration the page was served by without reading it again (registration.shown_registration).
SERVED_BY = "_wagtail_review_served_by"


_UNREAD = object()


def standing(page, mode=None, entry=_UNREAD):
    """Where ``page``, as it would be served now, stands against the ledger.

    ``entry``: the page's ``latest_entry`` (None: it has none), if the caller has read it.
    """
    mode = mode or app_settings.SERVE_CHECK
    if entry is _UNREAD:
        entry = latest_entry(page.pk)
    if entry is None:
        return Standing.UNREGISTERED
    if not accounts_for(entry, page) or entry["withheld"]:
        return Standing.CHANGED
    if mode == "content" and entry["live_content_hash"] != live_content_hash(page):
        return Standing.CHANGED
    return Standing.REGISTERED


def may_serve(page):
    """Whether the public may see ``page`` now (its URL, or its item in the API). Logs every refusal."""
    mode = app_settings.SERVE_CHECK
    if hasattr(page, SERVED_BY):
        delattr(page, SERVED_BY)  # a page object checked before: what it was served by then may be stale
    if mode == "off":
        return True
    entry = latest_entry(page.pk)
    page_standing = standing(page, mode, entry)
    if page_standing is Standing.REGISTERED:
        setattr(page, SERVED_BY, entry)
        return True
    if page_standing is Standing.UNREGISTERED and app_settings.UNREGISTERED_PAGES == "serve":
        logger.warning(
            "Served page %s (%s), which the publication ledger has never registered; run adopt_live_pages.",
            page.pk,
            page.url_path,
        )
        return True
    if page_standing is Standing.CHANGED:
        withhold_everywhere([page.pk])
    log_withheld(page, page_standing)
    return False


def withhold_everywhere(page_ids):
    """Keep these pages out of every listing too, until their next ledger entry (see models.Withholding)."""
    for page_id in page_ids:
        Withholding.objects.update_or_create(page_id=page_id)


def registered_pages(queryset):
    """``queryset`` (of pages) restricted to those ``may_serve`` would serve, as far as SQL can tell. One query."""
    if app_settings.SERVE_CHECK == "off":
        return queryset
    return queryset.filter(Servable())


class Servable(Expression):
    """SQL condition: the ledger accounts for this page as it is live now.

    One scalar subquery per page, on the ledger's (page, sequence) index: the
    page's latest entry accounts for its live revision (a page live without
    any revision has a baseline without one) and the page is not withheld. A
    page without any entry gets the ``WAGTAIL_REVIEW_UNREGISTERED_PAGES``
    answer. Written as SQL because every listing of the site pays for it: the
    ORM spelling costs more to build than the database takes to run it, and
    this form plans in half the time of an EXISTS over "an accounting entry
    with no later one" (measured on PostgreSQL). The page's own columns are
    compiled by Django, so any alias works.
    """

    output_field = BooleanField()

    def __init__(self, page_id=None, live_revision_id=None):
        super().__init__()
        self.page_id = page_id or F("pk")
        self.live_revision_id = live_revision_id or F("live_revision_id")

    def get_source_expressions(self):
        return [self.page_id, self.live_revision_id]

    def set_source_expressions(self, expressions):
        self.page_id, self.live_revision_id = expressions

    def as_sql(self, compiler, connection):
        page_id, page_params = compiler.compile(self.page_id)
        live_revision, revision_params = compiler.compile(self.live_revision_id)
        ledger = connection.ops.quote_name(LedgerEntry._meta.db_table)
        withheld = connection.ops.quote_name(Withholding._meta.db_table)
        actions = [str(action) for action in ACCOUNTING_ACTIONS]
        # The latest entry decides; NULL (no entry at all) falls to the setting for unregistered pages.
        sql = (
            f"COALESCE((SELECT e.action IN ({', '.join(['%s'] * len(actions))})"
            f" AND COALESCE(e.revision_id, 0) = COALESCE({live_revision}, 0)"
            f" AND NOT EXISTS (SELECT 1 FROM {withheld} w WHERE w.page_id = e.page_id)"
            f" FROM {ledger} e WHERE e.page_id = {page_id} ORDER BY e.sequence DESC LIMIT 1), %s)"
        )
        params = [*actions, *revision_params, *page_params, app_settings.UNREGISTERED_PAGES == "serve"]
        return sql, params


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
