"""What the public may read of answered messages (Art. 14; 个人信息保护法).

A message is published when its writer allowed it and its reply was signed and
sent. At that moment ``prepare`` keeps masked copies of its subject, text and
reply: the writer's name (李明 → 李某), every ID number, mobile number and bank
card number the scanner's detector finds (``scanning.personal_data``), e-mail
addresses, landlines and house numbers. Contact details are never shown,
whatever the text holds. The public pages, their search and the API read only
these copies. The information centre may hide more of them (a neighbour's
name, say) with ``hide``, which takes characters away but never changes a word:
what the public reads is still what the unit's leader signed.
"""

import re

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..scanning.normalise import fold
from ..scanning.personal_data import find_personal_data
from .handling import HandlingRefused, may_triage
from .models import TITLE_MAX_LENGTH, Message, MessageEvent, MessageStatus

PUBLISHED_STATES = (MessageStatus.REPLIED, MessageStatus.CLOSED)
SEARCH_MAX_LENGTH = 50
PREPARED_FIELDS = ("replied_at", "public_title", "public_body", "public_reply")
# The characters that hide another in a published text.
HIDING_CHARACTERS = "*＊某×"


def published_messages(search=""):
    """The messages the public may read, newest first; ``search`` looks in their published text only."""
    messages = Message.objects.filter(
        status__in=PUBLISHED_STATES, may_publish=True, replied_at__isnull=False
    ).select_related("unit")
    search = clean_search(search)
    if search:
        messages = messages.filter(
            Q(public_title__icontains=search)
            | Q(public_body__icontains=search)
            | Q(public_reply__icontains=search)
        )
    return messages.order_by("-replied_at", "-pk")


def clean_search(text):
    """At most ``SEARCH_MAX_LENGTH`` characters, without the NULs no database text may hold."""
    return text.replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


# ASCII only: Chinese characters run straight into an address (发到我的邮箱li@example.com) and stay.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Mobiles, also written with the country code (+86 139…) or split oddly; never the middle of a longer number.
MOBILES = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-.\s]?\d){8}(?!\d)")
LANDLINES = re.compile(r"(?<!\d)0\d{2,3}[-\s]?\d{3,4}[-\s]?\d{4}(?!\d)")
# Long runs of digits (bank cards whose check digit is wrong, account numbers): 16 to 19 digits.
LONG_NUMBERS = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
# Anything shaped like an ID number, whether or not its check digit is right (a typo is still someone's).
ID_SHAPED = re.compile(r"(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])")
# House numbers: 府前街18号3单元502室, 西坪村12号, 5号楼2单元301室. The street and village stay readable;
# a document number (云政发〔2024〕3号) is not preceded by a street and stays whole.
ADDRESS = re.compile(
    r"(?<=[路街巷道村弄里苑园])\d+号院?(?:\d+(?:号楼|栋|幢))?(?:\d+单元)?(?:\d+(?:室|层|号))?"
    r"|\d+(?:号楼|栋|幢)\d+单元(?:\d+室)?"
    r"|\d+单元\d+室"
)


def mask(text, writer_name="", contacts=(), *, landlines=True):
    """``text`` with the writer's name, their contacts, personal numbers and house numbers masked.

    ``landlines=False`` leaves other telephone numbers readable: a unit's reply gives its own office's.
    """
    if len(writer_name) >= 2:  # a one-character "name" would turn every such character into X某
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
            text = text.replace(contact, keep_ends(contact))
    text = EMAIL.sub(lambda match: "***@" + match.group().split("@", 1)[1], text)
    text = ID_SHAPED.sub(lambda match: keep_ends(match.group(), head=6), text)
    text = LONG_NUMBERS.sub(lambda match: keep_ends(match.group(), head=4), text)
    text = MOBILES.sub(lambda match: keep_ends(match.group()), text)
    if landlines:
        text = LANDLINES.sub(lambda match: keep_ends(match.group()), text)
    return ADDRESS.sub(lambda match: re.sub(r"\d", "*", match.group()), text)


def keep_ends(number, head=3):
    """``number`` with all but its first ``head`` and last four digits starred (139****1234)."""
    digits = [index for index, character in enumerate(number) if character.isdigit() or character in "Xx"]
    characters = list(number)
    for index in digits[head:-4]:
        characters[index] = "*"
    return "".join(characters)


def mask_title(message):
    return mask(message.title, message.name, (message.phone, message.email))[:TITLE_MAX_LENGTH]


def mask_reply(message, reply):
    """The reply as anyone but its staff reads it: the unit's own telephone numbers stay readable."""
    return mask(reply.text, message.name, (message.phone, message.email), landlines=False) if reply else ""


def readable_title(message):
    """The subject as anyone with the query code reads it: the published copy once there is one."""
    return message.public_title if message.replied_at else mask_title(message)


def readable_reply(message, reply):
    """The reply as anyone with the query code reads it: the published copy, with the centre's masking."""
    if reply is None:
        return ""
    return message.public_reply if message.replied_at else mask_reply(message, reply)


def prepare(message, reply):
    """Keep the masked copies the public will read; called as ``reply`` is sent."""
    contacts = (message.phone, message.email)
    message.replied_at = reply.sent_at
    message.public_title = mask_title(message)
    message.public_body = mask(message.body, message.name, contacts)
    message.public_reply = mask_reply(message, reply)


def only_hides(before, after):
    """Whether ``after`` is ``before`` with some characters hidden, and nothing else changed."""
    return len(before) == len(after) and all(
        old == new or new in HIDING_CHARACTERS for old, new in zip(before, after, strict=True)
    )


@transaction.atomic
def hide(message, user, *, title, body, reply):
    """The information centre hides more of a published message's text (never rewords it)."""
    if not may_triage(user):
        raise HandlingRefused(_("Only the information centre edits what is published of a message."))
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.replied_at is None:
        raise HandlingRefused(_("This message has no sent reply: nothing of it is published."))
    # Browsers send a textarea's line breaks as CRLF; the stored copies have LF.
    changes = {
        "public_title": title,
        "public_body": body.replace("\r\n", "\n"),
        "public_reply": reply.replace("\r\n", "\n"),
    }
    for field, text in changes.items():
        if not only_hides(getattr(message, field), text):
            raise HandlingRefused(
                _(
                    "Only replace characters with * or 某: the published text must stay the words that were "
                    "signed, with nothing added, removed or reworded."
                )
            )
    for field, text in changes.items():
        setattr(message, field, text)
    message.save(update_fields=list(changes))
    MessageEvent.objects.create(message=message, actor=user, action="hide", status=message.status)
    return message


def public_view(message):
    """The fields of a published message the public pages and the API show: the masked copies only."""
    return {
        "pk": message.pk,
        "kind": message.get_kind_display(),
        "unit": message.unit.name if message.unit else "",
        "title": message.public_title,
        "body": message.public_body,
        "received_at": message.received_at,
        "reply": message.public_reply,
        "replied_at": message.replied_at,
    }
