"""What the ledger records for each change of what the public sees (Art. 11, 13).

``record_page_change`` is called inside the transaction that changes a page's
public state (see ``signal_handlers``), so a page change and its entry commit
or roll back together.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ...app_settings import app_settings
from ...organisation.people import person_name
from ...review_form.models import review_form_of
from ..content import live_content_hash, revision_content_hash
from ..guard import as_saved
from .chain import append, append_many


def is_enabled():
    """Ledger writing can be switched off only to measure its cost (benchmarks); never in production."""
    return app_settings.LEDGER_ENABLED


def latest_entry(page_id, accounting_only=False):
    """The page's latest ledger entry as a dict, or None. One query.

    ``action``, ``revision_id``, ``live_content_hash``: what the serve check
    compares; ``withheld``: whether the page was found changed behind the
    application's back since (``models.Withholding``); ``sequence``,
    ``entry_hash``, ``recorded_at``, ``index_number`` and ``first_released_at``:
    what the page shows of its registration (``registration.registration_of``),
    read in the same query so that a page checked by ``may_serve`` costs no
    more queries to serve than an unchecked one. ``accounting_only``: the
    latest release, move or baseline.

    Written as SQL because every served page pays for it: the ORM spelling
    took 0.8 ms to build against 0.02 ms for the database to run it.
    """
    from django.db import connection

    from ..index_numbers import IndexNumber
    from ..models import Withholding
    from .models import ACCOUNTING_ACTIONS, LedgerAction, LedgerEntry

    quote = connection.ops.quote_name
    ledger = quote(LedgerEntry._meta.db_table)
    actions = [str(action) for action in ACCOUNTING_ACTIONS] if accounting_only else []
    sql = (
        "SELECT e.action, e.revision_id, e.live_content_hash, e.sequence, e.entry_hash, e.recorded_at,"
        f" EXISTS (SELECT 1 FROM {quote(Withholding._meta.db_table)} w WHERE w.page_id = e.page_id),"
        f" (SELECT i.number FROM {quote(IndexNumber._meta.db_table)} i WHERE i.page_id = e.page_id),"
        f" (SELECT MIN(f.recorded_at) FROM {ledger} f WHERE f.page_id = e.page_id AND f.action = %s)"
        f" FROM {ledger} e WHERE e.page_id = %s"
        + (f" AND e.action IN ({', '.join(['%s'] * len(actions))})" if actions else "")
        + " ORDER BY e.sequence DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(LedgerAction.PUBLISH), page_id, *actions])
        row = cursor.fetchone()
    if row is None:
        return None
    action, revision_id, content_hash, sequence, entry_hash, recorded_at, withheld, number, first = row
    return {
        "action": action,
        "revision_id": revision_id,
        "live_content_hash": content_hash,
        "withheld": bool(withheld),
        "sequence": sequence,
        "entry_hash": entry_hash,
        "recorded_at": _as_recorded_at(recorded_at, connection),
        "index_number": number,
        "first_released_at": _as_recorded_at(first, connection),
    }


def _as_recorded_at(value, connection):
    """A ``recorded_at`` value from a raw query, converted as the ORM converts it (SQLite returns text)."""
    from .models import LedgerEntry

    field = LedgerEntry._meta.get_field("recorded_at")
    expression = field.get_col(LedgerEntry._meta.db_table)
    for converter in connection.ops.get_db_converters(expression) + field.get_db_converters(connection):
        value = converter(value, expression, connection)
    return value


def accounts_for(entry, page):
    """Whether ``entry`` (from ``latest_entry``) accounts for ``page``'s live revision: a release or baseline of it."""
    from .models import ACCOUNTING_ACTIONS

    return (
        entry is not None
        and entry["action"] in ACCOUNTING_ACTIONS
        and entry["revision_id"] == page.live_revision_id
    )


def current_release(page):
    """The live-content fingerprint the ledger registered for ``page`` as it is live now, or None.

    None when the page's latest entry is not a release (or baseline) of its
    current live revision: never registered, taken down, or changed since.
    """
    entry = latest_entry(page.pk)
    return entry["live_content_hash"] if accounts_for(entry, page) else None


# --- What a page change records ------------------------------------------------


def record_page_change(page, check, actor=None):
    """Append the entry for a change of what the public sees of ``page``.

    ``check`` (a ``guard.SaveCheck``) says what was live before the save and
    which approval, if any, the save released. Returns the entry, or None when
    the save changed nothing the public sees.
    """
    from ... import signals
    from ..actors import acting_user
    from ..index_numbers import assign as assign_index_number

    if not is_enabled():
        return None
    if page.live and check.release is not None:
        entry = append(**_publish_fields(page, check.release, actor or acting_user()))
        assign_index_number(entry)
        signals.page_released.send(
            sender=page.specific_class, page=page, revision=page.live_revision, entry=entry
        )
        return entry
    if check.moved_from is not None and check.release is None and check.withdrawal is None:
        return record_move(page, check.moved_from)
    if check.live_before and not page.live:
        withdrawal = check.withdrawal
        fields = page_fields(page)
        fields.update(
            action=withdrawal.action,
            revision_id=check.live_revision_before,
            actor=withdrawal.actor,
            reason=withdrawal.reason,
        )
        return append(**fields)
    return None


def record_move(page, url_path_before):
    """A page moved within its unit: it (if live) and its live descendants now answer at new addresses.

    Called while the moved page's row is saved, before Wagtail rewrites its
    descendants' paths, so their new addresses are worked out from the move.
    """
    from ..actors import acting_user
    from .models import LedgerAction

    if not is_enabled():
        return None
    user = acting_user()
    moved = [*([page] if page.live else []), *page.get_descendants().live().specific()]
    # A page the register has never seen (a site not adopted yet) is not registered by moving it.
    moved = [p for p in moved if latest_entry(p.pk) is not None]
    if not moved:
        return None
    entries = []
    for moved_page in moved:
        before = url_path_before if moved_page.pk == page.pk else moved_page.url_path
        if moved_page.pk != page.pk:
            moved_page.url_path = page.url_path + before[len(url_path_before) :]
        revision = moved_page.live_revision
        fields = page_fields(moved_page)
        fields.update(
            action=LedgerAction.MOVE,
            revision_id=moved_page.live_revision_id,
            revision_content_hash=revision_content_hash(revision) if revision else "",
            live_content_hash=live_content_hash(as_saved(moved_page)),
            actor=user.get_username() if user else "",
            reason=f"{before} → {moved_page.url_path}",
        )
        entries.append(fields)
    return append_many(entries)


def record_withdrawal(page, revision, user, reason):
    """An approved release scheduled for later, withdrawn before it went live: its approval is void."""
    from .models import LedgerAction

    if not is_enabled():
        return None
    fields = page_fields(page)
    fields.update(
        action=LedgerAction.WITHDRAW,
        revision_id=revision.pk,
        revision_content_hash=revision_content_hash(revision),
        actor=user.get_username(),
        reason=reason,
    )
    return append(**fields)


def page_fields(page, section=...):
    """What every entry says of the page: id, title, URL, type, unit, section, source type.

    ``section``: the page's SectionOwnership (or None) if the caller resolved it already.
    """
    from ...organisation.sections import section_for_page

    if section is ...:
        section = section_for_page(page)
    form = review_form_of(page)
    form.unit = section.unit if section else None
    return {
        "page_id": page.pk,
        "page_title": page.title,
        "page_url": page.get_full_url() or page.url_path,
        "page_type": page.specific_class._meta.label,
        "unit_id": section.unit_id if section else None,
        "unit_name": section.unit.name if section else "",
        "section_page_id": section.page_id if section else None,
        "source_type": form.effective_source_type,
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


def _publish_fields(page, approval, actor):
    """A release: ``page`` now shows the content ``approval`` approved (for it, or for the page it aliases).

    Its actor is whoever made it happen: ``actor`` if given, else the signer
    whose signature completed the route; a scheduled go-live says so.
    """
    from ...routing.signatures import Signature
    from ..joint_release import partner_of
    from .models import LedgerAction

    revision = page.live_revision
    fields = page_fields(page)
    fields.update(
        action=LedgerAction.PUBLISH,
        revision_id=revision.pk if revision else None,
        revision_content_hash=revision_content_hash(revision) if revision else "",
        # The page as this save writes it, child relations included (see content.public_content).
        live_content_hash=live_content_hash(as_saved(page)),
        actor=actor.get_username() if actor else "",
    )
    if approval is not None:
        workflow_state = approval.workflow_state
        approved_revision = approval.revision
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
                    # Only where there was one, so earlier entries' payloads are unchanged.
                    **({"false_alarm": s.false_alarm} if s.false_alarm else {}),
                }
                for s in Signature.objects.filter(
                    workflow_state=workflow_state, revision_number=approved_revision.pk
                ).select_related("signer", "unit")
            ],
        )
        if not fields["actor"] and fields["signatures"]:
            fields["actor"] = fields["signatures"][-1]["signer"]
        if page.go_live_at and page.go_live_at > approval.approved_at:
            # Written in the site's language, whoever's session triggered it: the register is one document.
            with translation.override(settings.LANGUAGE_CODE):
                fields["reason"] = _("Scheduled go-live at %(time)s, as approved") % {
                    "time": timezone.localtime(page.go_live_at).strftime("%Y-%m-%d %H:%M")
                }
    partner_id = partner_of(page.pk)
    if partner_id is not None:
        fields["released_with"] = partner_id
        with translation.override(settings.LANGUAGE_CODE):
            fields["reason"] = _(
                "Released together with page %(page)s: a policy document and its interpretation (Art. 9)"
            ) % {"page": partner_id}
    return fields
