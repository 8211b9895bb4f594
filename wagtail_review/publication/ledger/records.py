"""What the ledger records for each change of what the public sees (Art. 11, 13).

``record_page_change`` is called inside the transaction that changes a page's
public state (see ``signal_handlers``), so a page change and its entry commit
or roll back together.
"""

from django.conf import settings

from ...organisation.people import person_name
from ..content import live_content_hash, revision_content_hash
from .chain import append


def is_enabled():
    """Ledger writing can be switched off only to measure its cost (benchmarks); never in production."""
    return getattr(settings, "WAGTAIL_REVIEW_LEDGER_ENABLED", True)


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
    from ...organisation.sections import section_for_page

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
    from ...routing.signatures import Signature
    from ..models import ReleaseApproval
    from .models import LedgerAction

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
