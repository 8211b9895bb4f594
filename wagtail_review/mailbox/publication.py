"""What the public may read of answered messages (Art. 14; 个人信息保护法).

A message is published when its writer allowed it and its reply was signed and
sent. Its subject, text and reply are shown with personal data masked: the
writer's name (李明 → 李某), and every ID number, mobile number and bank card
number the scanner's detector finds (``scanning.personal_data``). Contact details
are never shown, whatever the text holds.
"""

import re

from ..scanning.normalise import fold
from ..scanning.personal_data import find_personal_data
from .models import Message, MessageStatus
from .replies import ReplyStatus, sent_reply

PUBLISHED_STATES = (MessageStatus.REPLIED, MessageStatus.CLOSED)


def published_messages():
    return (
        Message.objects.filter(
            status__in=PUBLISHED_STATES, may_publish=True, replies__status=ReplyStatus.SENT
        )
        .select_related("unit")
        .distinct()
        .order_by("-received_at", "-pk")
    )


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Landlines (0352-1234567) and mobiles written with the country code (+86 139…) or split oddly.
OTHER_NUMBERS = re.compile(r"(?:\+?86[-\s]?)?(?:0\d{2,3}[-\s]?\d{7,8}|1[3-9]\d(?:[-.\s]?\d){8})")


def mask(text, writer_name="", contacts=()):
    """``text`` with the writer's name, their own contacts and every personal number found masked."""
    if writer_name:
        text = text.replace(writer_name, writer_name[0] + "某")
    folded = fold(text)
    if len(folded) != len(text):  # the detector's positions must fall on the same characters
        folded = text
    characters = list(text)
    for match in find_personal_data(folded):
        span = range(match.start, match.end)
        keep_head, keep_tail = (6, 4) if match.kind == "id_number" else (3, 4)
        for position in span[keep_head : len(span) - keep_tail]:
            if characters[position].isalnum():
                characters[position] = "*"
    text = "".join(characters)
    for contact in contacts:
        if contact:
            text = text.replace(contact, _keep_ends(contact))
    text = EMAIL.sub(lambda match: "***@" + match.group().split("@", 1)[1], text)
    return OTHER_NUMBERS.sub(lambda match: _keep_ends(match.group()), text)


def _keep_ends(number):
    """``number`` with all but its first three and last four digits starred (139****1234)."""
    digits = [index for index, character in enumerate(number) if character.isdigit()]
    characters = list(number)
    for index in digits[3:-4]:
        characters[index] = "*"
    return "".join(characters)


def public_view(message):
    """The masked fields of a published message, as the public pages and any API show them."""
    reply = sent_reply(message)
    contacts = (message.phone, message.email)
    return {
        "pk": message.pk,
        "kind": message.get_kind_display(),
        "unit": message.unit.name if message.unit else "",
        "title": mask(message.title, message.name, contacts),
        "body": mask(message.body, message.name, contacts),
        "received_at": message.received_at,
        "reply": mask(reply.text, message.name, contacts) if reply else "",
        "replied_at": reply.sent_at if reply else None,
    }
