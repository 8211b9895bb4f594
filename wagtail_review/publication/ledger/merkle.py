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
import hashlib
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
# Whole, aligned runs of this many leaves have their root stored (MerkleBlock): a head or proof reads one
# root per block and hashes leaves only where it reaches into a block, however long the ledger grows.
BLOCK_SIZE = 256


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


class Leaves:
    """The leaf hashes of the first ``size`` entries, read only where needed.

    A sequence the RFC functions of ``proofs`` take like a list: slicing gives
    another view, and its root (``merkle_root``) combines stored block roots,
    so only the blocks a proof reaches into are read leaf by leaf.
    """

    def __init__(self, size):
        self.tree, self.start, self.end = _Tree(size), 0, size

    def _view(self, start, end):
        view = object.__new__(Leaves)
        view.tree, view.start, view.end = self.tree, start, end
        return view

    def __len__(self):
        return self.end - self.start

    def __getitem__(self, key):
        if isinstance(key, slice):
            first, last, _step = key.indices(len(self))
            return self._view(self.start + first, self.start + last)
        if not 0 <= key < len(self):
            raise IndexError(key)
        return self.tree.leaf(self.start + key)

    def merkle_root(self):
        return self.tree.root(self.start, self.end)


class _Tree:
    """What one head or proof reads of the first ``size`` leaves: stored block roots, and leaves by block."""

    def __init__(self, size):
        from .models import MerkleBlock

        self.size = size
        self.blocks = dict(
            MerkleBlock.objects.filter(index__lt=size // BLOCK_SIZE).values_list("index", "root_hash")
        )
        self.leaves_by_block = {}
        self.roots = {}

    def leaf(self, index):
        block = index // BLOCK_SIZE
        if block not in self.leaves_by_block:
            first = block * BLOCK_SIZE
            rows = entry_rows(first + 1, min(first + BLOCK_SIZE, self.size))
            self.leaves_by_block[block] = [proofs.leaf_hash(public_entry(row)) for row in rows]
        return self.leaves_by_block[block][index % BLOCK_SIZE]

    def root(self, start, end):
        """MTH of leaves ``start``..``end - 1`` (RFC 9162 §2.1.1), a whole block's from its stored root."""
        if (start, end) not in self.roots:
            self.roots[start, end] = self._root(start, end)
        return self.roots[start, end]

    def _root(self, start, end):
        size = end - start
        if size == 0:
            return hashlib.sha256(b"").digest()
        if size == 1:
            return self.leaf(start)
        if size == BLOCK_SIZE and start % BLOCK_SIZE == 0:
            return self.block_root(start // BLOCK_SIZE)
        k = proofs.split(size)
        return proofs.node_hash(self.root(start, start + k), self.root(start + k, end))

    def block_root(self, block):
        from .models import MerkleBlock

        if block not in self.blocks:
            first = block * BLOCK_SIZE
            root_hash = proofs.root([self.leaf(index) for index in range(first, first + BLOCK_SIZE)]).hex()
            # Entries never change, so a whole block's root is stored once, by whichever request came first.
            MerkleBlock.objects.bulk_create(
                [MerkleBlock(index=block, root_hash=root_hash)], ignore_conflicts=True
            )
            self.blocks[block] = root_hash
        return bytes.fromhex(self.blocks[block])


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
    return TreeHead(size, proofs.root(Leaves(size)).hex())


def inclusion(sequence, tree_size):
    """What ``ledger/entries/<sequence>/`` answers: the entry's public record and its audit path."""
    tree = Leaves(tree_size)
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
    tree = Leaves(second_size)
    return {
        "first": TreeHead(first_size, proofs.root(tree[:first_size]).hex()).as_json(),
        "second": TreeHead(second_size, proofs.root(tree).hex()).as_json(),
        "proof": [node.hex() for node in proofs.consistency_proof(first_size, tree)],
    }
