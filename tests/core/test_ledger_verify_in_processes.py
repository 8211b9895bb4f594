"""verify_ledger cut into spans checked by several processes at once (PostgreSQL).

Whatever was done to the ledger, and wherever, the chain walk and the column
check in processes must answer exactly what they answer in one process: the
same count, head and first break, the same disagreeing entries. The ledger is
committed (``transactional_db``), since the processes read it through
connections of their own.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from wagtail_review.models import LedgerAction, LedgerEntry, LedgerRecord
from wagtail_review.publication.ledger import verification
from wagtail_review.publication.ledger.chain import append_many

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the walk uses several processes only on PostgreSQL; CI runs the suite on PostgreSQL too",
)

RECORDS = LedgerRecord._meta.db_table
ENTRIES_TABLE = LedgerEntry._meta.db_table
ENTRIES = 60
PROCESSES = 3  # spans 1–20, 21–40, 41–60


@pytest.fixture
def chain(transactional_db):
    # Governance entries: no page to be live, so the live-page check has nothing to say about them.
    entry = {
        "action": LedgerAction.GOVERNANCE,
        "page_id": 0,
        "page_url": "",
        "page_type": "",
        "unit_id": None,
        "unit_name": "西坪镇",
        "section_page_id": None,
        "source_type": "",
        "route_name": "",
        "revision_id": None,
        "revision_content_hash": "",
        "live_content_hash": "",
        "workflow_state_id": None,
        "submitted_by": "",
        "signatures": [],
        "actor": "webadmin",
        "reason": "",
    }
    with transaction.atomic():
        append_many([{**entry, "page_title": f"审核权限变更{n}"} for n in range(ENTRIES)])


@pytest.fixture
def spans_used(monkeypatch):
    """The spans each walk was cut into."""
    used = []
    cut = verification._spans

    def spy(*args):
        used.append(cut(*args))
        return used[-1]

    monkeypatch.setattr(verification, "_spans", spy)
    return used


@pytest.fixture(autouse=True)
def _short_spans(monkeypatch):
    monkeypatch.setattr(verification, "MIN_ENTRIES_PER_PROCESS", 1)


def walked_in_processes(spans_used):
    result = verification.verify_chain(processes=PROCESSES)
    assert len(spans_used[-1]) == PROCESSES, spans_used[-1]
    return result


def tamper(*statements):
    """Change the ledger behind the application's back; the append-only triggers are lifted only meanwhile."""
    triggers = {
        RECORDS: "wagtail_review_ledger_record_no_update_delete",
        ENTRIES_TABLE: "wagtail_review_ledger_no_update_delete",
    }
    with transaction.atomic(), connection.cursor() as cursor:
        for table, trigger in triggers.items():
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        for statement in statements:
            cursor.execute(statement)
        for table, trigger in triggers.items():
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def altered(sequence):
    return f"UPDATE {RECORDS} SET canonical = canonical || '\\x20'::bytea WHERE sequence = {sequence}"


def deleted(*sequences):
    return f"DELETE FROM {RECORDS} WHERE sequence IN ({', '.join(map(str, sequences))})"


def relinked(sequence):
    """The record's bytes name another previous hash, and its stored hash is made to match them."""
    previous = f"(SELECT entry_hash FROM {RECORDS} WHERE sequence = {sequence - 1})"
    text = f"replace(convert_from(canonical, 'UTF8'), {previous}, repeat('1', 64))"
    return [
        f"UPDATE {RECORDS} SET canonical = convert_to({text}, 'UTF8') WHERE sequence = {sequence}",
        f"UPDATE {RECORDS} SET entry_hash = encode(sha256(canonical), 'hex') WHERE sequence = {sequence}",
    ]


def renumbered(old, new):
    return f"UPDATE {RECORDS} SET sequence = {new} WHERE sequence = {old}"


def test_an_intact_chain_walked_in_processes_is_the_one_walk(chain, spans_used):
    count, head_hash, problems = walked_in_processes(spans_used)
    assert (count, head_hash, problems) == verification.verify_chain()
    assert count == ENTRIES and problems == []
    assert head_hash == LedgerRecord.objects.get(sequence=ENTRIES).entry_hash


@pytest.mark.leaves_ledger_unverified
@pytest.mark.parametrize(
    "changes, first_bad",
    [
        ([altered(30)], 30),  # inside the second span
        ([altered(55), altered(5)], 5),  # in two spans: the earlier one is reported
        ([altered(20)], 20),  # the last of a span, whose hash the next span starts from
        ([altered(21)], 21),  # the first of a span
        ([deleted(20)], 21),  # the record a span starts from is gone
        ([deleted(18, 19, 20)], 21),  # the end of a span is gone: the first span ends short
        ([deleted(21)], 22),
        ([deleted(20, 21)], 22),
        ([deleted(*range(18, 44))], 44),  # a whole span is gone
        ([renumbered(20, 9999), renumbered(21, 20), renumbered(9999, 21)], 20),  # swapped across spans
        ([f"UPDATE {RECORDS} SET entry_hash = '{'0' * 64}' WHERE sequence = 20"], 20),
        (relinked(21), 21),  # the first of a span names another entry before it, and hashes right
    ],
)
def test_a_broken_chain_walked_in_processes_breaks_where_the_one_walk_does(
    chain, spans_used, changes, first_bad
):
    tamper(*changes)
    in_processes = walked_in_processes(spans_used)
    assert in_processes == verification.verify_chain()
    assert [problem.sequence for problem in in_processes[2]] == [first_bad]


@pytest.mark.leaves_ledger_unverified
def test_the_last_entries_removed_are_not_a_break_for_either_walk(chain, spans_used):
    # As for one walk: the chain alone cannot tell its end was cut; the published heads can.
    tamper(deleted(59, 60))
    assert walked_in_processes(spans_used) == verification.verify_chain() == (58, _hash_of(58), [])


def test_inside_a_transaction_the_chain_is_walked_in_this_process(chain, spans_used):
    with transaction.atomic():
        assert verification.verify_chain(processes=PROCESSES)[0] == ENTRIES
    assert spans_used == [[verification.WHOLE]]


def test_a_short_chain_is_walked_in_one_process(chain, spans_used, monkeypatch):
    monkeypatch.setattr(verification, "MIN_ENTRIES_PER_PROCESS", ENTRIES)
    verification.verify_chain(processes=PROCESSES)
    assert spans_used == [[verification.WHOLE]]


def test_verify_ledger_walks_in_the_processes_it_is_given(chain, spans_used, capsys):
    call_command("verify_ledger", "--processes", str(PROCESSES))
    assert capsys.readouterr().out.strip() == f"OK {ENTRIES} {_hash_of(ENTRIES)}"
    assert len(spans_used[0]) == PROCESSES


def _hash_of(sequence):
    return LedgerRecord.objects.get(sequence=sequence).entry_hash


@pytest.mark.leaves_ledger_unverified
@pytest.mark.parametrize(
    "changes, disagreeing",
    [
        ([], []),
        (
            [f"UPDATE {ENTRIES_TABLE} SET page_title = '篡改' WHERE sequence IN (5, 20, 21, 60)"],
            [5, 20, 21, 60],
        ),
        ([f"DELETE FROM {ENTRIES_TABLE} WHERE sequence IN (20, 41)"], [20, 41]),  # records left alone
        ([deleted(1, 21, 40)], [1, 21, 40]),  # entries left without their records
        ([f"UPDATE {ENTRIES_TABLE} SET actor = 'x' WHERE sequence = 33", deleted(34)], [33, 34]),
    ],
)
def test_the_column_check_in_processes_finds_what_it_finds_in_one(chain, spans_used, changes, disagreeing):
    tamper(*changes)
    in_processes = verification.verify_columns(processes=PROCESSES)
    assert len(spans_used[-1]) == PROCESSES
    assert in_processes == verification.verify_columns()
    assert [problem.sequence for problem in in_processes] == disagreeing
