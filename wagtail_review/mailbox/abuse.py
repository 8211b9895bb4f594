"""What keeps the public form open to people and closed to floods (no outside service: an isolated network).

* A human check: a small sum in Chinese, signed by the server so the answer never
  travels to the browser, valid for 30 minutes and once (``Challenge``); plus a field
  people never see and robots fill.
* Rate limits counted from the stored messages themselves, so every process agrees:
  per client address per hour and per contact per day (``rate_limit_refusal``).
  Addresses and contacts are kept only as keyed hashes.
* Duplicates: the same writer sending the same text again within a day.
* Look-ups by query code are limited per address in the cache.
"""

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from ..app_settings import app_settings

CHALLENGE_SALT = "wagtail_review.mailbox.challenge"
CHALLENGE_MAX_AGE = 30 * 60
DIGITS = "零一二三四五六七八九十"


def keyed_hash(*parts):
    """A hash of ``parts`` that nobody without the site's secret key can reverse by trying values."""
    text = "\x1f".join(unicodedata.normalize("NFKC", str(part)).strip().lower() for part in parts)
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def contact_key(phone, email):
    """One key per writer however they type their number: digits only, without China's +86."""
    digits = "".join(
        character for character in unicodedata.normalize("NFKC", phone or "") if character.isdigit()
    )
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return keyed_hash("contact", digits or (email or "").strip().lower())


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str

    @classmethod
    def new(cls):
        a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
        token = signing.dumps({"sum": a + b, "nonce": secrets.token_hex(8)}, salt=CHALLENGE_SALT)
        return cls(
            question=_("What is %(a)s plus %(b)s? (in digits)") % {"a": DIGITS[a], "b": DIGITS[b]},
            token=token,
        )


def challenge_refusal(token, answer):
    """Why the human check fails; None if it passes (and the challenge is spent)."""
    try:
        data = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.SignatureExpired:
        return _("The check question has expired. Answer the new one.")
    except signing.BadSignature:
        return _("Answer the check question.")
    # Spent before the answer is compared: one question, one try (no guessing through the 17 sums).
    if not cache.add(f"wagtail_review:mailbox:challenge:{data.get('nonce')}", 1, CHALLENGE_MAX_AGE):
        return _("This form was already sent. Write your message again.")
    if str(answer).strip() != str(data.get("sum")):
        return _("The answer to the check question is not right.")
    return None


def rate_limit_refusal(client_hash, contact_hash):
    """Why a new message from this address or contact is refused now; None if it is welcome."""
    from .models import Message

    now = timezone.now()
    if (
        Message.objects.filter(client_hash=client_hash, received_at__gte=now - timedelta(hours=1)).count()
        >= app_settings.MAILBOX_MESSAGES_PER_ADDRESS_PER_HOUR
    ):
        return _("Too many messages from your network in the last hour. Please write again later.")
    if (
        contact_hash
        and Message.objects.filter(
            contact_hash=contact_hash, received_at__gte=now - timedelta(days=1)
        ).count()
        >= app_settings.MAILBOX_MESSAGES_PER_CONTACT_PER_DAY
    ):
        return _("Too many messages with this telephone number or e-mail today. Please write again tomorrow.")
    return None


def duplicate_of(contact_hash, body):
    """The message this writer already sent with the same text in the last day, if any."""
    from .models import Message

    return (
        Message.objects.filter(
            contact_hash=contact_hash,
            fingerprint=keyed_hash(body),
            received_at__gte=timezone.now() - timedelta(days=1),
        )
        .order_by("-received_at")
        .first()
    )


def lookup_refusal(client_hash):
    """Look-ups by code per address and hour: enough for people, too few to guess codes."""
    key = f"wagtail_review:mailbox:lookups:{client_hash}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    if count > app_settings.MAILBOX_LOOKUPS_PER_ADDRESS_PER_HOUR:
        return _("Too many look-ups from your network. Please try again in an hour.")
    return None
