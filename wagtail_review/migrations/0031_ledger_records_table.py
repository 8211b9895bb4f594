"""Each ledger entry's canonical bytes move to a narrow table of their own, ``LedgerRecord``.

Read from the wide entry row, the bytes came compressed among a dozen other
columns: walking the chain read about twice the data it hashed and
decompressed every entry. On PostgreSQL the new table stores them
uncompressed (``STORAGE EXTERNAL``) and refuses changes like the entries do
(the trigger function of migration 0006).

Entries written before migration 0029 had no bytes kept: theirs are rebuilt
from their columns here, and kept only where they still hash to the entry's
hash. An entry whose columns were already altered gets no record, and
``verify_ledger`` reports it.

Reversing keeps the entries and drops the records; the code of 0030 checks
entries without bytes from their columns, as it did before 0029.
"""

import hashlib

from django.db import migrations, models

from wagtail_review.publication.ledger.chain import HASHED_FIELDS, OPTIONAL_HASHED_FIELDS, canonical_bytes

ENTRIES = "wagtail_gov_review_ledgerentry"
RECORDS = "wagtail_gov_review_ledgerrecord"

POSTGRESQL_RECORDS = f"""
ALTER TABLE {RECORDS} ALTER COLUMN canonical SET STORAGE EXTERNAL;

CREATE TRIGGER wagtail_review_ledger_record_no_update_delete
    BEFORE UPDATE OR DELETE ON {RECORDS}
    FOR EACH ROW EXECUTE FUNCTION wagtail_review_ledger_append_only();

CREATE TRIGGER wagtail_review_ledger_record_no_truncate
    BEFORE TRUNCATE ON {RECORDS}
    FOR EACH STATEMENT EXECUTE FUNCTION wagtail_review_ledger_append_only();
"""


def move_the_bytes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_RECORDS)
    schema_editor.execute(
        f"INSERT INTO {RECORDS} (sequence, entry_hash, canonical) "
        f"SELECT sequence, entry_hash, canonical FROM {ENTRIES} WHERE canonical IS NOT NULL"
    )
    rebuild_the_oldest(apps)


def rebuild_the_oldest(apps, batch_size=2000):
    LedgerEntry = apps.get_model("wagtail_gov_review", "LedgerEntry")
    LedgerRecord = apps.get_model("wagtail_gov_review", "LedgerRecord")
    rows = (
        LedgerEntry.objects.filter(canonical__isnull=True)
        .order_by("sequence")
        .values(*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "entry_hash")
    )
    records = []
    for row in rows.iterator(chunk_size=batch_size):
        canonical = canonical_bytes(row)
        if hashlib.sha256(canonical).hexdigest() == row["entry_hash"]:
            records.append(
                LedgerRecord(sequence=row["sequence"], entry_hash=row["entry_hash"], canonical=canonical)
            )
    LedgerRecord.objects.bulk_create(records, batch_size=batch_size)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_gov_review", "0030_ledger_entry_salt"),
    ]

    operations = [
        migrations.CreateModel(
            name="LedgerRecord",
            fields=[
                (
                    "sequence",
                    models.PositiveBigIntegerField(primary_key=True, serialize=False, verbose_name="number"),
                ),
                ("entry_hash", models.CharField(max_length=64, verbose_name="entry hash")),
                ("canonical", models.BinaryField(verbose_name="canonical bytes")),
            ],
            options={
                "verbose_name": "ledger record",
                "verbose_name_plural": "ledger records",
                "ordering": ["sequence"],
                "default_permissions": (),
            },
        ),
        # Reversed, the records table is simply dropped with its triggers (DeleteModel).
        migrations.RunPython(move_the_bytes, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="ledgerentry",
            name="canonical",
        ),
    ]
