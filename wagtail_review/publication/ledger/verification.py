"""Verifying the publication ledger: the chain, and that every live page is what was registered."""

from dataclasses import dataclass, field

import swapper
from django.utils.translation import gettext as _

from ..content import live_content_hash, revision_content_hash
from ..media import files_changed_on_disk
from .chain import GENESIS_HASH, HASHED_FIELDS, OPTIONAL_HASHED_FIELDS, entry_hash


@dataclass(frozen=True)
class Problem:
    sequence: int | None
    page_id: int | None
    message: str


@dataclass(frozen=True)
class VerificationResult:
    count: int
    head_hash: str
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def verify_chain(batch_size=2000):
    """Walk the chain in order; return (count, head hash, problems). Stops at the first break."""
    from .models import LedgerEntry

    expected_sequence, previous, count = 1, GENESIS_HASH, 0
    rows = LedgerEntry.objects.order_by("sequence").values(
        *HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "entry_hash"
    )
    for row in rows.iterator(chunk_size=batch_size):
        sequence = row["sequence"]
        if sequence != expected_sequence:
            return (
                count,
                previous,
                [
                    Problem(
                        sequence,
                        row["page_id"],
                        _("Entry %(expected)s is missing: the chain jumps to %(found)s.")
                        % {"expected": expected_sequence, "found": sequence},
                    )
                ],
            )
        if row["previous_hash"] != previous:
            return (
                count,
                previous,
                [
                    Problem(
                        sequence,
                        row["page_id"],
                        _("Entry %(n)s does not follow the entry before it (deleted, inserted or reordered).")
                        % {"n": sequence},
                    )
                ],
            )
        if entry_hash(row) != row["entry_hash"]:
            return (
                count,
                previous,
                [
                    Problem(
                        sequence,
                        row["page_id"],
                        _("Entry %(n)s has been altered: its content no longer matches its hash.")
                        % {"n": sequence},
                    )
                ],
            )
        previous, expected_sequence, count = row["entry_hash"], sequence + 1, count + 1
    return count, previous, []


def verify_live_pages():
    """Every live page's live revision and content must match its latest ledger entry, a release or baseline."""
    from .models import ACCOUNTING_ACTIONS, LedgerEntry

    Page = swapper.load_model("wagtailcore", "Page")
    problems = []
    latest = {}
    for row in (
        LedgerEntry.objects.order_by("sequence")
        .values(
            "page_id",
            "page_title",
            "sequence",
            "action",
            "revision_id",
            "revision_content_hash",
            "live_content_hash",
        )
        .iterator(chunk_size=2000)
    ):
        latest[row["page_id"]] = row
    checked_files = {}  # a file shown by many pages is read once
    live_ids = set()
    for page in Page.objects.live().filter(depth__gt=1).specific().select_related("live_revision"):
        live_ids.add(page.pk)
        entry = latest.get(page.pk)
        problem = None
        if entry is None or entry["action"] not in ACCOUNTING_ACTIONS:
            problem = _("Live page “%(title)s” (%(id)s) has no release in the ledger.")
        elif entry["revision_id"] != page.live_revision_id:
            problem = _("Live page “%(title)s” (%(id)s) shows a revision the ledger did not register.")
        elif page.live_revision and entry["revision_content_hash"] != revision_content_hash(
            page.live_revision
        ):
            problem = _("The live revision of “%(title)s” (%(id)s) was changed after it was registered.")
        elif entry["live_content_hash"] != live_content_hash(page):
            problem = _("Live page “%(title)s” (%(id)s) was changed behind the application's back.")
        elif files_changed_on_disk(page, checked_files):
            problem = _(
                "A file live page “%(title)s” (%(id)s) shows was replaced on disk behind the application's back."
            )
        if problem:
            problems.append(
                Problem(
                    entry["sequence"] if entry else None,
                    page.pk,
                    problem % {"title": page.title, "id": page.pk},
                )
            )
    # The register says these are up; they are not, and no take-down or expiry says why.
    for page_id, entry in latest.items():
        if entry["action"] in ACCOUNTING_ACTIONS and page_id not in live_ids:
            problems.append(
                Problem(
                    entry["sequence"],
                    page_id,
                    _("“%(title)s” (%(id)s) left the public site with nothing in the register to say why.")
                    % {"title": entry["page_title"], "id": page_id},
                )
            )
    return problems


def verify(check_pages=True):
    """The chain, and (``check_pages``) every live page against it; the pages found changed are then
    withheld from every listing, and the ones no longer found changed listed again."""
    count, head_hash, problems = verify_chain()
    if not problems and check_pages:
        problems = verify_live_pages()
        _refresh_withholdings(problems)
    return VerificationResult(count=count, head_hash=head_hash, problems=problems)


def _refresh_withholdings(problems):
    from django.db import transaction

    from ..models import Withholding

    with transaction.atomic():
        Withholding.objects.all().delete()
        Withholding.objects.bulk_create(
            Withholding(page_id=p.page_id) for p in problems if p.page_id is not None
        )
