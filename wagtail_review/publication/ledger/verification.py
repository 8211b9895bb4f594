"""Verifying the publication ledger: the chain, and that every live page is what was registered."""

import hashlib
import json
from contextlib import closing
from dataclasses import dataclass, field

import swapper
from django.db import connection
from django.utils.translation import gettext as _

from ..content import live_content_hash, revision_content_hash
from ..media import files_changed_on_disk
from .chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    OPTIONAL_HASHED_FIELDS,
    TIME_FIELDS,
    entry_hash,
    hashed_payload,
)


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


def verify_chain(batch_size=5000):
    """Walk the chain in order; return (count, head hash, problems). Stops at the first break.

    Each entry's stored bytes are hashed as stored, and must name the entry's
    number and the hash of the entry before it. Only three columns are read and
    no JSON is built; on PostgreSQL through a server-side cursor in binary, so
    the bytes arrive as they are stored rather than as hex text for Python to
    decode (``_chain_rows``). Entries written before the bytes were kept are
    hashed from their columns, as they always were. Whether the columns still
    say what the bytes say is ``verify_columns``.
    """
    from .models import LedgerEntry

    # Streamed beside the walk, in the same order: the entries without stored bytes, whole.
    legacy = (
        LedgerEntry.objects.order_by("sequence")
        .filter(canonical__isnull=True)
        .values(*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS)
        .iterator(chunk_size=batch_size)
    )
    with closing(_chain_rows(batch_size)) as rows:
        return _walk(rows, legacy)


def _walk(rows, legacy):
    expected_sequence, previous, count = 1, GENESIS_HASH, 0
    for sequence, stored_hash, canonical in rows:
        if sequence != expected_sequence:
            message = _("Entry %(expected)s is missing: the chain jumps to %(found)s.") % {
                "expected": expected_sequence,
                "found": sequence,
            }
            return count, previous, [Problem(sequence, _page_id(sequence), message)]
        if canonical is None:
            row = next(legacy)
            follows, hashed = row["previous_hash"] == previous, entry_hash(row)
        else:
            follows, hashed = _names(canonical, sequence, previous), hashlib.sha256(canonical).hexdigest()
        if not follows:
            message = _(
                "Entry %(n)s does not follow the entry before it (deleted, inserted or reordered)."
            ) % {"n": sequence}
            return count, previous, [Problem(sequence, _page_id(sequence), message)]
        if hashed != stored_hash:
            message = _("Entry %(n)s has been altered: its content no longer matches its hash.") % {
                "n": sequence
            }
            return count, previous, [Problem(sequence, _page_id(sequence), message)]
        previous, expected_sequence, count = stored_hash, sequence + 1, count + 1
    return count, previous, []


def _chain_rows(batch_size):
    """``(sequence, entry_hash, canonical bytes or None)`` of every entry, in order, streamed."""
    from .models import LedgerEntry

    if not _binary_server_side_cursor():
        rows = LedgerEntry.objects.order_by("sequence").values_list("sequence", "entry_hash", "canonical")
        yield from rows.iterator(chunk_size=batch_size)
        return
    # Django's server-side cursor, asked for binary results (Django's execute() cannot ask): as text,
    # each entry's bytes would come as hex, twice their size, for Python to decode (measured: about
    # half the walk's time).
    sql = (
        f"SELECT sequence, entry_hash, canonical FROM {_quoted(LedgerEntry._meta.db_table)} ORDER BY sequence"
    )
    with connection.chunked_cursor() as cursor:
        cursor.cursor.execute(sql, binary=True)
        while rows := cursor.fetchmany(batch_size):
            yield from rows


def _binary_server_side_cursor():
    """PostgreSQL through psycopg 3, with server-side cursors allowed (not behind a transaction pooler)."""
    if connection.vendor != "postgresql" or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


def _names(canonical, sequence, previous):
    # Keys are sorted and strings escaped in canonical JSON: these runs of bytes occur once, as the keys.
    canonical = bytes(canonical)
    return (
        b'"sequence":%d,' % sequence in canonical
        and b'"previous_hash":"%s",' % previous.encode() in canonical
    )


def _page_id(sequence):
    from .models import LedgerEntry

    return LedgerEntry.objects.filter(sequence=sequence).values_list("page_id", flat=True).first()


def verify_columns(batch_size=2000):
    """Problems where an entry's columns (what listings, filters and exports read) differ from its bytes."""
    if connection.vendor == "postgresql":
        disagreeing = _disagreeing_in_postgresql()
    else:
        disagreeing = _disagreeing_in_python(batch_size)
    return [
        Problem(
            sequence,
            page_id,
            _("Entry %(n)s has been altered: its columns no longer say what it registered.")
            % {"n": sequence},
        )
        for sequence, page_id in disagreeing
    ]


def _disagreeing_in_python(batch_size):
    from .models import LedgerEntry

    rows = (
        LedgerEntry.objects.filter(canonical__isnull=False)
        .order_by("sequence")
        .values(*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "canonical")
    )
    return [
        (row["sequence"], row["page_id"])
        for row in rows.iterator(chunk_size=batch_size)
        if json.loads(bytes(row["canonical"])) != hashed_payload(row)
    ]


def _disagreeing_in_postgresql():
    """The same comparison in one query, PostgreSQL parsing the bytes as jsonb: no row travels to Python."""
    from .models import LedgerEntry

    table = _quoted(LedgerEntry._meta.db_table)
    pairs = ", ".join(f"'{name}', e.{_quoted(name)}" for name in HASHED_FIELDS if name not in TIME_FIELDS)
    optional = " || ".join(
        f"CASE WHEN e.{_quoted(name)} IS NULL THEN '{{}}'::jsonb "
        f"ELSE jsonb_build_object('{name}', e.{_quoted(name)}) END"
        for name in OPTIONAL_HASHED_FIELDS
    )
    times = " OR ".join(
        f"(d.doc ->> '{name}')::timestamptz IS DISTINCT FROM e.{_quoted(name)}" for name in TIME_FIELDS
    )
    without_times = "".join(f" - '{name}'" for name in TIME_FIELDS)
    sql = (
        f"SELECT e.sequence, e.page_id FROM {table} e "
        f"CROSS JOIN LATERAL (SELECT convert_from(e.canonical, 'UTF8')::jsonb AS doc) d "
        f"WHERE e.canonical IS NOT NULL AND ("
        f"(d.doc{without_times}) IS DISTINCT FROM (jsonb_build_object({pairs}) || {optional}) OR {times}"
        f") ORDER BY e.sequence"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _quoted(name):
    return connection.ops.quote_name(name)


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
    if not problems:
        problems = verify_columns()
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
