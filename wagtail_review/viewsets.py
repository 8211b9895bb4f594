"""Admin screens for units, memberships and section ownership.

Wagtail's own ModelViewSet is used rather than wagtail-modeladmin (in
maintenance mode): it brings filters, search, export, inspect, per-object
history and permission-policy checks on every view for free.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ViewSetGroup

from .filters import LedgerEntryFilterSet
from .models import LedgerEntry, Membership, Route, SectionOwnership, TakeDown, Unit
from .views.units import UnitChangeRecordView


class UnitIndexView(generic.IndexView):
    change_record_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            MenuItem(
                _("Change record"),
                url=reverse(self.change_record_url_name, args=[instance.pk]),
                icon_name="history",
                priority=40,
            )
        )
        return buttons


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Responsible units")
    url_prefix = "review/units"
    name = "wagtail_review_units"
    index_view_class = UnitIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["name", "kind", "parent", "designated_officer", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    list_export = ["name", "slug", "kind", "parent", "designated_officer", "contact_phone", "is_active"]
    export_filename = "units"
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("designated_officer"),
        FieldPanel("contact_phone"),
        FieldPanel("is_active"),
    ]
    inspect_view_fields = [
        "name",
        "slug",
        "kind",
        "parent",
        "designated_officer",
        "contact_phone",
        "is_active",
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            change_record_url_name=self.get_url_name("change_record"), **kwargs
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("change-record/<int:pk>/", self.change_record_view, name="change_record"),
        ]

    @property
    def change_record_view(self):
        return UnitChangeRecordView.as_view(
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
            permission_policy=self.permission_policy,
        )


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    url_prefix = "review/memberships"
    name = "wagtail_review_memberships"
    copy_view_enabled = False
    list_display = ["user", "unit", "role", Column("created_at", label=_("since"))]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_export = ["user", "unit", "role", "note", "created_at"]
    export_filename = "memberships"
    panels = [FieldPanel("user"), FieldPanel("unit"), FieldPanel("role"), FieldPanel("note")]


class SectionOwnershipViewSet(ModelViewSet):
    model = SectionOwnership
    icon = "folder-open-inverse"
    menu_label = _("Sections")
    url_prefix = "review/sections"
    name = "wagtail_review_sections"
    copy_view_enabled = False
    list_display = ["page", "unit", Column("created_at", label=_("since"))]
    list_filter = ["unit"]
    search_fields = ["page__title", "unit__name"]
    panels = [FieldPanel("page"), FieldPanel("unit")]


class RouteViewSet(ModelViewSet):
    """Which workflow each source type takes (Art. 9). The workflows themselves are Wagtail's."""

    model = Route
    icon = "tasks"
    menu_label = _("Review routes")
    url_prefix = "review/routes"
    name = "wagtail_review_routes"
    copy_view_enabled = False
    list_display = ["source_type", "workflow", "description"]
    panels = [FieldPanel("source_type"), FieldPanel("workflow"), FieldPanel("description")]


class TakeDownViewSet(ModelViewSet):
    """The register of take-downs (Art. 16). Read-only: records are made by the take-down action."""

    model = TakeDown
    icon = "resubmit"
    menu_label = _("Take-downs")
    url_prefix = "review/take-downs"
    name = "wagtail_review_take_downs"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["page_title", "taken_down_by", "taken_down_at", "reason"]
    list_filter = ["taken_down_at"]
    list_export = [
        "page_title",
        "page_url_path",
        "revision_number",
        "taken_down_by",
        "taken_down_at",
        "reason",
    ]
    search_fields = ["page_title", "reason"]
    # Never editable (see permissions.RecordOnlyPermissionPolicy); Wagtail
    # still needs a form definition to build the viewset.
    form_fields = ["reason"]


class LedgerViewSet(ModelViewSet):
    """The publication ledger (信息发布登记, Art. 13): browse, inspect, and export a month as the 登记表.

    Read-only for everyone (permissions.RecordOnlyPermissionPolicy). Export the
    listing filtered to a month as XLSX or CSV for the monthly registration table.
    """

    model = LedgerEntry
    icon = "list-ol"
    menu_label = _("Publication ledger")
    url_prefix = "review/ledger"
    name = "wagtail_review_ledger"
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = LedgerEntryFilterSet
    list_display = [
        "sequence",
        Column("recorded_at", label=_("recorded at")),
        "action",
        "page_title",
        "unit_name",
        "source_type",
        Column("signers_display", label=_("signatures")),
        TitleColumn(
            "review_form_label",
            label=_("Review form"),
            get_url=lambda entry: (
                reverse("wagtail_review:review_form", args=[entry.workflow_state_id])
                if entry.workflow_state_id
                else None
            ),
        ),
    ]
    list_export = [
        "sequence",
        "recorded_at",
        "action",
        "page_title",
        "page_url",
        "unit_name",
        "source_type",
        "route_name",
        "submitted_by",
        "submitted_at",
        "signers_display",
        "reason",
        "revision_id",
        "revision_content_hash",
        "entry_hash",
        "previous_hash",
    ]
    export_headings = {"signers_display": _("signatures")}
    export_filename = "publication-register"
    search_fields = ["page_title", "page_url", "reason"]
    inspect_view_fields = [
        "sequence",
        "recorded_at",
        "action",
        "page_title",
        "page_url",
        "page_type",
        "unit_name",
        "source_type",
        "route_name",
        "submitted_by",
        "submitted_at",
        "signers_display",
        "actor",
        "reason",
        "revision_id",
        "revision_content_hash",
        "live_content_hash",
        "previous_hash",
        "entry_hash",
    ]
    form_fields = ["reason"]  # never editable; Wagtail needs a form definition to build the viewset


class ReviewAdminGroup(ViewSetGroup):
    menu_label = _("Review and release")
    menu_icon = "tasks"
    menu_order = 250
    items = (
        UnitViewSet,
        MembershipViewSet,
        SectionOwnershipViewSet,
        RouteViewSet,
        TakeDownViewSet,
        LedgerViewSet,
    )
