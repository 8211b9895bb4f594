"""Admin screens of the scanner: the lexicons the information centre keeps, and the live site's findings.

The lexicons are ordinary Wagtail ModelViewSets: search, filters, export to
XLSX/CSV through ``exports`` (no formula ever written), per-entry history
(Wagtail's log and django-simple-history), permission checks on every view.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ViewSetGroup

from ..exports import OfficialIndexView
from .lexicons import OfficialTitle, SensitiveTerm, WordingError
from .links import LinkCheck, Outcome
from .live import LiveFinding

# The page a finding or a link check is about, by its title.
PAGE_COLUMN = Column("page", label=_("page"), accessor=lambda record: record.page.get_admin_display_title())


class WordingErrorViewSet(ModelViewSet):
    model = WordingError
    icon = "warning"
    menu_label = _("Wording errors")
    url_prefix = "review/lexicons/wording-errors"
    name = "wagtail_review_wording_errors"
    index_view_class = OfficialIndexView
    list_display = ["wrong", "right", "severity", "note"]
    list_filter = ["severity"]
    search_fields = ["wrong", "right", "note"]
    list_export = ["wrong", "right", "severity", "note"]
    form_fields = ["wrong", "right", "severity", "note"]
    copy_view_enabled = False


class OfficialTitleViewSet(ModelViewSet):
    model = OfficialTitle
    icon = "user"
    menu_label = _("Officials' titles")
    url_prefix = "review/lexicons/officials"
    name = "wagtail_review_official_titles"
    index_view_class = OfficialIndexView
    list_display = ["name", "title", "held_from", "held_until", "note"]
    search_fields = ["name", "title"]
    list_export = ["name", "title", "held_from", "held_until", "note"]
    form_fields = ["name", "title", "held_from", "held_until", "note"]
    copy_view_enabled = False


class SensitiveTermViewSet(ModelViewSet):
    model = SensitiveTerm
    icon = "warning"
    menu_label = _("Sensitive expressions")
    url_prefix = "review/lexicons/sensitive"
    name = "wagtail_review_sensitive_terms"
    index_view_class = OfficialIndexView
    list_display = ["term", "severity", "note"]
    list_filter = ["severity"]
    search_fields = ["term", "note"]
    list_export = ["term", "severity", "note"]
    form_fields = ["term", "severity", "note"]
    copy_view_enabled = False


class LiveFindingViewSet(ModelViewSet):
    """What the last scans found on the live site, per unit (Art. 16). Read-only: scans write it."""

    model = LiveFinding
    icon = "warning"
    menu_label = _("Findings on the live site")
    url_prefix = "review/findings"
    name = "wagtail_review_live_findings"
    index_view_class = OfficialIndexView
    copy_view_enabled = False
    list_display = [
        PAGE_COLUMN,
        "unit",
        "kind",
        "severity",
        "field",
        "context",
        "suggestion",
        "scanned_at",
    ]
    list_filter = ["unit", "kind", "severity"]
    search_fields = ["text", "context"]
    list_export = ["page", "unit", "kind", "severity", "field", "text", "context", "suggestion", "scanned_at"]
    form_fields = ["kind"]  # never editable (RecordOnlyPermissionPolicy); Wagtail needs a form definition


class BrokenLinksIndexView(OfficialIndexView):
    """Only what needs fixing: links that did not work, newest run first (filter by run for the history)."""

    def get_base_queryset(self):
        return super().get_base_queryset().exclude(outcome=Outcome.OK).select_related("run", "unit")


class LinkCheckViewSet(ModelViewSet):
    """死链、错链 per unit from the link checks (Art. 16). Read-only: the checks write it."""

    model = LinkCheck
    icon = "link"
    menu_label = _("Dead links")
    url_prefix = "review/dead-links"
    name = "wagtail_review_dead_links"
    index_view_class = BrokenLinksIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        PAGE_COLUMN,
        "unit",
        "kind",
        "target",
        "outcome",
        "status_code",
        "detail",
        "run",
    ]
    list_filter = ["run", "unit", "outcome", "kind"]
    search_fields = ["target"]
    list_export = ["page", "unit", "kind", "target", "outcome", "status_code", "detail", "run"]
    form_fields = ["kind"]  # never editable (RecordOnlyPermissionPolicy); Wagtail needs a form definition


class LexiconGroup(ViewSetGroup):
    menu_label = _("Scanning")
    menu_icon = "warning"
    menu_order = 260
    items = (
        LiveFindingViewSet,
        LinkCheckViewSet,
        WordingErrorViewSet,
        OfficialTitleViewSet,
        SensitiveTermViewSet,
    )
