"""Admin screens of self-inspection: which pages are columns and of what kind (the information centre),
and each unit's release catalogue (its leaders; Art. 11, 12)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column as TableColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from ..admin_views import person_column
from ..organisation.memberships import is_site_administrator
from ..organisation.people import person_name
from .catalogue import CatalogueItem, mark_approval, may_keep, units_kept_by
from .models import Column


class ColumnPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return user.is_active and is_site_administrator(user)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, "change")


class ColumnViewSet(ModelViewSet):
    model = Column
    icon = "list-ul"
    menu_label = _("Inspected columns")
    url_prefix = "review/columns"
    name = "wagtail_review_columns"
    copy_view_enabled = False
    list_display = ["page", "kind", "note"]
    list_filter = ["kind"]
    form_fields = ["page", "kind", "note"]


class CataloguePolicy(ModelPermissionPolicy):
    """A unit's leaders keep their unit's items; the information centre keeps and approves every unit's."""

    def user_has_permission(self, user, action):
        return user.is_active and (is_site_administrator(user) or units_kept_by(user).exists())

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, "change")

    def instances_user_has_any_permission_for(self, user, actions):
        items = CatalogueItem.objects.all()
        if not self.user_has_any_permission(user, actions):
            return items.none()
        units = units_kept_by(user)
        return items if units is None else items.filter(unit_id__in=units)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_keep(user, instance.unit)


class CatalogueItemForm(WagtailAdminModelForm):
    """Units and columns limited to what the person keeps; the centre's save approves the item."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_kept_by(self.for_user) if self.for_user else None
        if units is not None:
            self.fields["unit"].queryset = self.fields["unit"].queryset.filter(pk__in=units)
        self.fields["responsible"].queryset = get_user_model().objects.filter(is_active=True)
        self.fields["responsible"].label_from_instance = person_name

    def save(self, commit=True):
        mark_approval(self.instance, self.for_user)
        return super().save(commit=commit)


def approval_label(item):
    if item.approved:
        return gettext("Approved by %(person)s") % {"person": person_name(item.approved_by)}
    return gettext("Awaiting the information centre")


class CatalogueViewSet(ModelViewSet):
    model = CatalogueItem
    form_class = CatalogueItemForm
    icon = "list-ol"
    menu_label = _("Release catalogue")
    url_prefix = "review/catalogue"
    name = "wagtail_review_catalogue"
    copy_view_enabled = False
    list_display = [
        "unit",
        "name",
        "kind",
        "column",
        "every_days",
        "time_limit_days",
        person_column("responsible", _("responsible person")),
        TableColumn("approval", label=_("review by the information centre"), accessor=approval_label),
    ]
    list_filter = ["unit", "kind"]
    search_fields = ["name"]
    list_export = [
        "unit",
        "name",
        "kind",
        "column",
        "every_days",
        "due_month",
        "due_day",
        "time_limit_days",
        "requires_interpretation",
        "responsible",
        "approved_by",
        "approved_at",
    ]
    export_filename = "release-catalogue"
    form_fields = [
        "unit",
        "name",
        "kind",
        "column",
        "every_days",
        "due_month",
        "due_day",
        "time_limit_days",
        "requires_interpretation",
        "responsible",
    ]


def register_policy():
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Column, ColumnPolicy(Column), exact_class=True)
    register_permission_policy(CatalogueItem, CataloguePolicy(CatalogueItem), exact_class=True)
