"""Admin screen mapping source types to review routes (Art. 9)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from .routes import Route


class RouteViewSet(ModelViewSet):
    """Which workflow each source type takes (Art. 9). The workflows themselves are Wagtail's."""

    model = Route
    icon = "tasks"
    menu_label = _("Review routes")
    url_prefix = "review/routes"
    name = "wagtail_review_routes"
    copy_view_enabled = False
    list_display = ["source_type", "workflow", "description"]
    panels = [
        FieldPanel("source_type"),
        FieldPanel("workflow"),
        FieldPanel("unit_kinds"),
        FieldPanel("description"),
    ]
