"""2. ``verify_ledger`` throughput on a long chain, against the machine's raw SHA-256 speed.

The chain is extended with synthetic but valid entries: each is a copy of a
real two-signature release from the demo (so field sizes are realistic: a
Chinese title, a full URL, two signatures with their nine answers) with its
own page, revision and hashes, chained with ``ledger.entry_hash`` and
bulk-inserted. Their page ids are far above any real page, so they never
affect what the site serves.

The baseline hashes exactly the bytes ``entry_hash`` hashes for every entry
(checked: each digest equals the stored entry hash), so the ratio says how
much of verification is SHA-256 itself and how much is reading rows and
building their canonical JSON.
"""

import hashlib

from django.db import transaction
from django.utils import timezone
from timing import median, table, timed

from wagtail_review.models import LedgerAction, LedgerEntry
from wagtail_review.publication import ledger
from wagtail_review.publication.content import canonical_json
from wagtail_review.publication.ledger.verification import verify_chain

SYNTHETIC_PAGE_ID = 100_000_000
BATCH = 2000


def canonical_bytes(row):
    """Exactly the bytes ``ledger.entry_hash`` hashes: the same payload through the same canonical_json."""
    payload = {name: row[name] for name in ledger.HASHED_FIELDS}
    for name in ("recorded_at", "submitted_at"):
        if payload[name] is not None and not isinstance(payload[name], str):
            payload[name] = payload[name].isoformat()
    return canonical_json(payload)


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
        batch = []
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
            }
            fields["entry_hash"] = previous = ledger.entry_hash(fields)
            batch.append(LedgerEntry(**fields))
            if len(batch) == BATCH:
                LedgerEntry.objects.bulk_create(batch)
                batch = []
        LedgerEntry.objects.bulk_create(batch)


def run(entries, repeats=3):
    seconds = timed(extend_chain, entries)
    total = LedgerEntry.objects.count()

    # The baseline's input, prepared untimed: every entry's canonical bytes.
    rows = list(LedgerEntry.objects.order_by("sequence").values(*ledger.HASHED_FIELDS, "entry_hash"))
    blobs = [canonical_bytes(row) for row in rows]
    assert all(hashlib.sha256(b).hexdigest() == r["entry_hash"] for b, r in zip(blobs, rows, strict=True))
    size = sum(map(len, blobs))

    def verify():
        count, _, problems = verify_chain()
        assert count == total and not problems, (count, total, problems[:1])

    def entry_hashes():
        for row in rows:
            ledger.entry_hash(row)

    def raw_sha256():
        for blob in blobs:
            hashlib.sha256(blob).hexdigest()

    def best_of(fn, n):
        fn()  # warm-up: page cache, the query plan, allocator
        return median([timed(fn) for _ in range(n)])

    results = [
        ("verify_chain() (DB read + JSON + SHA-256)", best_of(verify, repeats)),
        ("entry_hash() on rows in memory (JSON + SHA-256)", best_of(entry_hashes, repeats)),
        ("raw hashlib.sha256 over the same bytes", best_of(raw_sha256, repeats + 2)),
    ]
    raw = results[-1][1]
    table(
        [
            f"Verify {total:,} entries ({size / total:,.0f} B each)",
            "seconds",
            "entries/s",
            "MB/s",
            "ratio vs raw",
        ],
        [
            [name, f"{s:.3f}", f"{total / s:,.0f}", f"{size / s / 1e6:,.1f}", f"{raw / s:.4f}"]
            for name, s in results
        ],
    )
    return {"insert_seconds": seconds, "ratio": raw / results[0][1]}
