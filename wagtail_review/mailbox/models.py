"""Messages from the public (Art. 14): what was written, by whom, to which unit, and where it stands."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code read out over the telephone is typed back right.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 10

TITLE_MAX_LENGTH = 50
BODY_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 30
PHONE_MAX_LENGTH = 20


class MessageKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation (咨询)")
    COMPLAINT = "complaint", _("Complaint (投诉)")
    REPORT = "report", _("Report (举报)")
    OPINION = "opinion", _("Opinion (意见)")
    SUGGESTION = "suggestion", _("Suggestion (建议)")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting acceptance (待受理)")
    ACCEPTED = "accepted", _("Accepted (已受理)")
    IN_PROGRESS = "in_progress", _("Being handled (办理中)")
    REPLIED = "replied", _("Replied (已答复)")
    CLOSED = "closed", _("Closed (已办结)")
    REJECTED = "rejected", _("Not accepted (不予受理)")
    PETITION = "petition", _("Transferred as a petition (转信访)")


def new_query_code():
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _n in range(QUERY_CODE_LENGTH))


class Message(models.Model):
    query_code = models.CharField(_("query code"), max_length=QUERY_CODE_LENGTH, unique=True, editable=False)
    kind = models.CharField(_("type of message"), max_length=16, choices=MessageKind.choices)
    # None: the writer did not know; the information centre routes it.
    unit = models.ForeignKey(
        "wagtail_gov_review.Unit",
        verbose_name=_("unit concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mailbox_messages",
    )
    title = models.CharField(_("subject of the message"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text of the message"), max_length=BODY_MAX_LENGTH)
    # Personal data: shown to the staff who handle the message, never on a public page or in the API.
    name = models.CharField(_("writer's name"), max_length=NAME_MAX_LENGTH)
    phone = models.CharField(_("writer's telephone"), max_length=PHONE_MAX_LENGTH, blank=True)
    email = models.EmailField(_("writer's e-mail"), max_length=254, blank=True)
    may_publish = models.BooleanField(_("may be published"), default=False)
    status = models.CharField(
        _("handling status"),
        max_length=16,
        choices=MessageStatus.choices,
        default=MessageStatus.PENDING,
        db_index=True,
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    # What the public reads once the reply is sent and the writer allowed it: masked copies made then
    # (``publication.prepare``), which the information centre may mask further but never reword.
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True, editable=False)
    public_title = models.CharField(_("published subject"), max_length=TITLE_MAX_LENGTH, blank=True)
    public_body = models.TextField(_("published text"), blank=True)
    public_reply = models.TextField(_("published reply"), blank=True)
    # Keyed hashes (abuse.keyed_hash), for rate limits and duplicates only: never the address itself.
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False)
    client_hash = models.CharField(max_length=64, db_index=True, editable=False)
    contact_hash = models.CharField(max_length=64, db_index=True, editable=False)

    class Meta:
        verbose_name = _("mailbox message")
        verbose_name_plural = _("mailbox messages")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.query_code} {self.title}"

    def save(self, *args, **kwargs):
        if not self.query_code:
            self.query_code = _unused_query_code()
        super().save(*args, **kwargs)


def _unused_query_code():
    while True:
        code = new_query_code()
        if not Message.objects.filter(query_code=code).exists():
            return code


class MessageEvent(models.Model):
    """One step in a message's handling, with who took it and why: the record Art. 14 asks units to keep."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("step"), max_length=32)
    status = models.CharField(_("handling status"), max_length=16, choices=MessageStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.message_id} {self.action}"
