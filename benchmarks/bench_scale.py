"""7. The screens people open every day, on the demo and at the scale of a district after years of use.

The screens are the ones tests/portal/test_query_counts.py counts (its
``screens()``, from ``tests/portal/daily_screens.py``). Each is
requested through Django's test Client as its person, signed in with
``force_login`` (and the second factor marked passed, as the tests do): the
number of SQL queries of one request, then the median and p90 of several
timed requests after a warm-up. First on the demo, then after the data grew
to the scale asked for (by default 10,000 pages, 1,000,000 ledger entries and
100 units), so each screen shows its queries on both (they must be equal)
and its time at scale against the demo's.

The data is built for speed, each part timed:

* units: each with its section (a draft UnitSectionPage under the unit
  index, as the demo's units have) and a news column in it;
* ledger history: ``bench_verify.extend_chain`` (valid synthetic releases,
  bulk-inserted), recorded on one day of last year, so this month's register
  and this year's report hold only what a month or a year would;
* real releases and waiting submissions through the demo units' routes
  (filled review form, every step signed), so reports, queues and dashboards
  have work of their own;
* this month's releases: synthetic releases appended as the ledger appends
  them (``ledger.chain.append_many``), one month's share of ten years;
* draft articles up to the page count, bulk-inserted into the new units'
  columns with their tree paths computed here (``add_child`` per page is
  what made this slow); never live, so the publish guard has nothing to
  refuse. The tree is checked for problems afterwards (treebeard's
  ``find_problems``, what ``fixtree`` reports).
"""

import datetime
import itertools
import os
import re
import time
from types import SimpleNamespace
from unittest import mock

import bench_verify
from bench_adopt import BODY  # an article body like the demo's, about 600 characters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from timing import duration, median, ms, p90, say, table, timed
from wagtail.models import Page, WorkflowState

from portal_site.portal.demo_routes import fill_demo_review_form, release_through_route
from portal_site.portal.models import ArticlePage, ColumnPage, UnitIndexPage, UnitSectionPage
from tests.portal.daily_screens import screens
from tests.second_factor import pass_second_factor
from wagtail_review import accounts
from wagtail_review.exports import register_time_zone
from wagtail_review.models import (
    Column,
    ColumnKind,
    LedgerAction,
    LedgerEntry,
    SectionOwnership,
    Unit,
    UnitKind,
)
from wagtail_review.publication import ledger
from wagtail_review.routing.queue import awaiting_review
from wagtail_review.routing.services import submit

User = get_user_model()

REQUESTS = 5
# Demo units whose routes have every signer, with the editor who submits for each.
SUBMITTERS = {
    "xiping-town": "xiping_editor",
    "beijiazao-town": "beijiazao_editor",
    "education-bureau": "edu_editor",
}
# One page in this many is a real release through its route, one in that many waits for review.
PAGES_PER_RELEASE = 50
PAGES_PER_WAITING = 200
# The ledger stands for ten years of releases: this month's register holds one 120th of it.
MONTHS_OF_HISTORY = 120
NEW_UNIT_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP, UnitKind.AFFILIATED)
THIS_MONTH_PAGE_ID = 200_000_000  # synthetic, like bench_verify's, in a range of their own
BATCH = 500
TITLES = {"released": "规模测试发布稿件", "waiting": "规模测试待审稿件"}
_numbers = itertools.count(1)


# --- Measuring ---------------------------------------------------------------


def signed_in(username):
    """A test Client with ``username``'s complete sign-in: password and, where needed, second factor
    (without it the admin answers with its second-factor page)."""
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    if accounts.enabled():
        pass_second_factor(client, user)
    return client


class QueryTimes:
    """Each query's time to the microsecond (``connection.execute_wrapper``; the captured times keep ms)."""

    def __init__(self):
        self.queries = []  # (seconds, sql with its placeholders)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))


def measure_screen(client, url, params, requests):
    """Queries, time in SQL and the slowest query of one counted request; seconds of ``requests`` timed."""

    def get():
        response = client.get(url, params)
        # A redirect or an error page would be timing the wrong thing.
        assert response.status_code == 200, (url, params, response.status_code)

    get()  # warm-up: templates, caches a first request fills, query plans
    # Counted apart from the timed requests: recording queries has a cost of its own.
    query_times = QueryTimes()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(query_times):
        get()
    return SimpleNamespace(
        queries=len(captured.captured_queries),
        sql_seconds=sum(seconds for seconds, _ in query_times.queries),
        slowest=max(query_times.queries),
        seconds=[timed(get) for _ in range(requests)],
    )


def measure_screens(requests):
    """``{screen: measures}``, and the machine's load average while measuring (shared machines vary)."""
    clients = {}
    results = {}
    load_before = os.getloadavg()[0]
    for name, (username, url, params) in screens().items():
        if username not in clients:
            clients[username] = signed_in(username)
        results[name] = measure_screen(clients[username], url, params, requests)
    return results, max(load_before, os.getloadavg()[0])


def data_sizes():
    return {
        "pages": Page.objects.count(),
        "units": Unit.objects.count(),
        "ledger entries": LedgerEntry.objects.count(),
        "ledger entries this month": LedgerEntry.objects.filter(
            recorded_at__gte=start_of_this_month()
        ).count(),
        "submissions in review": WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS
        ).count(),
        # An empty queue skips the queries that read its rows: compare a screen's counts with items on both.
        "awaiting xiping_reviewer": len(awaiting_review(User.objects.get(username="xiping_reviewer"))),
    }


def start_of_this_month():
    return datetime.datetime.combine(
        timezone.localdate(timezone=register_time_zone()).replace(day=1),
        datetime.time.min,
        tzinfo=register_time_zone(),
    )


# --- Growing the data --------------------------------------------------------


def grow(pages, entries, units):
    """Grow the demo to ``pages`` pages, ``entries`` ledger entries and ``units`` units; rows of timings."""
    parts = []

    def part(name, fn, *args):
        started = time.perf_counter()
        made = fn(*args)
        parts.append([name, f"{made:,}", f"{time.perf_counter() - started:.1f} s"])

    to_add = max(pages - Page.objects.count(), 0)
    releases, waiting = to_add // PAGES_PER_RELEASE, to_add // PAGES_PER_WAITING
    this_month = entries // MONTHS_OF_HISTORY
    history = max(entries - LedgerEntry.objects.count() - releases - this_month, 0)

    part("units, each with a section and a news column", add_units, units - Unit.objects.count())
    part("ledger history (bench_verify.extend_chain)", add_ledger_history, history)
    part("real releases through the routes", release_articles, releases)
    part("submissions waiting for review", submit_articles, waiting)
    part("this month's releases (ledger.chain.append_many)", append_this_month, entries)
    part("draft articles, bulk-inserted", add_draft_articles, pages - Page.objects.count())
    part("tree checked (find_problems)", check_tree)
    if connection.vendor == "postgresql":
        # A site in use has statistics on its tables; a freshly loaded one plans as if they were empty.
        part("ANALYZE", analyze)
    return parts


def add_units(count):
    """``count`` more units, each owning a draft section page with a news column; returns how many."""
    unit_index = UnitIndexPage.objects.get()
    for n in range(1, count + 1):
        unit = Unit.objects.create(
            slug=f"scale-unit-{n}", name=f"规模测试单位{n}", kind=NEW_UNIT_KINDS[n % len(NEW_UNIT_KINDS)]
        )
        section = unit_index.add_child(instance=UnitSectionPage(title=unit.name, slug=unit.slug, live=False))
        SectionOwnership.objects.create(unit=unit, page=section)
        column = section.add_child(
            instance=ColumnPage(title="工作动态", slug="news", category="news", live=False)
        )
        # A column the daily self-inspection looks at, as the demo registers every column.
        Column.objects.create(page=column, kind=ColumnKind.NEWS)
    return count


def add_ledger_history(count):
    """``count`` valid synthetic releases, recorded on one day of last year; returns how many.

    ``extend_chain`` records every entry of a call at the time it reads from its clock; given last year's
    date, this month's register and this year's report hold only what this month and year add.
    """
    moment = datetime.datetime(timezone.now().year - 1, 6, 15, 2, 0, tzinfo=datetime.UTC)
    with mock.patch.object(bench_verify, "timezone", SimpleNamespace(now=lambda: moment)):
        bench_verify.extend_chain(count)
    # If extend_chain stopped reading that clock, the history would land in this month: say so, loudly.
    assert not count or ledger.head().recorded_at == moment, ledger.head()
    return count


def new_article(unit_slug, kind):
    """A fresh draft article in the unit's news column, as its editor would create it."""
    column = ColumnPage.objects.get(slug="news", url_path__contains=f"/{unit_slug}/")
    n = next(_numbers)
    article = ArticlePage(
        title=f"{TITLES[kind]}第{n}号：春耕备耕工作有序推进",
        slug=f"scale-{kind}-{n}",
        category="news",
        date=timezone.localdate(),
        source=Unit.objects.get(slug=unit_slug).name,
        body=BODY,
        live=False,
    )
    column.add_child(instance=article)
    return article


def release_articles(count):
    """``count`` articles released through their unit's route, the units taking turns; returns how many."""
    return _through_route(count, "released", release_through_route)


def submit_articles(count):
    """``count`` articles submitted and left at their first step, the units taking turns; returns how many."""
    return _through_route(count, "waiting", submit)


def _through_route(count, kind, send):
    """``count`` new articles, the units taking turns, each with its review form filled, then ``send``."""
    for unit_slug, username in itertools.islice(itertools.cycle(SUBMITTERS.items()), count):
        page = new_article(unit_slug, kind)
        submitter = User.objects.get(username=username)
        fill_demo_review_form(page, submitter)
        send(page, submitter)
    return count


def append_this_month(entries):
    """Synthetic releases recorded now, up to ``entries`` in all, as the ledger appends; returns how many."""
    count = max(entries - LedgerEntry.objects.count(), 0)
    # The same kind of entry extend_chain copies: a real two-signature release.
    template = next(
        entry
        for entry in LedgerEntry.objects.filter(action=LedgerAction.PUBLISH).order_by("sequence").iterator()
        if len(entry.signatures) == 2
    )
    fields = {name: getattr(template, name) for name in ledger.HASHED_FIELDS}
    with transaction.atomic():
        for start in range(0, count, BATCH):
            ledger.chain.append_many(
                [
                    {
                        **fields,
                        "page_id": THIS_MONTH_PAGE_ID + i,
                        "page_title": f"{template.page_title}（本月第{i}期）",
                        "page_url": f"{template.page_url.rstrip('/')}-month-{i}/",
                    }
                    for i in range(start, min(start + BATCH, count))
                ]
            )
    return count


def add_draft_articles(count):
    """``count`` draft articles spread over the new units' columns, bulk-inserted; returns how many."""
    columns = list(ColumnPage.objects.filter(slug="news", url_path__contains="/scale-unit-"))
    # With no new unit (a run asking for no more units than the demo has), the demo's news columns.
    columns = columns or list(ColumnPage.objects.filter(slug="news"))
    count = max(count, 0)
    share, extra = divmod(count, len(columns))
    content_type = ContentType.objects.get_for_model(ArticlePage)
    with transaction.atomic():
        for i, column in enumerate(columns):
            append_drafts(column, share + (i < extra), content_type)
    return count


def append_drafts(column, count, content_type):
    """``count`` draft articles as the last children of ``column``: the page rows, then the article rows.

    Django's bulk_create refuses models with a parent table (ArticlePage's is the page), so the page rows
    are bulk-created and the article rows inserted with the ORM's own multi-row insert, as a save would.
    """
    first_step = next_child_step(column)
    source = column.get_parent().title
    pages = [
        Page(
            path=Page._get_path(column.path, column.depth + 1, first_step + i),
            depth=column.depth + 1,
            numchild=0,
            title=f"规模测试草稿{column.pk}-{i}：春耕备耕工作有序推进",
            draft_title=f"规模测试草稿{column.pk}-{i}：春耕备耕工作有序推进",
            slug=f"scale-draft-{first_step + i}",
            url_path=f"{column.url_path}scale-draft-{first_step + i}/",
            content_type=content_type,
            locale_id=column.locale_id,
            live=False,
            has_unpublished_changes=True,
        )
        for i in range(count)
    ]
    Page.objects.bulk_create(pages, batch_size=BATCH)
    articles = [
        ArticlePage(
            page_ptr_id=page.pk,
            category="news",
            date=timezone.localdate(),
            source=source,
            body=BODY,
        )
        for page in pages
    ]
    for start in range(0, len(articles), BATCH):
        ArticlePage._base_manager._insert(
            articles[start : start + BATCH], fields=ArticlePage._meta.local_concrete_fields
        )
    Page.objects.filter(pk=column.pk).update(numchild=F("numchild") + count)


def next_child_step(parent):
    """The path step after ``parent``'s last child (1 for none): steps of deleted children stay unused."""
    last = parent.get_last_child()
    return Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1


def check_tree():
    """Raise if treebeard finds any problem in the page tree; returns the number of pages checked."""
    problems = Page.find_problems()
    assert not any(problems), dict(
        zip(
            ["evil chars", "bad step length", "orphans", "wrong depth", "wrong numchild"],
            problems,
            strict=True,
        )
    )
    return Page.objects.count()


def analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return 0


# --- Report ------------------------------------------------------------------


def run(pages, entries, units, requests=REQUESTS):
    demo_sizes = data_sizes()
    demo, demo_load = measure_screens(requests)
    started = time.perf_counter()
    parts = grow(pages, entries, units)
    building = time.perf_counter() - started
    scale_sizes = data_sizes()
    scale, scale_load = measure_screens(requests)

    table(
        ["Data", "demo", "at scale"],
        [
            *([name, f"{demo_sizes[name]:,}", f"{scale_sizes[name]:,}"] for name in demo_sizes),
            # Another run on the same CPUs slows one side only: the ratios below are worth what this is.
            ["load average (1 min) while measuring", f"{demo_load:.2f}", f"{scale_load:.2f}"],
        ],
    )
    table(["Building the data", "rows", "time"], [*parts, ["all", "", f"{building:.1f} s"]])
    table(
        [
            f"Screen ({requests} requests each)",
            "queries demo",
            "queries scale",
            "demo median",
            "demo p90",
            "scale median",
            "scale p90",
            "scale/demo",
        ],
        [
            [
                name,
                demo[name].queries,
                scale[name].queries,
                ms(median(demo[name].seconds)),
                ms(p90(demo[name].seconds)),
                ms(median(scale[name].seconds)),
                ms(p90(scale[name].seconds)),
                f"{median(scale[name].seconds) / median(demo[name].seconds):.2f}",
            ]
            for name in demo
        ],
    )
    changed = [name for name in demo if demo[name].queries != scale[name].queries]
    say(
        f"Query counts differ between demo and scale: {', '.join(changed)}."
        if changed
        else "Query counts: equal on every screen."
    )
    say()
    say(
        "Time in SQL of each screen's counted request, on the demo and at scale, and its slowest query at scale:"
    )
    for name, result in scale.items():
        say(
            f"  {name}: {duration(demo[name].sql_seconds)} / {duration(result.sql_seconds)}; slowest "
            f"{duration(result.slowest[0])}: {one_line(result.slowest[1])}"
        )
    say()
    return {"building": building, "changed": changed}


def one_line(sql, width=200):
    sql = " ".join(sql.split())
    columns = re.match(r"SELECT (.*?) FROM ", sql)
    # A long column list says little about why a query is slow; what it reads from, and how, does.
    if columns and len(columns.group(1)) > 60:
        sql = f"SELECT … FROM {sql[columns.end() :]}"
    return sql if len(sql) <= width else sql[: width - 1] + "…"
