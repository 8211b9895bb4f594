"""4. ``adopt_live_pages`` on a site with many pages live before it installed the app.

The pages are articles like the demo's (a Chinese title, a StreamField body),
each with a revision, made live the way a site's history leaves them (a row
update: the publish guard stands on every save path now) and unknown to the
ledger. The baseline, timed in the same run over the same pages, is reading
them the way any whole-site job must: ``.specific()`` in batches and each
page's ``serializable_data()``. The ratio says what adoption adds to that:
units and sections, content fingerprints, the chained ledger entries.
"""

import io
import time

from django.core.management import call_command
from django.db import transaction
from timing import say, table

from portal_site.portal.models import ArticlePage, ColumnPage
from wagtail_review.models import LedgerAction, LedgerEntry

BODY = [("paragraph", "<p>" + "全区各乡镇认真落实春耕备耕各项工作，化肥、种子等农资储备充足。" * 20 + "</p>")]


def make_unregistered_live_pages(count):
    column = ColumnPage.objects.filter(category="news").first()
    with transaction.atomic():
        for n in range(count):
            page = column.add_child(
                instance=ArticlePage(
                    title=f"存量信息第{n}号：春耕备耕工作有序推进",
                    slug=f"existing-{n}",
                    category="news",
                    date="2025-03-01",
                    source="云州区农业农村局",
                    body=BODY,
                    live=False,
                )
            )
            revision = page.save_revision()
            ArticlePage.objects.filter(pk=page.pk).update(live=True, live_revision=revision)
    return column


def read_like_a_site_job(ids, batch=500):
    from wagtail.models import Page

    for start in range(0, len(ids), batch):
        for page in Page.objects.filter(pk__in=ids[start : start + batch]).specific():
            page.serializable_data()


def run(count):
    started = time.perf_counter()
    make_unregistered_live_pages(count)
    say(f"(creating {count:,} unregistered live pages took {time.perf_counter() - started:.1f} s, untimed)")
    # Only the pages made here: the publish benchmark leaves pages it published with the ledger off.
    created = ArticlePage.objects.live().filter(slug__startswith="existing-")
    ids = list(created.exclude(pk__in=LedgerEntry.objects.values("page_id")).values_list("pk", flat=True))
    assert len(ids) == count, (len(ids), count)

    started = time.perf_counter()
    read_like_a_site_job(ids)
    reading = time.perf_counter() - started

    started = time.perf_counter()
    call_command("adopt_live_pages", "--user", "admin", "--noinput", stdout=io.StringIO())
    adopting = time.perf_counter() - started
    baselined = LedgerEntry.objects.filter(action=LedgerAction.BASELINE, page_id__in=ids).count()
    assert baselined == count, (baselined, count)

    table(
        ["Measure", f"{count:,} pages", "pages/s"],
        [
            [
                "read every page (.specific + serializable_data)",
                f"{reading:.1f} s",
                f"{count / reading:,.0f}",
            ],
            ["adopt_live_pages", f"{adopting:.1f} s", f"{count / adopting:,.0f}"],
        ],
    )
    return {"seconds": adopting, "ratio": adopting / reading}
