"""Reply deadlines: more time asked and granted in working days, reminders before, escalation after, closing."""

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail_review.mailbox import deadlines, handling, replies
from wagtail_review.mailbox.models import Message, MessageStatus
from wagtail_review.models import Unit

User = get_user_model()


def user(username):
    return User.objects.get(username=username)


@pytest.fixture
def accepted(demo, db):
    received = timezone.make_aware(datetime(2026, 2, 13, 10, 0))
    message = Message.objects.create(
        kind="consultation",
        title="春节后办事",
        body="内容",
        name="王芳",
        phone="13800000002",
        received_at=received,
        fingerprint="f",
        client_hash="c",
        contact_hash="p",
    )
    return handling.accept(message, user("webadmin"), Unit.objects.get(name="西坪镇"))


def test_more_time_is_asked_by_the_unit_and_granted_by_the_centre(client, accepted):
    assert accepted.reply_due == date(2026, 2, 27)
    client.force_login(user("xiping_editor"))
    url = reverse("wagtail_review_mailbox_messages:request_extension", args=[accepted.pk])
    assert client.post(url, {"days": 0, "reason": "x"}).status_code == 200  # out of range: nothing asked
    assert client.post(url, {"days": 3, "reason": "需会同区卫健局核实"}).status_code == 302
    client.force_login(user("webadmin"))
    decide = reverse("wagtail_review_mailbox_messages:decide_extension", args=[accepted.pk])
    assert client.post(decide, {"decision": "grant"}).status_code == 302
    accepted.refresh_from_db()
    # Three working days after Friday 27 February: Saturday 28th (调休), Monday 2 and Tuesday 3 March.
    assert accepted.reply_due == date(2026, 3, 3)
    assert list(accepted.events.values_list("action", flat=True)) == [
        "accept",
        "request_extension",
        "grant_extension",
    ]


def test_only_the_centre_decides_and_nobody_their_own_request(accepted):
    extension = deadlines.request_extension(accepted, user("xiping_editor"), 2, "理由")
    with pytest.raises(handling.HandlingRefused):
        deadlines.decide_extension(extension, user("xiping_leader"), True)
    with pytest.raises(handling.HandlingRefused):
        deadlines.request_extension(accepted, user("edu_editor"), 2, "理由")
    accepted.refresh_from_db()
    assert accepted.reply_due == date(2026, 2, 27)


def test_reminders_before_the_deadline_and_escalation_after(accepted):
    mail.outbox.clear()
    assert deadlines.remind_and_escalate(today=date(2026, 2, 24)) == (0, 0)
    reminded, escalated = deadlines.remind_and_escalate(today=date(2026, 2, 25))
    assert reminded >= 1 and escalated == 0
    to_unit = [m for m in mail.outbox if "春节后办事" in m.subject]
    assert to_unit and "xiping_editor@yunzhou.example.gov.cn" in to_unit[0].to
    mail.outbox.clear()
    deadlines.remind_and_escalate(today=date(2026, 3, 2))
    overdue = [m for m in mail.outbox if "春节后办事" in m.subject][0]
    assert (
        "xiping_leader@yunzhou.example.gov.cn" in overdue.to
        and "webadmin@yunzhou.example.gov.cn" in overdue.to
    )
    assert (
        "xiping_editor@yunzhou.example.gov.cn" not in overdue.to
        and "sysadmin@yunzhou.example.gov.cn" not in overdue.to
    )
    # Due Friday 27 February; by Monday 2 March two working days have passed (Saturday the 28th was one).
    assert "2 " in overdue.body


def test_the_daily_command_runs(accepted, capsys):
    call_command("mailbox_deadlines")
    assert "mailbox message(s)" in capsys.readouterr().out


def test_the_centre_closes_a_replied_message(client, accepted):
    replies.draft_reply(accepted, user("xiping_editor"), "答复。")
    replies.sign_reply(accepted.replies.get(), user("xiping_reviewer"), approve=True)
    replies.sign_reply(accepted.replies.get(), user("xiping_leader"), approve=True)
    client.force_login(user("xiping_leader"))
    url = reverse("wagtail_review_mailbox_messages:close", args=[accepted.pk])
    assert client.post(url, {"note": ""}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == MessageStatus.REPLIED
    client.force_login(user("webadmin"))
    assert client.post(url, {"note": "已电话回访，群众满意。"}).status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == MessageStatus.CLOSED


def test_statistics_per_unit_on_screen_and_in_xlsx(client, accepted):
    import io

    from openpyxl import load_workbook

    from wagtail_review.mailbox.statistics import mailbox_figures

    rows = mailbox_figures(
        timezone.make_aware(datetime(2026, 1, 1)),
        timezone.make_aware(datetime(2027, 1, 1)),
        today=date(2026, 6, 1),
    )
    xiping = next(row for row in rows if row.unit_name == "西坪镇")
    # Accepted in February, never answered: late, and unanswered for over three months by June.
    assert xiping.valid >= 1 and xiping.late >= 1 and xiping.unanswered_over_three_months >= 1
    url = reverse("wagtail_review_mailbox_messages:statistics")
    client.force_login(user("webadmin"))
    assert "西坪镇" in client.get(url, {"kind": "year", "year": 2026}).content.decode()
    workbook = load_workbook(
        io.BytesIO(client.get(url, {"kind": "year", "year": 2026, "format": "xlsx"}).content)
    )
    assert "西坪镇" in [cell.value for cell in workbook.active["A"]]
    assert client.get(url, {"kind": "week", "year": "x"}).status_code == 200  # bad input: this year instead
    client.force_login(user("xiping_editor"))
    assert client.get(url).status_code == 302  # an editor sees no figures


def test_no_more_time_after_the_reply_and_no_forwarding_during_its_review(accepted):
    extension = deadlines.request_extension(accepted, user("xiping_editor"), 2, "理由")
    replies.draft_reply(accepted, user("xiping_editor"), "答复。")
    with pytest.raises(handling.HandlingRefused):
        handling.forward(accepted, user("webadmin"), Unit.objects.get(name="区卫生健康局"), "转办")
    replies.sign_reply(accepted.replies.get(), user("xiping_reviewer"), approve=True)
    replies.sign_reply(accepted.replies.get(), user("xiping_leader"), approve=True)
    with pytest.raises(handling.HandlingRefused):
        deadlines.decide_extension(extension, user("webadmin"), True)
    accepted.refresh_from_db()
    assert accepted.reply_due == date(2026, 2, 27) and accepted.unit.name == "西坪镇"
