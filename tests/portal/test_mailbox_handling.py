"""The information centre takes in mailbox messages (Art. 14); units see their own; contact details stay inside."""

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail_review.mailbox import handling
from wagtail_review.mailbox.models import Message, MessageStatus
from wagtail_review.models import Unit

User = get_user_model()


@pytest.fixture
def message(demo, db):
    received = timezone.make_aware(datetime(2026, 2, 13, 10, 0), timezone.get_fixed_timezone(8 * 60))
    return Message.objects.create(
        kind="consultation",
        unit=None,
        title="春节后何时恢复办理",
        body="请问春节后政务大厅哪天恢复办理业务？",
        name="王芳",
        phone="13800000001",
        received_at=received,
        fingerprint="x",
        client_hash="c",
        contact_hash="p",
    )


def triage(client, message, **data):
    return client.post(reverse("wagtail_review_mailbox_messages:triage", args=[message.pk]), data)


def test_the_centre_accepts_with_a_deadline_in_working_days_across_the_festival(client, message):
    client.force_login(User.objects.get(username="webadmin"))
    xiping = Unit.objects.get(name="西坪镇")
    assert triage(client, message, step="accept", unit=xiping.pk).status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.ACCEPTED and message.unit == xiping
    # Five working days from Friday 13 February 2026: the 14th (调休), then 24–27 February.
    assert message.reply_due == date(2026, 2, 27)
    step = message.events.get()
    assert (step.action, step.actor.username) == ("accept", "webadmin")


def test_acceptance_needs_a_unit_and_a_refusal_a_reason(client, message):
    client.force_login(User.objects.get(username="webadmin"))
    response = triage(client, message, step="accept")
    assert response.status_code == 200 and "单位" in response.content.decode()
    response = triage(client, message, step="reject", reason="  ")
    assert response.status_code == 200 and "理由" in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and not message.events.exists()


def test_a_year_the_calendar_does_not_know_stops_acceptance_loudly(client, message):
    message.received_at = timezone.make_aware(datetime(2026, 12, 30, 9, 0))
    message.save()
    client.force_login(User.objects.get(username="webadmin"))
    response = triage(client, message, step="accept", unit=Unit.objects.get(name="西坪镇").pk)
    assert response.status_code == 200 and "2027" in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.reply_due is None


@pytest.mark.parametrize("username", ["xiping_editor", "xiping_leader", "sysadmin", "auditadmin"])
def test_only_the_information_centre_takes_messages_in(client, message, username):
    client.force_login(User.objects.get(username=username))
    url = reverse("wagtail_review_mailbox_messages:triage", args=[message.pk])
    # Refused: not found for those who may not see the message at all, else sent back to the list.
    assert client.get(url).status_code in (302, 404)
    assert triage(client, message, step="reject", reason="无效").status_code in (302, 404)
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    with pytest.raises(handling.HandlingRefused):
        handling.reject(message, User.objects.get(username=username), "无效")


def test_a_unit_sees_its_own_messages_and_their_writers_contacts_others_do_not(client, message):
    handling.accept(message, User.objects.get(username="webadmin"), Unit.objects.get(name="西坪镇"))
    index = reverse("wagtail_review_mailbox_messages:index")
    inspect = reverse("wagtail_review_mailbox_messages:inspect", args=[message.pk])
    client.force_login(User.objects.get(username="xiping_editor"))
    assert message.title in client.get(index).content.decode()
    assert "13800000001" in client.get(inspect).content.decode()
    client.force_login(User.objects.get(username="edu_editor"))
    assert message.title not in client.get(index).content.decode()
    assert client.get(inspect).status_code in (302, 404)


def test_nobody_edits_or_deletes_a_message_in_the_admin(client, message):
    client.force_login(User.objects.get(username="webadmin"))
    for name in ("edit", "delete"):
        url = reverse(f"wagtail_review_mailbox_messages:{name}", args=[message.pk])
        assert client.post(url, {"title": "改"}).status_code == 302, name
    message.refresh_from_db()
    assert message.title == "春节后何时恢复办理"


def test_the_demo_has_messages_in_every_state(demo):
    from wagtail_review.mailbox.deadlines import Extension
    from wagtail_review.mailbox.publication import published_messages
    from wagtail_review.mailbox.replies import Reply

    assert set(Message.objects.values_list("status", flat=True)) == set(MessageStatus.values)
    assert set(Reply.objects.values_list("status", flat=True)) == {"in_review", "returned", "sent"}
    assert set(Extension.objects.values_list("granted", flat=True)) == {True, False, None}
    assert Message.objects.count() >= 30 and published_messages().count() >= 10
    forwarded = Message.objects.get(title="农村医保缴费截止时间")
    assert forwarded.unit.name == "区卫生健康局" and forwarded.events.filter(action="forward").exists()


def test_no_public_page_or_api_shows_a_writers_name_or_contacts(demo, client):
    urls = ["/hdjl/", "/hdjl/write/", "/api/v2/pages/?limit=100", "/sitemap.xml", "/"]
    urls += [f"/hdjl/query/?code={code}" for code in Message.objects.values_list("query_code", flat=True)]
    pages = "".join(
        client.get(url, REMOTE_ADDR=f"192.0.2.{n}").content.decode() for n, url in enumerate(urls)
    )
    for message in Message.objects.all():
        for private in (message.phone, message.email):
            if private:
                assert private not in pages, private
        assert message.name not in pages, message.name
