"""What a released page shows the public of its registration: 索引号, ledger entry, time and hash.

One place for the page's public face (``{% ledger_registration page %}``) and
the API's ``meta.registration``, so the two always say the same.
"""

from dataclasses import dataclass
from datetime import datetime

from .index_numbers import IndexNumber
from .ledger.models import ACCOUNTING_ACTIONS, LedgerEntry


@dataclass(frozen=True)
class Registration:
    index_number: str
    sequence: int
    entry_hash: str
    registered_at: datetime

    def as_json(self, proof_url=""):
        return {
            "index_number": self.index_number,
            "sequence": self.sequence,
            "entry_hash": self.entry_hash,
            "registered_at": self.registered_at.isoformat(),
            "proof_url": proof_url,
        }


def registration_of(page_id):
    """The registration of the page's live content (its latest release, move or baseline entry), or None."""
    entry = (
        LedgerEntry.objects.filter(page_id=page_id, action__in=ACCOUNTING_ACTIONS)
        .order_by("-sequence")
        .values("sequence", "entry_hash", "recorded_at")
        .first()
    )
    if entry is None:
        return None
    number = IndexNumber.objects.filter(page_id=page_id).values_list("number", flat=True).first()
    return Registration(number or "", entry["sequence"], entry["entry_hash"], entry["recorded_at"])


def proof_path(sequence):
    """The public ledger's proof URL path of an entry, or "" when the site does not include wagtail_review.urls."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("wagtail_review_public:ledger_entry", args=[sequence])
    except NoReverseMatch:
        return ""
