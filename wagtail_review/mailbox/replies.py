"""Replies to the public (Art. 14), reviewed before they leave, by the same rules as every release.

A unit's member drafts the reply; the unit's reviewer (审核员) and then one of
its leaders (分管 or 主要领导) sign it. Nobody signs a reply they drafted, nobody
signs both steps (``routing.rules.duty_refusal``, the rule page routes use), and
a signature needs a session that passed the second factor
(``routing.rules.second_factor_refusal``). A returned reply goes back to the
unit to draft again. The last signature sends it: the message is 已答复 and the
writer is told (``notify``).
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..organisation.memberships import LEADER_ROLES, Membership, Role
from ..routing.rules import duty_refusal, second_factor_refusal
from . import notify, publication
from .handling import HandlingRefused
from .models import Message, MessageEvent, MessageStatus

REPLY_MAX_LENGTH = 3000
# The steps a reply takes, in order: (step, the roles in the message's unit that sign it).
STEPS = (("reviewer", (Role.REVIEWER,)), ("leader", tuple(LEADER_ROLES)))
STEP_LABELS = {"reviewer": gettext_lazy("Reviewer (审核员)"), "leader": gettext_lazy("Leader (单位领导)")}


class ReplyStatus(models.TextChoices):
    IN_REVIEW = "in_review", gettext_lazy("In review (审核中)")
    RETURNED = "returned", gettext_lazy("Returned (退回修改)")
    SENT = "sent", gettext_lazy("Signed and sent (已签发)")


class Reply(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(gettext_lazy("text of the reply"), max_length=REPLY_MAX_LENGTH)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_at = models.DateTimeField(gettext_lazy("drafted at"), default=timezone.now)
    status = models.CharField(
        gettext_lazy("reply status"),
        max_length=16,
        choices=ReplyStatus.choices,
        default=ReplyStatus.IN_REVIEW,
    )
    sent_at = models.DateTimeField(gettext_lazy("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("mailbox reply")
        verbose_name_plural = gettext_lazy("mailbox replies")
        ordering = ["-drafted_at", "-pk"]

    def __str__(self):
        return f"{self.message.query_code} {self.get_status_display()}"


class ReplySignature(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="signatures")
    step = models.CharField(gettext_lazy("step"), max_length=16)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField(gettext_lazy("approved the reply"))
    comment = models.CharField(gettext_lazy("comment"), max_length=500, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["signed_at", "pk"]

    def __str__(self):
        return f"{self.reply_id} {self.step} {self.signer_id}"


def is_member(user, unit):
    return Membership.objects.active().filter(user=user, unit=unit).exists()


def current_reply(message):
    return message.replies.exclude(status=ReplyStatus.RETURNED).order_by("-drafted_at", "-pk").first()


def draft_refusal(message, user):
    """Why ``user`` may not draft a reply to ``message`` now; None if they may."""
    if message.unit is None or not is_member(user, message.unit):
        return _("Only members of the unit that answers this message draft its reply.")
    if message.status not in (MessageStatus.ACCEPTED, MessageStatus.IN_PROGRESS):
        return _("This message is %(status)s: it takes no reply now.") % {
            "status": message.get_status_display()
        }
    if message.replies.filter(status=ReplyStatus.IN_REVIEW).exists():
        return _("A reply to this message is already in review.")
    return None


@transaction.atomic
def draft_reply(message, user, text):
    """A member of the message's unit writes the reply; it goes to review at once."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    text = text.strip()
    if not text:
        raise HandlingRefused(_("Write the reply."))
    if len(text) > REPLY_MAX_LENGTH:
        raise HandlingRefused(_("A reply has at most %(count)d characters.") % {"count": REPLY_MAX_LENGTH})
    refusal = draft_refusal(message, user)
    if refusal:
        raise HandlingRefused(refusal)
    reply = Reply.objects.create(message=message, text=text, drafted_by=user)
    message.status = MessageStatus.IN_PROGRESS
    message.save(update_fields=["status"])
    MessageEvent.objects.create(message=message, actor=user, action="draft_reply", status=message.status)
    return reply


def next_step(reply):
    """The step that signs ``reply`` next, with its roles; None once every step has approved."""
    approved = set(reply.signatures.filter(approved=True).values_list("step", flat=True))
    return next(((step, roles) for step, roles in STEPS if step not in approved), None)


def signing_refusal(reply, user):
    """Why ``user`` may not sign ``reply`` now; None if they may. The one rule every caller asks."""
    if reply.status != ReplyStatus.IN_REVIEW:
        return _("This reply is not in review.")
    step = next_step(reply)
    if step is None:
        return _("This reply is signed already.")
    name, roles = step
    if not Membership.objects.active().filter(user=user, unit=reply.message.unit, role__in=roles).exists():
        return _("This step is signed by the unit's %(step)s.") % {"step": STEP_LABELS[name]}
    signed_another = reply.signatures.filter(signer=user, approved=True).exists()
    # Every draft of this message counts: a returned draft's words may come back under another name.
    drafters = set(reply.message.replies.values_list("drafted_by_id", flat=True))
    return duty_refusal(user.pk, drafters, signed_another) or second_factor_refusal(user)


def may_sign(reply, user):
    return signing_refusal(reply, user) is None


@transaction.atomic
def sign_reply(reply, user, *, approve, comment=""):
    """``user`` signs the reply's next step: approves it, or returns it to the unit with the reason."""
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    refusal = signing_refusal(reply, user)
    if refusal:
        raise HandlingRefused(refusal)
    if not approve and not comment.strip():
        raise HandlingRefused(_("Give the reason for returning the reply."))
    step, _roles = next_step(reply)
    ReplySignature.objects.create(
        reply=reply, step=step, signer=user, approved=approve, comment=comment[:500]
    )
    message = reply.message
    if not approve:
        reply.status = ReplyStatus.RETURNED
        reply.save(update_fields=["status"])
        MessageEvent.objects.create(
            message=message, actor=user, action="return_reply", status=message.status, note=comment[:500]
        )
        return reply
    if next_step(reply) is not None:
        MessageEvent.objects.create(message=message, actor=user, action=f"sign_{step}", status=message.status)
        return reply
    reply.status, reply.sent_at = ReplyStatus.SENT, timezone.now()
    reply.save(update_fields=["status", "sent_at"])
    message.status = MessageStatus.REPLIED
    publication.prepare(message, reply)
    message.save(update_fields=["status", *publication.PREPARED_FIELDS])
    MessageEvent.objects.create(message=message, actor=user, action="send_reply", status=message.status)
    transaction.on_commit(lambda: notify.tell_writer.enqueue(message.pk))
    return reply


def sent_reply(message):
    return message.replies.filter(status=ReplyStatus.SENT).order_by("-sent_at").first()
