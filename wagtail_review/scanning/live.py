"""The live site, scanned (Art. 16): every finding on every page the public can read, per unit.

Rescanned in the background (django-tasks): a page when it is released, the
whole live site when a lexicon changes, and nightly from cron
(``manage.py scan_live_pages``). A page taken down has nothing live left to
scan, so its findings go with it. What a scan leaves is a plain table the
information centre lists, filters by unit and exports; nobody edits it.
"""

import logging

import swapper
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from ..on_commit import after_commit
from .lexicons import Severity
from .scanner import KIND_LABELS

logger = logging.getLogger("wagtail_review.scanning")
BATCH = 200


class AboutALivePage(models.Model):
    """Something a scan found on a live page, kept with the unit the page belonged to when it was found."""

    page = models.ForeignKey(
        swapper.get_model_name("wagtailcore", "Page"),
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        "wagtail_gov_review.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class LiveFinding(AboutALivePage):
    kind = models.CharField(_("kind"), max_length=32, choices=[(k, v) for k, v in KIND_LABELS.items()])
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    field = models.CharField(_("where"), max_length=200, blank=True)
    text = models.CharField(_("found"), max_length=200)
    context = models.CharField(_("context"), max_length=300, blank=True)
    suggestion = models.CharField(_("suggestion"), max_length=300, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"))

    class Meta:
        verbose_name = _("finding on the live site")
        verbose_name_plural = _("findings on the live site")
        ordering = ["-scanned_at", "page_id", "pk"]
        indexes = [models.Index(fields=["unit", "severity"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"


def live_pages():
    """Every page the public can read now (live, and accounted for by the ledger)."""
    from ..publication.serving import registered_pages

    Page = swapper.load_model("wagtailcore", "Page")
    return registered_pages(Page.objects.live().filter(depth__gt=1))


def rescan(page_ids=None):
    """Replace the findings of the live pages among ``page_ids`` (every live page when None).

    Pages no longer live lose theirs. Returns the number of findings stored.
    """
    from ..organisation.sections import units_for_pages
    from .pages import scan_page

    pages = live_pages()
    if page_ids is not None:
        page_ids = list(page_ids)
        pages = pages.filter(pk__in=page_ids)
    stored = 0
    today = timezone.localdate()
    ids = list(pages.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        stale = (
            LiveFinding.objects.all()
            if page_ids is None
            else LiveFinding.objects.filter(page_id__in=page_ids)
        )
        stale.delete()
        for start in range(0, len(ids), BATCH):
            batch = [page.specific for page in pages.model.objects.filter(pk__in=ids[start : start + BATCH])]
            units = units_for_pages(batch)
            now = timezone.now()
            rows = [
                LiveFinding(
                    page_id=page.pk,
                    unit=units.get(page.pk),
                    kind=finding.kind,
                    severity=finding.severity,
                    field=finding.field[:200],
                    text=finding.text[:200],
                    context=finding.context[:300],
                    suggestion=finding.suggestion[:300],
                    scanned_at=now,
                )
                for page in batch
                for finding in scan_page(page, on=today)
            ]
            LiveFinding.objects.bulk_create(rows)
            stored += len(rows)
    logger.info("Scanned %s live page(s): %s finding(s)", len(ids), stored)
    return stored


@task()
def scan_live_pages(page_ids=None):
    """Background job: ``rescan`` (django-tasks; immediate where no worker is configured)."""
    return rescan(page_ids)


class PendingRescan:
    """The one rescan a transaction queues when it commits (``after_commit``): its pages, or the whole site."""

    def __init__(self):
        self.page_ids = set()
        self.everything = False

    def __call__(self):
        scan_live_pages.enqueue(None if self.everything else sorted(self.page_ids))


def rescan_after_commit(page_ids=None):
    """Queue, once the transaction commits, a rescan of ``page_ids`` (every live page when None)."""

    def add(pending):
        if page_ids is None:
            pending.everything = True
        else:
            pending.page_ids.update(page_ids)

    after_commit(PendingRescan, add)


# --- Signal receivers (connected in signal_handlers) -----------------------------


def rescan_registered_page(sender, entry, **kwargs):
    """``ledger_appended``: a page released, taken down, moved or expired is rescanned (or forgotten).

    Existing content registered at adoption waits for the nightly scan: adoption registers a whole site.
    """
    from ..publication.ledger.models import LedgerAction

    if entry.page_id and entry.action != LedgerAction.BASELINE:
        rescan_after_commit([entry.page_id])


def rescan_everything_after_lexicon_change(sender, **kwargs):
    rescan_after_commit()
