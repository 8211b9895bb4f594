"""Dead links and broken attachments on the live site (死链、错链; the national inspection counts them).

A background job (``check_links``) reads every live page's links — external
``http(s)`` links in its rich text and URL fields, links to other pages and
documents of the site, and the images and documents it shows — and checks
each once per run:

* external links with ``requests``: ``HEAD`` (``GET`` when a server refuses
  ``HEAD``), redirects followed one hop at a time and recorded, a redirect
  loop or a chain longer than ``MAX_REDIRECTS`` reported as such, a timeout
  per request; at most ``WORKERS`` requests at once and one at a time per
  host, ``HOST_DELAY`` seconds apart (politeness);
* links to pages of the site: the page must be one the public can read;
* documents and images: the file must be in storage.

Every run is kept (``LinkCheckRun``) with each link's result, so the history
shows when a link broke; the information centre lists the latest run's broken
links per unit and exports them.
"""

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import swapper
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from .live import AboutALivePage

TIMEOUT = 10  # seconds per request
WORKERS = 8
HOST_DELAY = 0.5  # seconds between two requests to the same host
MAX_REDIRECTS = 10
USER_AGENT = "wagtail-gov-review link checker"

_HREF = re.compile(r"""href\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)
_LINKTYPE = re.compile(r"""<a\s[^>]*linktype=["'](page|document)["'][^>]*\sid=["'](\d+)["']""", re.IGNORECASE)
_BARE_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


class Outcome(models.TextChoices):
    OK = "ok", _("Works")
    BROKEN = "broken", _("Broken (dead link)")
    REDIRECT_LOOP = "redirect_loop", _("Redirect loop")
    TIMEOUT = "timeout", _("No answer in time")
    ERROR = "error", _("Could not connect")


class LinkKind(models.TextChoices):
    EXTERNAL = "external", _("Link to another site")
    PAGE = "page", _("Link to a page of this site")
    DOCUMENT = "document", _("Attachment")
    IMAGE = "image", _("Image")


class LinkCheckRun(models.Model):
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    links_checked = models.PositiveIntegerField(_("links checked"), default=0)
    broken = models.PositiveIntegerField(_("broken"), default=0)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["-started_at"]

    def __str__(self):
        return timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M")


class LinkCheck(AboutALivePage):
    run = models.ForeignKey(LinkCheckRun, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_("kind"), max_length=16, choices=LinkKind.choices)
    target = models.CharField(_("link"), max_length=2000)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    redirects = models.JSONField(_("redirects followed"), default=list, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("link checked")
        verbose_name_plural = _("links checked")
        ordering = ["-run__started_at", "page_id", "pk"]
        indexes = [models.Index(fields=["run", "outcome"])]

    def __str__(self):
        return f"{self.target} ({self.get_outcome_display()})"


# --- Reading the links of a page ---------------------------------------------------


@dataclass(frozen=True)
class Link:
    kind: str
    target: str  # a URL, or the id of a page, document or image


def links_of(page):
    """Every link and file ``page`` shows, each once."""
    from ..publication.media import shown_files

    found = set()
    for text in _strings(page.serializable_data()):
        found.update(Link(LinkKind.EXTERNAL, url) for url in _HREF.findall(text))
        found.update(Link(kind, pk) for kind, pk in _LINKTYPE.findall(text))
        if _BARE_URL.match(text.strip()):
            found.add(Link(LinkKind.EXTERNAL, text.strip()))
    for item in shown_files(page):
        kind = LinkKind.IMAGE if item["kind"].endswith("image") else LinkKind.DOCUMENT
        found.add(Link(kind, item["id"]))
    return sorted(found, key=lambda link: (link.kind, link.target))


def _strings(data):
    if isinstance(data, str):
        if data.startswith(("[", "{")):  # a StreamField's JSON, as serializable_data gives it
            try:
                yield from _strings(json.loads(data))
                return
            except ValueError:
                pass
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _strings(value)


# --- Checking ------------------------------------------------------------------------


@dataclass
class Result:
    outcome: str
    status_code: int | None = None
    redirects: list = field(default_factory=list)
    detail: str = ""


class PoliteFetcher:
    """External URLs checked with bounded concurrency, one request at a time per host, spaced out."""

    def __init__(self, timeout=TIMEOUT, host_delay=HOST_DELAY):
        import requests

        self.timeout, self.host_delay = timeout, host_delay
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._hosts = {}
        self._hosts_lock = threading.Lock()

    def _host_slot(self, url):
        host = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            return self._hosts.setdefault(host, [threading.Lock(), 0.0])

    def _request(self, url):
        slot = self._host_slot(url)
        with slot[0]:
            wait = slot[1] + self.host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                response = self.session.head(url, allow_redirects=False, timeout=self.timeout)
                if response.status_code in (405, 501):
                    response = self.session.get(url, allow_redirects=False, timeout=self.timeout, stream=True)
                    response.close()
                return response
            finally:
                slot[1] = time.monotonic()

    def check(self, url):
        import requests

        redirects, seen = [], {url}
        try:
            while True:
                response = self._request(url)
                if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    redirects.append({"status": response.status_code, "to": url})
                    if url in seen or len(redirects) > MAX_REDIRECTS:
                        return Result(Outcome.REDIRECT_LOOP, response.status_code, redirects)
                    seen.add(url)
                    continue
                outcome = Outcome.OK if response.status_code < 400 else Outcome.BROKEN
                return Result(outcome, response.status_code, redirects)
        except requests.Timeout:
            return Result(
                Outcome.TIMEOUT,
                None,
                redirects,
                _("No answer within %(seconds)s s.") % {"seconds": self.timeout},
            )
        except requests.RequestException as error:
            return Result(Outcome.ERROR, None, redirects, str(error)[:300])


def check_internal(link):
    """A link to a page, document or image of the site itself: does what it points to exist for the public?"""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from ..publication.serving import registered_pages

    if link.kind == LinkKind.PAGE:
        Page = swapper.load_model("wagtailcore", "Page")
        if registered_pages(Page.objects.live().filter(pk=link.target)).exists():
            return Result(Outcome.OK)
        return Result(Outcome.BROKEN, detail=_("The page it links to is not published."))
    model = get_document_model() if link.kind == LinkKind.DOCUMENT else get_image_model()
    obj = model.objects.filter(pk=link.target).first()
    if obj is None:
        return Result(Outcome.BROKEN, detail=_("It no longer exists."))
    if not obj.file or not obj.file.storage.exists(obj.file.name):
        return Result(Outcome.BROKEN, detail=_("Its file is missing from storage."))
    return Result(Outcome.OK)


def check_all_links(fetcher=None, workers=WORKERS):
    """One run over every live page: returns the ``LinkCheckRun`` with its results stored."""
    from ..organisation.sections import units_for_pages
    from .live import live_pages

    run = LinkCheckRun.objects.create(started_at=timezone.now())
    pages = [page.specific for page in live_pages().order_by("pk")]
    units = units_for_pages(pages)
    page_links = [(page, link) for page in pages for link in links_of(page)]
    external = sorted({link.target for _page, link in page_links if link.kind == LinkKind.EXTERNAL})
    fetcher = fetcher or PoliteFetcher()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        checked = dict(zip(external, pool.map(fetcher.check, external), strict=True))
    rows = []
    for page, link in page_links:
        result = checked[link.target] if link.kind == LinkKind.EXTERNAL else check_internal(link)
        rows.append(
            LinkCheck(
                run=run,
                page_id=page.pk,
                unit=units.get(page.pk),
                kind=link.kind,
                target=link.target[:2000],
                outcome=result.outcome,
                status_code=result.status_code,
                redirects=result.redirects,
                detail=str(result.detail)[:300],
            )
        )
    LinkCheck.objects.bulk_create(rows)
    run.finished_at = timezone.now()
    run.links_checked = len(rows)
    run.broken = sum(row.outcome != Outcome.OK for row in rows)
    run.save(update_fields=["finished_at", "links_checked", "broken"])
    return run


@task()
def check_links():
    """Background job: one link check over the live site (django-tasks)."""
    return check_all_links().pk
