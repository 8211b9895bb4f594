"""The ledger as a Merkle tree (RFC 9162 style), beside its hash chain: heads, inclusion and consistency proofs.

Leaf ``n - 1`` is entry ``n``'s *public record* (``public_entry``): what the
regulation makes public of a registration, with the signers reduced to unit,
role and decision (no names, usernames, phone numbers or comments; a governance entry's
title, which names a person, left out), plus the
entry's own hash, which covers the full entry the information centre keeps.
So a reader can check, with ``proofs.py`` alone, that the record the site shows
them is in the ledger whose head the site published, and that a later head
extends an earlier one without rewriting it.
"""

import datetime
from dataclasses import dataclass

from . import proofs
from .chain import HASHED_FIELDS, OPTIONAL_HASHED_FIELDS

# Of the hashed fields, those the public record leaves out (people, and the salt that keeps them from
# being confirmed by guessing against the entry hash) or writes its own way (times, signatures).
WITHHELD_FIELDS = ("submitted_by", "actor", "reason", "salt")
REWRITTEN_FIELDS = ("recorded_at", "submitted_at", "signatures")
# The entry's own fields the public record repeats, as stored; and the entry's hash, which covers the rest.
PUBLIC_FIELDS = (
    *(
        name
        for name in HASHED_FIELDS + OPTIONAL_HASHED_FIELDS
        if name not in WITHHELD_FIELDS + REWRITTEN_FIELDS
    ),
    "entry_hash",
)
# Of each signature, what the public record keeps: in which unit and role, the decision and when.
PUBLIC_SIGNATURE_FIELDS = ("unit", "role", "decision", "signed_at", "content_hash")
ROW_FIELDS = (*PUBLIC_FIELDS, *REWRITTEN_FIELDS)


def _utc(moment):
    return moment.astimezone(datetime.UTC).isoformat() if moment is not None else None


def public_entry(row):
    """The public record of a ledger entry (a dict of ``ROW_FIELDS`` values): JSON values only."""
    from .models import LedgerAction

    record = {name: row[name] for name in PUBLIC_FIELDS}
    if row["action"] == LedgerAction.GOVERNANCE:
        # A governance entry's title names the person granted or removed a signing role.
        record["page_title"] = ""
    record["recorded_at"] = _utc(row["recorded_at"])
    record["submitted_at"] = _utc(row["submitted_at"])
    record["signatures"] = [
        {name: signature.get(name) for name in PUBLIC_SIGNATURE_FIELDS} for signature in row["signatures"]
    ]
    return record


def entry_rows(first=1, last=None):
    """Entries ``first``..``last`` (by sequence) as dicts of ``ROW_FIELDS``, in order."""
    from .models import LedgerEntry

    rows = LedgerEntry.objects.filter(sequence__gte=first).order_by("sequence")
    if last is not None:
        rows = rows.filter(sequence__lte=last)
    return rows.values(*ROW_FIELDS)


def leaves(size):
    """The leaf hashes of the first ``size`` entries."""
    return [proofs.leaf_hash(public_entry(row)) for row in entry_rows(last=size).iterator(chunk_size=2000)]


@dataclass(frozen=True)
class TreeHead:
    tree_size: int
    root_hash: str

    def as_json(self):
        return {
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "algorithm": "sha256 (RFC 9162 §2.1)",
        }


def tree_head(size=None):
    """The Merkle tree head of the first ``size`` entries (all of them by default)."""
    from .chain import head

    size = head().count if size is None else size
    return TreeHead(size, proofs.root(leaves(size)).hex())


def inclusion(sequence, tree_size):
    """What ``ledger/entries/<sequence>/`` answers: the entry's public record and its audit path."""
    tree = leaves(tree_size)
    row = entry_rows(sequence, sequence).first()
    return {
        "entry": public_entry(row),
        "leaf_index": sequence - 1,
        "tree_size": tree_size,
        "root_hash": proofs.root(tree).hex(),
        "audit_path": [node.hex() for node in proofs.inclusion_path(sequence - 1, tree)],
    }


def consistency(first_size, second_size):
    """What ``ledger/consistency/`` answers: both heads and the proof that the second extends the first."""
    tree = leaves(second_size)
    return {
        "first": TreeHead(first_size, proofs.root(tree[:first_size]).hex()).as_json(),
        "second": TreeHead(second_size, proofs.root(tree).hex()).as_json(),
        "proof": [node.hex() for node in proofs.consistency_proof(first_size, tree)],
    }
