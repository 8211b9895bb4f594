"""Files the public attaches to a message: bounded in number, size and type, and never served publicly.

They are kept in their own storage under ``WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT``,
outside ``MEDIA_ROOT`` (a system check says so if not), under random names; the
storage has no URL, so no template or API can link to one by mistake. Staff who
may read the message download them through the admin (``viewsets``), as a
download the browser does not open in the site's origin. With the setting empty
(the default) the form offers no attachments.

A file's type is what its first bytes say, not what its name or the browser
claims: an ``.exe`` renamed ``.pdf`` is refused.
"""

import os
import secrets
import zipfile
from pathlib import PurePath

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..app_settings import app_settings
from .models import Message

NAME_MAX_LENGTH = 100


def _is_office_document(upload):
    """A .docx is a zip archive holding ``[Content_Types].xml``."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


# Extension → (content type, the first bytes every such file starts with, a further check or None).
ACCEPTED_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",), None),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",), None),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",), None),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",), None),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",), None),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
        _is_office_document,
    ),
}


def enabled():
    return bool(app_settings.MAILBOX_ATTACHMENT_ROOT)


class PrivateStorage(FileSystemStorage):
    """A folder nothing serves: asking for a file's URL is a programming error, not a link."""

    # Read at each use, so the setting can change (tests, a move) without a restart.
    @property
    def base_location(self):
        root = app_settings.MAILBOX_ATTACHMENT_ROOT
        if not root:
            raise ImproperlyConfigured("WAGTAIL_REVIEW_MAILBOX_ATTACHMENT_ROOT is not set.")
        return root

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(
            "Mailbox attachments are never served by URL; staff download them through the admin."
        )


def private_storage():
    return PrivateStorage()


def extension(filename):
    """The lower-case extension of ``filename`` without its dot ("" when it has none)."""
    return PurePath(filename).suffix.lower().lstrip(".")


def _random_name(instance, filename):
    return f"mailbox/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension(filename)}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=_random_name, max_length=200)
    # The writer's file name, shown to staff and used as the download's name; never a path on disk.
    original_name = models.CharField(gettext_lazy("file name"), max_length=NAME_MAX_LENGTH)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size in bytes"))
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("mailbox attachment")
        verbose_name_plural = gettext_lazy("mailbox attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


@receiver(post_delete, sender=Attachment)
def _remove_file(sender, instance, **kwargs):
    # A message deleted (say, by the retention rules) takes its files with it.
    instance.file.delete(save=False)


def safe_name(filename):
    """The last part of ``filename``, without control characters, at most ``NAME_MAX_LENGTH`` long."""
    name = PurePath(filename.replace("\\", "/")).name
    name = "".join(character for character in name if character.isprintable() and character not in '"/')
    stem, dot, extension = name.rpartition(".")
    if len(name) > NAME_MAX_LENGTH:
        name = (
            f"{stem[: NAME_MAX_LENGTH - len(extension) - 1]}.{extension}" if dot else name[:NAME_MAX_LENGTH]
        )
    return name[:NAME_MAX_LENGTH] or "attachment"


def upload_refusal(upload):
    """Why ``upload`` may not be attached; None if it may. Reads its first bytes (and a .docx's index)."""
    name = safe_name(upload.name or "")
    kind = extension(name)
    if kind not in ACCEPTED_TYPES:
        return _("“%(name)s”: only PDF, JPEG, PNG and Word files can be attached.") % {"name": name}
    if upload.size > app_settings.MAILBOX_ATTACHMENT_MAX_BYTES:
        return _("“%(name)s” is larger than %(limit)s.") % {
            "name": name,
            "limit": filesizeformat(app_settings.MAILBOX_ATTACHMENT_MAX_BYTES),
        }
    _content_type, signatures, further_check = ACCEPTED_TYPES[kind]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(signatures) or (further_check and not further_check(upload)):
        return _("“%(name)s” is not the kind of file its name says.") % {"name": name}
    return None


def attach(message, uploads):
    """Store ``uploads`` (each already passed ``upload_refusal``) as the message's attachments."""
    for upload in uploads:
        name = safe_name(upload.name)
        Attachment.objects.create(
            message=message,
            file=upload,
            original_name=name,
            content_type=ACCEPTED_TYPES[extension(name)][0],
            size=upload.size,
        )
