"""Every export an official files: formula-free, Chinese values, people by name, Beijing time, BOM in CSV."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal_site.portal.models import ArticlePage
from wagtail_review.models import Unit
from wagtail_review.publication.take_down import take_down

User = get_user_model()

# What an account holder might type into their own name, a unit's name or a take-down reason.
FORMULAS = ['=HYPERLINK("http://evil.example/","点此")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"]

# Each register with who keeps it: memberships are the security administrator's, units the system
# administrator's (等保 2.0 三员分立), the rest the website administrator's.
EXPORTS = [
    ("wagtail_review_ledger:index", {}, "webadmin"),
    ("wagtail_review_take_downs:index", {}, "webadmin"),
    ("wagtail_review_memberships:index", {}, "secadmin"),
    ("wagtail_review_units:index", {}, "sysadmin"),
]


def download(client, url_name, params, export):
    response = client.get(reverse(url_name), {**params, "export": export})
    assert response.status_code == 200, (url_name, response.status_code)
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def formulas_typed_in(demo, db):
    """A reviewer named with a formula, a unit renamed to one, a take-down whose reason is one."""
    reviewer = User.objects.get(username="xiping_reviewer")
    reviewer.last_name, reviewer.first_name = FORMULAS[0], ""
    reviewer.save()
    xiping = Unit.objects.get(slug="xiping-town")
    xiping.name = FORMULAS[1]
    xiping.save()
    article = ArticlePage.objects.live().get(slug="daylily-picking-season")
    take_down(article, reviewer, "；".join(FORMULAS[2:]))
    return article


@pytest.mark.parametrize("url_name,params,username", EXPORTS)
def test_no_xlsx_export_carries_a_formula(client, formulas_typed_in, url_name, params, username):
    client.force_login(User.objects.get(username=username))
    workbook = load_workbook(io.BytesIO(download(client, url_name, params, "xlsx")))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    # The typed formula is there, as text.
    assert any(any(formula in text for formula in FORMULAS) for text in texts), url_name


@pytest.mark.parametrize("url_name,params,username", EXPORTS)
def test_no_csv_export_carries_a_formula(client, formulas_typed_in, url_name, params, username):
    client.force_login(User.objects.get(username=username))
    raw = download(client, url_name, params, "csv")
    assert raw.startswith("\ufeff".encode())
    cells = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert any(cell.startswith("'=") or cell.startswith("'+") for cell in cells), url_name


def test_the_performance_report_carries_no_formula(client, formulas_typed_in):
    client.force_login(User.objects.get(username="webadmin"))
    response = client.get(reverse("wagtail_review:performance_report"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert FORMULAS[1] in [cell.value for cell in cells]


def test_exports_show_names_family_first_and_chinese_values(client, demo):
    client.force_login(User.objects.get(username="secadmin"))
    raw = download(client, "wagtail_review_memberships:index", {}, "csv")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    headings, rows = table[2], table[3:]
    people = {row[headings.index("人员")] for row in rows}
    roles = {row[headings.index("角色")] for row in rows}
    assert "王晓燕" in people and "xiping_editor" not in people
    assert "信息员" in roles or "编辑" in "".join(roles)
    assert not roles & {"editor", "reviewer", "principal_leader"}
    client.force_login(User.objects.get(username="sysadmin"))
    units = list(
        csv.reader(io.StringIO(download(client, "wagtail_review_units:index", {}, "csv").decode("utf-8-sig")))
    )
    kinds = {row[units[2].index("类别")] for row in units[3:]}
    assert "乡镇" in kinds and "township" not in kinds


def test_a_ledger_entry_after_midnight_beijing_time_is_in_the_next_months_register(client, demo, monkeypatch):
    # 16:30 UTC on 30 November is 00:30 on 1 December in Beijing.
    moment = datetime.datetime(2026, 11, 30, 16, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    article = ArticlePage.objects.live().get(slug="daylily-picking-season")
    take_down(article, User.objects.get(username="webadmin"), "月末核查")
    monkeypatch.undo()

    client.force_login(User.objects.get(username="webadmin"))

    def register(month):
        raw = download(client, "wagtail_review_ledger:index", {"month": month}, "csv")
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        return table[2], table[3:]

    headings, december = register("2026-12")
    taken_down = [row for row in december if row[headings.index("事项")] == "撤稿"]
    assert [row[headings.index("登记时间")] for row in taken_down] == ["2026-12-01 00:30:00"]
    headings, november = register("2026-11")
    assert "月末核查" not in str(november)


def test_the_register_names_source_types_not_their_codes(client, demo):
    from wagtail_review.routing.routes import SourceType

    client.force_login(User.objects.get(username="webadmin"))
    raw = download(client, "wagtail_review_ledger:index", {}, "csv")
    text = raw.decode("utf-8-sig")
    assert str(SourceType.TOWNSHIP.label) in text
    table = list(csv.reader(io.StringIO(text)))
    codes = {choice.value for choice in SourceType}
    assert not any(cell in codes for row in table[3:] for cell in row)
