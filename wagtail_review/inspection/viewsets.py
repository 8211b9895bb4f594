"""The information centre says which pages are columns and of what kind (Art. 11, 12)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from ..organisation.memberships import is_site_administrator
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


def register_policy():
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Column, ColumnPolicy(Column), exact_class=True)
