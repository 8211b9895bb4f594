"""The ledger's hash chain: appending an entry after the current head, and reading the head.

Appends must run inside the transaction of the change they record, so that
the change and its entry commit or roll back together. They are serialised:
on PostgreSQL a transaction-level advisory lock makes concurrent publishers
take turns, so the chain never forks and the numbering has no gaps.
"""

import hashlib
import secrets
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from ... import signals
from ..content import canonical_json

GENESIS_HASH = "0" * 64
# Any constant works; it only has to be the same for every appender.
ADVISORY_LOCK_KEY = 0x5741475441494C  # "WAGTAIL"
# Set by ``one_moment``: the recorded time every entry appended meanwhile shares.
_moment = ContextVar("wagtail_review_ledger_moment", default=None)

# Fields of an entry covered by its hash, in a fixed order.
HASHED_FIELDS = (
    "sequence",
    "action",
    "recorded_at",
    "page_id",
    "page_title",
    "page_url",
    "page_type",
    "unit_id",
    "unit_name",
    "section_page_id",
    "source_type",
    "route_name",
    "revision_id",
    "revision_content_hash",
    "live_content_hash",
    "workflow_state_id",
    "submitted_by",
    "submitted_at",
    "signatures",
    "actor",
    "reason",
    "previous_hash",
)
# Covered by the hash only where set, so the entries written before them keep their hashes.
OPTIONAL_HASHED_FIELDS = ("released_with", "salt")
# Hashed as ISO 8601 text (``datetime.isoformat``), whatever the database returns them as.
TIME_FIELDS = ("recorded_at", "submitted_at")


def hashed_payload(fields):
    """What an entry's hash covers, from its field values (a dict with every name in HASHED_FIELDS)."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload.update({name: fields[name] for name in OPTIONAL_HASHED_FIELDS if fields.get(name) is not None})
    for name in TIME_FIELDS:
        if payload[name] is not None and not isinstance(payload[name], str):
            payload[name] = payload[name].isoformat()
    return payload


def canonical_bytes(fields):
    """The exact bytes an entry's hash is the SHA-256 of; kept beside the entry (``LedgerRecord``)."""
    return canonical_json(hashed_payload(fields))


def entry_hash(fields):
    """The hash of an entry from its field values (a dict with every name in HASHED_FIELDS)."""
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def append(**fields):
    """Append one entry after the current head. Must run inside a transaction."""
    return append_many([fields])[0]


def append_many(entries, batch_size=1000):
    """Append entries (dicts of field values) in order after the current head, in one lock.

    Must run inside a transaction. Used one at a time for page changes and in
    bulk when a site adopts its live pages.
    """
    from ..models import Withholding
    from .models import LedgerEntry, LedgerRecord

    _lock()
    head = LedgerEntry.objects.order_by("-sequence").values("sequence", "entry_hash").first()
    sequence, previous = (head["sequence"], head["entry_hash"]) if head else (0, GENESIS_HASH)
    recorded_at = _moment.get() or _now()
    rows, records = [], []
    for fields in entries:
        sequence += 1
        fields = {
            "submitted_at": None,
            **fields,
            "sequence": sequence,
            "previous_hash": previous,
            "salt": secrets.token_hex(16),
        }
        fields["recorded_at"] = recorded_at
        # The bytes are kept as hashed: verification hashes them as stored (verification.verify_chain).
        canonical = canonical_bytes(fields)
        fields["entry_hash"] = previous = hashlib.sha256(canonical).hexdigest()
        rows.append(LedgerEntry(**fields))
        records.append(LedgerRecord(sequence=sequence, entry_hash=previous, canonical=canonical))
    created = LedgerEntry.objects.bulk_create(rows, batch_size=batch_size)
    LedgerRecord.objects.bulk_create(records, batch_size=batch_size)
    # A page's new entry (a release, a take-down) settles what it was withheld for.
    Withholding.objects.filter(page_id__in={row.page_id for row in rows}).delete()
    for entry in created:
        signals.ledger_appended.send(sender=LedgerEntry, entry=entry)
    return created


def _now():
    # Microseconds dropped: the stored value must hash the same after a round trip on every database.
    return timezone.now().replace(microsecond=0)


@contextmanager
def one_moment():
    """Entries appended while active are recorded at one time: one event, such as a joint release.

    Without it, two appends a few milliseconds apart may fall either side of a second.
    """
    token = _moment.set(_moment.get() or _now())
    try:
        yield
    finally:
        _moment.reset(token)


@dataclass(frozen=True)
class Head:
    count: int
    hash: str
    recorded_at: object


def head():
    from .models import LedgerEntry

    last = LedgerEntry.objects.order_by("-sequence").values("sequence", "entry_hash", "recorded_at").first()
    if last is None:
        return Head(0, GENESIS_HASH, None)
    return Head(last["sequence"], last["entry_hash"], last["recorded_at"])
