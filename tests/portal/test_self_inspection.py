"""Self-inspection (自查, Art. 11): would the site pass a national spot-check, and who must act.

Each single-veto indicator is tried exactly at its edge, with the day passed
explicitly: one day short of a limit passes, the limit itself fails ("及以上").
Every red item names its unit, the people who answer for it (the unit's 信息员
and leaders; the information centre's for the homepage) and a page where they act.
"""

import io
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal_site.portal.models import ArticlePage, ColumnPage, UnitSectionPage
from wagtail_review.inspection import daily
from wagtail_review.inspection.catalogue import CatalogueItem
from wagtail_review.inspection.indicators import inspect, thresholds, today
from wagtail_review.mailbox.models import Message, MessageKind, MessageStatus
from wagtail_review.models import Column, ColumnKind, DailyResult, Unit
from wagtail_review.publication.take_down import take_down
from wagtail_review.scanning.links import LinkCheck, LinkCheckRun, LinkKind, Outcome
from wagtail_review.scanning.live import LiveFinding

User = get_user_model()
BEIJING = ZoneInfo("Asia/Shanghai")

INDICATOR_KEYS = [
    "homepage",
    "news_columns",
    "notice_columns",
    "other_columns",
    "empty_columns",
    "missing_publish_dates",
    "unanswered_consultations",
    "serious_wording_errors",
    "dead_links",
]
# The people each item names: the unit's 信息员 and leaders, the centre's website administrators.
CENTRE_PEOPLE = {"周磊（网站管理人员）", "吴海涛（网站分管领导）"}
XIPING_PEOPLE = {"王晓燕（信息员）", "张志强（分管领导）"}
BEIJIAZAO_PEOPLE = {"宋佳（信息员）", "韩斌（分管领导）"}
EDUCATION_PEOPLE = {"赵敏（信息员）", "陈立新（主要领导）"}
HEALTH_PEOPLE = {"马丽（信息员）", "梁文（主要领导）"}
LEADERSHIP_PEOPLE = {"何静（信息员）", "郑国华（分管领导）", "孙明远（主要领导）"}
INFO_CENTRE_UNIT_PEOPLE = {"高鹏（信息员）"}
# The demo's only consultation left unanswered for three months (received 100 days before loading).
OLD_CONSULTATION = "倍加造镇农村宅基地审批需要多长时间"


def old_consultation_label():
    """How items and e-mails name the demo's old consultation: by number, never by code or words."""
    return f"第 {Message.objects.get(title=OLD_CONSULTATION).pk} 号咨询留言"


def address(username):
    return f"{username}@yunzhou.example.gov.cn"


def indicators(day):
    return {indicator.key: indicator for indicator in inspect(day)}


def units_of(indicator):
    return sorted(item.unit_name for item in indicator.items)


def column_page(unit_slug, slug):
    return ColumnPage.objects.get(url_path__endswith=f"/{unit_slug}/{slug}/")


def latest_item_date(unit_slug, slug):
    """The newest date the public sees on a column's live items (the portal's 发布日期)."""
    return max(page.specific.listing_date for page in column_page(unit_slug, slug).get_children().live())


def opens_for(client, username, url):
    client.force_login(User.objects.get(username=username))
    return client.get(url).status_code


def assert_names(item, unit, people):
    assert item.unit_name == unit
    assert set(item.people) == people


def webadmin():
    return User.objects.get(username="webadmin")


def consultation(
    day_received, *, unit="西坪镇", kind=MessageKind.CONSULTATION, status=MessageStatus.ACCEPTED
):
    """A message from the public received at ``day_received`` (a Beijing-time datetime)."""
    return Message.objects.create(
        kind=kind,
        status=status,
        unit=Unit.objects.get(name=unit) if unit else None,
        title=f"咨询 {day_received:%Y-%m-%d %H:%M} {kind} {status}",
        body="请问办理需要哪些材料？",
        name="李明",
        phone="13800000002",
        received_at=day_received,
        fingerprint=f"f-{day_received.isoformat()}-{kind}-{status}",
        client_hash="c",
        contact_hash="p",
    )


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


# --- 1. Each indicator at its edge ------------------------------------------------------------


def test_the_homepage_fails_from_its_14th_day_without_an_update(demo, client):
    # With the portal's date fields, a column page (no 发布日期 of its own) is dated by its publishing
    # time: the demo's were all published on loading, after every article's 发布日期.
    latest = timezone.localdate(
        ColumnPage.objects.live().aggregate(last=Max("first_published_at"))["last"], timezone=BEIJING
    )
    fresh = indicators(latest + timedelta(days=13))["homepage"]
    assert (fresh.value, fresh.threshold, fresh.passed, fresh.items) == (13, 14, True, [])

    stale = indicators(latest + timedelta(days=14))["homepage"]
    assert (stale.value, stale.passed) == (14, False)
    [item] = stale.items
    assert_names(item, "信息化中心", CENTRE_PEOPLE)
    assert item.what == "大同市云州区人民政府"
    assert item.detail == f"最近更新于 {latest}，已 14 天。"


def test_the_homepage_counts_the_date_the_public_sees_not_the_publishing_time(demo, settings):
    # Without first_published_at, only the 发布日期 of articles and documents count: the newest is
    # the information centre's maintenance notice, a week before loading.
    settings.WAGTAIL_REVIEW_INSPECTION_DATE_FIELDS = ["date", "date_published"]
    newest = latest_item_date("info-center", "notices")
    assert newest < today()
    assert indicators(newest + timedelta(days=13))["homepage"].passed
    stale = indicators(newest + timedelta(days=14))["homepage"]
    assert (stale.value, stale.passed) == (14, False)
    assert str(newest) in stale.items[0].detail


def test_a_site_without_any_publish_date_fails_the_homepage(demo, settings):
    settings.WAGTAIL_REVIEW_INSPECTION_DATE_FIELDS = ["go_live_at"]
    homepage = indicators(today())["homepage"]
    assert not homepage.passed
    assert homepage.items[0].detail == "网站上没有任何带发布日期的信息。"


def test_the_centre_named_on_the_homepage_item_is_shown_the_page_it_can_open(demo, client):
    """The homepage item names the centre's website administrators, who edit no pages: the dashboard
    offers them the public homepage to look at, and the explorer only to those who can act in it."""
    stale = indicators(today() + timedelta(days=30))["homepage"]
    [item] = stale.items
    assert_names(item, "信息化中心", CENTRE_PEOPLE)
    act, view = item.links_for(webadmin())
    assert act is None and client.get(view).status_code == 200
    assert item.links_for(User.objects.get(username="admin")) == (item.url, None)
    assert opens_for(client, "admin", item.url) == 200


def test_a_news_column_is_stale_from_its_14th_day_and_enough_of_them_fail(demo, settings, client):
    settings.WAGTAIL_REVIEW_INSPECTION_THRESHOLDS = {"news_stale_columns": 2, "news_stale_days": 14}
    xiping = latest_item_date("xiping-town", "news")
    # The demo's news columns: 倍加造镇's is older than 西坪镇's, the others newer.
    assert latest_item_date("beijiazao-town", "news") < xiping
    assert xiping < latest_item_date("education-bureau", "news") < latest_item_date("district-office", "news")

    one_short = indicators(xiping + timedelta(days=13))["news_columns"]
    assert units_of(one_short) == ["倍加造镇"]
    assert (one_short.value, one_short.threshold, one_short.passed) == (1, 2, True)

    at_limit = indicators(xiping + timedelta(days=14))["news_columns"]
    assert units_of(at_limit) == ["倍加造镇", "西坪镇"]
    assert (at_limit.value, at_limit.passed) == (2, False)
    [item] = [item for item in at_limit.items if item.unit_name == "西坪镇"]
    assert_names(item, "西坪镇", XIPING_PEOPLE)
    assert (item.what, item.detail) == ("工作动态", f"最近更新于 {xiping}，已 14 天。")
    assert item.url == reverse("wagtailadmin_explore", args=[column_page("xiping-town", "news").pk])
    assert opens_for(client, "xiping_editor", item.url) == 200
    [other] = [item for item in at_limit.items if item.unit_name == "倍加造镇"]
    assert_names(other, "倍加造镇", BEIJIAZAO_PEOPLE)
    assert opens_for(client, "beijiazao_editor", other.url) == 200


def test_notice_and_policy_columns_are_stale_from_their_180th_day(demo, settings, client):
    settings.WAGTAIL_REVIEW_INSPECTION_THRESHOLDS = {"notice_stale_columns": 4}
    newest = latest_item_date("info-center", "notices")
    # The district office's notices, policy documents and interpretations are all older.
    for slug in ("notices", "policies", "interpretations"):
        assert latest_item_date("district-office", slug) < newest

    one_short = indicators(newest + timedelta(days=179))["notice_columns"]
    assert (one_short.value, one_short.threshold, one_short.passed) == (3, 4, True)
    assert units_of(one_short) == ["区政府办公室"] * 3

    at_limit = indicators(newest + timedelta(days=180))["notice_columns"]
    assert (at_limit.value, at_limit.passed) == (4, False)
    [item] = [item for item in at_limit.items if item.unit_name == "区政府信息化中心"]
    assert_names(item, "区政府信息化中心", INFO_CENTRE_UNIT_PEOPLE)
    assert item.detail == f"最近更新于 {newest}，已 180 天。"
    assert opens_for(client, "info_editor", item.url) == 200


def test_other_columns_are_stale_from_their_365th_day(demo, settings, client):
    settings.WAGTAIL_REVIEW_INSPECTION_THRESHOLDS = {"other_stale_columns": 2}
    health = latest_item_date("health-bureau", "govinfo")
    assert latest_item_date("district-leadership", "division-of-work") < health

    one_short = indicators(health + timedelta(days=364))["other_columns"]
    assert units_of(one_short) == ["区政府领导"]
    assert (one_short.value, one_short.threshold, one_short.passed) == (1, 2, True)

    at_limit = indicators(health + timedelta(days=365))["other_columns"]
    assert units_of(at_limit) == ["区卫生健康局", "区政府领导"]
    assert (at_limit.value, at_limit.passed) == (2, False)
    [item] = [item for item in at_limit.items if item.unit_name == "区卫生健康局"]
    assert_names(item, "区卫生健康局", HEALTH_PEOPLE)
    assert opens_for(client, "health_editor", item.url) == 200
    [leaders] = [item for item in at_limit.items if item.unit_name == "区政府领导"]
    assert_names(leaders, "区政府领导", LEADERSHIP_PEOPLE)


def test_the_default_thresholds_fail_news_columns_only_at_five(demo):
    day = latest_item_date("district-office", "news") + timedelta(days=14)
    news = indicators(day)["news_columns"]
    # Every news column of the demo (four) is stale: one short of the default five.
    assert (news.value, news.threshold, news.passed) == (4, 5, True)


def test_columns_left_without_live_items_are_empty_and_fail_at_the_limit(demo, settings, client):
    settings.WAGTAIL_REVIEW_INSPECTION_THRESHOLDS = {"empty_columns": 2}
    day = today()
    assert indicators(day)["empty_columns"].value == 0
    for page in column_page("xiping-town", "news").get_children().live():
        take_down(page, webadmin(), "信息过时，撤下核实。")

    one = indicators(day)
    assert (one["empty_columns"].value, one["empty_columns"].passed) == (1, True)
    [item] = one["empty_columns"].items
    assert_names(item, "西坪镇", XIPING_PEOPLE)
    assert (item.what, item.detail) == ("工作动态", "栏目无内容。")
    assert opens_for(client, "xiping_editor", item.url) == 200
    # An empty column is reported as empty, not also as a stale news column.
    assert "西坪镇" not in units_of(one["news_columns"])

    for page in column_page("beijiazao-town", "news").get_children().live():
        take_down(page, webadmin(), "信息过时，撤下核实。")
    two = indicators(day)["empty_columns"]
    assert (two.value, two.passed) == (2, False)
    assert units_of(two) == ["倍加造镇", "西坪镇"]


def test_a_live_page_without_a_publish_date_counts_and_leaves_its_column_not_updated(demo, settings, client):
    day = today()
    assert indicators(day)["missing_publish_dates"].value == 0
    # The leaders' section lists one column page; column pages have no 发布日期 of their own.
    settings.WAGTAIL_REVIEW_INSPECTION_DATE_FIELDS = ["date", "date_published", "go_live_at"]
    section = UnitSectionPage.objects.get(slug="district-leadership")
    Column.objects.create(page=section, kind=ColumnKind.OTHER)

    result = indicators(day)
    missing = result["missing_publish_dates"]
    assert (missing.value, missing.threshold, missing.passed) == (1, 1, False)
    [item] = missing.items
    assert_names(item, "区政府领导", LEADERSHIP_PEOPLE)
    assert (item.what, item.detail) == ("领导分工", "无发布日期（栏目“区政府领导”）。")
    assert item.url == reverse(
        "wagtailadmin_pages:edit", args=[column_page("district-leadership", "division-of-work").pk]
    )
    assert opens_for(client, "office_editor", item.url) == 200
    # Its only item has no date: the column counts as not updated, however recent the page is.
    [stale] = [item for item in result["other_columns"].items if item.what == "区政府领导"]
    assert stale.detail == "栏目内信息均无发布日期。"


def test_a_column_with_a_dated_item_is_judged_by_it(demo, settings):
    settings.WAGTAIL_REVIEW_INSPECTION_DATE_FIELDS = ["date", "date_published", "go_live_at"]
    result = indicators(today())
    # The demo's registered columns hold only articles and documents, all dated.
    assert result["missing_publish_dates"].value == 0
    assert "区政府领导" not in units_of(result["other_columns"])


def test_a_consultation_counts_once_received_before_the_90th_day(demo, client):
    day = today() - timedelta(days=20)  # the demo's own old consultation is then only 80 days old
    consultation(at(day - timedelta(days=89), 12))
    consultation(at(day - timedelta(days=120), 9), status=MessageStatus.REPLIED)
    consultation(at(day - timedelta(days=120), 9), status=MessageStatus.CLOSED)
    consultation(at(day - timedelta(days=120), 9), kind=MessageKind.COMPLAINT)
    consultation(at(day - timedelta(days=120), 9), kind=MessageKind.SUGGESTION)
    none_yet = indicators(day)["unanswered_consultations"]
    assert (none_yet.value, none_yet.threshold, none_yet.passed) == (0, 1, True)

    overdue = consultation(at(day - timedelta(days=90), 12))
    one = indicators(day)["unanswered_consultations"]
    assert (one.value, one.passed) == (1, False)
    [item] = one.items
    assert_names(item, "西坪镇", XIPING_PEOPLE)
    assert item.what == f"第 {overdue.pk} 号咨询留言"  # not the code that opens the writer's page
    assert item.detail == f"{day - timedelta(days=90)} 收到，尚未答复。"
    assert item.url == reverse("wagtail_review_mailbox_messages:inspect", args=[overdue.pk])
    assert opens_for(client, "webadmin", item.url) == 200
    assert opens_for(client, "xiping_editor", item.url) == 200

    # Answered, it no longer counts.
    Message.objects.filter(pk=overdue.pk).update(status=MessageStatus.REPLIED)
    assert indicators(day)["unanswered_consultations"].passed


def test_the_90_days_are_counted_in_beijing_days(demo):
    day = today() - timedelta(days=20)
    cutoff = day - timedelta(days=90)
    consultation(at(cutoff + timedelta(days=1), 0, 30))  # 16:30 UTC on the cutoff: 89 Beijing days old
    assert indicators(day)["unanswered_consultations"].value == 0
    late = consultation(at(cutoff, 23, 30))  # 15:30 UTC the same day: 90 Beijing days old
    assert [item.what for item in indicators(day)["unanswered_consultations"].items] == [
        f"第 {late.pk} 号咨询留言"
    ]


def test_a_consultation_not_yet_taken_in_counts_for_the_information_centre(demo):
    day = today() - timedelta(days=20)
    waiting = consultation(at(day - timedelta(days=100), 10), unit=None, status=MessageStatus.PENDING)
    [item] = indicators(day)["unanswered_consultations"].items
    assert item.what == f"第 {waiting.pk} 号咨询留言"
    assert_names(item, "信息化中心", CENTRE_PEOPLE)


def serious_finding(page, severity="serious", kind="wording_error"):
    return LiveFinding.objects.create(
        page=page,
        unit=Unit.objects.get(name="西坪镇"),
        kind=kind,
        severity=severity,
        field="body",
        text="中华人民共和国国务院办公厅厅",
        suggestion="国务院办公厅",
        scanned_at=timezone.now(),
    )


def test_one_serious_wording_error_on_a_live_page_fails(demo, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    serious_finding(page, severity="warning")
    warning_only = indicators(today())["serious_wording_errors"]
    assert (warning_only.value, warning_only.threshold, warning_only.passed) == (0, 1, True)

    serious_finding(page)
    serious = indicators(today())["serious_wording_errors"]
    assert (serious.value, serious.passed) == (1, False)
    [item] = serious.items
    assert_names(item, "西坪镇", XIPING_PEOPLE)
    assert item.what == page.title and "国务院办公厅" in item.detail
    assert item.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert opens_for(client, "xiping_editor", item.url) == 200


def test_a_serious_wording_error_on_a_page_taken_down_does_not_count(demo):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    take_down(page, webadmin(), "表述有误，撤下修改。")
    serious_finding(page)
    assert indicators(today())["serious_wording_errors"].value == 0


def link_check(started_hours_ago, finished=True):
    started = timezone.now() - timedelta(hours=started_hours_ago)
    return LinkCheckRun.objects.create(
        started_at=started, finished_at=started + timedelta(minutes=5) if finished else None
    )


def links(run, count, outcome=Outcome.BROKEN):
    page = ArticlePage.objects.get(slug="straw-burning-patrol")
    LinkCheck.objects.bulk_create(
        LinkCheck(
            run=run,
            page=page,
            unit=Unit.objects.get(name="西坪镇"),
            kind=LinkKind.EXTERNAL,
            target=f"https://gone.example.cn/{run.pk}/{outcome}/{number}",
            outcome=outcome,
            status_code=404 if outcome == Outcome.BROKEN else 200,
        )
        for number in range(count)
    )
    return page


def test_dead_links_of_the_latest_finished_check_fail_at_the_limit(demo, settings, client):
    settings.WAGTAIL_REVIEW_INSPECTION_THRESHOLDS = {"dead_links": 2}
    older = link_check(started_hours_ago=48)
    links(older, 5)
    latest = link_check(started_hours_ago=2)
    page = links(latest, 1)
    links(latest, 3, outcome=Outcome.OK)
    links(link_check(started_hours_ago=0, finished=False), 4)  # still running

    one = indicators(today())["dead_links"]
    assert (one.value, one.threshold, one.passed) == (1, 2, True)
    assert [item.detail for item in one.items] == [f"https://gone.example.cn/{latest.pk}/broken/0"]

    links(latest, 1)
    two = indicators(today())["dead_links"]
    assert (two.value, two.passed) == (2, False)
    item = two.items[0]
    assert_names(item, "西坪镇", XIPING_PEOPLE)
    assert item.what == page.title and item.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert opens_for(client, "xiping_editor", item.url) == 200


def test_every_link_on_the_dashboard_opens_for_the_centre(demo, client):
    """The centre acts on messages; on pages it edits none, so it is shown them to look at."""
    serious_finding(ArticlePage.objects.get(slug="daylily-picking-season"))
    client.force_login(webadmin())
    html = client.get(reverse("wagtail_review:self_inspection")).content.decode()
    act = sorted(set(re.findall(r'<a href="([^"]+)">去处理</a>', html)))
    view = sorted(set(re.findall(r'<a href="([^"]+)">查看页面</a>', html)))
    assert (
        len(act) == 1 and len(view) >= 4
    )  # the consultation; three stale news columns and a page to correct
    refused = [url for url in act + view if client.get(url).status_code != 200]
    assert refused == []


def test_the_units_editor_is_offered_the_explorer_to_act_in(demo, client):
    xiping = [item for item in indicators(today())["news_columns"].items if item.unit_name == "西坪镇"]
    editor = User.objects.get(username="xiping_editor")
    act, view = xiping[0].links_for(editor)
    assert act == xiping[0].url and view is None
    assert opens_for(client, "xiping_editor", act) == 200


# --- 2. Settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        {"homepage_stale_dayz": 14},
        {"dead_links": 0},
        {"dead_links": "5"},
        {"dead_links": 2.5},
        {"dead_links": True},
        [5],
    ],
)
def test_a_wrong_threshold_stops_the_system_checks(db, value):
    with override_settings(WAGTAIL_REVIEW_INSPECTION_THRESHOLDS=value):
        errors = [error for error in run_checks() if error.id == "wagtail_review.E009"]
    assert len(errors) == 1
    assert "WAGTAIL_REVIEW_INSPECTION_THRESHOLDS" in errors[0].msg


def test_a_partial_override_keeps_the_other_defaults(db):
    with override_settings(WAGTAIL_REVIEW_INSPECTION_THRESHOLDS={"news_stale_days": 7, "dead_links": 1}):
        assert not [error for error in run_checks() if error.id == "wagtail_review.E009"]
        limits = thresholds()
    assert limits["news_stale_days"] == 7 and limits["dead_links"] == 1
    assert limits["homepage_stale_days"] == 14 and limits["news_stale_columns"] == 5
    assert limits["notice_stale_days"] == 180 and limits["other_stale_days"] == 365
    assert limits["unanswered_days"] == 90 and limits["unanswered_consultations"] == 1


# --- 3. The command ----------------------------------------------------------------------------


def test_the_command_prints_every_indicator_as_json(demo):
    out = io.StringIO()
    call_command("self_inspection", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert [entry["key"] for entry in result] == INDICATOR_KEYS
    for entry in result:
        assert set(entry) == {"key", "name", "rule", "threshold", "value", "passed", "must_act"}
    failed = [entry["key"] for entry in result if not entry["passed"]]
    assert failed == ["unanswered_consultations"]
    [item] = next(entry for entry in result if entry["key"] == "unanswered_consultations")["must_act"]
    assert item["unit"] == "倍加造镇" and set(item["people"]) == BEIJIAZAO_PEOPLE
    assert item["what"] == old_consultation_label()


def test_the_command_takes_the_day_to_inspect(demo):
    far = today() + timedelta(days=400)
    out = io.StringIO()
    call_command("self_inspection", "--json", "--date", far.isoformat(), stdout=out)
    homepage = json.loads(out.getvalue())[0]
    assert homepage["key"] == "homepage" and homepage["passed"] is False and homepage["value"] >= 400


def test_the_command_refuses_a_day_that_does_not_exist(db):
    with pytest.raises(CommandError) as refused:
        call_command("self_inspection", "--date", "2026-13-01", stdout=io.StringIO())
    assert "YYYY-MM-DD" in str(refused.value) and "2026-13-01" in str(refused.value)


# --- 4. The daily record -----------------------------------------------------------------------


def test_the_daily_record_is_kept_once_a_day_and_tells_who_must_act(demo, django_capture_on_commit_callbacks):
    day = today()
    with django_capture_on_commit_callbacks(execute=True):
        first = daily.record(day)
    assert DailyResult.objects.get(day=day) == first
    assert (first.passed, first.failed_indicators, first.red_items) == (False, 1, 4)
    assert [entry["key"] for entry in first.results] == INDICATOR_KEYS

    told = {message.to[0]: message for message in mail.outbox}
    assert all(len(message.to) == 1 for message in mail.outbox)
    # The centre's website administrators, and the 信息员 and leaders of every unit with a red item.
    must_act = (
        "xiping_editor",
        "xiping_leader",
        "beijiazao_editor",
        "beijiazao_leader",
        "edu_editor",
        "edu_principal",
    )
    assert {address(name) for name in ("webadmin", "site_leader", *must_act)} <= set(told)
    # Not the centre's other administrators, nor a unit with nothing red.
    for name in (
        "sysadmin",
        "auditadmin",
        "secadmin",
        "health_principal",
        "district_principal",
        "xiping_reviewer",
    ):
        assert address(name) not in told, name
    centre = told[address("webadmin")]
    assert str(day) in centre.subject
    assert old_consultation_label() in centre.body and "倍加造镇" in centre.body
    assert OLD_CONSULTATION not in centre.body  # the writer's words stay in the mailbox
    assert "按国家抽查指标，网站今日有 1 项单项否决指标不合格。" in centre.body
    assert old_consultation_label() in told[address("beijiazao_editor")].body

    # A second run the same day replaces the day's record.
    serious_finding(ArticlePage.objects.get(slug="daylily-picking-season"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = daily.record(day)
    stored = DailyResult.objects.get(day=day)  # the only one of the day
    assert (stored.pk, stored.failed_indicators, stored.red_items) == (second.pk, 2, 5)
    failed = [entry["key"] for entry in stored.results if not entry["passed"]]
    assert failed == ["unanswered_consultations", "serious_wording_errors"]
    assert "中华人民共和国国务院办公厅厅" in told_body(address("xiping_editor"))


def told_body(to):
    [message] = [message for message in mail.outbox if message.to == [to]]
    return message.body


def test_a_units_people_are_told_only_of_their_own_units_items(demo, django_capture_on_commit_callbacks):
    """As on the dashboard, a unit sees its own items: not another unit's mailbox messages."""
    with django_capture_on_commit_callbacks(execute=True):
        daily.record(today())
    consultation_code = Message.objects.get(title=OLD_CONSULTATION).query_code
    for username in ("edu_editor", "xiping_editor", "xiping_leader"):
        body = told_body(address(username))
        assert OLD_CONSULTATION not in body and consultation_code not in body, username
        assert "倍加造镇" not in body, username


def test_a_day_with_nothing_red_or_due_tells_nobody(demo, settings, django_capture_on_commit_callbacks):
    Message.objects.filter(title=OLD_CONSULTATION).update(status=MessageStatus.REPLIED)
    CatalogueItem.objects.all().delete()
    settings.WAGTAIL_REVIEW_INSPECTION_THRESHOLDS = {"news_stale_days": 365}
    settings.WAGTAIL_REVIEW_DOCUMENT_RELEASE_DAYS = 30  # the demo's document in review is not due yet
    with django_capture_on_commit_callbacks(execute=True):
        result = daily.record(today())
    assert (result.passed, result.failed_indicators, result.red_items) == (True, 0, 0)
    assert mail.outbox == []


def test_the_command_records_now_or_through_the_background_task(demo):
    out = io.StringIO()
    call_command("self_inspection", "--record", "--now", stdout=out)
    assert DailyResult.objects.get(day=today()).failed_indicators == 1
    assert f"Recorded the self-inspection of {today()}." in out.getvalue()

    DailyResult.objects.all().delete()
    out = io.StringIO()
    call_command("self_inspection", "--record", stdout=out)  # the immediate backend runs it at once
    assert "Queued today's self-inspection" in out.getvalue()
    recorded = DailyResult.objects.get(day=today())
    assert not recorded.passed and recorded.red_items == 4


# --- 5. The dashboard --------------------------------------------------------------------------


def dashboard(client, username=None):
    if username:
        client.force_login(User.objects.get(username=username))
    return client.get(reverse("wagtail_review:self_inspection"))


def item_rows(html):
    """``[(unit, item, finding, people, link)]`` of every red item shown."""
    rows = []
    for row in re.findall(r"<tr data-item>(.*?)</tr>", html, re.S):
        cells = [cell.strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        link = re.search(r'href="([^"]+)"', cells[4]).group(1)
        rows.append((cells[0], cells[1], cells[2], cells[3], link))
    return rows


def test_the_centre_sees_the_verdict_every_indicator_and_who_must_act(demo, client):
    response = dashboard(client, "webadmin")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-verdict="fail"' in html
    assert f"{today():%Y-%m-%d} 按国家抽查指标，网站有 1 项单项否决指标不合格。" in html
    shown = re.findall(r'data-indicator="([a-z_]+)" data-passed="(true|false)"', html)
    assert shown == [
        (key, "false" if key == "unanswered_consultations" else "true") for key in INDICATOR_KEYS
    ]

    rows = item_rows(html)
    assert sorted(row[0] for row in rows) == ["倍加造镇", "倍加造镇", "区教育局", "西坪镇"]
    [consulted] = [row for row in rows if old_consultation_label() in row[1]]
    assert set(consulted[3].split("、")) == BEIJIAZAO_PEOPLE
    message = Message.objects.get(title=OLD_CONSULTATION)
    assert consulted[4] == reverse("wagtail_review_mailbox_messages:inspect", args=[message.pk])
    assert html.count(">去处理</a>") == 1 and html.count(">查看页面</a>") == 3
    [xiping] = [row for row in rows if row[0] == "西坪镇"]
    assert set(xiping[3].split("、")) == XIPING_PEOPLE
    assert xiping[4] == column_page("xiping-town", "news").url  # the centre edits no page: it looks at it


def test_a_unit_leader_sees_the_sites_verdict_and_only_their_units_items(demo, client):
    response = dashboard(client, "xiping_leader")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-verdict="fail"' in html
    assert "结论针对整个网站；下列事项仅含您所在单位的。" in html
    assert len(re.findall(r"data-indicator=", html)) == len(INDICATOR_KEYS)
    rows = item_rows(html)
    assert [row[0] for row in rows] == ["西坪镇"]
    assert OLD_CONSULTATION not in html
    assert not BEIJIAZAO_PEOPLE & set("、".join(row[3] for row in rows).split("、"))


@pytest.mark.parametrize("username", ["xiping_editor", "auditadmin", "sysadmin"])
def test_those_who_see_no_figures_are_sent_away(demo, client, username):
    response = dashboard(client, username)
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert "data-verdict" not in client.get(response.url).content.decode()
    xlsx = client.get(reverse("wagtail_review:self_inspection"), {"format": "xlsx"})
    assert xlsx.status_code == 302 and "spreadsheetml" not in xlsx.get("Content-Type", "")


def test_anonymous_visitors_are_sent_to_sign_in(demo, client):
    response = dashboard(client)
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("username", [None, "webadmin", "xiping_leader", "xiping_editor", "auditadmin"])
def test_posting_to_the_dashboard_does_nothing(demo, client, username, django_capture_on_commit_callbacks):
    if username:
        client.force_login(User.objects.get(username=username))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtail_review:self_inspection"), {"record": "1"})
    assert response.status_code in (302, 403, 405)
    assert "data-verdict" not in response.content.decode()
    assert not DailyResult.objects.exists() and mail.outbox == []


def test_the_inspection_report_downloads_as_xlsx(demo, client):
    daily.record(today())
    client.force_login(webadmin())
    response = client.get(reverse("wagtail_review:self_inspection"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"self-inspection-{today()}.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheets = {sheet["A1"].value: sheet for sheet in workbook.worksheets}
    indicators_sheet = sheets["对照国家政府网站检查指标自查"]
    people_sheet = sheets["待处理事项"]
    history_sheet = sheets["每日自查结果"]

    rows = list(indicators_sheet.iter_rows(min_row=4, values_only=True))
    assert [row[0] for row in rows] == [str(indicator.name) for indicator in inspect(today())]
    assert [row[4] for row in rows].count("不合格") == 1

    must_act = list(people_sheet.iter_rows(min_row=4, values_only=True))
    assert len(must_act) == 4
    [consulted] = [row for row in must_act if old_consultation_label() in row[2]]
    assert consulted[1] == "倍加造镇" and set(consulted[4].split("、")) == BEIJIAZAO_PEOPLE

    history = list(history_sheet.iter_rows(min_row=4, values_only=True))
    assert [(row[0], row[2], row[3]) for row in history] == [(str(today()), 1, 4)]


def test_a_leaders_xlsx_lists_only_their_units_items(demo, client):
    client.force_login(User.objects.get(username="xiping_leader"))
    response = client.get(reverse("wagtail_review:self_inspection"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    sheets = {sheet["A1"].value: sheet for sheet in workbook.worksheets}
    must_act = list(sheets["待处理事项"].iter_rows(min_row=4, values_only=True))
    assert [row[1] for row in must_act] == ["西坪镇"]


def test_the_inspection_report_is_in_the_portals_language(demo, client):
    """Like the dashboard, the XLSX report speaks Chinese: sheet names and column headings included."""
    client.force_login(webadmin())
    response = client.get(reverse("wagtail_review:self_inspection"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    chinese = re.compile(r"[\u4e00-\u9fff]")
    english = [name for name in workbook.sheetnames if not chinese.search(name)]
    for sheet in workbook.worksheets:
        english += [cell.value for cell in sheet[3] if cell.value and not chinese.search(str(cell.value))]
    assert english == []


# --- 6. The inspected columns ------------------------------------------------------------------


@pytest.fixture
def new_column_page(demo, db, release):
    """A live column 西坪镇 has just opened, with nothing in it yet."""
    section = UnitSectionPage.objects.get(slug="xiping-town")
    page = ColumnPage(title="通知公告", slug="notices", category="notice", live=False)
    section.add_child(instance=page)
    page.save_revision(user=None, log_action="wagtail.create")
    return release(page, "xiping_editor")


def test_the_centre_registers_a_column_and_it_then_counts(client, new_column_page):
    assert new_column_page.live and indicators(today())["empty_columns"].value == 0
    client.force_login(webadmin())
    index = client.get(reverse("wagtail_review_columns:index"))
    assert index.status_code == 200 and "领导分工" in index.content.decode()
    assert client.get(reverse("wagtail_review_columns:add")).status_code == 200

    response = client.post(
        reverse("wagtail_review_columns:add"),
        {"page": new_column_page.pk, "kind": ColumnKind.NOTICE, "note": ""},
    )
    assert response.status_code == 302
    assert Column.objects.get(page=new_column_page).kind == ColumnKind.NOTICE
    [item] = indicators(today())["empty_columns"].items
    assert_names(item, "西坪镇", XIPING_PEOPLE)
    assert item.url == reverse("wagtailadmin_explore", args=[new_column_page.pk])


@pytest.mark.parametrize("username", ["xiping_editor", "sysadmin"])
def test_only_the_centre_registers_columns(client, new_column_page, username):
    client.force_login(User.objects.get(username=username))
    for name in ("index", "add"):
        response = client.get(reverse(f"wagtail_review_columns:{name}"))
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), name
    response = client.post(
        reverse("wagtail_review_columns:add"),
        {"page": new_column_page.pk, "kind": ColumnKind.NEWS, "note": ""},
    )
    assert response.status_code == 302
    assert not Column.objects.filter(page=new_column_page).exists()
    column = Column.objects.get(page=column_page("xiping-town", "news"))
    response = client.post(reverse("wagtail_review_columns:delete", args=[column.pk]))
    assert Column.objects.filter(pk=column.pk).exists()
