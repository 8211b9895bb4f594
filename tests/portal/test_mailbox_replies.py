"""Replies are drafted by the unit, reviewed by its reviewer and a leader, sent, and published masked (Art. 14)."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from wagtail_review.mailbox import handling, replies
from wagtail_review.mailbox.models import Message, MessageStatus
from wagtail_review.mailbox.replies import ReplyStatus
from wagtail_review.models import Unit

User = get_user_model()
ID_NUMBER = "110101199003074477"  # a valid check digit: the detector confirms it


@pytest.fixture
def accepted(demo, db):
    message = Message.objects.create(
        kind="consultation",
        title="李明咨询身份证补办",
        body=f"我是李明，身份证号{ID_NUMBER}丢失了，电话13903521234，请问如何补办？",
        name="李明",
        phone="13903521234",
        email="liming@example.com",
        may_publish=True,
        fingerprint="f",
        client_hash="c",
        contact_hash="p",
    )
    return handling.accept(message, User.objects.get(username="webadmin"), Unit.objects.get(name="西坪镇"))


def user(username):
    return User.objects.get(username=username)


def post(client, username, name, message, data):
    client.force_login(user(username))
    return client.post(reverse(f"wagtail_review_mailbox_messages:{name}", args=[message.pk]), data)


def test_drafted_reviewed_signed_sent_and_published_masked(
    client, accepted, django_capture_on_commit_callbacks
):
    assert (
        post(
            client,
            "xiping_editor",
            "draft_reply",
            accepted,
            {"text": "请李明携带户口簿到镇便民服务中心办理。"},
        ).status_code
        == 302
    )
    accepted.refresh_from_db()
    assert accepted.status == MessageStatus.IN_PROGRESS
    assert post(client, "xiping_reviewer", "sign_reply", accepted, {"decision": "approve"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            post(client, "xiping_leader", "sign_reply", accepted, {"decision": "approve"}).status_code == 302
        )
    accepted.refresh_from_db()
    assert accepted.status == MessageStatus.REPLIED
    assert (
        mail.outbox
        and mail.outbox[-1].to == ["liming@example.com"]
        and accepted.query_code in mail.outbox[-1].body
    )

    client.logout()
    listing = client.get("/hdjl/published/").content.decode()
    assert "李某咨询身份证补办" in listing
    page = client.get(f"/hdjl/published/{accepted.pk}/").content.decode()
    assert "携带户口簿" in page and "李某" in page
    for private in ("李明", ID_NUMBER, "13903521234", "liming@example.com"):
        assert private not in page and private not in listing, private
    assert "110101********4477" in page and "139****1234" in page
    # The writer sees the reply under their code.
    assert "携带户口簿" in client.get("/hdjl/query/", {"code": accepted.query_code}).content.decode()


def test_nobody_signs_a_reply_they_drafted_nor_both_steps(accepted, grant):
    from wagtail_review.models import Role

    # The reviewer also drafts: they may not sign it; a second reviewer may.
    reply = replies.draft_reply(accepted, user("xiping_reviewer"), "答复内容。")
    assert "他人" in replies.signing_refusal(reply, user("xiping_reviewer"))
    with pytest.raises(handling.HandlingRefused):
        replies.sign_reply(reply, user("xiping_reviewer"), approve=True)
    # A leader who is also a reviewer signs one step only.
    grant(user("xiping_leader"), Unit.objects.get(name="西坪镇"), Role.REVIEWER)
    replies.sign_reply(reply, user("xiping_leader"), approve=True)
    assert replies.signing_refusal(reply, user("xiping_leader")) is not None
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.IN_REVIEW


def test_a_returned_reply_is_drafted_again(client, accepted):
    replies.draft_reply(accepted, user("xiping_editor"), "初稿。")
    response = post(client, "xiping_reviewer", "sign_reply", accepted, {"decision": "return", "comment": ""})
    assert response.status_code == 200  # a return needs its reason
    post(
        client,
        "xiping_reviewer",
        "sign_reply",
        accepted,
        {"decision": "return", "comment": "请写明办理地点。"},
    )
    assert accepted.replies.get().status == ReplyStatus.RETURNED
    assert post(client, "xiping_editor", "draft_reply", accepted, {"text": "第二稿。"}).status_code == 302
    assert accepted.replies.filter(status=ReplyStatus.IN_REVIEW).count() == 1


@pytest.mark.parametrize("username", ["edu_editor", "webadmin", "auditadmin"])
def test_outside_the_unit_nobody_drafts_or_signs(client, accepted, username):
    for name, data in (("draft_reply", {"text": "越权答复"}), ("sign_reply", {"decision": "approve"})):
        client.force_login(user(username))
        url = reverse(f"wagtail_review_mailbox_messages:{name}", args=[accepted.pk])
        # Refused: sent back to the list, or, for those who may not see the message at all, not found.
        assert client.get(url).status_code in (302, 404)
        assert client.post(url, data).status_code in (302, 404)
    assert not accepted.replies.exists()


def test_a_writer_without_e_mail_is_texted(accepted, caplog, django_capture_on_commit_callbacks):
    accepted.email = ""
    accepted.save()
    replies.draft_reply(accepted, user("xiping_editor"), "答复。")
    replies.sign_reply(accepted.replies.get(), user("xiping_reviewer"), approve=True)
    with (
        caplog.at_level(logging.INFO, logger="wagtail_review.mailbox"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        replies.sign_reply(accepted.replies.get(), user("xiping_leader"), approve=True)
    texts = [record.getMessage() for record in caplog.records if record.getMessage().startswith("SMS")]
    # The log names the number only as far as needed to tell writers apart; the text links the reply.
    assert len(texts) == 1 and texts[0].startswith("SMS to 139****1234:")
    assert f"http://localhost/hdjl/query/?code={accepted.query_code}" in texts[0]
    assert "13903521234" not in texts[0]


def test_a_message_its_writer_kept_private_is_never_published(client, accepted):
    accepted.may_publish = False
    accepted.save()
    replies.draft_reply(accepted, user("xiping_editor"), "答复。")
    replies.sign_reply(accepted.replies.get(), user("xiping_reviewer"), approve=True)
    replies.sign_reply(accepted.replies.get(), user("xiping_leader"), approve=True)
    assert accepted.title not in client.get("/hdjl/published/").content.decode()
    assert client.get(f"/hdjl/published/{accepted.pk}/").status_code == 404


def test_the_api_lists_only_published_messages_masked(client, accepted):
    import json

    replies.draft_reply(accepted, user("xiping_editor"), "答复李明。")
    replies.sign_reply(accepted.replies.get(), user("xiping_reviewer"), approve=True)
    replies.sign_reply(accepted.replies.get(), user("xiping_leader"), approve=True)
    response = client.get("/hdjl/api/published/?limit=50")
    body = response.content.decode()
    data = json.loads(body)
    titles = [item["title"] for item in data["items"]]
    assert "李某咨询身份证补办" in titles and "答复李某。" in body
    for private in ("李明", ID_NUMBER, "13903521234", "liming@example.com", accepted.query_code):
        assert private not in body, private
    pending = Message.objects.filter(status=MessageStatus.PENDING).first()
    assert pending.title not in body
    assert client.get("/hdjl/api/published/?limit=x").status_code == 400


@pytest.mark.parametrize(
    "written, hidden",
    [
        ("电话+8613912345678", "13912345678"),
        ("电话139.1234.5678", "1234.5"),
        ("座机0352-1234567", "0352-1234567"),
        ("邮箱zhao@example.com", "zhao@"),
        ("身份证110101199003074477", "1990030"),
        ("我叫李明", "李明"),
    ],
)
def test_masking_of_what_writers_type(written, hidden):
    from wagtail_review.mailbox.publication import mask

    assert hidden not in mask(written, "李明", ("13903521234", "liming@example.com"))


def test_a_returned_drafts_writer_cannot_sign_the_next_draft(accepted, grant):
    from wagtail_review.models import Role

    grant(user("xiping_editor"), Unit.objects.get(name="西坪镇"), Role.REVIEWER)
    first = replies.draft_reply(accepted, user("xiping_editor"), "初稿。")
    replies.sign_reply(first, user("xiping_reviewer"), approve=False, comment="重写")
    second = replies.draft_reply(accepted, user("xiping_reviewer"), "初稿。")
    # xiping_editor now reviews, but the words were theirs first.
    assert replies.signing_refusal(second, user("xiping_editor")) is not None
