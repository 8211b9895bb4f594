"""What the public reads of answered messages (Art. 14; 个人信息保护法): masked copies made when the reply
is signed, searched and served as pages and JSON; the information centre may hide more, never reword."""

import html
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wagtail_review.mailbox import handling, publication, replies
from wagtail_review.mailbox.handling import HandlingRefused
from wagtail_review.mailbox.models import Message, MessageStatus
from wagtail_review.mailbox.publication import mask
from wagtail_review.models import Unit

User = get_user_model()

ID_VALID = "110101199003074477"  # the right check digit
ID_BAD_CHECK = "110101199003074478"  # one off: still someone's number, mistyped
NAME = "周志远"
PHONE = "13903527788"
EMAIL = "zhouzy@example.com"
TITLE = f"{NAME}反映府前街18号楼道积水"
BODY = (
    f"我是{NAME}，家住府前街18号3单元502室，身份证{ID_VALID}，电话{PHONE}，邮箱{EMAIL}。"
    "楼道积水严重，老人出门不便，请尽快处理。"
)
REPLY = (
    f"{NAME}您好：府前街18号的排水管已于本周疏通。"
    f"如仍有积水，请拨打西坪镇便民服务中心电话0352-6010000，我们也会回访{PHONE}。"
)
RAW = (NAME, ID_VALID, PHONE, EMAIL, "zhouzy", "18号3单元502室")


def user(username):
    return User.objects.get(username=username)


def in_chinese(text):
    with translation.override("zh-hans"):
        return gettext(text)


def between(page, opening, closing="</dd>"):
    """The text of the first element that opens with ``opening`` (e.g. ``<dd data-reply>``)."""
    match = re.search(re.escape(opening) + r"(.*?)" + re.escape(closing), page, flags=re.S)
    assert match, opening
    return html.unescape(match.group(1))


def listed(page):
    """The published messages a listing page links to."""
    return {int(pk) for pk in re.findall(r'href="/hdjl/published/(\d+)/"', page)}


@pytest.fixture
def accepted(demo, db):
    message = Message.objects.create(
        kind="complaint",
        title=TITLE,
        body=BODY,
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        may_publish=True,
        fingerprint="f",
        client_hash="c",
        contact_hash="p",
    )
    return handling.accept(message, user("webadmin"), Unit.objects.get(name="西坪镇"))


def sign_all_but_last(message, text=REPLY):
    reply = replies.draft_reply(message, user("xiping_editor"), text)
    replies.sign_reply(reply, user("xiping_reviewer"), approve=True)
    return reply


@pytest.fixture
def published(accepted):
    reply = sign_all_but_last(accepted)
    replies.sign_reply(reply, user("xiping_leader"), approve=True)
    accepted.refresh_from_db()
    return accepted


# 1. The masking itself.


@pytest.mark.parametrize(
    "text, kwargs, expected",
    [
        ("我叫李明，李明的电话", {"writer_name": "李明"}, "我叫李某，李某的电话"),
        (f"身份证{ID_VALID}", {}, "身份证110101********4477"),
        (f"身份证{ID_BAD_CHECK}", {}, "身份证110101********4478"),
        ("手机13912345678。", {}, "手机139****5678。"),
        ("手机+86 13912345678", {}, "手机+86 139****5678"),
        ("手机139 1234 5678", {}, "手机139 **** 5678"),
        ("手机139-1234-5678", {}, "手机139-****-5678"),
        ("邮箱zhao.li@example.com，谢谢", {}, "邮箱***@example.com，谢谢"),
        ("座机0352-1234567", {}, "座机035*-***4567"),
        ("座机0352-1234567", {"landlines": False}, "座机0352-1234567"),
        ("住府前街18号3单元502室", {}, "住府前街**号*单元***室"),
        ("西坪村12号", {}, "西坪村**号"),
        ("5号楼2单元301室", {}, "*号楼*单元***室"),
        ("依据云政发〔2024〕3号文件办理", {}, "依据云政发〔2024〕3号文件办理"),
        ("请于3月5日前到便民服务中心", {}, "请于3月5日前到便民服务中心"),
    ],
    ids=[
        "writer-name",
        "id-valid",
        "id-bad-check-digit",
        "mobile",
        "mobile-plus86",
        "mobile-spaced",
        "mobile-dashed",
        "e-mail",
        "landline",
        "landline-kept",
        "street-address",
        "village-address",
        "building-address",
        "document-number",
        "date",
    ],
)
def test_mask(text, kwargs, expected):
    assert mask(text, **kwargs) == expected


def test_the_writers_own_contacts_are_masked_however_the_text_holds_them():
    masked = mask("回电13903521234或liming@example.com", "李明", ("13903521234", "liming@example.com"))
    assert "13903521234" not in masked and "liming@" not in masked
    assert masked.startswith("回电139****1234")


# 2. Prepared as the last signer signs; read masked everywhere.


def test_the_last_signature_publishes_masked_copies(client, accepted):
    reply = sign_all_but_last(accepted)
    accepted.refresh_from_db()
    # Until the leader signs, nothing is public.
    assert accepted.replied_at is None and accepted.public_body == ""
    assert client.get(f"/hdjl/published/{accepted.pk}/").status_code == 404

    replies.sign_reply(reply, user("xiping_leader"), approve=True)
    accepted.refresh_from_db()
    reply.refresh_from_db()
    assert accepted.status == MessageStatus.REPLIED and accepted.replied_at == reply.sent_at
    assert accepted.public_title == "周某反映府前街**号楼道积水"
    for shown in ("我是周某", "府前街**号*单元***室", "110101********4477", "139****7788", "***@example.com"):
        assert shown in accepted.public_body, shown
    # The reply keeps the unit's own office number readable.
    assert accepted.public_reply.startswith("周某您好：府前街**号的排水管")
    assert "0352-6010000" in accepted.public_reply and "139****7788" in accepted.public_reply
    for field in ("public_title", "public_body", "public_reply"):
        for private in RAW:
            assert private not in getattr(accepted, field), (field, private)

    page = client.get(f"/hdjl/published/{accepted.pk}/").content.decode()
    assert "周某反映府前街**号楼道积水" in page
    assert between(page, "<dd data-body>").replace("<br>", "\n") == accepted.public_body
    assert between(page, "<dd data-reply>").replace("<br>", "\n") == accepted.public_reply
    for private in RAW:
        assert private not in page, private

    api = client.get("/hdjl/api/published/", {"limit": 50})
    item = next(item for item in json.loads(api.content)["items"] if item["pk"] == accepted.pk)
    assert (item["title"], item["body"], item["reply"]) == (
        accepted.public_title,
        accepted.public_body,
        accepted.public_reply,
    )
    assert item["unit"] == "西坪镇"
    for private in RAW:
        assert private not in api.content.decode(), private

    lookup = client.get("/hdjl/query/", {"code": accepted.query_code}, REMOTE_ADDR="198.51.100.61")
    shown = between(lookup.content.decode(), "<dd data-reply>")
    assert "周某您好" in shown and "139****7788" in shown and "0352-6010000" in shown
    assert NAME not in shown and PHONE not in shown


# 3. Search looks in the published copies only.


def test_search_finds_published_words_and_never_the_masked_name(client, published):
    everything = listed(client.get("/hdjl/published/").content.decode())
    assert published.pk in everything and len(everything) > 1  # the demo's answered messages too

    page = client.get("/hdjl/published/", {"q": "楼道积水"}).content.decode()
    assert listed(page) == {published.pk}
    assert 'value="楼道积水"' in page
    assert listed(client.get("/hdjl/published/", {"q": "排水管已于本周疏通"}).content.decode()) == {
        published.pk
    }

    for private in (NAME, PHONE, ID_VALID, "zhouzy"):
        page = client.get("/hdjl/published/", {"q": private}).content.decode()
        assert listed(page) == set(), private
        assert in_chinese("No answered message matches your search.") in page

    api = json.loads(client.get("/hdjl/api/published/", {"q": "楼道积水"}).content)
    assert [item["pk"] for item in api["items"]] == [published.pk] and api["meta"]["total_count"] == 1
    for private in (NAME, PHONE):
        api = json.loads(client.get("/hdjl/api/published/", {"q": private}).content)
        assert api["items"] == [] and api["meta"]["total_count"] == 0, private


@pytest.mark.parametrize(
    "search, finds_it",
    [
        ("积" * 300, False),
        ("楼道积水" + "a" * 300, False),  # cut to 50 characters: no longer the message's words
        ("%", False),  # not a wildcard
        ("_", False),
        ("\\", False),
        ("' OR 1=1 --", False),
        ('"><script>alert(1)</script>', False),
        ("😀🀄", False),
        ("\u202e\u200b", False),
        ("楼道积水\x00", None),
        ("  ", True),  # no search: every published message
    ],
    ids=[
        "long-chinese",
        "long-after-a-match",
        "percent",
        "underscore",
        "backslash",
        "quote",
        "markup",
        "emoji",
        "invisible",
        "nul",
        "blank",
    ],
)
def test_odd_searches_never_fail(client, published, search, finds_it):
    page = client.get("/hdjl/published/", {"q": search})
    assert page.status_code == 200
    text = page.content.decode()
    assert "<script>alert(1)</script>" not in text
    box = re.search(r'name="q" value="([^"]*)"', text)
    assert len(html.unescape(box.group(1))) <= publication.SEARCH_MAX_LENGTH
    if finds_it is not None:
        assert (published.pk in listed(text)) is finds_it
    api = client.get("/hdjl/api/published/", {"q": search})
    assert api.status_code == 200
    if finds_it is not None:
        assert (published.pk in [item["pk"] for item in json.loads(api.content)["items"]]) is finds_it


def test_undecodable_search_bytes_never_fail(client, published):
    assert client.get("/hdjl/published/?q=%FF%FE&page=abc").status_code == 200
    assert client.get("/hdjl/api/published/?q=%FF%FE").status_code == 200


# 4. The information centre hides more; nobody rewords.


def test_the_centre_hides_characters_and_the_public_page_follows(client, published):
    body = published.public_body.replace("老人出门不便", "**出门不便")
    assert body != published.public_body
    reply = published.public_reply.replace("排水管", "某某某")
    publication.hide(published, user("webadmin"), title=published.public_title, body=body, reply=reply)
    published.refresh_from_db()
    assert (published.public_body, published.public_reply) == (body, reply)
    assert published.events.filter(action="hide", actor__username="webadmin").exists()
    page = client.get(f"/hdjl/published/{published.pk}/").content.decode()
    assert "**出门不便" in page and "某某某已于本周疏通" in page and "老人出门不便" not in page


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("积水严重", "积水轻微"),  # reworded, same length
        lambda text: text.replace("*", "1", 1),  # a hidden digit brought back
        lambda text: text + "。",  # added to
        lambda text: text[:-1],  # cut short
        lambda text: text.replace("请尽快处理", "请尽快处理 "),  # a space is not a hiding character
    ],
    ids=["reworded", "unhidden", "longer", "shorter", "space"],
)
def test_rewording_the_published_text_is_refused(published, change):
    before = (published.public_title, published.public_body, published.public_reply)
    changed = change(published.public_body)
    assert changed != published.public_body
    with pytest.raises(HandlingRefused):
        publication.hide(published, user("webadmin"), title=before[0], body=changed, reply=before[2])
    published.refresh_from_db()
    assert (published.public_title, published.public_body, published.public_reply) == before
    assert not published.events.filter(action="hide").exists()


def test_a_unit_member_cannot_hide(published):
    body = published.public_body.replace("老人", "**")
    with pytest.raises(HandlingRefused):
        publication.hide(
            published,
            user("xiping_editor"),
            title=published.public_title,
            body=body,
            reply=published.public_reply,
        )
    published.refresh_from_db()
    assert "老人出门不便" in published.public_body


def hide_form(message, **changes):
    return {
        "title": message.public_title,
        "body": message.public_body,
        "reply": message.public_reply,
        **changes,
    }


def test_the_hide_page_for_the_centre(client, published):
    url = reverse("wagtail_review_mailbox_messages:hide", args=[published.pk])
    client.force_login(user("webadmin"))
    form = client.get(url)
    assert form.status_code == 200
    assert html.escape(published.public_body) in form.content.decode()

    # Rewording through the page: the form comes back with the reason; nothing changes.
    refused = client.post(url, hide_form(published, body=published.public_body.replace("积水", "漏水")))
    assert refused.status_code == 200
    assert "漏水" in refused.content.decode()  # the form keeps what was typed, to correct it
    published.refresh_from_db()
    assert "漏水" not in published.public_body

    hidden = published.public_body.replace("老人出门不便", "**出门不便")
    assert client.post(url, hide_form(published, body=hidden)).status_code == 302
    published.refresh_from_db()
    assert published.public_body == hidden
    client.logout()
    assert "**出门不便" in client.get(f"/hdjl/published/{published.pk}/").content.decode()


@pytest.mark.parametrize("username", ["xiping_editor", "edu_editor"])
def test_the_hide_page_refuses_everyone_else(client, published, username):
    url = reverse("wagtail_review_mailbox_messages:hide", args=[published.pk])
    client.force_login(user(username))
    response = client.get(url)
    assert response.status_code in (302, 404)
    assert published.public_body not in response.content.decode()
    hidden = published.public_body.replace("老人出门不便", "**出门不便")
    assert client.post(url, hide_form(published, body=hidden)).status_code in (302, 404)
    published.refresh_from_db()
    assert "老人出门不便" in published.public_body
    client.logout()
    assert "老人出门不便" in client.get(f"/hdjl/published/{published.pk}/").content.decode()


# 5. The writer is told, by a background job, with a link that works.


def test_the_writer_is_e_mailed_a_link_to_the_reply(client, accepted, django_capture_on_commit_callbacks):
    reply = sign_all_but_last(accepted)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        replies.sign_reply(reply, user("xiping_leader"), approve=True)
        # Queued for after the commit: the leader's signature does not wait for the mail server.
        assert mail.outbox == []
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [EMAIL]
    with translation.override("zh-hans"):
        assert sent.subject == gettext("Your message has been answered")
    link = f"http://localhost/hdjl/query/?code={accepted.query_code}"
    assert link in sent.body and "排水管已于本周疏通" in sent.body
    page = client.get(link.removeprefix("http://localhost"), REMOTE_ADDR="198.51.100.62").content.decode()
    assert "排水管已于本周疏通" in between(page, "<dd data-reply>")


def test_a_returned_reply_tells_nobody(accepted, django_capture_on_commit_callbacks):
    reply = replies.draft_reply(accepted, user("xiping_editor"), REPLY)
    with django_capture_on_commit_callbacks(execute=True):
        replies.sign_reply(reply, user("xiping_reviewer"), approve=False, comment="请补充办理时限。")
    assert mail.outbox == []
    accepted.refresh_from_db()
    assert accepted.replied_at is None and accepted.public_reply == ""
