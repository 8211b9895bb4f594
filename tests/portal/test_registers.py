"""The registers in the admin: the ledger browser and its monthly export (登记表), and the performance report."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal_site.portal.models import ArticlePage
from tests.portal.admin_forms import PASSING, signature_data
from wagtail_review.models import LedgerEntry, Unit
from wagtail_review.routing.services import fill_review_form

User = get_user_model()
THIS_MONTH = timezone.localdate().strftime("%Y-%m")


def login(client, username):
    client.force_login(User.objects.get(username=username))


def ledger_urls():
    entry = LedgerEntry.objects.order_by("sequence").first()
    return [
        reverse("wagtail_review_ledger:index"),
        reverse("wagtail_review_ledger:inspect", args=[entry.pk]),
        reverse("wagtail_review_ledger:edit", args=[entry.pk]),
        reverse("wagtail_review_ledger:delete", args=[entry.pk]),
        reverse("wagtail_review_ledger:add"),
        reverse("wagtail_review:performance_report"),
    ]


@pytest.mark.parametrize("username", ["xiping_editor", "edu_reviewer"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_registers_without_permission(demo, client, username, method):
    login(client, username)
    before = list(LedgerEntry.objects.values_list("entry_hash", flat=True))
    for url in ledger_urls():
        response = getattr(client, method)(url, {"reason": "改"})
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), url
    assert list(LedgerEntry.objects.values_list("entry_hash", flat=True)) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_registers_anonymous(demo, client, method):
    for url in ledger_urls():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login")), url


def test_the_ledger_is_read_only_even_for_superusers(demo, client):
    login(client, "admin")
    entry = LedgerEntry.objects.order_by("sequence").first()
    for name, args in (("add", []), ("edit", [entry.pk]), ("delete", [entry.pk])):
        for method in ("get", "post"):
            response = getattr(client, method)(
                reverse(f"wagtail_review_ledger:{name}", args=args), {"reason": "x"}
            )
            assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert LedgerEntry.objects.filter(pk=entry.pk, entry_hash=entry.entry_hash).exists()


def test_ledger_browser_filters_by_unit_and_shows_signatures(demo, client):
    login(client, "webadmin")
    xiping = Unit.objects.get(slug="xiping-town")
    response = client.get(reverse("wagtail_review_ledger:index"), {"unit": xiping.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "西坪镇黄花进入采摘旺季" in html and "秋季学期义务教育招生" not in html
    assert "李建国" in html  # xiping_reviewer's signature
    entry = LedgerEntry.objects.filter(unit_id=xiping.pk).first()
    review_form = reverse("wagtail_review:review_form", args=[entry.workflow_state_id])
    assert review_form in html
    assert "信息发布审查表" in client.get(review_form).content.decode()
    entry = LedgerEntry.objects.filter(unit_id=xiping.pk).first()
    inspect = client.get(reverse("wagtail_review_ledger:inspect", args=[entry.pk])).content.decode()
    assert entry.entry_hash in inspect and "张志强" in inspect
    # A malformed period or month narrows to nothing rather than failing.
    assert client.get(reverse("wagtail_review_ledger:index"), {"month": "2026-13"}).status_code == 200
    assert client.get(reverse("wagtail_review_ledger:index"), {"unit": "abc"}).status_code == 200


def test_the_ledger_browser_counts_the_whole_ledger_from_its_head_and_a_filtered_one_by_counting(
    demo, client
):
    login(client, "webadmin")
    with CaptureQueriesContext(connection) as queries:
        paginator = client.get(reverse("wagtail_review_ledger:index")).context["paginator"]
    assert paginator.count == LedgerEntry.objects.count() > 20
    counted = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert not any("ledgerentry" in sql for sql in counted), counted

    xiping = Unit.objects.get(slug="xiping-town")
    filtered = client.get(reverse("wagtail_review_ledger:index"), {"unit": xiping.pk}).context["paginator"]
    assert 0 < filtered.count == LedgerEntry.objects.filter(unit_id=xiping.pk).count() < paginator.count


def test_monthly_register_exports_open_with_chinese_headers(demo, client):
    login(client, "webadmin")
    url = reverse("wagtail_review_ledger:index")
    count = LedgerEntry.objects.count()

    # One click: the listing offers this month's register.
    assert f"?month={THIS_MONTH}&amp;export=xlsx" in client.get(url).content.decode()
    xlsx = client.get(url, {"month": THIS_MONTH, "export": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    title, scope, headers = rows[0], rows[1], rows[2]
    assert title[0] == "信息发布登记表" and THIS_MONTH in scope[0]
    assert "标题" in headers and "签署" in headers and "条目校验值" in headers
    assert len(rows) - 3 == count
    assert any("西坪镇黄花进入采摘旺季" in str(row) for row in rows)
    assert sheet.freeze_panes == "A4" and sheet.page_setup.orientation == "landscape"

    response = client.get(url, {"month": THIS_MONTH, "export": "csv"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads it as UTF-8
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["信息发布登记表"] and "标题" in table[2] and len(table) - 3 == count
    assert {row[table[2].index("事项")] for row in table[3:]} <= {"发布", "签署角色授予或撤销"}
    # Another month is empty.
    empty = client.get(url, {"month": "2001-01", "export": "csv"})
    assert len(list(csv.reader(io.StringIO(b"".join(empty.streaming_content).decode("utf-8-sig"))))) == 3


def _submit_and_return(page):
    editor, reviewer = (
        User.objects.get(username="xiping_editor"),
        User.objects.get(username="xiping_reviewer"),
    )
    page.title = "退回测试"
    fill_review_form(page, **PASSING, contact_person="王晓燕")
    page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor).current_task_state.specific
    state.task.specific.on_action(
        state, reviewer, "reject", **signature_data(comment="数据需核实", point_8="no")
    )


def test_performance_report_figures_and_visibility(demo, client):
    _submit_and_return(ArticlePage.objects.get(slug="daylily-picking-season"))
    login(client, "webadmin")
    url = reverse("wagtail_review:performance_report")
    response = client.get(url)
    assert response.status_code == 200
    rows = {row.unit.slug: row for row in response.context["rows"]}
    assert set(rows) >= {"xiping-town", "education-bureau", "district-office"}
    xiping = rows["xiping-town"]
    released = LedgerEntry.objects.filter(unit_id=xiping.unit.pk, action="publish").count()
    assert (xiping.submitted, xiping.released, xiping.returned) == (released + 1, released, 1)
    assert xiping.median_hours is not None and xiping.p90_hours >= xiping.median_hours
    assert any(s.name == "李建国" and s.signed >= released for s in response.context["signers"])

    # A unit's leader sees their own unit only.
    login(client, "xiping_leader")
    response = client.get(url)
    assert {row.unit.slug for row in response.context["rows"]} == {"xiping-town"}
    assert all(s.unit == "西坪镇" for s in response.context["signers"])

    # Bad periods fall back with a message, never a 500.
    for params in ({"kind": "decade"}, {"kind": "month", "number": "13"}, {"year": "abc"}):
        assert client.get(url, params).status_code == 200


def test_performance_report_xlsx(demo, client):
    login(client, "webadmin")
    response = client.get(reverse("wagtail_review:performance_report"), {"format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    units = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert units[0][0] == "信息审核发布绩效" and "期间" in units[1][0]
    assert units[2][0] == "单位" and "中位" in "".join(str(c) for c in units[2])
    assert any(row[0] == "西坪镇" for row in units[3:])
    assert list(workbook.worksheets[1].iter_rows(values_only=True))[2][0] == "签署人"


def test_a_months_register_counts_by_beijing_time_whatever_the_servers_clock(demo, client, release, settings):
    # Released at 01:30 on 1 November in Beijing, which is still 31 October in UTC.
    import datetime
    from unittest import mock

    settings.TIME_ZONE = "UTC"
    moment = datetime.datetime(2026, 10, 31, 17, 30, tzinfo=datetime.UTC)
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    page.title = "月初凌晨发布"
    with mock.patch("wagtail_review.publication.ledger.chain.timezone.now", return_value=moment):
        release(page, "xiping_editor")
    login(client, "webadmin")

    def register(month):
        response = client.get(reverse("wagtail_review_ledger:index"), {"month": month, "export": "xlsx"})
        return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    november = [row for row in register("2026-11") if "月初凌晨发布" in row]
    assert november and "2026-11-01 01:30:00" in november[0]
    assert not any("月初凌晨发布" in row for row in register("2026-10"))


def _ranking(client, day):
    """The performance report's ranking rows by unit slug, for the month of ``day``."""
    response = client.get(
        reverse("wagtail_review:performance_report"), {"kind": "month", "year": day.year, "number": day.month}
    )
    return {row.unit.slug: row for row in response.context["ranking"]}


def test_the_ranking_counts_documents_public_by_their_deadline(demo, client, release):
    import datetime

    from portal_site.portal.models import ColumnPage, PolicyDocumentPage

    login(client, "webadmin")
    today = timezone.localdate()
    # Issued 4 days ago: due yesterday, released today (late). Issued today: due in 3 days (on time).
    documents = {"late": today - datetime.timedelta(days=4), "on-time": today}
    months = {issued + datetime.timedelta(days=3) for issued in documents.values()}
    before = {due: _ranking(client, due)["district-office"] for due in months}
    policies = ColumnPage.objects.get(slug="policies", url_path__contains="/district-office/")
    for number, (slug, issued) in enumerate(documents.items(), start=90):
        page = policies.add_child(
            instance=PolicyDocumentPage(
                title=f"测试文件{slug}",
                slug=slug,
                doc_number=f"云政发〔2026〕{number}号",
                issuing_authority="大同市云州区人民政府",
                date_written=issued,
                date_published=today,
                body=[("paragraph", "<p>正文。</p>")],
                live=False,
            )
        )
        page.save_revision()
        release(page, "office_editor")

    for due in months:
        after = _ranking(client, due)["district-office"]
        expected_due = sum(
            1 for issued in documents.values() if _same_month(issued + datetime.timedelta(days=3), due)
        )
        expected_on_time = 1 if _same_month(documents["on-time"] + datetime.timedelta(days=3), due) else 0
        assert after.documents_due - before[due].documents_due == expected_due
        assert after.documents_on_time - before[due].documents_on_time == expected_on_time


def _same_month(a, b):
    return (a.year, a.month) == (b.year, b.month)


def test_the_ranking_puts_a_unit_with_overdue_catalogue_items_and_red_items_below_a_green_one(demo, client):
    from wagtail_review.inspection import daily
    from wagtail_review.inspection.indicators import inspect

    daily.record()
    login(client, "webadmin")
    rows = _ranking(client, timezone.localdate())

    items_by_unit = {}
    for indicator in inspect(timezone.localdate()):
        for item in indicator.items:
            items_by_unit[item.unit_name] = items_by_unit.get(item.unit_name, 0) + 1
    for row in rows.values():
        assert row.inspection_items == items_by_unit.get(row.unit.name, 0)
        assert row.inspection_days == (1 if row.inspection_items else 0)
    health, xiping = rows["health-bureau"], rows["xiping-town"]
    assert health.catalogue_items and health.catalogue_overdue == 0
    assert xiping.catalogue_overdue >= 1
    assert health.rank < xiping.rank
    assert sorted(row.rank for row in rows.values()) == list(range(1, len(rows) + 1))

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("wagtail_review:performance_report"), {"format": "xlsx"}).content)
    )
    ranking = list(workbook["考核排名"].iter_rows(values_only=True))
    assert ranking[2][:2] == ("名次", "单位")
    assert [row[1] for row in ranking[3:]] == [
        row.unit.name for row in sorted(rows.values(), key=lambda r: r.rank)
    ]
