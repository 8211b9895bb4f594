"""Files the public attaches to mailbox messages (Art. 14): checked by what they are, kept where nothing
serves them, under random names, and read only by the staff who handle the message."""

import base64
import html
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.portal.test_mailbox_public import WRITE, send, written  # noqa: F401  (``written`` is a fixture)
from wagtail_review.mailbox import handling, replies
from wagtail_review.mailbox.attachments import Attachment
from wagtail_review.mailbox.models import Message
from wagtail_review.models import Unit

User = get_user_model()

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# A real 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
STORED_NAME = re.compile(r"mailbox/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png|docx)")


def zip_of(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def user(username):
    return User.objects.get(username=username)


def files_under(folder):
    return [path for path in Path(folder).rglob("*") if path.is_file()] if Path(folder).exists() else []


def alerts(response):
    """The text of the error boxes the re-shown form carries, as the writer reads it."""
    page = response.content.decode()
    boxes = re.findall(r'<div class="form-errors" role="alert">(.*?)</div>', page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(boxes)))


def in_chinese(text, **values):
    """``text`` as the Chinese site shows it (whatever its translation is today)."""
    with translation.override("zh-hans"):
        return gettext(text) % {key: value() if callable(value) else value for key, value in values.items()}


@pytest.fixture(autouse=True)
def attachment_root(settings, tmp_path):
    root = tmp_path / "private"
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT = root
    return root


@pytest.fixture
def attached(demo, client, written):  # noqa: F811
    """A message to 西坪镇 with one PDF attached, sent through the public form."""
    response = send(
        client, ip="198.51.100.201", phone="13900002201", attachments=[upload("现场照片.pdf", PDF)]
    )
    assert response.status_code == 302
    return written().get().attachments.get()


def test_a_pdf_and_a_png_are_kept_under_random_names_outside_media(
    demo,
    client,
    written,  # noqa: F811
    attachment_root,
    settings,
):
    response = send(
        client,
        ip="198.51.100.101",
        phone="13900001101",
        attachments=[upload("报名材料.pdf", PDF), upload("现场照片.png", PNG, "image/png")],
    )
    assert response.status_code == 302
    message = written().get()
    stored = list(message.attachments.order_by("pk"))
    assert [(a.original_name, a.content_type, a.size) for a in stored] == [
        ("报名材料.pdf", "application/pdf", len(PDF)),
        ("现场照片.png", "image/png", len(PNG)),
    ]
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for attachment, content in zip(stored, (PDF, PNG), strict=True):
        assert STORED_NAME.fullmatch(attachment.file.name), attachment.file.name
        assert attachment.original_name.rsplit(".", 1)[0] not in attachment.file.name
        on_disk = Path(attachment.file.path).resolve()
        assert on_disk.read_bytes() == content
        assert on_disk.is_relative_to(attachment_root.resolve())
        assert not on_disk.is_relative_to(media_root)
    assert stored[0].file.name != stored[1].file.name
    assert sorted(files_under(attachment_root)) == sorted(Path(a.file.path) for a in stored)
    # The writer is told their files arrived (how many, not what they are called).
    page = client.get(response["Location"], REMOTE_ADDR="198.51.100.101").content.decode()
    assert message.query_code in page and "报名材料" not in page


def test_a_word_document_is_accepted(demo, client, written, attachment_root):  # noqa: F811
    docx = zip_of("[Content_Types].xml", "word/document.xml")
    response = send(
        client,
        ip="198.51.100.102",
        phone="13900001102",
        attachments=[upload("情况说明.docx", docx, "application/octet-stream")],
    )
    assert response.status_code == 302
    attachment = written().get().attachments.get()
    assert attachment.original_name == "情况说明.docx"
    assert Path(attachment.file.path).read_bytes() == docx


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            [("setup.exe", EXE)],
            ("“%(name)s”: only PDF, JPEG, PNG and Word files can be attached.", {"name": "setup.exe"}),
        ),
        (
            [("通知.pdf", EXE)],
            ("“%(name)s” is not the kind of file its name says.", {"name": "通知.pdf"}),
        ),
        (
            [("情况说明.docx", zip_of("word/document.xml"))],
            ("“%(name)s” is not the kind of file its name says.", {"name": "情况说明.docx"}),
        ),
        (
            [(f"材料{number}.pdf", PDF) for number in range(4)],
            ("Attach at most %(count)d files.", {"count": 3}),
        ),
        (
            [("扫描件.pdf", PDF + b"%" * 1000)],
            (
                "“%(name)s” is larger than %(limit)s.",
                {"name": "扫描件.pdf", "limit": lambda: filesizeformat(1000)},
            ),
        ),
    ],
    ids=["exe", "exe-named-pdf", "zip-named-docx", "too-many", "too-big"],
)
def test_refused_files_are_named_on_the_form_and_nothing_is_stored(
    demo,
    client,
    written,  # noqa: F811
    attachment_root,
    settings,
    files,
    expected,
):
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_MAX_BYTES = 1000
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENTS_PER_MESSAGE = 3
    response = send(
        client,
        ip="198.51.100.103",
        phone="13900001103",
        attachments=[upload(name, content) for name, content in files],
    )
    assert response.status_code == 400
    text, values = expected
    assert in_chinese(text, **values) in alerts(response)
    # The form comes back filled in, with a fresh question to answer.
    assert "黄花采摘季节临时用工如何报名" in response.content.decode()
    assert not written().exists() and not Attachment.objects.exists()
    assert files_under(attachment_root) == []


def test_a_request_larger_than_any_acceptable_message_is_refused_and_nothing_kept(
    demo,
    client,
    written,  # noqa: F811
    attachment_root,
    settings,
):
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_MAX_BYTES = 1000
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENTS_PER_MESSAGE = 3
    big = PDF + b"%" * (300 * 1024)
    response = send(client, ip="198.51.100.104", phone="13900001104", attachments=[upload("大文件.pdf", big)])
    assert response.status_code == 413
    assert in_chinese("Your message and its attachments are too large. Attach smaller files.") in alerts(
        response
    )
    assert not written().exists() and not Attachment.objects.exists()
    assert files_under(attachment_root) == []


def test_without_an_attachment_folder_the_form_offers_no_attachments(
    demo,
    client,
    written,  # noqa: F811
    settings,
):
    assert 'type="file" name="attachments"' in client.get(WRITE).content.decode()
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT = ""
    page = client.get(WRITE).content.decode()
    assert 'type="file"' not in page and 'name="attachments"' not in page
    # A file sent anyway is not kept; the message is.
    response = send(client, ip="198.51.100.105", phone="13900001105", attachments=[upload("a.pdf", PDF)])
    assert response.status_code == 302
    assert written().get().attachments.count() == 0


def test_an_attachment_never_reaches_a_public_page_the_api_or_media(
    demo,
    client,
    written,  # noqa: F811
    attachment_root,
):
    name = "秘密附件-7Q.pdf"
    marker = b"CONTENT-MARKER-X9Q4"
    response = send(
        client,
        ip="198.51.100.106",
        phone="13900001106",
        title="村口垃圾清运不及时",
        body="村口垃圾点已经一周没有清运，照片见附件。",
        attachments=[upload(name, PDF + b"% " + marker + b"\n")],
    )
    assert response.status_code == 302
    message = written().get()
    attachment = message.attachments.get()
    assert marker in Path(attachment.file.path).read_bytes()
    handling.accept(message, user("webadmin"), Unit.objects.get(name="西坪镇"))
    reply = replies.draft_reply(message, user("xiping_editor"), "您好，已安排保洁公司每日清运，感谢监督。")
    replies.sign_reply(reply, user("xiping_reviewer"), approve=True)
    replies.sign_reply(reply, user("xiping_leader"), approve=True)
    message.refresh_from_db()
    assert message.replied_at is not None

    client.logout()
    stored_path = attachment.file.name
    urls = [
        "/hdjl/",
        "/hdjl/write/",
        "/hdjl/published/",
        "/hdjl/published/?q=7Q",
        f"/hdjl/published/{message.pk}/",
        "/hdjl/api/published/?limit=50",
        f"/hdjl/query/?code={message.query_code}",
        "/api/v2/pages/",
        "/api/v2/pages/?limit=20&offset=20",
        "/",
        "/sitemap.xml",
    ]
    secrets = [name, "秘密附件", stored_path, Path(stored_path).stem, marker.decode()]
    secrets += [quote(secret) for secret in secrets] + [json.dumps(name)[1:-1]]
    for number, url in enumerate(urls):
        response = client.get(url, REMOTE_ADDR=f"198.51.100.{150 + number}")
        assert response.status_code == 200, url
        page = response.content.decode()
        for secret in secrets:
            assert secret not in page, (url, secret)
    # The published page is really this message's (the test is not looking at an empty page).
    assert "已安排保洁公司每日清运" in client.get(f"/hdjl/published/{message.pk}/").content.decode()

    for url in (f"/media/{stored_path}", f"/media/private/{stored_path}", f"/{stored_path}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert marker not in response.content
    with pytest.raises(ValueError):
        str(attachment.file.url)


def download_url(attachment):
    return reverse("wagtail_review_mailbox_messages:attachment", args=[attachment.pk])


@pytest.mark.parametrize("username", ["webadmin", "xiping_editor"])
def test_staff_who_handle_the_message_download_its_attachment(client, attached, username):
    client.force_login(user(username))
    response = client.get(download_url(attached))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote("现场照片.pdf") in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"].split(";")[0]
    # The pages about the message link to it.
    pages = [reverse("wagtail_review_mailbox_messages:inspect", args=[attached.message.pk])]
    if username == "webadmin":
        pages.append(reverse("wagtail_review_mailbox_messages:triage", args=[attached.message.pk]))
    for page_url in pages:
        page = client.get(page_url)
        assert page.status_code == 200, page_url
        assert f'href="{download_url(attached)}"' in page.content.decode(), page_url
        assert "现场照片.pdf" in page.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_cannot_download_an_attachment(client, attached, method):
    url = download_url(attached)
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert PDF not in response.content

    client.force_login(user("edu_editor"))
    response = getattr(client, method)(url)
    assert response.status_code in (302, 404)
    assert not getattr(response, "streaming", False) and PDF not in response.content
    inspect = client.get(reverse("wagtail_review_mailbox_messages:inspect", args=[attached.message.pk]))
    assert inspect.status_code in (302, 404) and url not in inspect.content.decode()


def test_a_message_deleted_takes_its_files_with_it(attached, attachment_root):
    on_disk = Path(attached.file.path)
    assert on_disk.exists()
    Message.objects.filter(pk=attached.message.pk).delete()
    assert not on_disk.exists() and files_under(attachment_root) == []


def check_ids():
    return {message.id for message in run_checks()}


def test_e012_an_attachment_folder_inside_media_root_or_static_root(db, settings, tmp_path):
    # Only paths are compared: nothing is created under the site's real MEDIA_ROOT or STATIC_ROOT.
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT = Path(settings.MEDIA_ROOT) / "mailbox-attachments"
    assert "wagtail_review.E012" in check_ids()
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT = Path(settings.STATIC_ROOT) / "uploads"
    assert "wagtail_review.E012" in check_ids()
    settings.WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT = tmp_path / "private"
    assert "wagtail_review.E012" not in check_ids()


def test_w009_a_cache_each_process_keeps_for_itself(db, settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "wagtail_review.W009" in check_ids()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert "wagtail_review.W009" not in check_ids()
