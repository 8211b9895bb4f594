"""Public views: the ledger head, so anyone can hold the site to its record (Art. 13)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .chain import head


@require_GET
def ledger_head(request):
    """The current head of the publication ledger: entry count and hash, and when it was last extended.

    An outside party who records this regularly can tell if entries were later
    removed (the count goes down) or rewritten (an old count shows another hash
    — ask ``verify_ledger`` or an archived export for the hash at that count).
    """
    current = head()
    response = JsonResponse(
        {
            "count": current.count,
            "hash": current.hash,
            "recorded_at": current.recorded_at.isoformat() if current.recorded_at else None,
            "algorithm": "sha256",
        }
    )
    response["Cache-Control"] = "no-cache"
    return response
