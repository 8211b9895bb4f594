"""Admin screens of the scanner: the lexicons the information centre keeps, and the live site's findings.

The lexicons are ordinary Wagtail ModelViewSets: search, filters, export to
XLSX/CSV through ``exports`` (no formula ever written), per-entry history
(Wagtail's log and django-simple-history), permission checks on every view.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ViewSetGroup
from wagtail.admin.widgets.button import Button

from ..exports import OfficialIndexView
from .importing import LexiconImportView
from .lexicons import OfficialTitle, SensitiveTerm, WordingError
from .links import LinkCheck, Outcome
from .live import LiveFinding

# The page a finding or a link check is about, by its title.
PAGE_COLUMN = Column("page", label=_("page"), accessor=lambda record: record.page.get_admin_display_title())


class LexiconIndexView(OfficialIndexView):
    import_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                Button(
                    _("Import from XLSX"), url=reverse(self.import_url_name), icon_name="upload", priority=70
                )
            )
        return buttons


class LexiconViewSet(ModelViewSet):
    """A lexicon: listed, searched, edited one entry at a time, exported and imported as XLSX."""

    index_view_class = LexiconIndexView
    copy_view_enabled = False
    key_fields = ()  # what identifies an entry when a file is imported

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("import/", self.import_view, name="import")]

    @property
    def import_view(self):
        return LexiconImportView.as_view(
            model=self.model,
            fields=self.form_fields,
            key_fields=self.key_fields,
            index_url_name=self.get_url_name("index"),
            permission_policy=self.permission_policy,
        )


class WordingErrorViewSet(LexiconViewSet):
    model = WordingError
    icon = "warning"
    menu_label = _("Wording errors")
    url_prefix = "review/lexicons/wording-errors"
    name = "wagtail_review_wording_errors"
    list_display = ["wrong", "right", "severity", "note"]
    list_filter = ["severity"]
    search_fields = ["wrong", "right", "note"]
    list_export = ["wrong", "right", "severity", "note"]
    form_fields = ["wrong", "right", "severity", "note"]
    key_fields = ("wrong",)


class OfficialTitleViewSet(LexiconViewSet):
    model = OfficialTitle
    icon = "user"
    menu_label = _("Officials' titles")
    url_prefix = "review/lexicons/officials"
    name = "wagtail_review_official_titles"
    list_display = ["name", "title", "held_from", "held_until", "note"]
    search_fields = ["name", "title"]
    list_export = ["name", "title", "held_from", "held_until", "note"]
    form_fields = ["name", "title", "held_from", "held_until", "note"]
    key_fields = ("name", "title", "held_from")


class SensitiveTermViewSet(LexiconViewSet):
    model = SensitiveTerm
    icon = "warning"
    menu_label = _("Sensitive expressions")
    url_prefix = "review/lexicons/sensitive"
    name = "wagtail_review_sensitive_terms"
    list_display = ["term", "severity", "note"]
    list_filter = ["severity"]
    search_fields = ["term", "note"]
    list_export = ["term", "severity", "note"]
    form_fields = ["term", "severity", "note"]
    key_fields = ("term",)


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
