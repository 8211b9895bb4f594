"""Reply deadlines (Art. 14): extensions the information centre grants, reminders before, escalation after.

A unit that cannot answer in time asks for more working days with the reason; the
information centre grants or refuses it (``request_extension``, ``decide_extension``).
``remind_and_escalate`` runs daily (``manage.py mailbox_deadlines`` from cron): the
unit's members are reminded when the reply is due within
``WAGTAIL_REVIEW_MAILBOX_REMIND_WORKING_DAYS`` working days; once it is overdue, the
unit's leaders and the information centre are told, once a day.
"""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..app_settings import app_settings
from ..organisation.memberships import LEADER_ROLES, SITE_ADMINISTRATION_ROLES, Membership
from ..organisation.units import UnitKind
from .calendar import CalendarUnknown, add_working_days, working_days_between
from .handling import HandlingRefused, may_triage
from .models import Message, MessageEvent, MessageStatus

OPEN_STATES = (MessageStatus.ACCEPTED, MessageStatus.IN_PROGRESS)
MAX_EXTENSION_DAYS = 30


class Extension(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(gettext_lazy("working days asked for"))
    reason = models.CharField(gettext_lazy("reason"), max_length=500)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    granted = models.BooleanField(gettext_lazy("granted"), null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("extension")
        verbose_name_plural = gettext_lazy("extensions")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.message_id} +{self.days}"


def extension_request_refusal(message, user):
    """Why ``user`` may not ask for more time to answer ``message`` now; None if they may."""
    from .replies import is_member

    if message.unit is None or not is_member(user, message.unit):
        return _("Only members of the unit that answers this message ask for more time.")
    if message.status not in OPEN_STATES:
        return _("This message is %(status)s: it has no deadline to extend.") % {
            "status": message.get_status_display()
        }
    if message.extensions.filter(granted__isnull=True).exists():
        return _("An extension of this message awaits the information centre's decision.")
    return None


@transaction.atomic
def request_extension(message, user, days, reason):
    message = Message.objects.select_for_update().get(pk=message.pk)
    refusal = extension_request_refusal(message, user)
    if refusal:
        raise HandlingRefused(refusal)
    if not 1 <= days <= MAX_EXTENSION_DAYS or not reason.strip():
        raise HandlingRefused(
            _("Ask for 1 to %(max)d working days, and give the reason.") % {"max": MAX_EXTENSION_DAYS}
        )
    extension = Extension.objects.create(
        message=message, days=days, reason=reason.strip()[:500], requested_by=user
    )
    MessageEvent.objects.create(
        message=message,
        actor=user,
        action="request_extension",
        status=message.status,
        note=f"+{days}: {reason}"[:500],
    )
    return extension


@transaction.atomic
def decide_extension(extension, user, grant):
    """The information centre grants (the deadline moves by the working days asked) or refuses an extension."""
    extension = Extension.objects.select_for_update().select_related("message").get(pk=extension.pk)
    if not may_triage(user):
        raise HandlingRefused(_("Only the information centre grants more time."))
    if extension.granted is not None:
        raise HandlingRefused(_("This request has been decided already."))
    if extension.requested_by_id == user.pk:
        raise HandlingRefused(_("Nobody grants their own request: another administrator decides."))
    message = extension.message
    if grant and message.status not in OPEN_STATES:
        raise HandlingRefused(
            _("This message is %(status)s: it has no deadline to extend.")
            % {"status": message.get_status_display()}
        )
    extension.granted, extension.decided_by, extension.decided_at = grant, user, timezone.now()
    extension.save()
    if grant:
        try:
            message.reply_due = add_working_days(message.reply_due, extension.days)
        except CalendarUnknown as unknown:
            raise HandlingRefused(str(unknown)) from None
        message.save(update_fields=["reply_due"])
    MessageEvent.objects.create(
        message=message,
        actor=user,
        action="grant_extension" if grant else "refuse_extension",
        status=message.status,
        note=f"+{extension.days}",
    )
    return extension


def _emails(memberships):
    return sorted({m.user.email for m in memberships.select_related("user") if m.user.email})


def remind_and_escalate(today=None):
    """Reminders for replies due soon, escalation for those overdue; returns (reminded, escalated)."""
    today = today or timezone.localdate()
    remind_within = app_settings.MAILBOX_REMIND_WORKING_DAYS
    # The information centre's website administrators and leader, who run the mailbox.
    centre = Membership.objects.active().filter(
        unit__kind=UnitKind.INFO_CENTER, role__in=SITE_ADMINISTRATION_ROLES
    )
    mails, reminded, escalated = [], 0, 0
    for message in Message.objects.filter(status__in=OPEN_STATES, reply_due__isnull=False).select_related(
        "unit"
    ):
        members = Membership.objects.active().filter(unit=message.unit)
        if message.reply_due < today:
            late = working_days_between(message.reply_due, today)
            recipients = _emails(members.filter(role__in=LEADER_ROLES)) + _emails(centre)
            subject = _("Overdue mailbox reply: %(title)s") % {"title": message.title}
            body = _(
                "The reply to “%(title)s” (%(code)s) was due on %(due)s, %(late)d working day(s) ago."
            ) % {
                "title": message.title,
                "code": message.query_code,
                "due": message.reply_due,
                "late": late,
            }
            escalated += 1
        elif working_days_between(today, message.reply_due) <= remind_within:
            recipients = _emails(members)
            subject = _("Mailbox reply due soon: %(title)s") % {"title": message.title}
            body = _("The reply to “%(title)s” (%(code)s) is due on %(due)s.") % {
                "title": message.title,
                "code": message.query_code,
                "due": message.reply_due,
            }
            reminded += 1
        else:
            continue
        if recipients:
            mails.append((subject, body, None, sorted(set(recipients))))
    if mails:
        send_mass_mail(mails)
    return reminded, escalated
