"""Admin registers of the publication layer: take-downs (Art. 16)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from ..admin_views import person_column
from ..exports import OfficialIndexView
from .models import TakeDown


class TakeDownViewSet(ModelViewSet):
    """The register of take-downs (Art. 16). Read-only: records are made by the take-down action."""

    model = TakeDown
    icon = "resubmit"
    menu_label = _("Take-downs")
    url_prefix = "review/take-downs"
    name = "wagtail_review_take_downs"
    index_view_class = OfficialIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "page_title",
        person_column("taken_down_by", _("taken down by")),
        "taken_down_at",
        "reason",
    ]
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
