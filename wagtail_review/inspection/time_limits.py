"""Government documents public within days of issue (Art. 9(1): 3 days).

The clock runs from the document's 印发日期 (the review form's, or the page's own
field of that name) to its first release in the ledger: ``WAGTAIL_REVIEW_DOCUMENT_RELEASE_DAYS``
calendar days, or working days when ``WAGTAIL_REVIEW_DOCUMENT_RELEASE_IN_WORKING_DAYS``
is set (the mailbox's calendar of official holidays and make-up working days;
a year it does not know gives no deadline rather than a guessed one).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from ..app_settings import app_settings
from ..exports import register_time_zone
from .indicators import today

SOON_DAYS = 1


def release_due(issued):
    """The last day ``issued``'s document may become public; None when the calendar does not know."""
    from ..mailbox.calendar import CalendarUnknown, add_working_days

    days = app_settings.DOCUMENT_RELEASE_DAYS
    if not app_settings.DOCUMENT_RELEASE_IN_WORKING_DAYS:
        return issued + timedelta(days=days)
    try:
        return add_working_days(issued, days)
    except CalendarUnknown:
        return None


@dataclass
class DocumentDeadline:
    page: object
    unit: object
    doc_number: str
    issued: date
    due: date | None
    released: date | None

    @property
    def late_by(self):
        """Days past the deadline (at release, or as of today when unreleased); 0 when on time."""
        end = self.released or today()
        return max((end - self.due).days, 0) if self.due else 0

    def describe(self):
        if self.due is None:
            return _(
                "Issued %(issued)s: the working-day calendar does not know that year yet, so no deadline is set."
            ) % {"issued": self.issued}
        if self.released:
            if self.late_by:
                return _(
                    "Issued %(issued)s, due public by %(due)s, released %(released)s: %(days)d days late."
                ) % {
                    "issued": self.issued,
                    "due": self.due,
                    "released": self.released,
                    "days": self.late_by,
                }
            return _("Issued %(issued)s, due public by %(due)s, released %(released)s: on time.") % {
                "issued": self.issued,
                "due": self.due,
                "released": self.released,
            }
        if self.late_by:
            return _("Issued %(issued)s: due public by %(due)s, %(days)d days overdue.") % {
                "issued": self.issued,
                "due": self.due,
                "days": self.late_by,
            }
        return _("Issued %(issued)s: to be public by %(due)s.") % {"issued": self.issued, "due": self.due}


def first_releases(page_ids):
    """``{page id: the day it was first released}`` from the ledger."""
    from ..publication.ledger.models import LedgerAction, LedgerEntry

    rows = (
        LedgerEntry.objects.filter(page_id__in=page_ids, action=LedgerAction.PUBLISH)
        .values("page_id")
        .annotate(first=Min("recorded_at"))
    )
    return {row["page_id"]: timezone.localdate(row["first"], timezone=register_time_zone()) for row in rows}


def deadline_for(review_form, released=None):
    """The document deadline of the page ``review_form`` belongs to; None when it is not a dated document."""
    details = review_form.document_details
    if not details["doc_number"] or not details["date_issued"]:
        return None
    return DocumentDeadline(
        page=review_form.page,
        unit=review_form.unit,
        doc_number=details["doc_number"],
        issued=details["date_issued"],
        due=release_due(details["date_issued"]),
        released=released,
    )


def document_deadlines(units=None):
    """Every dated government document with its deadline and first release, most urgent first."""
    found = []
    for review_form in _review_forms():
        deadline = deadline_for(review_form)
        if deadline is not None and (units is None or deadline.unit in units):
            found.append(deadline)
    releases = first_releases([deadline.page.pk for deadline in found])
    for deadline in found:
        deadline.released = releases.get(deadline.page.pk)
    return sorted(found, key=lambda deadline: (deadline.released is not None, deadline.due or date.max))


def _review_forms():
    """Every page's review form that names a government document, with its page and unit.

    The saved row of a page once released, else its latest draft's: a page
    that never went live keeps its form only in its revisions (a child
    relation, written to its table on publishing); those are the documents
    most likely to be waiting. Pages, their types and their units are read in
    a few queries whatever the number of pages; a draft's revision is turned
    into a page only if its stored content names a 文号.
    """
    import swapper

    from ..organisation.sections import units_for_pages
    from ..review_form.models import ReviewForm, review_form_of_revision

    Page = swapper.load_model("wagtailcore", "Page")
    forms = list(ReviewForm.objects.all())
    pages = Page.objects.filter(pk__in=[review_form.page_id for review_form in forms]).specific()
    pages = {page.pk: page for page in pages}
    for review_form in forms:
        review_form.page = pages[review_form.page_id]
    drafts = (
        Page.objects.filter(live=False, latest_revision__isnull=False)
        .exclude(pk__in=ReviewForm.objects.values("page_id"))
        .select_related("latest_revision")
    )
    forms += [
        review_form_of_revision(page.latest_revision)
        for page in drafts
        if _names_a_document(page.latest_revision.content)
    ]
    units = units_for_pages([review_form.page for review_form in forms])
    for review_form in forms:
        review_form.unit = units.get(review_form.page.pk)
    return forms


def _names_a_document(content):
    # 文号 on the page itself (a page type with the field, or a form saved in the page's columns long
    # ago) or in the review form the revision carries.
    from ..review_form.models import RELATION_NAME

    forms = content.get(RELATION_NAME) or [{}]
    return bool(content.get("doc_number") or forms[0].get("doc_number"))


def pending_documents(day, units=None):
    """Documents not yet public that are overdue on ``day`` or due within ``SOON_DAYS``."""
    return [
        deadline
        for deadline in document_deadlines(units)
        if deadline.released is None
        and deadline.due is not None
        and deadline.due <= day + timedelta(days=SOON_DAYS)
    ]
