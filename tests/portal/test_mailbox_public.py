"""The public mailbox's form and look-up (Art. 14): people get through, floods and robots do not, nothing leaks."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from wagtail_review.mailbox.abuse import CHALLENGE_SALT
from wagtail_review.mailbox.models import BODY_MAX_LENGTH, Message, MessageStatus
from wagtail_review.models import Unit

WRITE = "/hdjl/write/"
LOOKUP = "/hdjl/query/"


@pytest.fixture
def written(demo, db):
    """The messages the test's requests wrote (the demo holds some already)."""
    demo_messages = list(Message.objects.values_list("pk", flat=True))
    return lambda: Message.objects.exclude(pk__in=demo_messages)


def challenge_of(response):
    return re.search(r'name="challenge" value="([^"]+)"', response.content.decode()).group(1)


def answer_of(token):
    """What a person computes from the question shown (the test reads the signed sum the server keeps)."""
    return str(signing.loads(token, salt=CHALLENGE_SALT)["sum"])


def message_data(client, **overrides):
    token = challenge_of(client.get(WRITE))
    data = {
        "kind": "consultation",
        "unit": str(Unit.objects.get(name="西坪镇").pk),
        "title": "黄花采摘季节临时用工如何报名",
        "body": "请问今年黄花采摘季节的临时用工在哪里报名？需要带什么材料？",
        "name": "李明",
        "phone": "13912345678",
        "email": "",
        "may_publish": "on",
        "agree": "on",
        "challenge": token,
        "answer": answer_of(token),
        "website": "",
    }
    data.update(overrides)
    return data


def send(client, ip="203.0.113.5", **overrides):
    return client.post(WRITE, message_data(client, **overrides), REMOTE_ADDR=ip)


def test_a_message_is_received_and_followed_by_its_code(demo, client, written):
    response = send(client)
    assert response.status_code == 302
    message = written().get()
    assert len(message.query_code) == 10 and message.status == MessageStatus.PENDING
    page = client.get(response["Location"]).content.decode()
    assert message.query_code in page and "已收到" in page and "待受理" in page
    # The look-up shows where it stands, never who wrote it or how to reach them.
    for private in ("李明", "13912345678"):
        assert private not in page
    assert client.get(LOOKUP, {"code": message.query_code.lower()}).status_code == 200


def test_the_form_reads_in_chinese_with_a_privacy_notice(demo, client):
    page = client.get(WRITE).content.decode()
    for text in ("咨询", "投诉", "举报", "意见", "建议", "不清楚", "隐私", "西坪镇"):
        assert text in page, text


@pytest.mark.parametrize(
    "overrides, error",
    [
        ({"body": "长" * (BODY_MAX_LENGTH + 1)}, "2000"),
        ({"title": "题" * 51}, "50"),
        ({"phone": "", "email": ""}, "电话"),
        ({"phone": "<script>"}, "电话"),
        ({"unit": "99999"}, "选择"),
        ({"kind": "praise"}, "选择"),
        ({"answer": "99"}, "不正确"),
        ({"challenge": "forged"}, "验证"),
        ({"agree": ""}, "隐私"),
        ({"website": "http://spam.example"}, "未能发送"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(demo, client, overrides, error, written):
    response = send(client, **overrides)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not written().exists()


def test_a_sent_form_cannot_be_sent_again(demo, client, written):
    data = message_data(client)
    assert client.post(WRITE, data, REMOTE_ADDR="203.0.113.5").status_code == 302
    replay = client.post(WRITE, {**data, "body": "另一条内容"}, REMOTE_ADDR="203.0.113.6")
    assert replay.status_code == 400 and written().count() == 1


def test_the_same_message_again_is_not_stored_twice_and_reveals_no_code(demo, client, written):
    send(client)
    code = written().get().query_code
    # The same writer, their number typed another way, the same words: already received.
    again = send(client, phone="+86 139-1234-5678")
    assert again.status_code == 200 and "已收到" in again.content.decode()
    assert code not in again.content.decode() and written().count() == 1


def test_a_wrong_answer_spends_the_question(demo, client, written):
    data = message_data(client)
    right = data["answer"]
    assert client.post(WRITE, {**data, "answer": "99"}).status_code == 400
    assert client.post(WRITE, {**data, "answer": right}).status_code == 400
    assert not written().exists()


def test_rate_limits_per_address_and_per_contact(demo, client, written):
    for number in range(5):
        assert (
            send(client, ip="198.51.100.1", body=f"第{number}条", phone=f"1391234560{number}").status_code
            == 302
        )
    refused = send(client, ip="198.51.100.1", body="第六条", phone="13912345699")
    assert refused.status_code == 400 and "过多" in refused.content.decode()

    for number in range(3):
        assert send(client, ip=f"198.51.100.{10 + number}", body=f"联系{number}").status_code == 302
    refused = send(client, ip="198.51.100.20", body="联系三")
    assert refused.status_code == 400 and "过多" in refused.content.decode()
    assert written().count() == 8


def test_lookups_of_unknown_codes_say_so_and_are_limited(demo, client):
    response = client.get(LOOKUP, {"code": "ABCDEFGHJK"}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 200 and "没有" in response.content.decode()
    for _attempt in range(30):
        client.get(LOOKUP, {"code": "ABCDEFGHJK"}, REMOTE_ADDR="192.0.2.9")
    assert client.get(LOOKUP, {"code": "ABCDEFGHJK"}, REMOTE_ADDR="192.0.2.9").status_code == 429
    assert client.get("/hdjl/api/published/", {"offset": "9" * 30}).status_code == 200


def test_hostile_input_is_shown_as_text(demo, client, written):
    send(client, title="<img src=x onerror=alert(1)>", body="<script>alert(1)</script>正文")
    message = written().get()
    page = client.get(LOOKUP, {"code": message.query_code}).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_the_mailbox_pages_answer_without_a_session(demo, client):
    for url in ("/hdjl/", WRITE, LOOKUP):
        assert client.get(url).status_code == 200, url
    assert reverse("wagtail_review_mailbox:index") == "/hdjl/"
