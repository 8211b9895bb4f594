"""Mailbox figures per unit and period (Art. 11, 14; the national inspection's veto on
consultations unanswered over three months): received, valid, replied on time, late, average
working days to reply, and valid messages still unanswered after three months.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from ..exports import register_time_zone
from .calendar import CalendarUnknown, working_days_between
from .models import Message, MessageStatus
from .replies import ReplyStatus

VALID_STATES = (
    MessageStatus.ACCEPTED,
    MessageStatus.IN_PROGRESS,
    MessageStatus.REPLIED,
    MessageStatus.CLOSED,
)
UNANSWERED_VETO_DAYS = 90


@dataclass
class MailboxFigures:
    unit_name: str
    received: int = 0
    valid: int = 0
    replied_on_time: int = 0
    late: int = 0
    unanswered_over_three_months: int = 0
    working_days_to_reply: list = field(default_factory=list)

    @property
    def average_working_days(self):
        days = self.working_days_to_reply
        return round(sum(days) / len(days), 1) if days else None


def _local_date(moment):
    return timezone.localdate(moment, timezone=register_time_zone())


def mailbox_figures(start, end, today=None):
    """``[MailboxFigures]`` for messages received in [start, end), one per unit (and one for unrouted)."""
    today = today or _local_date(timezone.now())
    figures = {}
    messages = (
        Message.objects.filter(received_at__gte=start, received_at__lt=end)
        .select_related("unit")
        .prefetch_related("replies")
    )
    for message in messages:
        name = message.unit.name if message.unit else "（未分办）"
        row = figures.setdefault(name, MailboxFigures(name))
        row.received += 1
        if message.status not in VALID_STATES:
            continue
        row.valid += 1
        sent = [reply.sent_at for reply in message.replies.all() if reply.status == ReplyStatus.SENT]
        received = _local_date(message.received_at)
        if sent:
            replied = _local_date(min(sent))
            if message.reply_due and replied <= message.reply_due:
                row.replied_on_time += 1
            else:
                row.late += 1
            try:
                row.working_days_to_reply.append(working_days_between(received, replied))
            except CalendarUnknown:
                pass  # the calendar for that year is not known yet: left out of the average, not guessed
        else:
            if message.reply_due and message.reply_due < today:
                row.late += 1
            if received < today - timedelta(days=UNANSWERED_VETO_DAYS):
                row.unanswered_over_three_months += 1
    return sorted(figures.values(), key=lambda row: row.unit_name)
