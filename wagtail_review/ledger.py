"""Writing to the publication ledger, in the same transaction as the change it records.

``ReviewFormMixin.save`` calls ``record_page_change`` inside the transaction
that changes what the public sees, so a page change and its entry commit or
roll back together. Appends are serialised: on PostgreSQL a transaction-level
advisory lock makes concurrent publishers take turns, so the chain never
forks and the numbering has no gaps.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .hashing import canonical_json, revision_content_hash
from .people import person_name

logger = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
# Any constant works; it only has to be the same for every appender.
ADVISORY_LOCK_KEY = 0x5741475441494C  # "WAGTAIL"

# Fields of an entry covered by its hash, in a fixed order.
HASHED_FIELDS = (
    "sequence",
    "action",
    "recorded_at",
    "page_id",
    "page_title",
    "page_url",
    "page_type",
    "unit_id",
    "unit_name",
    "section_page_id",
    "source_type",
    "route_name",
    "revision_id",
    "revision_content_hash",
    "live_content_hash",
    "workflow_state_id",
    "submitted_by",
    "submitted_at",
    "signatures",
    "actor",
    "reason",
    "previous_hash",
)

# Page fields that are bookkeeping rather than what the public reads; they
# change with drafts, locks and moves and are left out of the live content hash.
NON_CONTENT_FIELDS = {
    "pk",
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "owner",
    "locked",
    "locked_at",
    "locked_by",
    "latest_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "expired",
    "go_live_at",
    "expire_at",
    "content_type",
    "translation_key",
    "locale",
    "alias_of",
    "wagtail_admin_comments",
}


def is_enabled():
    """Ledger writing can be switched off only to measure its cost (benchmarks); never in production."""
    return getattr(settings, "WAGTAIL_REVIEW_LEDGER_ENABLED", True)


def live_content_hash(page):
    """SHA-256 of what the public reads of ``page``: its content fields as stored in the page row."""
    data = {key: value for key, value in page.serializable_data().items() if key not in NON_CONTENT_FIELDS}
    return hashlib.sha256(canonical_json(data)).hexdigest()


def entry_hash(fields):
    """The hash of an entry from its field values (a dict with every name in HASHED_FIELDS)."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    if payload["recorded_at"] is not None and not isinstance(payload["recorded_at"], str):
        payload["recorded_at"] = payload["recorded_at"].isoformat()
    if payload["submitted_at"] is not None and not isinstance(payload["submitted_at"], str):
        payload["submitted_at"] = payload["submitted_at"].isoformat()
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


def append(**fields):
    """Append one entry after the current head. Must run inside a transaction."""
    from .models import LedgerEntry

    _lock()
    head = LedgerEntry.objects.order_by("-sequence").values("sequence", "entry_hash").first()
    fields["sequence"] = head["sequence"] + 1 if head else 1
    fields["previous_hash"] = head["entry_hash"] if head else GENESIS_HASH
    # Microseconds dropped: the stored value must hash the same after a round trip on every database.
    fields["recorded_at"] = timezone.now().replace(microsecond=0)
    fields.setdefault("submitted_at", None)
    fields["entry_hash"] = entry_hash(fields)
    return LedgerEntry.objects.create(**fields)


@dataclass(frozen=True)
class Head:
    count: int
    hash: str
    recorded_at: object


def head():
    from .models import LedgerEntry

    last = LedgerEntry.objects.order_by("-sequence").values("sequence", "entry_hash", "recorded_at").first()
    if last is None:
        return Head(0, GENESIS_HASH, None)
    return Head(last["sequence"], last["entry_hash"], last["recorded_at"])


def current_release(page):
    """The live-content hash the ledger registered for ``page``'s live revision, or None.

    None when the page's latest entry is not a release of its current live
    revision (never released through a route, taken down, or changed since).
    """
    from .models import LedgerAction, LedgerEntry

    latest = (
        LedgerEntry.objects.filter(page_id=page.pk)
        .order_by("-sequence")
        .values("action", "revision_id", "live_content_hash")
        .first()
    )
    if (
        latest is None
        or latest["action"] != LedgerAction.PUBLISH
        or latest["revision_id"] != page.live_revision_id
    ):
        return None
    return latest["live_content_hash"]


# --- What a page change records ------------------------------------------------


def record_page_change(page, before, actor=None):
    """Append the entry for a change of what the public sees of ``page``; ``before`` = {live, live_revision_id} or None."""
    from .models import LedgerAction

    if not is_enabled():
        return None
    was_live = bool(before and before["live"])
    if page.live and (not was_live or before["live_revision_id"] != page.live_revision_id):
        return append(**_publish_fields(page, actor))
    if was_live and not page.live:
        fields = _page_fields(page)
        fields["revision_id"] = before["live_revision_id"]
        take_down = getattr(page, "_review_take_down", None)
        if take_down is not None:
            fields.update(
                action=LedgerAction.TAKE_DOWN,
                actor=take_down.taken_down_by.get_username(),
                reason=take_down.reason,
            )
        else:
            fields.update(
                action=LedgerAction.EXPIRE if page.expired else LedgerAction.UNPUBLISH,
                actor=actor.get_username() if actor else "",
            )
        return append(**fields)
    return None


def _page_fields(page):
    from .ownership import section_for_page

    section = section_for_page(page)
    return {
        "page_id": page.pk,
        "page_title": page.title,
        "page_url": page.get_full_url() or page.url_path,
        "page_type": page.specific_class._meta.label,
        "unit_id": section.unit_id if section else None,
        "unit_name": section.unit.name if section else "",
        "section_page_id": section.page_id if section else None,
        "source_type": getattr(page.specific_deferred, "effective_source_type", ""),
        "route_name": "",
        "revision_id": None,
        "revision_content_hash": "",
        "live_content_hash": "",
        "workflow_state_id": None,
        "submitted_by": "",
        "signatures": [],
        "actor": "",
        "reason": "",
    }


def _publish_fields(page, actor):
    from .models import LedgerAction, ReleaseApproval, Signature

    revision = page.live_revision
    approval = (
        ReleaseApproval.objects.select_related("workflow_state__workflow", "workflow_state__requested_by")
        .filter(revision=revision)
        .first()
    )
    fields = _page_fields(page)
    # Hash the row as stored, read back, so that verification later computes the same thing.
    stored = page.specific_class.objects.get(pk=page.pk)
    fields.update(
        action=LedgerAction.PUBLISH,
        revision_id=revision.pk if revision else None,
        revision_content_hash=revision_content_hash(revision) if revision else "",
        live_content_hash=live_content_hash(stored),
        actor=actor.get_username() if actor else "",
    )
    if approval is not None:
        workflow_state = approval.workflow_state
        fields.update(
            source_type=approval.source_type,
            route_name=workflow_state.workflow.name,
            workflow_state_id=workflow_state.pk,
            submitted_by=workflow_state.requested_by.get_username() if workflow_state.requested_by else "",
            submitted_at=workflow_state.created_at.replace(microsecond=0),
            signatures=[
                {
                    "signer": s.signer.get_username(),
                    "name": person_name(s.signer),
                    "role": s.role,
                    "unit": s.unit.name,
                    "decision": s.decision,
                    "answers": s.answers,
                    "comment": s.comment,
                    "signed_at": s.signed_at.replace(microsecond=0).isoformat(),
                    "content_hash": s.content_hash,
                }
                for s in Signature.objects.filter(
                    workflow_state=workflow_state, revision_number=revision.pk
                ).select_related("signer", "unit")
            ],
        )
    return fields
