"""“Awaiting my review” (待我审核): every step the user may sign, across all units."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component

from ..admin_views import AdminPageMixin
from .queue import awaiting_review


class AwaitingMyReviewView(AdminPageMixin, TemplateView):
    template_name = "wagtail_review/awaiting_review.html"
    page_title = _("Awaiting my review")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items"] = awaiting_review(self.request.user)
        return context


class AwaitingReviewPanel(Component):
    """Replaces Wagtail's own “awaiting your review” dashboard panel with one that knows the routes."""

    name = "wagtail_review_awaiting_review"
    template_name = "wagtail_review/awaiting_review_panel.html"
    order = 200
    limit = 10

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        items = awaiting_review(request.user, limit=self.limit + 1)
        return {
            "items": items[: self.limit],
            "has_more": len(items) > self.limit,
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
        }


class MyPagesPanel(Component):
    """我的稿件: the editor's own pages on the dashboard, returns first with their reason."""

    name = "wagtail_review_my_pages"
    template_name = "wagtail_review/my_pages_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        from .returns import my_pages

        request = parent_context["request"]
        items = my_pages(request.user)
        items.sort(key=lambda item: item.returned is None)
        return {"items": items, "request": request}
