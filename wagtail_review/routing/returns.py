"""Returns (退回修改) as the editor meets them, and the editor's own pages with where each stands.

A signer who returns a step gives the reason (``Signature.comment``); the
editor sees it in a banner when opening the page and on the dashboard, and has
one action to resubmit.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from wagtail.models import Revision, WorkflowState

from .signatures import Signature


def current_return(page):
    """The return the page's submission waits on (the latest ``reject`` signature), or None."""
    return return_awaited_by(page.current_workflow_state)


def return_awaited_by(workflow_state):
    """The return ``workflow_state`` (a page's current one, or None) waits on, or None."""
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return (
        Signature.objects.filter(workflow_state=workflow_state, decision=Signature.REJECT)
        .select_related("signer", "unit")
        .order_by("-signed_at")
        .first()
    )


def return_banner(signature):
    from ..exports import display_value
    from ..organisation.people import person_name

    return _(
        "Returned for changes by %(signer)s (%(unit)s, %(role)s) at %(time)s: %(reason)s "
        "Make the changes, then use “Resubmit for review”."
    ) % {
        "signer": person_name(signature.signer),
        "unit": signature.unit.name,
        "role": signature.get_role_display(),
        "time": display_value(signature.signed_at)[:16],
        "reason": signature.comment or _("(no reason given)"),
    }


@dataclass
class MyPage:
    page: object
    status: str
    returned: object = None  # the return's Signature, when the page waits on changes


def my_pages(user, limit=10):
    """The pages ``user`` wrote most recently, each with where it stands: draft, in review, returned, live."""
    page_ids = []
    revisions = (
        Revision.page_revisions.filter(user=user).order_by("-created_at").values_list("object_id", flat=True)
    )
    for object_id in revisions[: limit * 5]:
        if object_id not in page_ids:
            page_ids.append(object_id)
        if len(page_ids) == limit:
            break
    from wagtail.models import Page

    pages = Page.objects.filter(pk__in=page_ids).select_related("latest_revision")
    by_id = {str(page.pk): page for page in pages}
    result = []
    for object_id in page_ids:
        page = by_id.get(str(object_id))
        if page is None:
            continue
        workflow_state = page.current_workflow_state
        returned = return_awaited_by(workflow_state)
        if returned is not None:
            status = _("Returned for changes")
        elif workflow_state is not None:
            status = _("In review")
        elif page.live and not page.has_unpublished_changes:
            status = _("Live")
        elif page.live:
            status = _("Live, with a draft")
        else:
            status = _("Draft")
        result.append(MyPage(page=page, status=status, returned=returned))
    return result
