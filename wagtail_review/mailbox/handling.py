"""How the information centre takes in messages (Art. 14): accept, refuse, forward, or transfer as a petition.

One function per step; each is atomic, checks who may take it and from which
state, and records itself as a ``MessageEvent``. Accepting sets the reply
deadline in working days (``calendar``): if the calendar does not know the
year, acceptance is refused with the reason rather than given a guessed date.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..app_settings import app_settings
from ..exceptions import ReviewRefusal
from ..exports import register_time_zone
from ..organisation.memberships import is_site_administrator
from .calendar import add_working_days
from .models import Message, MessageEvent, MessageStatus

# The states in which the information centre still takes a message in, forwards or transfers it.
TRIAGE_STATES = {MessageStatus.PENDING, MessageStatus.ACCEPTED, MessageStatus.IN_PROGRESS}


class HandlingRefused(ReviewRefusal):
    """A handling step that may not be taken, with the reason."""


def may_triage(user):
    """The information centre takes in every message (Art. 5, 14)."""
    return user is not None and user.is_active and is_site_administrator(user)


def reply_due(message):
    """The last day to reply: the message type's working days after the day it was received (Beijing time)."""
    received = timezone.localdate(message.received_at, timezone=register_time_zone())
    return add_working_days(received, app_settings.MAILBOX_REPLY_WORKING_DAYS[message.kind])


def _take(message, user, action, *, allowed_from, to, note="", **changes):
    if not may_triage(user):
        raise HandlingRefused(_("Only the information centre takes in mailbox messages."))
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status not in allowed_from:
        raise HandlingRefused(
            _("This message is %(status)s: it cannot be handled this way now.")
            % {"status": message.get_status_display()}
        )
    for field, value in changes.items():
        setattr(message, field, value)
    message.status = to
    message.save()
    MessageEvent.objects.create(message=message, actor=user, action=action, status=to, note=note)
    return message


@transaction.atomic
def accept(message, user, unit=None):
    """A valid message: it goes to ``unit`` (or the one the writer chose), with its reply deadline."""
    from .calendar import CalendarUnknown

    unit = unit or message.unit
    if unit is None:
        raise HandlingRefused(_("Choose the unit that answers this message."))
    try:
        due = reply_due(message)
    except CalendarUnknown as unknown:
        raise HandlingRefused(str(unknown)) from None
    return _take(
        message,
        user,
        "accept",
        allowed_from={MessageStatus.PENDING},
        to=MessageStatus.ACCEPTED,
        unit=unit,
        reply_due=due,
    )


@transaction.atomic
def reject(message, user, reason):
    """Not a valid message (no content, abuse, outside any unit's remit): refused with the reason."""
    if not reason.strip():
        raise HandlingRefused(_("Give the reason for not accepting this message."))
    return _take(
        message, user, "reject", allowed_from={MessageStatus.PENDING}, to=MessageStatus.REJECTED, note=reason
    )


@transaction.atomic
def forward(message, user, unit, reason):
    """To another unit, which answers it instead (转办); the deadline stays."""
    if not reason.strip():
        raise HandlingRefused(_("Give the reason for forwarding this message."))
    if message.replies.filter(status="in_review").exists():
        # Its reply is the first unit's words: the other unit would be signing them.
        raise HandlingRefused(_("A reply to this message is in review: it cannot go to another unit now."))
    status = message.status
    return _take(
        message,
        user,
        "forward",
        allowed_from={MessageStatus.ACCEPTED, MessageStatus.IN_PROGRESS},
        to=status,
        note=f"{message.unit.name if message.unit else ''} → {unit.name}: {reason}",
        unit=unit,
    )


@transaction.atomic
def transfer_as_petition(message, user, reason):
    """A petition (信访) belongs to the petition channel, outside the mailbox."""
    if not reason.strip():
        raise HandlingRefused(_("Give the reason for transferring this message."))
    return _take(
        message,
        user,
        "petition",
        allowed_from={MessageStatus.PENDING, MessageStatus.ACCEPTED},
        to=MessageStatus.PETITION,
        note=reason,
    )


@transaction.atomic
def close(message, user, note=""):
    """After the reply (and any 回访), the information centre closes the message: 已办结."""
    return _take(
        message, user, "close", allowed_from={MessageStatus.REPLIED}, to=MessageStatus.CLOSED, note=note
    )
