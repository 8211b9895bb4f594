"""The publication ledger (Art. 11, 13): one entry per change of what the public sees, tamper-evident, verifiable."""

import hashlib
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from portal_site.portal.models import ArticlePage, ColumnPage
from tests.portal.admin_forms import PASSING, signature_data
from wagtail_review.models import LedgerEntry, LedgerRecord
from wagtail_review.publication import ledger
from wagtail_review.publication.ledger.chain import canonical_bytes
from wagtail_review.publication.ledger.verification import verify, verify_chain, verify_columns
from wagtail_review.publication.take_down import take_down
from wagtail_review.routing.services import fill_review_form

User = get_user_model()
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL feature; CI runs the suite on PostgreSQL too"
)


def new_article(n, **fields):
    column = ColumnPage.objects.get(slug="news", url_path__contains="/xiping-town/")
    article = ArticlePage(
        title=f"登记测试稿件{n}",
        slug=f"ledger-{n}",
        category="news",
        date="2026-11-25",
        source="西坪镇",
        live=False,
        **fields,
    )
    column.add_child(instance=article)
    return article


def run_route(page, upto=None):
    """Submit as xiping_editor and sign the township route; ``upto`` steps only if given."""
    editor = User.objects.get(username="xiping_editor")
    fill_review_form(page, **PASSING, contact_person="王晓燕")
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    for username in ["xiping_reviewer", "xiping_leader"][:upto]:
        task_state = workflow_state.current_task_state.specific
        task_state.task.specific.on_action(
            task_state, User.objects.get(username=username), "approve", **signature_data()
        )
        workflow_state.refresh_from_db()
    page.refresh_from_db()
    return workflow_state


def entries_for(page):
    return list(LedgerEntry.objects.filter(page_id=page.pk).order_by("sequence"))


def test_a_release_writes_exactly_one_entry_with_its_signatures(demo):
    page = new_article(1)
    before = LedgerEntry.objects.count()
    run_route(page)
    assert LedgerEntry.objects.count() == before + 1
    (entry,) = entries_for(page)
    assert entry.action == "publish" and entry.revision_id == page.live_revision_id
    assert (
        entry.unit_name == "西坪镇" and entry.source_type == "township" and entry.route_name == "乡镇信息审核"
    )
    assert entry.submitted_by == "xiping_editor"
    assert [s["signer"] for s in entry.signatures] == ["xiping_reviewer", "xiping_leader"]
    assert all(s["answers"] == PASSING for s in entry.signatures)
    assert entry.page_url.endswith(page.url_path.split("/home", 1)[-1]) or page.slug in entry.page_url
    assert verify().ok


def test_take_down_and_expiry_write_one_entry_each(demo):
    page = new_article(2)
    run_route(page)
    take_down(page, User.objects.get(username="xiping_leader"), "数据待核实")
    page.refresh_from_db()
    assert [e.action for e in entries_for(page)] == ["publish", "take_down"]
    assert entries_for(page)[-1].reason == "数据待核实" and entries_for(page)[-1].actor == "xiping_leader"

    other = new_article(3)
    run_route(other)
    ArticlePage.objects.filter(pk=other.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    other.refresh_from_db()
    assert not other.live and other.expired
    assert [e.action for e in entries_for(other)] == ["publish", "expire"]
    assert verify().ok


def test_scheduled_go_live_is_registered_when_it_happens(demo):
    go_live_at = timezone.now() + timedelta(days=1)
    page = new_article(4, go_live_at=go_live_at)
    run_route(page)
    assert not page.live and entries_for(page) == []
    with mock.patch("django.utils.timezone.now", return_value=go_live_at + timedelta(minutes=1)):
        call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live
    assert [e.action for e in entries_for(page)] == ["publish"]
    assert verify().ok


def test_a_failure_after_the_page_change_rolls_both_back(demo):
    page = new_article(5)
    workflow_state = run_route(page, upto=1)
    count = LedgerEntry.objects.count()
    task_state = workflow_state.current_task_state.specific
    # The fault strikes inside the page save, after the page row is written.
    with mock.patch.object(ledger.records, "append", side_effect=DatabaseError("disk full")):
        with pytest.raises(DatabaseError):
            task_state.task.specific.on_action(
                task_state, User.objects.get(username="xiping_leader"), "approve", **signature_data()
            )
    page.refresh_from_db()
    assert not page.live and page.live_revision_id is None
    assert LedgerEntry.objects.count() == count


def test_verify_ledger_passes_on_an_intact_chain(demo, capsys):
    call_command("verify_ledger")
    out = capsys.readouterr().out
    head = ledger.head()
    assert out.strip() == f"OK {head.count} {head.hash}"
    assert head.count == LedgerEntry.objects.count() >= 40


@pytest.mark.parametrize("processes", ["0", "-2"])
def test_verify_ledger_refuses_a_number_of_processes_below_one(demo, processes):
    with pytest.raises(CommandError, match="--processes takes a whole number of at least 1"):
        call_command("verify_ledger", "--processes", processes)


def _tamper(sql, params=()):
    """Change the ledger behind the application's back (on PostgreSQL the triggers must be lifted first)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            cursor.execute(f"ALTER TABLE {RECORDS} DISABLE TRIGGER USER")
        cursor.execute(sql, params)


TABLE = "wagtail_gov_review_ledgerentry"
RECORDS = "wagtail_gov_review_ledgerrecord"


@pytest.mark.parametrize(
    "kind, sql, first_bad",
    [
        ("edit", f"UPDATE {TABLE} SET page_title = '篡改' WHERE sequence = 7", 7),
        ("delete", f"DELETE FROM {TABLE} WHERE sequence = 9", 9),
        ("delete its record", f"DELETE FROM {RECORDS} WHERE sequence = 9", 10),
        ("reorder", TABLE, 3),
        ("reorder the records", RECORDS, 3),
    ],
)
@pytest.mark.leaves_ledger_unverified
def test_verify_ledger_names_the_first_bad_entry(demo, capsys, kind, sql, first_bad):
    if kind.startswith("reorder"):
        # Unique sequence numbers are checked row by row: swap through a free number.
        for step in (
            f"UPDATE {sql} SET sequence = 999999 WHERE sequence = 3",
            f"UPDATE {sql} SET sequence = 3 WHERE sequence = 4",
            f"UPDATE {sql} SET sequence = 4 WHERE sequence = 999999",
        ):
            _tamper(step)
    else:
        _tamper(sql)
    with pytest.raises(CommandError):
        call_command("verify_ledger")
    assert f"entry {first_bad}:" in capsys.readouterr().err


@pytest.mark.leaves_ledger_unverified
def test_the_stored_bytes_are_what_is_hashed(demo, capsys):
    entry, record = LedgerEntry.objects.get(sequence=7), LedgerRecord.objects.get(sequence=7)
    assert hashlib.sha256(bytes(record.canonical)).hexdigest() == entry.entry_hash == record.entry_hash
    altered = bytes(record.canonical).replace(entry.page_title.encode(), "篡改".encode())
    _tamper(f"UPDATE {RECORDS} SET canonical = %s WHERE sequence = 7", [altered])
    with pytest.raises(CommandError):
        call_command("verify_ledger")
    assert "entry 7:" in capsys.readouterr().err


@pytest.mark.leaves_ledger_unverified
@pytest.mark.parametrize(
    "column, value",
    [
        ("page_title", "'篡改'"),
        ("page_url", "'https://evil.example/'"),
        ("unit_id", "999"),
        ("signatures", '\'[{"signer": "forged"}]\''),
        ("recorded_at", "'2020-01-01 00:00:00'"),
        ("released_with", "1"),
        ("salt", "'0123456789abcdef0123456789abcdef'"),
        ("entry_hash", "'" + "0" * 64 + "'"),
    ],
)
def test_a_column_changed_alone_is_found_by_the_column_check(demo, column, value):
    _tamper(f"UPDATE {TABLE} SET {column} = {value} WHERE sequence = 7")
    assert verify_chain()[2] == []  # the stored bytes and the chain are intact…
    assert [problem.sequence for problem in verify_columns()] == [7]  # …the listings' copy is not


@pytest.mark.leaves_ledger_unverified
@pytest.mark.parametrize("garbage", [b"\xff\xfe not UTF-8", b'{"sequence": 7, "cut short'])
def test_a_record_that_is_not_json_is_reported_not_a_crash(demo, garbage):
    # Only a chain forged whole, hashes and all, would pass the walk with such bytes; the column check
    # must still name the entry rather than fail with the database's parse error.
    _tamper(f"UPDATE {RECORDS} SET canonical = %s WHERE sequence = 7", [garbage])
    assert [(p.sequence, p.page_id) for p in verify_columns()] == [
        (7, LedgerEntry.objects.get(sequence=7).page_id)
    ]


@pytest.mark.leaves_ledger_unverified
def test_a_deletion_hidden_by_renumbering_and_relinking_the_columns_is_found(demo, capsys):
    eighth = LedgerEntry.objects.get(sequence=8)
    for table in (TABLE, RECORDS):
        _tamper(f"DELETE FROM {table} WHERE sequence = 9")
        _tamper(f"UPDATE {table} SET sequence = sequence + 1000 WHERE sequence > 9")
        _tamper(f"UPDATE {table} SET sequence = sequence - 1001 WHERE sequence > 1000")
    # The columns now read as an unbroken chain; the moved entry's own bytes still name 10 and entry 9.
    _tamper(f"UPDATE {TABLE} SET previous_hash = %s WHERE sequence = 9", [eighth.entry_hash])
    with pytest.raises(CommandError):
        call_command("verify_ledger")
    assert "entry 9:" in capsys.readouterr().err


@postgresql_only  # SQLite cannot change its tables' schema inside the test's transaction
@pytest.mark.leaves_ledger_unverified
def test_migrating_rebuilds_the_records_of_entries_written_before_they_were_kept(demo):
    # Back to before migration 0031: the entries' own bytes column is back, empty, as before 0029.
    call_command("migrate", "wagtail_gov_review", "0030", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE canonical IS NULL")
        assert cursor.fetchone()[0] == LedgerEntry.objects.count()
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")  # no records table to lift them on yet
        cursor.execute(f"UPDATE {TABLE} SET page_title = '篡改' WHERE sequence = 6")

    call_command("migrate", "wagtail_gov_review", verbosity=0)

    # Every entry whose columns still hash to its hash has its record back, byte for byte as hashed…
    assert set(LedgerRecord.objects.values_list("sequence", flat=True)) == set(
        LedgerEntry.objects.exclude(sequence=6).values_list("sequence", flat=True)
    )
    seventh = LedgerRecord.objects.get(sequence=7)
    assert hashlib.sha256(bytes(seventh.canonical)).hexdigest() == seventh.entry_hash
    # …and the one altered before is not given bytes to match its altered columns.
    assert [(p.sequence, "6" in p.message) for p in verify_chain()[2]] == [(7, True)]
    assert [p.sequence for p in verify_columns()] == [6]


@pytest.mark.leaves_ledger_unverified
def test_verify_ledger_detects_an_inserted_entry(demo, capsys):
    entry = LedgerEntry.objects.get(sequence=5)
    # A forged entry slotted in as number 5, the real ones moved up: the chain breaks at 5.
    for table in (TABLE, RECORDS):
        _tamper(f"UPDATE {table} SET sequence = sequence + 1000 WHERE sequence >= 5")
    forged = {f: getattr(entry, f) for f in (*ledger.HASHED_FIELDS, "salt")}
    forged["page_title"] = "伪造的登记"
    canonical = canonical_bytes(forged)
    forged["entry_hash"] = hashlib.sha256(canonical).hexdigest()
    LedgerEntry.objects.bulk_create([LedgerEntry(**forged)])
    LedgerRecord.objects.bulk_create(
        [LedgerRecord(sequence=5, entry_hash=forged["entry_hash"], canonical=canonical)]
    )
    with pytest.raises(CommandError):
        call_command("verify_ledger")
    assert "entry" in capsys.readouterr().err
    assert not verify().ok


@pytest.mark.leaves_ledger_unverified
def test_verify_ledger_reports_a_live_page_changed_by_raw_sql(demo, capsys, client):
    page = ArticlePage.objects.get(slug="daylily-picking-season")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET title = %s WHERE id = %s", ["未经审核的标题", page.pk])
    with pytest.raises(CommandError):
        call_command("verify_ledger")
    assert f"“未经审核的标题”（{page.pk}）" in capsys.readouterr().err
    # The site and the API refuse to serve it meanwhile.
    assert client.get(page.url).status_code == 503
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert client.get("/api/v2/pages/", {"limit": 20, "type": "portal.ArticlePage"}).status_code == 200


def test_public_head_matches_the_command(demo, client, capsys):
    call_command("verify_ledger")
    count, hash_ = capsys.readouterr().out.split()[1:]
    for url in ("/ledger/head/", "/api/v2/ledger/head/"):
        data = client.get(url).json()
        assert (str(data["count"]), data["hash"]) == (count, hash_)
    assert client.post("/ledger/head/").status_code == 405


@postgresql_only
@pytest.mark.parametrize(
    "table, sql, truncate_trigger",
    [
        (TABLE, "UPDATE {} SET entry_hash = 'x'", "wagtail_review_ledger_no_truncate"),
        (TABLE, "DELETE FROM {}", "wagtail_review_ledger_no_truncate"),
        (TABLE, "TRUNCATE {}", "wagtail_review_ledger_no_truncate"),
        (RECORDS, "UPDATE {} SET entry_hash = 'x'", "wagtail_review_ledger_record_no_truncate"),
        (RECORDS, "DELETE FROM {}", "wagtail_review_ledger_record_no_truncate"),
        (RECORDS, "TRUNCATE {}", "wagtail_review_ledger_record_no_truncate"),
    ],
)
def test_postgresql_refuses_update_delete_truncate(demo, table, sql, truncate_trigger):
    with connection.cursor() as cursor:
        # The session fixture lifts the TRUNCATE triggers for Django's test flushes; restore it here.
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {truncate_trigger}")
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                cursor.execute(sql.format(table))
    assert LedgerEntry.objects.count() == LedgerRecord.objects.count() > 0
