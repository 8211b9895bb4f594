"""Verifiable registration: the public ledger, its Merkle head and proofs, checked by the standalone script.

The script is copied alone into an empty folder and run by a bare Python in
isolated mode: it must need nothing but the standard library.
"""

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal_site.portal.models import ArticlePage
from wagtail_review.publication.ledger import merkle, proofs
from wagtail_review.publication.ledger.models import LedgerEntry, MerkleBlock

SCRIPT = Path(proofs.__file__)
TABLE = "wagtail_gov_review_ledgerentry"


@pytest.fixture
def checker(tmp_path):
    """Run the standalone checker on a proof document: (exit code, output)."""
    script = tmp_path / "proofs.py"
    shutil.copy(SCRIPT, script)

    def check(*arguments, document):
        proof = tmp_path / "proof.json"
        proof.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-I", "-S", str(script), *arguments[:1], str(proof), *arguments[1:]],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
        )
        return done.returncode, done.stdout + done.stderr

    return check


def _tamper(sql, params=()):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        cursor.execute(sql, params)


def test_the_head_names_the_tree_over_every_entry(demo, client):
    head = client.get("/ledger/head/").json()
    assert head["tree_size"] == head["count"] == LedgerEntry.objects.count()
    assert len(head["root_hash"]) == 64
    assert client.get("/api/v2/ledger/head/").json()["root_hash"] == head["root_hash"]


def test_an_entrys_proof_is_verified_by_the_standalone_script(demo, client, checker):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    sequence = LedgerEntry.objects.filter(page_id=article.pk, action="publish").latest("sequence").sequence
    document = client.get(f"/ledger/entries/{sequence}/").json()
    assert document["entry"]["page_title"] == article.title

    code, output = checker("inclusion", document=document)
    assert code == 0, output
    assert f"entry {sequence}" in output and document["root_hash"] in output

    forged = json.loads(json.dumps(document))
    forged["entry"]["page_title"] = "篡改后的标题"
    code, output = checker("inclusion", document=forged)
    assert code == 1 and "NOT in the ledger" in output


def test_the_public_record_names_units_and_roles_not_people(demo, client):
    entries = client.get("/ledger/entries/", {"limit": 100}).json()["entries"]
    released = [entry for entry in entries if entry["signatures"]]
    assert released
    people = {"李建国", "xiping_reviewer", "张志强", "xiping_leader", "xiping_editor"}
    text = json.dumps(entries, ensure_ascii=False)
    assert not any(name in text for name in people)
    assert {"unit", "role", "decision", "signed_at"} <= set(released[0]["signatures"][0])
    assert "submitted_by" not in released[0] and "actor" not in released[0]


def test_a_guess_of_the_people_cannot_be_confirmed_against_the_public_entry_hash(demo, client):
    """The entry hash is public; the salt it covers is not, so knowing every name withheld is not enough."""
    from wagtail_review.publication.ledger.chain import HASHED_FIELDS, OPTIONAL_HASHED_FIELDS, entry_hash

    published = client.get("/ledger/entries/", {"limit": 100}).json()["entries"]
    released = next(entry for entry in published if entry["signatures"])
    assert "salt" not in released
    stored = LedgerEntry.objects.values(*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS).get(
        sequence=released["sequence"]
    )
    assert stored["salt"] and len(stored["salt"]) == 32
    # Someone who guessed every withheld field exactly still cannot reproduce the published hash…
    assert entry_hash({**stored, "salt": None}) != released["entry_hash"]
    # …which the entry's full record, salt included, does reproduce.
    assert entry_hash(stored) == released["entry_hash"]
    salts = set(LedgerEntry.objects.exclude(salt=None).values_list("salt", flat=True))
    assert len(salts) == LedgerEntry.objects.exclude(salt=None).count()


def test_the_public_list_pages_by_cursor_to_the_end(demo, client):
    count = LedgerEntry.objects.count()
    seen, url = [], "/ledger/entries/?limit=7"
    while url:
        page = client.get(url).json()
        seen += [entry["sequence"] for entry in page["entries"]]
        url = page["next"]
    assert seen == list(range(1, count + 1))


@pytest.mark.parametrize(
    "url",
    [
        "/ledger/entries/?after=-1",
        "/ledger/entries/?limit=0",
        "/ledger/entries/?limit=1000",
        "/ledger/entries/?after=abc",
        "/ledger/entries/1/?tree_size=0",
        "/ledger/entries/1/?tree_size=99999999",
        "/ledger/consistency/",
        "/ledger/consistency/?first=5&second=3",
        "/ledger/consistency/?first=%EF%BC%95",
    ],
)
def test_bad_parameters_get_a_400_with_the_reason(demo, client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_entry_that_does_not_exist_is_404(demo, client):
    assert client.get(f"/ledger/entries/{LedgerEntry.objects.count() + 1}/").status_code == 404
    assert client.get("/ledger/entries/0/").status_code == 404


def test_a_later_head_extends_a_recorded_one(demo, client, release, checker, capsys):
    recorded = client.get("/ledger/head/").json()
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    article.title = "黄花采摘季（更新）"
    article.save_revision()
    release(article, "xiping_editor")

    proof = client.get("/ledger/consistency/", {"first": recorded["tree_size"]}).json()
    assert proof["second"]["tree_size"] > recorded["tree_size"]
    mark = f"{recorded['tree_size']}:{recorded['root_hash']}"
    code, output = checker("consistency", mark, document=proof)
    assert code == 0, output
    call_command("verify_ledger", "--chain-only", "--since-head", mark)
    assert "unchanged" in capsys.readouterr().out


@pytest.mark.leaves_ledger_unverified
def test_a_rewritten_entry_before_a_recorded_head_is_detected(demo, client, checker):
    recorded = client.get("/ledger/head/").json()
    mark = f"{recorded['tree_size']}:{recorded['root_hash']}"
    # A release's public title, rewritten in place: both the reader's check and the command see it.
    sequence = LedgerEntry.objects.filter(action="publish").order_by("sequence").first().sequence
    _tamper(f"UPDATE {TABLE} SET page_title = %s WHERE sequence = %s", ["篡改", sequence])

    with pytest.raises(CommandError, match="changed"):
        call_command("verify_ledger", "--chain-only", "--since-head", mark)
    proof = client.get("/ledger/consistency/", {"first": recorded["tree_size"]}).json()
    code, output = checker("consistency", mark, document=proof)
    assert code == 1 and "changed" in output


@pytest.mark.leaves_ledger_unverified
def test_a_rewritten_private_field_before_a_recorded_head_is_detected_by_the_command(demo, client):
    # The signers' names are not in the public record; the entry's own hash, which the record carries, covers them.
    recorded = client.get("/ledger/head/").json()
    mark = f"{recorded['tree_size']}:{recorded['root_hash']}"
    sequence = LedgerEntry.objects.filter(action="publish").order_by("sequence").first().sequence
    _tamper(f"UPDATE {TABLE} SET submitted_by = %s WHERE sequence = %s", ["someone_else", sequence])

    with pytest.raises(CommandError, match=f"Entry {sequence}, before the recorded head, was changed"):
        call_command("verify_ledger", "--chain-only", "--since-head", mark)


@pytest.mark.leaves_ledger_unverified
def test_a_truncated_ledger_is_detected(demo, client):
    recorded = client.get("/ledger/head/").json()
    mark = f"{recorded['tree_size']}:{recorded['root_hash']}"
    _tamper(f"DELETE FROM {TABLE} WHERE sequence > %s", [recorded["tree_size"] - 2])

    with pytest.raises(CommandError, match="removed"):
        call_command("verify_ledger", "--chain-only", "--since-head", mark)
    assert client.get("/ledger/consistency/", {"first": recorded["tree_size"]}).status_code == 400


def test_a_bad_recorded_head_is_refused_with_the_form_expected(demo):
    for bad in ("12", "x:y", "12:" + "z" * 64, "12:" + "a" * 10):
        with pytest.raises(CommandError, match="SIZE:ROOT"):
            call_command("verify_ledger", "--since-head", bad)


def test_a_released_page_shows_its_registration_with_a_working_proof_link(demo, client):
    article = ArticlePage.objects.get(slug="daylily-picking-season")
    entry = LedgerEntry.objects.filter(page_id=article.pk, action="publish").latest("sequence")
    page = client.get(article.url).content.decode()
    assert f'data-ledger-registration="{entry.sequence}"' in page
    assert entry.entry_hash[:16] in page
    assert f'href="/ledger/entries/{entry.sequence}/"' in page
    # 发布机构 and 发布日期 as the catalogue and the API give them.
    first = LedgerEntry.objects.filter(page_id=article.pk, action="publish").earliest("sequence")
    disclosure = client.get(f"/api/v2/pages/{article.pk}/").json()["meta"]["disclosure"]
    assert f"发布机构 {disclosure['issuing_unit']['name']}" in page
    released_on = timezone.localtime(first.recorded_at).date().isoformat()
    assert re.search(rf'发布日期 <time datetime="[^"]+">{released_on}</time>', page)
    assert client.get(f"/ledger/entries/{entry.sequence}/").json()["entry"]["entry_hash"] == entry.entry_hash


@pytest.mark.parametrize("block_size", [2, 4, 16])
def test_heads_and_proofs_from_stored_block_roots_are_those_of_every_leaf(demo, monkeypatch, block_size):
    monkeypatch.setattr(merkle, "BLOCK_SIZE", block_size)
    count = LedgerEntry.objects.count()
    every_leaf = [proofs.leaf_hash(merkle.public_entry(row)) for row in merkle.entry_rows()]
    for size in sorted(
        {1, 2, 3, block_size, block_size + 1, 2 * block_size + 3, count // 2, count - 1, count}
    ):
        leaves = every_leaf[:size]
        assert merkle.tree_head(size).root_hash == proofs.root(leaves).hex()
        for sequence in {1, size // 2 + 1, size}:
            expected = [node.hex() for node in proofs.inclusion_path(sequence - 1, leaves)]
            assert merkle.inclusion(sequence, size)["audit_path"] == expected
        for first in {1, size // 3 + 1, size - 1} - {0}:
            expected = [node.hex() for node in proofs.consistency_proof(first, leaves)]
            assert merkle.consistency(first, size)["proof"] == expected
    # Every whole block's root was stored, and is the root of its leaves.
    stored = dict(MerkleBlock.objects.values_list("index", "root_hash"))
    assert sorted(stored) == list(range(count // block_size))
    assert stored[1] == proofs.root(every_leaf[block_size : 2 * block_size]).hex()


def test_a_head_reads_stored_block_roots_not_every_entry(demo, monkeypatch):
    monkeypatch.setattr(merkle, "BLOCK_SIZE", 8)
    first = merkle.tree_head()
    with CaptureQueriesContext(connection) as queries:
        again = merkle.tree_head()
    assert again == first
    # The head, the stored roots, and the entries of the last block only if it is partial.
    partial = LedgerEntry.objects.count() % 8 != 0
    assert len(queries.captured_queries) == 2 + partial

    # A stored root that went missing is computed again, the same.
    MerkleBlock.objects.filter(index=1).delete()
    assert merkle.tree_head() == first
    assert MerkleBlock.objects.filter(index=1).exists()


def test_verify_ledger_stores_the_block_roots_so_no_public_request_pays_for_them(demo, monkeypatch, client):
    monkeypatch.setattr(merkle, "BLOCK_SIZE", 8)
    MerkleBlock.objects.all().delete()  # as after an upgrade: none stored yet
    call_command("verify_ledger", stdout=io.StringIO())
    assert MerkleBlock.objects.count() == LedgerEntry.objects.count() // 8
    with CaptureQueriesContext(connection) as queries:
        client.get("/ledger/head/")
    assert not [
        query
        for query in queries.captured_queries
        if "merkleblock" in query["sql"].lower() and query["sql"].lstrip().upper().startswith("INSERT")
    ]


@pytest.mark.leaves_ledger_unverified
def test_verify_ledger_stores_no_block_root_over_a_broken_chain(demo, monkeypatch):
    monkeypatch.setattr(merkle, "BLOCK_SIZE", 8)
    MerkleBlock.objects.all().delete()
    _tamper(f"DELETE FROM {TABLE} WHERE sequence = 3")
    with pytest.raises(CommandError):
        call_command("verify_ledger", stdout=io.StringIO(), stderr=io.StringIO())
    assert not MerkleBlock.objects.exists()
