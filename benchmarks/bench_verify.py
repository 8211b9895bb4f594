"""2. ``verify_ledger`` throughput on a long chain, against the machine's raw SHA-256 speed.

The chain is extended with synthetic but valid entries: each is a copy of a
real two-signature release from the demo (so field sizes are realistic: a
Chinese title, a full URL, two signatures with their nine answers) with its
own page, revision and hashes, chained and bulk-inserted with its record (the
canonical bytes), as ``ledger.append`` writes them. Their page ids are far above any
real page, so they never affect what the site serves.

Measured: the chain walk (``verify_chain``: the stored bytes hashed as
stored), the column check (``verify_columns``: the queryable columns against
the bytes), both together (what ``verify_ledger`` runs before the live
pages), and the way entries were verified before the bytes were kept
(every row read whole and its canonical JSON rebuilt), against raw SHA-256
over exactly the stored bytes (checked: each digest equals the entry hash).
Raw SHA-256 runs over the first 100,000 entries' bytes at most (held in
memory); its rate per entry is what the ratios use.
"""

import hashlib
import itertools
import secrets

from django.db import transaction
from django.utils import timezone
from timing import median, table, timed

from wagtail_review.app_settings import app_settings
from wagtail_review.models import LedgerAction, LedgerEntry, LedgerRecord, MerkleBlock
from wagtail_review.publication import ledger
from wagtail_review.publication.ledger import merkle, proofs
from wagtail_review.publication.ledger.chain import OPTIONAL_HASHED_FIELDS, canonical_bytes
from wagtail_review.publication.ledger.verification import _spans, verify_chain, verify_columns

SYNTHETIC_PAGE_ID = 100_000_000
BATCH = 2000
RAW_SAMPLE = 100_000


def extend_chain(count):
    """Append ``count`` valid synthetic entries after the current head, in batches."""
    real = next(
        e
        for e in LedgerEntry.objects.filter(action=LedgerAction.PUBLISH).order_by("sequence")
        if len(e.signatures) == 2
    )
    template = {name: getattr(real, name) for name in ledger.HASHED_FIELDS}
    head = ledger.head()
    previous, recorded_at = head.hash, timezone.now().replace(microsecond=0)
    with transaction.atomic():
        batch, records = [], []
        for i in range(count):
            digest = hashlib.sha256(f"bench-{i}".encode()).hexdigest()
            fields = {
                **template,
                "sequence": head.count + 1 + i,
                "recorded_at": recorded_at,
                "page_id": SYNTHETIC_PAGE_ID + i,
                "page_title": f"{real.page_title}（第{i}期）",
                "page_url": f"{real.page_url.rstrip('/')}-{i}/",
                "revision_id": SYNTHETIC_PAGE_ID + i,
                "revision_content_hash": digest,
                "live_content_hash": digest[::-1],
                "signatures": [{**s, "content_hash": digest} for s in real.signatures],
                "previous_hash": previous,
                "salt": secrets.token_hex(16),  # as ledger.append adds to each entry
            }
            canonical = canonical_bytes(fields)
            fields["entry_hash"] = previous = hashlib.sha256(canonical).hexdigest()
            batch.append(LedgerEntry(**fields))
            records.append(
                LedgerRecord(sequence=fields["sequence"], entry_hash=previous, canonical=canonical)
            )
            if len(batch) == BATCH:
                LedgerEntry.objects.bulk_create(batch)
                LedgerRecord.objects.bulk_create(records)
                batch, records = [], []
        LedgerEntry.objects.bulk_create(batch)
        LedgerRecord.objects.bulk_create(records)


def run(entries, repeats=3):
    inserting = timed(extend_chain, entries)
    total = LedgerEntry.objects.count()
    entries_in_order = LedgerEntry.objects.order_by("sequence")

    # The baseline's input, prepared untimed: the stored bytes.
    sample = []
    for canonical, stored_hash in itertools.islice(
        LedgerRecord.objects.order_by("sequence").values_list("canonical", "entry_hash").iterator(),
        RAW_SAMPLE,
    ):
        blob = bytes(canonical)
        assert hashlib.sha256(blob).hexdigest() == stored_hash
        sample.append(blob)
    size_per_entry = sum(map(len, sample)) / len(sample)

    def walk(processes):
        count, _, problems = verify_chain(processes=processes)
        assert count == total and not problems, (count, total, problems[:1])

    def columns(processes):
        assert verify_columns(processes=processes) == []

    def both(processes):
        walk(processes)
        columns(processes)

    def rebuilt_from_columns():
        rows = entries_in_order.values(*ledger.HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "entry_hash")
        for row in rows.iterator(chunk_size=BATCH):
            assert ledger.entry_hash(row) == row["entry_hash"]

    def raw_sha256():  # three passes: one alone is a fraction of a second
        for blob in sample * 3:
            hashlib.sha256(blob).hexdigest()

    # verify_ledger's default; the spans it is cut into are fewer on a short ledger (MIN_ENTRIES_PER_PROCESS).
    spans = len(_spans(app_settings.VERIFY_PROCESSES))
    measures = [
        ("verify_chain(), 1 process: stored bytes hashed as stored", lambda: walk(1), total),
        (f"verify_chain(), {spans} processes (verify_ledger's default)", lambda: walk(spans), total),
        ("verify_columns(), 1 process: columns against the bytes", lambda: columns(1), total),
        (f"verify_columns(), {spans} processes", lambda: columns(spans), total),
        ("both, 1 process", lambda: both(1), total),
        (f"both, {spans} processes (verify_ledger before the live pages)", lambda: both(spans), total),
        ("rows read whole, canonical JSON rebuilt (before)", rebuilt_from_columns, total),
        ("raw hashlib.sha256 over the stored bytes", raw_sha256, 3 * len(sample)),
    ]
    # A warm-up round (page cache, query plans, allocator), then rounds in turn, each in a rotated order,
    # so a busier minute of the machine weighs on every measure alike.
    for _name, fn, _count in measures:
        fn()
    seconds = {name: [] for name, _fn, _count in measures}
    for round_ in range(repeats):
        shift = round_ % len(measures)
        for name, fn, _count in measures[shift:] + measures[:shift]:
            seconds[name].append(timed(fn))
    rates = [(name, count / median(seconds[name])) for name, _fn, count in measures]
    raw = rates[-1][1]
    table(
        [
            f"Verify {total:,} entries ({size_per_entry:,.0f} B each)",
            "entries/s",
            "MB/s",
            "seconds for all",
            "ratio vs raw",
        ],
        [
            [
                name,
                f"{rate:,.0f}",
                f"{rate * size_per_entry / 1e6:,.1f}",
                f"{total / rate:,.1f}",
                f"{rate / raw:.3f}",
            ]
            for name, rate in rates
        ],
    )
    head_ratio = tree_heads(total)
    return {
        "insert_seconds": inserting,
        "processes": spans,
        "ratio_one_process": rates[0][1] / raw,
        "ratio": rates[1][1] / raw,
        "full_ratio": rates[5][1] / raw,
        "full_vs_before": rates[5][1] / rates[6][1],
        "head_ratio": head_ratio,
    }


def tree_heads(total):
    """The public head (``/ledger/head/``) and a proof on this ledger: from stored block roots, against
    the root over every leaf, which is what each request computed before the block roots were kept."""
    MerkleBlock.objects.all().delete()  # the first request stores them
    first = timed(merkle.tree_head)
    head = median([timed(merkle.tree_head) for _ in range(5)])
    proof = median([timed(merkle.inclusion, total // 2, total) for _ in range(5)])

    def every_leaf():
        leaves = [
            proofs.leaf_hash(merkle.public_entry(row))
            for row in merkle.entry_rows().iterator(chunk_size=BATCH)
        ]
        return proofs.root(leaves)

    baseline = timed(every_leaf)
    assert every_leaf().hex() == merkle.tree_head().root_hash
    table(
        [f"Merkle tree head of {total:,} entries", "seconds", "ratio vs every leaf"],
        [
            ["first request (stores whole blocks' roots)", f"{first:.3f}", f"{first / baseline:.3f}"],
            ["later requests (head)", f"{head:.4f}", f"{head / baseline:.4f}"],
            ["later requests (inclusion proof, middle entry)", f"{proof:.4f}", f"{proof / baseline:.4f}"],
            ["root over every leaf (each request before)", f"{baseline:.3f}", "1.000"],
        ],
    )
    return head / baseline
