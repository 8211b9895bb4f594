#!/usr/bin/env python3
"""Merkle tree proofs over the publication ledger, in the style of Certificate Transparency (RFC 9162 §2.1).

Standard library only, so that anyone can download this one file and check a
proof the site gave them, offline, without trusting the site's own code:

    python proofs.py inclusion proof.json        # an entry is in the ledger whose head the site published
    python proofs.py consistency proof.json SIZE:ROOT   # the head you recorded is extended: nothing rewritten
    python proofs.py inclusion https://example.gov.cn/ledger/entries/12/

Each leaf is the SHA-256 of 0x00 and an entry's public record (canonical JSON:
sorted keys, no whitespace, UTF-8), each node the SHA-256 of 0x01 and its two
children, exactly as RFC 9162 defines the Merkle Tree Hash; the public record
carries the entry's own hash, which covers the rest of the entry (the
signers' names, kept by the information centre), so the tree commits to all of it.

The site uses these same functions (``merkle.py``), so what it proves is what
this file checks.
"""

import hashlib
import json
import sys
import urllib.request

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def canonical_json(data):
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def leaf_hash(public_entry):
    """The Merkle leaf of an entry's public record (a dict of JSON values)."""
    return hashlib.sha256(b"\x00" + canonical_json(public_entry)).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(size):
    """The largest power of two smaller than ``size`` (size > 1)."""
    return 1 << ((size - 1).bit_length() - 1)


def root(leaves):
    """MTH(D[n]) of a list of leaf hashes (bytes).

    Or of any sequence of them that knows its own root (``merkle_root()``): the
    site passes a view of its ledger that reads stored roots of whole blocks
    instead of every leaf, through these same functions.
    """
    if hasattr(leaves, "merkle_root"):
        return leaves.merkle_root()
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(root(leaves[:k]), root(leaves[k:]))


def inclusion_path(index, leaves):
    """PATH(m, D[n]): the audit path of leaf ``index`` in the tree of ``leaves`` (RFC 9162 §2.1.3.1)."""
    if len(leaves) <= 1:
        return []
    k = split(len(leaves))
    if index < k:
        return inclusion_path(index, leaves[:k]) + [root(leaves[k:])]
    return inclusion_path(index - k, leaves[k:]) + [root(leaves[:k])]


def consistency_proof(first_size, leaves):
    """PROOF(m, D[n]): that the tree of the first ``first_size`` leaves is a prefix of this one (§2.1.4.1)."""
    if first_size == 0 or first_size == len(leaves):
        return []
    return _subproof(first_size, leaves, True)


def _subproof(m, leaves, complete):
    n = len(leaves)
    if m == n:
        return [] if complete else [root(leaves)]
    k = split(n)
    if m <= k:
        return _subproof(m, leaves[:k], complete) + [root(leaves[k:])]
    return _subproof(m - k, leaves[k:], False) + [root(leaves[:k])]


def verify_inclusion(leaf, index, size, path, expected_root):
    """RFC 9162 §2.1.3.2: whether ``path`` proves ``leaf`` at ``index`` in the tree of ``size`` with that root."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == expected_root


def verify_consistency(first_size, second_size, first_root, second_root, proof):
    """RFC 9162 §2.1.4.2: whether ``proof`` shows the second tree extends the first."""
    if first_size > second_size:
        return False
    if first_size == second_size:
        return not proof and first_root == second_root
    if first_size == 0:
        return not proof  # the empty tree is a prefix of every tree
    if not proof:
        return False
    path = list(proof)
    if first_size & (first_size - 1) == 0:  # a power of two: the first root is a node of the second tree
        path.insert(0, first_root)
    fn, sn = first_size - 1, second_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root


# --- The command line: check what the site's proof endpoints returned ------------------------------


def check_inclusion(document):
    """``document``: the JSON of ``ledger/entries/<n>/``. Returns a sentence; raises ValueError if it fails."""
    entry = document["entry"]
    index, size = document["leaf_index"], document["tree_size"]
    if index != entry["sequence"] - 1:
        raise ValueError(f"entry {entry['sequence']} is not leaf {index}")
    path = [bytes.fromhex(h) for h in document["audit_path"]]
    if not verify_inclusion(leaf_hash(entry), index, size, path, bytes.fromhex(document["root_hash"])):
        raise ValueError(
            f"entry {entry['sequence']} is NOT in the ledger of {size} entries with root {document['root_hash']}"
        )
    return (
        f"OK: entry {entry['sequence']} ({entry['action']} of “{entry['page_title']}”, entry hash "
        f"{entry['entry_hash']}) is in the ledger of {size} entries whose root is {document['root_hash']}."
    )


def check_consistency(document, recorded):
    """``document``: the JSON of ``ledger/consistency/``; ``recorded``: the head you kept, ``SIZE:ROOT``.

    Returns a sentence; raises ValueError if it fails. The first head must be
    the one *you* recorded: a site that rewrote its past would prove
    consistency with a rewritten first root.
    """
    first, second = document["first"], document["second"]
    if recorded != f"{first['tree_size']}:{first['root_hash']}":
        raise ValueError(
            f"the proof starts from the head {first['tree_size']}:{first['root_hash']}, not the one you "
            f"recorded ({recorded}): entries up to it were changed"
        )
    proof = [bytes.fromhex(h) for h in document["proof"]]
    if not verify_consistency(
        first["tree_size"],
        second["tree_size"],
        bytes.fromhex(first["root_hash"]),
        bytes.fromhex(second["root_hash"]),
        proof,
    ):
        raise ValueError(
            f"the ledger of {second['tree_size']} entries does NOT extend the one of {first['tree_size']} "
            f"entries with root {first['root_hash']}: earlier entries were changed or removed"
        )
    return (
        f"OK: the ledger of {second['tree_size']} entries (root {second['root_hash']}) extends the one of "
        f"{first['tree_size']} entries (root {first['root_hash']}) unchanged."
    )


def _load(source):
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (the reader's own URL)
            return json.load(response)
    with open(source, encoding="utf-8") as file:
        return json.load(file)


def main(argv):
    if argv[1:2] == ["inclusion"] and len(argv) == 3:
        check = check_inclusion
    elif argv[1:2] == ["consistency"] and len(argv) == 4:
        recorded = argv[3]

        def check(document):
            return check_consistency(document, recorded)

    else:
        sys.stderr.write(__doc__.split("\n\n")[2] + "\n")
        return 2
    try:
        sys.stdout.write(check(_load(argv[2])) + "\n")
    except (ValueError, KeyError, TypeError, OSError) as problem:
        sys.stderr.write(f"FAILED: {problem}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
