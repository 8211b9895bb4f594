"""Who may see a page's review records (Art. 8, 13), and who may sign a step (separation of duties)."""

import swapper
from django.utils.translation import gettext as _

from ..organisation.memberships import Membership, is_site_administrator
from ..organisation.sections import unit_for_page


def can_view_review_records(user, page, workflow_state=None):
    """Members of the page's unit, the submitter, every signer of the route, the information centre."""
    if not user.is_active:
        return False
    if is_site_administrator(user):
        return True
    if workflow_state is not None:
        if workflow_state.requested_by_id == user.pk:
            return True
        if workflow_state.review_signatures.filter(signer=user).exists():
            return True
        task_state = workflow_state.current_task_state
        if task_state and workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
            task = task_state.task.specific
            if hasattr(task, "refusal_reason") and task.approvers(page).filter(pk=user.pk).exists():
                return True
    unit = unit_for_page(page)
    return (
        unit is not None
        and Membership.objects.active().filter(user=user, unit_id__in=unit.accountable_unit_ids).exists()
    )


# --- Separation of duties (Art. 8, 9): one rule, asked by every caller ---------------------------


def duty_refusal(user_id, authors, signed_another_step):
    """Why a person may not sign a step of a submission, for separation of duties; None if they may.

    ``authors``: everyone who wrote content of the page during the submission
    (``submission_authors``); ``signed_another_step``: whether the person
    already approved another step of the route for the same revision. The
    actions offered, 待我审核, the e-mails and the release check all ask this.
    """
    if user_id in authors:
        return _("You submitted or wrote content of this submission: someone else must review it.")
    if signed_another_step:
        return _("You already signed another step of this route: two steps need two different people.")
    return None


def submission_authors(workflow_state_ids):
    """``{workflow state id: ids of everyone who wrote content of the page that submission reviews}``.

    The submitter, and the author of every revision of the page saved since
    the page's last approved release before the submission (since its first
    revision if it has none) that changed what it holds (``authored_content``)
    — edits made during review included, by whoever made them. A save that
    changes nothing, or only adds editors' comments, makes nobody an author.
    Cancelling and resubmitting, by anyone, does not wash a writer's hand off
    the content. Three queries for any number of submissions.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Min
    from wagtail.models import Revision, TaskState

    from ..publication.models import ReleaseApproval

    Page = swapper.load_model("wagtailcore", "Page")
    starts = {}  # workflow state id: (page id, submitter id, first reviewed revision's time)
    for row in (
        TaskState.objects.filter(workflow_state_id__in=workflow_state_ids)
        .values("workflow_state_id", "workflow_state__object_id", "workflow_state__requested_by_id")
        .annotate(start=Min("revision__created_at"))
    ):
        starts[row["workflow_state_id"]] = (
            row["workflow_state__object_id"],
            row["workflow_state__requested_by_id"],
            row["start"],
        )
    authors = {state_id: {submitter} - {None} for state_id, (_page, submitter, _start) in starts.items()}
    page_ids = {page for page, _sub, _start in starts.values()}
    releases = {}  # page id: times of the revisions a route approved
    for page_id, created in ReleaseApproval.objects.filter(
        revision__base_content_type=ContentType.objects.get_for_model(Page), revision__object_id__in=page_ids
    ).values_list("revision__object_id", "revision__created_at"):
        releases.setdefault(page_id, []).append(created)
    # Per submission: when its page was last released before it (None: never).
    since = {
        state_id: max((t for t in releases.get(page, ()) if start is None or t < start), default=None)
        for state_id, (page, _sub, start) in starts.items()
    }
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=page_ids
    ).order_by("object_id", "created_at", "pk")
    if since and None not in since.values():
        # From the earliest release on: the released revision is what the first edit after it is compared with.
        revisions = revisions.filter(created_at__gte=min(since.values()))
    previous = {}  # page id: the authored content of its revision before the one being read
    for page_id, user_id, created, content in revisions.values_list(
        "object_id", "user_id", "created_at", "content"
    ):
        content = authored_content(content)
        changed = previous.get(page_id) != content
        previous[page_id] = content
        if user_id is None or not changed:
            continue
        for state_id, (page, _sub, _start) in starts.items():
            if page == page_id and (since[state_id] is None or created > since[state_id]):
                authors[state_id].add(user_id)
    return authors


def changes_authored_content(revision, earlier_revision):
    """Whether ``revision`` changed what a writer writes compared with ``earlier_revision`` (both as stored)."""
    return authored_content(revision.content) != authored_content(earlier_revision.content)


def authored_content(revision_content):
    """What a writer changes in a revision: its content without bookkeeping (times, locks, tree position)
    and without editors' comments; the review form counts, as the submitter's claims about the content."""
    from ..publication.content import NON_CONTENT_FIELDS

    ignored = (NON_CONTENT_FIELDS - {"review_forms"}) | {"pk"}
    return {key: value for key, value in revision_content.items() if key not in ignored}


# --- A signature needs a second factor (Art. 15; 等保 2.0) -------------------------------------


def second_factor_refusal(user):
    """Why ``user`` may not sign in this request for want of a passed second factor; None if they may.

    The rule itself is ``accounts.second_factor.signing_refusal``; a site whose sign-in belongs
    to another system (``WAGTAIL_REVIEW_ACCOUNT_SECURITY = False``) has none here.
    """
    from .. import accounts

    if not accounts.enabled():
        return None
    from ..accounts.second_factor import signing_refusal

    return signing_refusal(user)
