"""Review app tokens in the admin: each person sees and revokes their own; the security administrator, all.

Revoking is deleting the token (``tokens``): the account event log keeps the issue and the revocation.
"""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .tokens import ApiToken


def _sees_every_token(user):
    from ..organisation.duties import is_security_administrator

    return is_security_administrator(user)


class TokenPolicy(ModelPermissionPolicy):
    """View and revoke only; nobody edits or creates a token here (sign-in through the API issues them)."""

    def user_has_permission(self, user, action):
        return action in ("view", "delete") and user.is_active

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            instance.user_id == user.pk or _sees_every_token(user)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        tokens = ApiToken.objects.select_related("user")
        if not self.user_has_any_permission(user, actions):
            return tokens.none()
        return tokens if _sees_every_token(user) else tokens.filter(user=user)


def register_policy():
    from wagtail.permissions import register_permission_policy

    register_permission_policy(ApiToken, TokenPolicy(ApiToken), exact_class=True)


class VisibleTokensMixin:
    """The views reach only the tokens their user may see: their own, or all for the security administrator."""

    def get_base_queryset(self):
        return TokenPolicy(ApiToken).instances_user_has_any_permission_for(self.request.user, ["view"])

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_base_queryset(), pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class TokenIndexView(VisibleTokensMixin, IndexView):
    pass


class RevokeTokenView(VisibleTokensMixin, DeleteView):
    page_title = _("Revoke")


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = _("Review app tokens")
    add_to_settings_menu = True
    url_prefix = "review/app-tokens"
    name = "wagtail_review_app_tokens"
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "name",
        "user",
        "prefix",
        BooleanColumn("second_factor", label=_("second factor passed")),
        "created_at",
        "expires_at",
        "last_used_at",
    ]
    list_filter = ["second_factor"]
    search_fields = ["name", "user__username"]
    form_fields = ["name"]  # never editable (the policy grants no change); Wagtail needs a form
    index_view_class = TokenIndexView
    delete_view_class = RevokeTokenView
