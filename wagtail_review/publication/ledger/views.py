"""Public views of the ledger, so anyone can hold the site to its record (Art. 13).

* ``head/``: the current head, of the chain and of the Merkle tree;
* ``entries/``: every entry's public record, oldest first, by cursor (``?after=<sequence>``);
* ``entries/<sequence>/``: one entry's public record with its inclusion proof
  (against the current head, or ``?tree_size=`` an earlier one);
* ``consistency/?first=&second=``: the proof that a later head extends an earlier one.

``proofs.py`` checks the last two offline. Bad parameters get a 400 with the reason.
"""

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import merkle
from .chain import head

PAGE_SIZE = 100


class BadParameter(ValueError):
    pass


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


def _whole_number(request, name, default, low, high):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadParameter(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def _answers_bad_parameters(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as problem:
            return _json({"error": str(problem)}, status=400)

    wrapped.__doc__, wrapped.__name__ = view.__doc__, view.__name__
    return wrapped


@require_GET
def ledger_head(request):
    """The current head: entry count and last entry hash (the chain), tree size and root (the Merkle tree).

    An outside party who records this regularly can ask ``consistency/`` to
    prove that a later head extends the one they recorded, and can tell if
    entries were later removed (the count goes down) or rewritten.
    """
    current = head()
    tree = merkle.tree_head(current.count)
    return _json(
        {
            "count": current.count,
            "hash": current.hash,
            "recorded_at": current.recorded_at.isoformat() if current.recorded_at else None,
            "algorithm": "sha256",
            "tree_size": tree.tree_size,
            "root_hash": tree.root_hash,
        }
    )


@require_GET
@_answers_bad_parameters
def ledger_entries(request):
    """Entries' public records, oldest first: ``?after=<sequence>`` continues, ``?limit=`` up to 100."""
    count = head().count
    after = _whole_number(request, "after", 0, 0, max(count, 0))
    limit = _whole_number(request, "limit", PAGE_SIZE, 1, PAGE_SIZE)
    rows = list(merkle.entry_rows(after + 1, after + limit))
    last = rows[-1]["sequence"] if rows else after
    following = None
    if last < count:
        following = request.build_absolute_uri(f"{request.path}?after={last}&limit={limit}")
    return _json({"count": count, "entries": [merkle.public_entry(row) for row in rows], "next": following})


@require_GET
@_answers_bad_parameters
def ledger_entry(request, sequence):
    """One entry's public record and the audit path proving it is in the tree of ``tree_size`` entries."""
    count = head().count
    if not 1 <= sequence <= count:
        raise Http404
    tree_size = _whole_number(request, "tree_size", count, sequence, count)
    proof = merkle.inclusion(sequence, tree_size)
    proof["verify_with"] = "python proofs.py inclusion <this URL or file>"
    proof["consistency"] = request.build_absolute_uri(
        reverse(f"{request.resolver_match.namespace}:ledger_consistency")
    )
    return _json(proof)


@require_GET
@_answers_bad_parameters
def ledger_consistency(request):
    """The proof that the tree of ``second`` entries (the current one by default) extends that of ``first``."""
    count = head().count
    second = _whole_number(request, "second", count, 0, count)
    if request.GET.get("first") in (None, ""):
        raise BadParameter("first is required: the tree size of the head you recorded")
    first = _whole_number(request, "first", 0, 0, second)
    return _json(merkle.consistency(first, second))
