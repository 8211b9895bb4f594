"""Adopting a running site: register the pages it already has live, and clear its own workflows out of the way.

When a site installs the app, its live pages have no entry in the ledger, so
the serve check would withhold them. ``adopt_live_pages`` registers each one
as it stands — a ``baseline`` entry (存量信息, not yet reviewed) with who ran
the adoption, when, the live revision and the content fingerprint — and
changes no page. From then on each page is served while it stays as
registered, and its next change goes through a review route like any other.
The information centre plans the review of the baselined pages from the
register of existing content.

Pages the ledger already knows are never re-registered here: a page whose
latest entry no longer matches what is live was changed behind the
application's back, and adopting it would whitewash that. For the same
reason, once a site has adopted, a page found live and unregistered later
went live behind the application's back: it is reported, not adopted, unless
the operator insists (``include_later_pages``).
"""

from dataclasses import dataclass, field

import swapper
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import WorkflowState

from ..organisation.sections import sections_for_pages
from .content import live_content_hash, revision_content_hash
from .ledger.chain import append_many
from .ledger.models import LedgerAction, LedgerEntry
from .ledger.records import page_fields


@dataclass
class AdoptionReport:
    baselined: list = field(default_factory=list)  # page ids
    already_registered: int = 0
    # Live and unregistered although the site had adopted already: not baselined unless insisted on.
    live_since_adoption: list = field(default_factory=list)  # page ids
    foreign_workflows: list = field(default_factory=list)  # WorkflowStates left in progress
    cancelled_workflows: int = 0


def has_adopted():
    """Whether this site has adopted its live pages already (some baseline entry exists)."""
    return LedgerEntry.objects.filter(action=LedgerAction.BASELINE).exists()


def unregistered_live_pages():
    """Live pages (the tree root aside) that have no ledger entry at all."""
    Page = swapper.load_model("wagtailcore", "Page")
    return (
        Page.objects.live()
        .filter(depth__gt=1)
        .exclude(pk__in=LedgerEntry.objects.values("page_id"))
        .order_by("path")
    )


def foreign_workflow_states():
    """Workflow states on pages, still in progress or awaiting changes, of workflows that are not review routes.

    They block a page's review route (a page has one workflow in progress at
    most) and could never release it.
    """
    Page = swapper.load_model("wagtailcore", "Page")
    return (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .exclude(workflow__review_routes__isnull=False)
        .select_related("workflow")
        .order_by("pk")
    )


def baseline_fields(page, section, actor, reason):
    revision = page.live_revision
    return {
        **page_fields(page, section=section),
        "action": LedgerAction.BASELINE,
        "revision_id": page.live_revision_id,
        "revision_content_hash": revision_content_hash(revision) if revision else "",
        "live_content_hash": live_content_hash(page),
        "actor": actor.get_username(),
        "reason": reason,
    }


def adopt_live_pages(
    actor,
    reason,
    dry_run=False,
    cancel_foreign_workflows=False,
    include_later_pages=False,
    batch_size=500,
):
    """Register every unregistered live page as a baseline; optionally cancel foreign workflows.

    One transaction: all of it, or (on any error) none of it. Changes no page.
    """
    Page = swapper.load_model("wagtailcore", "Page")
    report = AdoptionReport()
    report.foreign_workflows = list(foreign_workflow_states())
    with transaction.atomic():
        ids = list(unregistered_live_pages().values_list("pk", flat=True))
        report.already_registered = Page.objects.live().filter(depth__gt=1).count() - len(ids)
        if has_adopted() and not include_later_pages:
            report.live_since_adoption, ids = ids, []
        report.baselined = ids
        if dry_run:
            return report
        for start in range(0, len(ids), batch_size):
            pages = list(
                Page.objects.filter(pk__in=ids[start : start + batch_size])
                .specific()
                .select_related("live_revision")
                .order_by("path")
            )
            sections = sections_for_pages(pages)
            append_many([baseline_fields(page, sections[page.pk], actor, reason) for page in pages])
        if cancel_foreign_workflows:
            for workflow_state in report.foreign_workflows:
                workflow_state.cancel(user=actor)
            report.cancelled_workflows = len(report.foreign_workflows)
    return report
