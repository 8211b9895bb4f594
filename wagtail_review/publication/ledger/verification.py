"""Verifying the publication ledger: the chain, and that every live page is what was registered."""

import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import NamedTuple

import swapper
from django.db import DataError, connection, connections, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from ..content import live_content_hash, revision_content_hash
from ..media import files_changed_on_disk
from .chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    OPTIONAL_HASHED_FIELDS,
    TIME_FIELDS,
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


# Fewer entries than this per process and starting the processes costs more than they save.
MIN_ENTRIES_PER_PROCESS = 50_000
# The span that is the whole ledger: from entry 1 with no end.
WHOLE = (1, None)


def verify_chain(batch_size=5000, processes=1):
    """Walk the chain in order; return (count, head hash, problems). Stops at the first break.

    Each entry's record (its canonical bytes, ``LedgerRecord``) is hashed as
    stored and must name the entry's number and the hash of the record before
    it. Only the narrow records table is read and no JSON is built; on
    PostgreSQL through binary COPYs (``_record_batches``). Whether every entry has
    its record, and its columns still say what the record says, is
    ``verify_columns``.

    With ``processes`` above 1 a long chain on PostgreSQL is cut into spans
    walked at once by that many processes, each with its own connection
    (``_in_processes``): one process cannot keep the database's delivery and
    its own hashing busy together. The result is the one walk's (``_joined``).
    """
    spans = _spans(processes)
    if len(spans) == 1:
        walked = _walk(_record_batches(batch_size))
    else:
        walked = _joined(spans, _in_processes(_walk_span, spans, batch_size))
    return (
        walked.count,
        walked.head_hash,
        [Problem(sequence, _page_id(sequence), message) for sequence, message in walked.breaks],
    )


class Walked(NamedTuple):
    count: int  # entries walked before the break, if any
    head_hash: str  # the hash of the last of them
    breaks: list  # [the first break as (sequence, message)], or []
    started_from: str | None  # the hash the first entry walked names as the one before it


def _walk(batches, expected_sequence=1, previous=GENESIS_HASH):
    """The chain walked from entry ``expected_sequence`` on; ``previous`` is the hash of the entry before,
    or None to take the first entry's word for it (a span after the first: ``_joined`` checks it)."""
    count, started_from = 0, previous
    for batch in batches:
        for sequence, stored_hash, canonical in batch:
            if sequence != expected_sequence:
                return Walked(
                    count, previous, [(sequence, _missing(expected_sequence, sequence))], started_from
                )
            if previous is None:
                previous = started_from = _named_previous(canonical)
            if not _names(canonical, sequence, previous):
                return Walked(count, previous, [(sequence, _not_following(sequence))], started_from)
            if hashlib.sha256(canonical).hexdigest() != stored_hash:
                message = _("Entry %(n)s has been altered: its content no longer matches its hash.") % {
                    "n": sequence
                }
                return Walked(count, previous, [(sequence, message)], started_from)
            previous, expected_sequence, count = stored_hash, sequence + 1, count + 1
    return Walked(count, previous, [], started_from)


def _missing(expected, found):
    return _("Entry %(expected)s is missing: the chain jumps to %(found)s.") % {
        "expected": expected,
        "found": found,
    }


def _not_following(sequence):
    return _("Entry %(n)s does not follow the entry before it (deleted, inserted or reordered).") % {
        "n": sequence
    }


def _spans(processes):
    """``[(first, last or None for the end)]``: the chain cut into the spans to walk at once.

    One span unless the records can be read by other processes: PostgreSQL
    through binary COPY, outside a transaction (another connection would not
    see what this one has not committed), with ``fork`` to start them.
    """
    from .models import LedgerRecord

    if (
        processes < 2
        or not _binary_copy()
        or connection.in_atomic_block
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [WHOLE]
    last = LedgerRecord.objects.aggregate(last=Max("sequence"))["last"] or 0
    count = min(processes, last // MIN_ENTRIES_PER_PROCESS)
    if count < 2:
        return [WHOLE]
    firsts = [1 + last * n // count for n in range(count)]
    lasts = [following - 1 for following in firsts[1:]] + [None]
    return list(zip(firsts, lasts, strict=True))


def _in_processes(function, spans, *args):
    """``function(span, *args)`` for each span, each in a process of its own, at once; the results in order."""
    # The children must open connections of their own, not share this one's socket.
    connections.close_all()
    with ProcessPoolExecutor(len(spans), mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_in_child, [function] * len(spans), spans, [args] * len(spans)))


def _in_child(function, span, args):
    try:
        return function(span, *args)
    finally:
        connection.close()


def _walk_span(span, batch_size):
    first, last = span
    previous = GENESIS_HASH if first == 1 else None
    return _walk(_record_batches(batch_size, after=first - 1, until=last), first, previous)


def _joined(spans, walked):
    """The spans' walks as the one walk would have gone: up to the first span that broke or ended short,
    or whose first entry does not name the last of the span before."""
    from .models import LedgerRecord

    count, previous = 0, GENESIS_HASH
    for (first, _last), span in zip(spans, walked, strict=True):
        expected = count + 1
        if first != expected:  # the span before ended short: its last entries are missing
            found = LedgerRecord.objects.filter(sequence__gt=count).aggregate(found=Min("sequence"))["found"]
            return Walked(
                count, previous, [] if found is None else [(found, _missing(expected, found))], None
            )
        if span.started_from is not None and span.started_from != previous:
            return Walked(count, previous, [(first, _not_following(first))], None)
        count, previous = count + span.count, span.head_hash if span.count else previous
        if span.breaks:
            return Walked(count, previous, span.breaks, None)
    return Walked(count, previous, [], None)


def _record_batches(batch_size, after=0, until=None):
    """Lists of ``(sequence, entry_hash, canonical bytes)``: the records numbered above ``after`` (up to
    ``until``) in order, ``batch_size`` at a time.

    Each batch is read whole before it is handed on, so the walk may stop anywhere and then query: a
    COPY left unread would be cancelled (aborting the caller's transaction), and an open one holds the
    connection.
    """
    from .models import LedgerRecord

    if not _binary_copy():
        records = LedgerRecord.objects.filter(sequence__gt=after).order_by("sequence")
        if until is not None:
            records = records.filter(sequence__lte=until)
        batch = []
        for sequence, stored_hash, canonical in records.values_list(
            "sequence", "entry_hash", "canonical"
        ).iterator(chunk_size=batch_size):
            batch.append((sequence, stored_hash, bytes(canonical)))  # a memoryview on some databases
            if len(batch) == batch_size:
                yield batch
                batch = []
        yield batch
        return
    # COPY in binary: a batch arrives in one stream with the bytes as stored, where a cursor's text
    # results would bring each entry's bytes as hex, twice their size, for Python to decode (measured:
    # about half the walk's time). Batches follow on the number (keyset), so each is an index range.
    table = _quoted(LedgerRecord._meta.db_table)
    up_to = "" if until is None else f" AND sequence <= {until:d}"
    while True:
        sql = (
            f"COPY (SELECT sequence, entry_hash, canonical FROM {table} WHERE sequence > {after:d}{up_to} "
            f"ORDER BY sequence LIMIT {batch_size:d}) TO STDOUT (FORMAT BINARY)"
        )
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            copy.set_types(["int8", "text", "bytea"])
            batch = list(copy.rows())
        yield batch
        if len(batch) < batch_size:
            return
        after = batch[-1][0]


def _binary_copy():
    """PostgreSQL through psycopg 3 (Django's other PostgreSQL driver, psycopg2, reads it as rows)."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


# Keys are sorted and strings escaped in canonical JSON, so these runs of bytes occur once, as the keys,
# and "previous_hash" comes before "sequence": the second search starts where the first matched.
_PREVIOUS_KEY = b'"previous_hash":"'
_SEQUENCE_KEY = b'"sequence":'


def _named_previous(canonical):
    """The hash the bytes name as the one before them ("" if they name none)."""
    at = canonical.find(_PREVIOUS_KEY)
    start = at + len(_PREVIOUS_KEY)
    return canonical[start : start + len(GENESIS_HASH)].decode("ascii", "replace") if at >= 0 else ""


def _names(canonical, sequence, previous):
    """Whether the bytes name ``sequence`` as their number and ``previous`` as the hash before them."""
    at = canonical.find(_PREVIOUS_KEY)
    if at < 0 or not canonical.startswith(b'%s"' % previous.encode(), at + len(_PREVIOUS_KEY)):
        return False
    at = canonical.find(_SEQUENCE_KEY, at)
    return at >= 0 and canonical.startswith(b"%d," % sequence, at + len(_SEQUENCE_KEY))


def _page_id(sequence):
    from .models import LedgerEntry

    return LedgerEntry.objects.filter(sequence=sequence).values_list("page_id", flat=True).first()


# What verify_columns found wrong with an entry.
_COLUMNS, _NO_RECORD, _NO_ENTRY = "columns", "no record", "no entry"


def verify_columns(batch_size=2000, processes=1):
    """Problems where an entry and its record disagree: the columns (what listings, filters and exports
    read) no longer say what the record says, or one of the two is missing.

    On PostgreSQL a long ledger is checked in ``processes`` spans at once, as ``verify_chain`` walks it.
    """
    spans = _spans(processes)
    if connection.vendor != "postgresql":
        disagreeing = _disagreeing_in_python(batch_size, WHOLE)
    elif len(spans) == 1:
        disagreeing = _disagreeing_in_postgresql(spans[0])
    else:
        disagreeing = [row for part in _in_processes(_disagreeing_in_postgresql, spans) for row in part]
    messages = {
        _COLUMNS: _("Entry %(n)s has been altered: its columns no longer say what it registered."),
        _NO_RECORD: _("Entry %(n)s has lost its record: the bytes its hash was made from are missing."),
        _NO_ENTRY: _("Entry %(n)s has been removed from the register; its record remains."),
    }
    return [
        Problem(sequence, page_id, messages[kind] % {"n": sequence})
        for sequence, page_id, kind in disagreeing
    ]


def _disagreeing_in_python(batch_size, span):
    from .models import LedgerEntry, LedgerRecord

    first, last = span
    within = {"sequence__gte": first} if first > 1 else {}
    within.update({"sequence__lte": last} if last is not None else {})
    entries = (
        LedgerEntry.objects.filter(**within)
        .order_by("sequence")
        .values(*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "entry_hash")
        .iterator(chunk_size=batch_size)
    )
    records = (
        LedgerRecord.objects.filter(**within)
        .order_by("sequence")
        .values_list("sequence", "entry_hash", "canonical")
        .iterator(chunk_size=batch_size)
    )
    found = []
    for sequence, entry, record in _side_by_side(entries, records):
        if record is None:
            found.append((sequence, entry["page_id"], _NO_RECORD))
        elif entry is None:
            found.append((sequence, None, _NO_ENTRY))
        elif entry["entry_hash"] != record[1] or _decoded(record[2]) != hashed_payload(entry):
            found.append((sequence, entry["page_id"], _COLUMNS))
    return found


def _decoded(canonical):
    """The record's bytes as JSON, or None where they are not UTF-8 JSON."""
    try:
        return json.loads(bytes(canonical))
    except ValueError:
        return None


def _side_by_side(entries, records):
    """``(sequence, entry or None, record or None)`` from two streams ordered by sequence."""
    entry, record = next(entries, None), next(records, None)
    while entry is not None or record is not None:
        entry_sequence = entry["sequence"] if entry is not None else None
        record_sequence = record[0] if record is not None else None
        if record_sequence is None or (entry_sequence is not None and entry_sequence < record_sequence):
            yield entry_sequence, entry, None
            entry = next(entries, None)
        elif entry_sequence is None or record_sequence < entry_sequence:
            yield record_sequence, None, record
            record = next(records, None)
        else:
            yield entry_sequence, entry, record
            entry, record = next(entries, None), next(records, None)


def _disagreeing_in_postgresql(span):
    """The same comparison in one query for the entries and records of ``span`` (the first span reaches
    down, the last up, without bound), PostgreSQL parsing each record as jsonb: no row travels to Python.

    Field by field, each against the parsed record (``OFFSET 0`` keeps the
    parse to one per row: inlined, each field's reference parsed it again),
    and no keys besides: about three times faster than building each entry's
    columns into a jsonb object to compare whole (measured).
    """
    from .models import LedgerEntry, LedgerRecord

    def column(name):
        return f"e.{_quoted(name)}"

    differs = [
        f"d.doc -> '{name}' IS DISTINCT FROM COALESCE(to_jsonb({column(name)}), 'null'::jsonb)"
        for name in HASHED_FIELDS
        if name not in TIME_FIELDS
    ]
    # Absent from the bytes when empty (chain.hashed_payload): SQL NULL on both sides.
    differs += [
        f"d.doc -> '{name}' IS DISTINCT FROM to_jsonb({column(name)})" for name in OPTIONAL_HASHED_FIELDS
    ]
    differs += [f"(d.doc ->> '{name}')::timestamptz IS DISTINCT FROM {column(name)}" for name in TIME_FIELDS]
    known = ", ".join(f"'{name}'" for name in (*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS))
    differs.append(f"(d.doc - ARRAY[{known}]) <> '{{}}'::jsonb")
    differs.append("e.entry_hash IS DISTINCT FROM r.entry_hash")
    first, last = span
    bounds = [f"sequence >= {first:d}"] if first > 1 else []
    bounds += [f"sequence <= {last:d}"] if last is not None else []
    within = " AND ".join(bounds) or "TRUE"
    sql = (
        f"SELECT COALESCE(e.sequence, r.sequence), e.page_id, CASE "
        f"WHEN r.sequence IS NULL THEN '{_NO_RECORD}' WHEN e.sequence IS NULL THEN '{_NO_ENTRY}' "
        f"ELSE '{_COLUMNS}' END "
        f"FROM (SELECT * FROM {_quoted(LedgerEntry._meta.db_table)} WHERE {within}) e "
        f"FULL JOIN (SELECT * FROM {_quoted(LedgerRecord._meta.db_table)} WHERE {within}) r "
        f"ON r.sequence = e.sequence "
        f"CROSS JOIN LATERAL (SELECT convert_from(r.canonical, 'UTF8')::jsonb AS doc OFFSET 0) d "
        f"WHERE e.sequence IS NULL OR r.sequence IS NULL OR {' OR '.join(differs)} "
        f"ORDER BY 1"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    except DataError:  # a record that is not UTF-8 JSON; only a chain forged whole, hashes and all, holds one
        return _disagreeing_in_python(2000, span)


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


def verify(check_pages=True, processes=1):
    """The chain (walked in ``processes``, see ``verify_chain``), and (``check_pages``) every live page
    against it; the pages found changed are then withheld from every listing, and the ones no longer
    found changed listed again."""
    count, head_hash, problems = verify_chain(processes=processes)
    if not problems:
        problems = verify_columns(processes=processes)
    if not problems and check_pages:
        problems = verify_live_pages()
        _refresh_withholdings(problems)
    return VerificationResult(count=count, head_hash=head_hash, problems=problems)


def _refresh_withholdings(problems):
    from ..models import Withholding

    with transaction.atomic():
        Withholding.objects.all().delete()
        Withholding.objects.bulk_create(
            Withholding(page_id=p.page_id) for p in problems if p.page_id is not None
        )
