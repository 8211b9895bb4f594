"""Front-end caches forget a page the moment what the public sees of it changes (Art. 16).

Every release, take-down, expiry, withdrawal and move writes a ledger entry
(``ledger_appended``). Once the entry's transaction has committed (a purge
before the commit could let the cache fetch the old version again), these
URLs are purged through Wagtail's frontend cache (``WAGTAILFRONTENDCACHE``;
nothing is sent when it names no backend):

- the page's URLs: where it is now, where the ledger registered it before
  (a move leaves the old address cached), and its ``get_cached_paths()``;
- its ancestors' URLs, whose listings show it (columns, the home page);
- the content API's detail of the page and the pages listing, for each API
  router named in ``WAGTAIL_REVIEW_PURGE_API_NAMESPACES``;
- the ledger's public head and entries, which the new entry changed;
- whatever the site adds with the ``wagtail_review_purge_urls`` hook: a
  function taking the page and returning URLs or site-relative paths (the
  demo portal adds its 政府信息公开 catalogue).

A listing requested with a query string (``/api/v2/pages/?child_of=4``) is a
separate cache object: the cache in front of the site should treat a purge of
the listing's path as covering its query strings (README, "Front-end cache").
"""

from urllib.parse import urljoin

from django.urls import NoReverseMatch, reverse
from wagtail import hooks

from ..app_settings import app_settings
from ..on_commit import after_commit

HOOK = "wagtail_review_purge_urls"
_LEDGER_URL_NAMES = ("ledger_head", "ledger_entries")


def purge_after_commit(sender, entry, **kwargs):
    """``ledger_appended``: purge what the entry changed, once its transaction commits.

    A baseline entry (a live page adopted as it is) changes nothing the public sees.
    """
    from .ledger.models import LedgerAction

    if entry.page_id and entry.action != LedgerAction.BASELINE:
        after_commit(PendingPurge, lambda pending: pending.page_ids.add(entry.page_id))


class PendingPurge:
    """The one purge a transaction sends when it commits (``after_commit``): for every page it registered."""

    def __init__(self):
        self.page_ids = set()

    def __call__(self):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

        if not get_backends():
            return
        urls = set()
        for page_id in self.page_ids:
            urls.update(urls_to_purge(page_id))
        # Wagtail queues the purge as a background job (django-tasks): requests to the caches never hold a save.
        PurgeBatch(urls).purge()


def urls_to_purge(page_id):
    """Every URL whose cached copy may show page ``page_id`` as it was before its latest ledger entry."""
    import swapper

    from .ledger.models import LedgerEntry

    Page = swapper.load_model("wagtailcore", "Page")
    urls = set(LedgerEntry.objects.filter(page_id=page_id).values_list("page_url", flat=True).distinct())
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:  # a deleted page leaves only the addresses the ledger registered
        site_root = _site_root(page)
        for shown in [page, *page.get_ancestors().filter(depth__gt=1)]:
            urls.update(_page_urls(shown))
        urls.update(site_root + path.lstrip("/") for path in _app_paths(page))
        for hook in hooks.get_hooks(HOOK):
            urls.update(urljoin(site_root, url) for url in hook(page) or ())
    # Only absolute URLs: a page on no site has a bare path, which no cache can be asked to purge.
    return sorted(url for url in urls if url.startswith(("http://", "https://")))


def _page_urls(page):
    url = page.get_full_url()
    if url is None:  # not routable on any site
        return []
    return [url + path.lstrip("/") for path in page.specific_deferred.get_cached_paths()]


def _site_root(page):
    site = page.get_site()
    return site.root_url.rstrip("/") + "/" if site else ""


def _app_paths(page):
    paths = []
    for namespace in app_settings.PURGE_API_NAMESPACES:
        paths += _reversed(f"{namespace}:pages:detail", page.pk)
        paths += _reversed(f"{namespace}:pages:listing")
    for name in _LEDGER_URL_NAMES:
        paths += _reversed(f"wagtail_review_public:{name}")
        paths += _reversed(f"wagtail_review_api_ledger:{name}")
    return paths


def _reversed(name, *args):
    try:
        return [reverse(name, args=args)]
    except NoReverseMatch:  # that API or ledger view is not in this site's urlconf
        return []
