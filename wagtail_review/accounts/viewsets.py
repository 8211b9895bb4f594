"""The audit administrator's account event log: read and export only (等保 2.0 审计管理员)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .audit import AccountEvent


class AuditAdministratorPolicy(ModelPermissionPolicy):
    """Only the audit administrator (and a superuser) reads the log; nobody writes it through the admin."""

    def user_has_permission(self, user, action):
        from ..organisation.duties import is_audit_administrator

        return action == "view" and user.is_active and is_audit_administrator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_any_permission(user, actions) else queryset.none()


def register_policy():
    from wagtail.permissions import register_permission_policy

    register_permission_policy(AccountEvent, AuditAdministratorPolicy(AccountEvent), exact_class=True)


class AccountEventViewSet(ModelViewSet):
    model = AccountEvent
    icon = "history"
    menu_label = _("Account event log")
    menu_order = 950
    add_to_admin_menu = True
    url_prefix = "review/account-events"
    name = "wagtail_review_account_events"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["at", "kind", "username", "actor", "ip_address", "user_agent", "detail"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "actor", "ip_address", "detail"]
    list_export = ["at", "kind", "username", "user_id", "actor", "ip_address", "user_agent", "detail"]
    export_filename = "account-events"
    form_fields = ["detail"]  # never editable (the policy grants no write); Wagtail needs a form


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        from ..organisation.duties import is_security_administrator

        return is_security_administrator(request.user)
