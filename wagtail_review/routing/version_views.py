"""The versions a signer reads: a revision as the public would see it, and two revisions compared.

Wagtail's own revision views admit only people with edit or publish
permission on the page; reviewers and leaders sign pages of their unit
without either (Art. 8). These admit everyone who may see the page's review
records (``can_view_review_records``), and nobody else.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.views.generic.models import RevisionsCompareView
from wagtail.admin.views.generic.preview import PreviewRevision
from wagtail.admin.views.pages.utils import GenericPageBreadcrumbsMixin
from wagtail.models import Page

from .rules import can_view_review_records


def page_for_review_reader(user, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    if not can_view_review_records(user, page, page.current_workflow_state):
        raise PermissionDenied
    return page


class SignedVersionView(PreviewRevision):
    """One revision of a page, rendered as a preview."""

    model = Page

    def get_object(self):
        return page_for_review_reader(self.request.user, self.pk)


class VersionCompareView(GenericPageBreadcrumbsMixin, RevisionsCompareView):
    """Wagtail's field-by-field comparison of two revisions (an id, ``live`` or ``latest`` each)."""

    header_icon = "doc-empty-inverse"
    breadcrumbs_items_to_take = 2

    def get_object(self, queryset=None):
        return page_for_review_reader(self.request.user, self.pk)

    def get_edit_handler(self):
        return self.object.get_edit_handler()

    def get_page_subtitle(self):
        return self.object.get_admin_display_title()
