"""Each unit's release catalogue (信息发布目录, Art. 12): kept by the unit's leaders, approved by the centre,
overdue items found and told; and the 3-day clock of government documents (Art. 9(1))."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from wagtail_review.inspection import daily
from wagtail_review.inspection.catalogue import CatalogueItem, due_date, due_items, save_item
from wagtail_review.inspection.indicators import live_pages
from wagtail_review.inspection.time_limits import release_due
from wagtail_review.models import Unit

User = get_user_model()
INDEX = "/admin/review/catalogue/"


def user(username):
    return User.objects.get(username=username)


@pytest.fixture
def items(demo, db):
    return {
        (item.unit.slug, item.name): item for item in CatalogueItem.objects.select_related("unit", "column")
    }


def item_data(item, **changes):
    data = {
        "unit": item.unit_id,
        "name": item.name,
        "kind": item.kind,
        "column": item.column_id or "",
        "every_days": item.every_days or "",
        "due_month": item.due_month or "",
        "due_day": item.due_day or "",
        "time_limit_days": "" if item.time_limit_days is None else item.time_limit_days,
        "responsible": item.responsible_id or "",
    }
    data.update(changes)
    return data


def test_the_demo_catalogue_has_a_unit_on_time_one_due_and_two_overdue(items, demo_snapshot):
    day = demo_snapshot.loaded_on  # the demo's release dates count from it
    found = {(f.item.unit.slug, f.item.name): f for f in due_items(day, live_pages()[1])}
    assert ("district-office", "工作动态") not in found and ("health-bureau", "卫生健康政务信息") not in found
    assert found[("xiping-town", "工作动态")].overdue and found[("beijiazao-town", "工作动态")].overdue
    assert not items[("beijiazao-town", "工作动态")].approved  # changed by its unit, awaiting the centre
    assert items[("xiping-town", "工作动态")].approved


def test_a_periodic_item_is_due_its_days_after_the_last_release_and_overdue_the_day_after(items):
    item = items[("xiping-town", "工作动态")]
    last = date(2026, 3, 2)
    assert due_date(item, last, date(2026, 3, 10)) == last + timedelta(days=14)
    day_before, due_day, day_after = (last + timedelta(days=n) for n in (13, 14, 15))
    item_pages = live_pages()[1]
    column_latest = max(
        page.specific.date for page in item_pages if page.get_parent().pk == item.column.page_id
    )
    assert due_date(item, column_latest, column_latest) == column_latest + timedelta(days=14)
    # The list says due soon before, due on the day, overdue after.
    assert not [f for f in due_items(column_latest, item_pages) if f.item == item]
    for day, overdue in ((day_before, False), (due_day, False), (day_after, True)):
        shift = day - last
        found = [f for f in due_items(column_latest + shift, item_pages) if f.item == item]
        assert found and found[0].overdue is overdue, day


def test_a_yearly_item_is_overdue_after_its_date_unless_released_that_year(items):
    item = items[("district-office", "政府信息公开工作年度报告")]
    assert due_date(item, date(2025, 12, 1), date(2026, 2, 1)) == date(2026, 1, 31)
    assert due_date(item, date(2026, 1, 20), date(2026, 2, 1)) is None


def test_an_item_never_released_is_overdue(items):
    item = items[("xiping-town", "工作动态")]
    assert due_date(item, None, date(2026, 5, 1)) < date(2026, 5, 1)


def test_a_unit_leader_keeps_only_their_units_items(client, items):
    client.force_login(user("beijiazao_leader"))
    own, other = items[("beijiazao-town", "工作动态")], items[("xiping-town", "工作动态")]
    listing = client.get(INDEX).content.decode()
    edit_other = reverse("wagtail_review_catalogue:edit", args=[other.pk])
    assert reverse("wagtail_review_catalogue:edit", args=[own.pk]) in listing and edit_other not in listing
    delete_other = reverse("wagtail_review_catalogue:delete", args=[other.pk])
    assert client.get(edit_other).status_code in (302, 404)
    assert client.post(edit_other, item_data(other, name="改名")).status_code in (302, 404)
    assert client.post(delete_other).status_code in (302, 404)
    other.refresh_from_db()
    assert other.name == "工作动态"
    # Its own item cannot be moved to another unit: that unit is not among the choices.
    edit_own = reverse("wagtail_review_catalogue:edit", args=[own.pk])
    response = client.post(edit_own, item_data(own, unit=other.unit_id))
    assert response.status_code == 200  # the form again, with the error
    own.refresh_from_db()
    assert own.unit.slug == "beijiazao-town"


def test_a_units_change_waits_for_the_centre_whose_save_approves(client, items):
    item = items[("xiping-town", "工作动态")]
    assert item.approved
    edit = reverse("wagtail_review_catalogue:edit", args=[item.pk])
    client.force_login(user("xiping_leader"))
    assert client.post(edit, item_data(item, every_days=7)).status_code == 302
    item.refresh_from_db()
    assert item.every_days == 7 and not item.approved
    client.force_login(user("webadmin"))
    assert client.post(edit, item_data(item)).status_code == 302
    item.refresh_from_db()
    assert item.approved and item.approved_by.username == "webadmin"


def test_a_leader_adds_an_item_for_their_unit(client, items):
    client.force_login(user("xiping_leader"))
    xiping = Unit.objects.get(slug="xiping-town")
    data = {"unit": xiping.pk, "name": "财政预决算", "kind": "periodic", "due_month": 6, "due_day": 30}
    assert client.post(reverse("wagtail_review_catalogue:add"), data).status_code == 302
    added = CatalogueItem.objects.get(unit=xiping, name="财政预决算")
    assert not added.approved


@pytest.mark.parametrize(
    "changes",
    [
        {"every_days": "", "due_month": "", "due_day": ""},  # a periodic item without a rhythm
        {"due_month": 2, "due_day": 30, "every_days": ""},  # no such date
        {"due_month": 6, "due_day": "", "every_days": ""},  # half a date
        {"kind": "ad_hoc", "every_days": "", "time_limit_days": ""},  # ad hoc without its limit
    ],
)
def test_a_catalogue_item_that_makes_no_sense_is_refused_with_a_reason(client, items, changes):
    item = items[("xiping-town", "工作动态")]
    client.force_login(user("webadmin"))
    response = client.post(
        reverse("wagtail_review_catalogue:edit", args=[item.pk]), item_data(item, **changes)
    )
    assert response.status_code == 200 and "error" in response.content.decode()
    item.refresh_from_db()
    assert item.every_days == 14


@pytest.mark.parametrize("username", ["xiping_editor", "auditadmin", "sysadmin"])
def test_people_who_keep_no_catalogue_are_refused(client, items, username):
    item = items[("xiping-town", "工作动态")]
    client.force_login(user(username))
    assert client.get(INDEX).status_code == 302
    response = client.post(
        reverse("wagtail_review_catalogue:edit", args=[item.pk]), item_data(item, name="改")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "工作动态"


def test_plain_code_refuses_a_catalogue_change_by_someone_who_does_not_keep_it(items):
    item = items[("xiping-town", "工作动态")]
    with pytest.raises(PermissionError):
        save_item(item, user("beijiazao_leader"))


def test_the_daily_run_tells_the_responsible_person_and_leaders_of_overdue_items(
    items, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        daily.record()
    letters = {message.to[0]: message.body for message in mail.outbox}
    editor, leader = letters[user("xiping_editor").email], letters[user("xiping_leader").email]
    for body in (editor, leader):
        assert "西坪镇：工作动态" in body and "逾期" in body
        assert "倍加造镇" not in body  # each unit reads its own items; the centre reads everyone's
    assert "倍加造镇：工作动态" in letters[user("webadmin").email]
    # 区教育局's item is only due, not overdue: its responsible editor is reminded, its leaders are not.
    assert "区教育局：工作动态" in letters[user("edu_editor").email]
    assert "区教育局：工作动态" not in letters.get(user("edu_principal").email, "")


def test_a_document_is_due_three_calendar_days_after_issue_or_three_working_days(db, settings):
    friday = date(2026, 3, 6)
    assert release_due(friday) == date(2026, 3, 9)  # Monday: calendar days run over the weekend
    settings.WAGTAIL_REVIEW_DOCUMENT_RELEASE_IN_WORKING_DAYS = True
    assert release_due(friday) == date(2026, 3, 11)  # Wednesday: Monday, Tuesday, Wednesday
    assert release_due(date(2099, 3, 6)) is None  # a year the calendar does not know: no guessed date


def test_a_document_waiting_past_its_deadline_is_told_to_its_unit_and_the_centre(items):
    from portal_site.portal.models import PolicyDocumentPage
    from wagtail_review.inspection.daily import letters
    from wagtail_review.inspection.time_limits import DocumentDeadline

    page = PolicyDocumentPage.objects.first()
    office = Unit.objects.get(slug="district-office")
    issued = date.today() - timedelta(days=5)
    waiting = DocumentDeadline(page, office, "云政发〔2026〕99号", issued, release_due(issued), released=None)
    told = letters([], [], [waiting])
    for username in ("webadmin", "office_editor"):
        [line] = told[user(username).email]
        assert "云政发〔2026〕99号" in line and f"应于 {issued + timedelta(days=3)} 前公开" in line
        assert f"/admin/pages/{page.pk}/edit/" in line
    assert user("xiping_editor").email not in told


def test_a_document_never_released_shows_its_passed_deadline_on_the_dashboard_and_its_tab(client, items):
    import re

    from django.utils import timezone

    from portal_site.portal.models import PolicyDocumentPage

    # The demo's document in review: issued 4 days before loading, its form only in its revisions.
    page = PolicyDocumentPage.objects.get(doc_number="云政发〔2026〕31号")
    assert not page.live
    issued = page.date_written
    assert issued < timezone.localdate() - timedelta(days=3)

    client.force_login(user("webadmin"))
    dashboard = client.get(reverse("wagtail_review:self_inspection")).content.decode()
    row = re.search(r'<tr data-document data-overdue="true">(.*?)</tr>', dashboard, re.S).group(1)
    assert "云政发〔2026〕31号" in row and f"/admin/pages/{page.pk}/edit/" in row

    client.force_login(user("office_editor"))
    tab = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    deadline = re.search(r"<p [^>]*data-document-deadline>(.*?)</p>", tab, re.S).group(1)
    assert str(issued) in deadline and str(release_due(issued)) in deadline
