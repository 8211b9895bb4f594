"""Admin screens for review routes (Art. 9): the routes as they stand, and changes proposed to them.

A route changes only when a second administrator confirms a proposed change
(``route_changes``), so the routes themselves are shown, not edited, and
proposals are made and confirmed under 审核程序变更.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..organisation.memberships import is_site_administrator
from .route_changes import RouteChangeRefusal, confirm_route_change
from .routes import Route, RouteChange


class RouteViewSet(ModelViewSet):
    """Which workflow each source type takes (Art. 9). Read-only here: changes go through proposals."""

    model = Route
    icon = "tasks"
    menu_label = _("Review routes")
    url_prefix = "review/routes"
    name = "wagtail_review_routes"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["source_type", "workflow", "description"]
    panels = [
        FieldPanel("source_type"),
        FieldPanel("workflow"),
        FieldPanel("unit_kinds"),
        FieldPanel("description"),
    ]


class RouteChangeCreateView(generic.CreateView):
    def save_instance(self):
        change = self.form.save(commit=False)
        change.proposed_by = self.request.user
        change.save()
        return change

    def get_success_message(self, instance):
        return _("The change is proposed: it takes effect when a second administrator confirms it.")


class RouteChangeIndexView(generic.IndexView):
    confirm_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.confirmed_at is None:
            buttons.append(
                MenuItem(
                    _("Confirm"), url=reverse(self.confirm_url_name, args=[instance.pk]), icon_name="tick"
                )
            )
        return buttons


class ConfirmRouteChangeView(View):
    index_url_name = None

    def post(self, request, pk):
        if not is_site_administrator(request.user):
            raise PermissionDenied
        change = get_object_or_404(RouteChange, pk=pk)
        try:
            confirm_route_change(change, request.user)
        except RouteChangeRefusal as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The route change is confirmed and in force."))
        return redirect(self.index_url_name)


class RouteChangeViewSet(ModelViewSet):
    """Proposed changes of routes; a second administrator confirms each (two-person rule)."""

    model = RouteChange
    icon = "tasks"
    menu_label = _("Route changes")
    url_prefix = "review/route-changes"
    name = "wagtail_review_route_changes"
    add_view_class = RouteChangeCreateView
    index_view_class = RouteChangeIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "source_type",
        "workflow",
        "proposed_by",
        Column("proposed_at", label=_("proposed at")),
        "confirmed_by",
        Column("confirmed_at", label=_("confirmed at")),
    ]
    panels = [
        FieldPanel("source_type"),
        FieldPanel("workflow"),
        FieldPanel("unit_kinds"),
        FieldPanel("description"),
    ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(confirm_url_name=self.get_url_name("confirm"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "confirm/<int:pk>/",
                ConfirmRouteChangeView.as_view(index_url_name=self.get_url_name("index")),
                name="confirm",
            )
        ]
