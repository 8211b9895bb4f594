"""What a released page shows the public of its registration: 索引号, ledger entry, time and hash.

One place for the page's public face (``{% ledger_registration page %}``) and
the API's ``meta.registration``, so the two always say the same.
"""

from dataclasses import dataclass
from datetime import datetime

from .ledger.models import ACCOUNTING_ACTIONS
from .ledger.records import latest_entry


@dataclass(frozen=True)
class Registration:
    index_number: str
    sequence: int
    entry_hash: str
    registered_at: datetime
    # 发布日期: the page's first release, as the catalogue and the API's meta.disclosure give it.
    first_released_at: datetime | None = None

    def as_json(self, proof_url=""):
        return {
            "index_number": self.index_number,
            "sequence": self.sequence,
            "entry_hash": self.entry_hash,
            "registered_at": self.registered_at.isoformat(),
            "proof_url": proof_url,
        }


_UNREAD = object()


def registration_of(page_id, latest=_UNREAD):
    """The registration of the page's live content (its latest release, move or baseline entry), or None.

    ``latest``: the page's ``latest_entry`` if the caller has just read it (the
    serve check has), so that a page shows the registration it was served by.
    """
    if latest is _UNREAD:
        latest = latest_entry(page_id)
    if latest is None:
        return None  # the ledger has never seen the page
    # Taken down or withdrawn since: the registration it last had.
    entry = latest if latest["action"] in ACCOUNTING_ACTIONS else latest_entry(page_id, accounting_only=True)
    if entry is None:
        return None
    return Registration(
        entry["index_number"] or "",
        entry["sequence"],
        entry["entry_hash"],
        entry["recorded_at"],
        entry["first_released_at"],
    )


def shown_registration(page):
    """``registration_of(page)``, from the entry ``serving.may_serve`` read if it checked this page object."""
    from .serving import SERVED_BY

    return registration_of(page.pk, getattr(page, SERVED_BY, _UNREAD))


def proof_path(sequence):
    """The public ledger's proof URL path of an entry, or "" when the site does not include wagtail_review.urls."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("wagtail_review_public:ledger_entry", args=[sequence])
    except NoReverseMatch:
        return ""
