"""Admin screens for units, memberships and section ownership (Art. 2, 4, 7).

Wagtail's own ModelViewSet is used rather than wagtail-modeladmin (in
maintenance mode): it brings filters, search, export, inspect, per-object
history and permission-policy checks on every view for free. The policies
are ``duties.DutyPermissionPolicy``: units and sections are the system
administrator's screens, memberships the security administrator's
(等保 2.0 三员分立).
"""

from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

from ..admin_views import person_column
from ..exports import OfficialIndexView
from .governance import grant_refusal
from .memberships import Membership
from .people import person_name
from .sections import SectionOwnership
from .units import Unit
from .views import ConfirmMembershipView, UnitChangeRecordView


class UnitIndexView(OfficialIndexView):
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


class UnitForm(WagtailAdminModelForm):
    """The designated officer is chosen among the unit's own members, by name (Art. 7)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        officer = self.fields.get("designated_officer")
        if officer is not None:
            members = get_user_model().objects.filter(is_active=True)
            officer.queryset = (
                members.filter(review_memberships__unit=self.instance).distinct()
                if self.instance.pk
                else members.none()
            )
            officer.label_from_instance = person_name


# What the export and the inspect view show of a unit.
UNIT_FIELDS = [
    "name",
    "slug",
    "kind",
    "parent",
    "designated_officer",
    "contact_phone",
    "organisation_code",
    "is_active",
]


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Responsible units")
    url_prefix = "review/units"
    name = "wagtail_review_units"
    index_view_class = UnitIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "name",
        "kind",
        "parent",
        person_column("designated_officer", _("designated information officer")),
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    list_export = UNIT_FIELDS
    export_filename = "units"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("kind"),
            FieldPanel("parent"),
            FieldPanel("designated_officer"),
            FieldPanel("contact_phone"),
            FieldPanel("organisation_code"),
            FieldPanel("is_active"),
        ],
        base_form_class=UnitForm,
    )
    inspect_view_fields = UNIT_FIELDS

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


class MembershipIndexView(OfficialIndexView):
    confirm_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.awaits_confirmation:
            buttons.append(
                MenuItem(
                    _("Confirm"),
                    url=reverse(self.confirm_url_name, args=[instance.pk]),
                    icon_name="tick",
                    priority=10,
                )
            )
        return buttons


class MembershipForm(WagtailAdminModelForm):
    """Says on the form why a grant is refused, rather than only refusing it on save (``governance``)."""

    def clean(self):
        cleaned_data = super().clean()
        # As on save: only a new person, unit or role makes a new grant.
        if self.for_user is not None and {"user", "unit", "role"} & set(self.changed_data):
            candidate = Membership(
                pk=self.instance.pk,
                user=cleaned_data.get("user"),
                unit=cleaned_data.get("unit"),
                role=cleaned_data.get("role"),
            )
            refusal = grant_refusal(candidate, self.for_user)
            if refusal:
                self.add_error(None, refusal)
        return cleaned_data


class MembershipViewSet(ModelViewSet):
    """Who holds which role; signing roles take effect when a second administrator confirms them."""

    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    url_prefix = "review/memberships"
    name = "wagtail_review_memberships"
    index_view_class = MembershipIndexView
    copy_view_enabled = False
    list_display = [
        person_column("user", _("person")),
        "unit",
        "role",
        Column("confirmation_display", label=_("in force")),
        Column("created_at", label=_("since")),
    ]
    list_filter = ["role", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_export = ["user", "unit", "role", "note", "created_at", "granted_by", "confirmed_by", "confirmed_at"]
    export_filename = "memberships"
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("unit"), FieldPanel("role"), FieldPanel("note")],
        base_form_class=MembershipForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(confirm_url_name=self.get_url_name("confirm"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("confirm/<int:pk>/", self.confirm_view, name="confirm"),
        ]

    @property
    def confirm_view(self):
        return ConfirmMembershipView.as_view(index_url_name=self.get_url_name("index"))


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
