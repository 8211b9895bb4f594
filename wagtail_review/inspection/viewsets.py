"""Admin screens of self-inspection: which pages are columns and of what kind (the information centre),
and each unit's release catalogue (its leaders; Art. 11, 12)."""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column as TableColumn
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from ..admin_views import person_column
from ..organisation.memberships import is_site_administrator
from ..organisation.people import person_name
from ..organisation.sections import SectionOwnership
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
    panels = [FieldPanel("page"), FieldPanel("kind"), FieldPanel("note")]


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
    """Units, columns and responsible people limited to the units the person keeps; the centre's save
    approves the item, a unit's save sends it back to the centre."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].label_from_instance = person_name
        units = units_kept_by(self.for_user) if self.for_user else None
        people = get_user_model().objects.filter(is_active=True)
        if units is not None:
            self.fields["unit"].queryset = self.fields["unit"].queryset.filter(pk__in=units)
            sections = SectionOwnership.objects.filter(unit_id__in=units).values_list("page__path", flat=True)
            within = Q(pk__in=[])
            for path in sections:
                within |= Q(page__path__startswith=path)
            self.fields["column"].queryset = self.fields["column"].queryset.filter(within)
            people = people.filter(review_memberships__unit_id__in=units).distinct()
        self.fields["responsible"].queryset = people

    def save(self, commit=True):
        mark_approval(self.instance, self.for_user)
        return super().save(commit=commit)


class KeptItemsMixin:
    """Every catalogue view reaches only the items its user keeps (the policy's instance rule)."""

    def get_base_queryset(self):
        return CataloguePolicy(CatalogueItem).instances_user_has_any_permission_for(
            self.request.user, ["change"]
        )

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_base_queryset(), pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class CatalogueIndexView(KeptItemsMixin, IndexView):
    pass


class CatalogueEditView(KeptItemsMixin, EditView):
    pass


class CatalogueDeleteView(KeptItemsMixin, DeleteView):
    pass


def approval_label(item):
    if item.approved:
        return gettext("Approved by %(person)s") % {"person": person_name(item.approved_by)}
    return gettext("Awaiting the information centre")


class CatalogueViewSet(ModelViewSet):
    model = CatalogueItem
    index_view_class = CatalogueIndexView
    edit_view_class = CatalogueEditView
    delete_view_class = CatalogueDeleteView
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
    edit_handler = ObjectList(
        [
            FieldPanel("unit"),
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("column"),
            FieldPanel("every_days"),
            FieldRowPanel([FieldPanel("due_month"), FieldPanel("due_day")]),
            FieldPanel("time_limit_days"),
            FieldPanel("requires_interpretation"),
            FieldPanel("responsible"),
        ],
        base_form_class=CatalogueItemForm,
    )


def register_policy():
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Column, ColumnPolicy(Column), exact_class=True)
    register_permission_policy(CatalogueItem, CataloguePolicy(CatalogueItem), exact_class=True)
