"""The ledger in the admin: the ledger browser (信息发布登记簿, Art. 13) and the register of existing content."""

import datetime
from urllib.parse import quote

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from ...exports import OfficialIndexView, register_time_zone
from ..take_down import pages_user_may_take_down
from .chain import head
from .filters import LedgerEntryFilterSet
from .models import LedgerAction, LedgerEntry


class WholeLedgerPaginator(WagtailPaginator):
    """Pages through the whole ledger, counted from its head: entries are numbered 1 to N, so the last
    number is the count, read from the index, where ``COUNT(*)`` reads every entry (measured: a third of
    a second at a million entries, most of the first page's time)."""

    @cached_property
    def count(self):
        return head().count


class LedgerIndexView(OfficialIndexView):
    export_title = _("Publication register")

    def get_paginator(self, queryset, *args, **kwargs):
        if self.is_filtering or self.is_searching:
            return super().get_paginator(queryset, *args, **kwargs)
        return WholeLedgerPaginator(queryset, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        paginated = super().paginate_queryset(queryset, page_size)
        page_ids = {entry.page_id for entry in paginated[2]}
        # Rows whose page is live and is the person's to take down offer 撤稿 (one query for the page).
        self.may_take_down_ids = set(
            pages_user_may_take_down(self.request.user).filter(pk__in=page_ids).values_list("pk", flat=True)
        )
        return paginated

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.page_id in getattr(self, "may_take_down_ids", ()):
            buttons.append(
                MenuItem(
                    _("Take down"),
                    url=f"{reverse('wagtail_review:take_down', args=[instance.page_id])}"
                    f"?next={quote(self.request.get_full_path())}",
                    icon_name="resubmit",
                    priority=20,
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        # The monthly 登记表 in one click: this month's and last month's, as XLSX.
        this_month = timezone.localdate(timezone=register_time_zone()).replace(day=1)
        last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
        return [
            *super().header_more_buttons,
            *(
                Button(
                    label % {"month": month.strftime("%Y-%m")},
                    url=f"{self.request.path}?month={month:%Y-%m}&export=xlsx",
                    icon_name="download",
                    priority=priority,
                )
                for label, month, priority in (
                    (_("Register for %(month)s"), this_month, 80),
                    (_("Register for %(month)s"), last_month, 85),
                )
            ),
        ]


class LedgerViewSet(ModelViewSet):
    """The publication ledger (信息发布登记, Art. 13): browse, inspect, and export a month as the 登记表.

    Read-only for everyone (permissions.RecordOnlyPermissionPolicy). Export the
    listing filtered to a month as XLSX or CSV for the monthly registration table.
    """

    model = LedgerEntry
    icon = "list-ol"
    menu_label = _("Publication ledger")
    url_prefix = "review/ledger"
    name = "wagtail_review_ledger"
    index_view_class = LedgerIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = LedgerEntryFilterSet
    list_display = [
        "sequence",
        Column("recorded_at", label=_("recorded at")),
        "action",
        "page_title",
        "unit_name",
        Column("source_type", label=_("source type"), accessor="get_source_type_display"),
        Column("signers_display", label=_("signatures")),
        TitleColumn(
            "review_form_label",
            label=_("Review form"),
            get_url=lambda entry: (
                reverse("wagtail_review:review_form", args=[entry.workflow_state_id])
                if entry.workflow_state_id
                else None
            ),
        ),
    ]
    list_export = [
        "sequence",
        "recorded_at",
        "action",
        "page_title",
        "page_url",
        "unit_name",
        "source_type",
        "route_name",
        "submitted_by",
        "submitted_at",
        "signers_display",
        "reason",
        "revision_id",
        "revision_content_hash",
        "entry_hash",
        "previous_hash",
    ]
    export_headings = {"signers_display": _("signatures")}
    export_filename = "publication-register"
    search_fields = ["page_title", "page_url", "reason"]
    inspect_view_fields = [
        "sequence",
        "recorded_at",
        "action",
        "page_title",
        "page_url",
        "page_type",
        "unit_name",
        "source_type",
        "route_name",
        "submitted_by",
        "submitted_at",
        "signers_display",
        "actor",
        "reason",
        "revision_id",
        "revision_content_hash",
        "live_content_hash",
        "previous_hash",
        "entry_hash",
    ]
    form_fields = ["reason"]  # never editable; Wagtail needs a form definition to build the viewset


class ExistingContentIndexView(OfficialIndexView):
    page_title = _("Existing content not yet reviewed")
    export_title = page_title

    def get_base_queryset(self):
        # Pages whose latest entry is still their adoption baseline: live, never reviewed since.
        latest = LedgerEntry.objects.filter(page_id=OuterRef("page_id")).order_by("-sequence")
        return (
            super()
            .get_base_queryset()
            .filter(action=LedgerAction.BASELINE, sequence=Subquery(latest.values("sequence")[:1]))
        )


class ExistingContentViewSet(ModelViewSet):
    """存量信息: pages that were live when the site adopted the review regime and have not been reviewed since.

    The information centre plans their review from here; each one leaves the
    list when its next change is released through a route (or it is taken down).
    """

    model = LedgerEntry
    icon = "doc-full"
    menu_label = _("Existing content not yet reviewed")
    url_prefix = "review/existing-content"
    name = "wagtail_review_existing_content"
    index_view_class = ExistingContentIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = LedgerEntryFilterSet
    list_display = [
        "page_title",
        "unit_name",
        "page_type",
        Column("recorded_at", label=_("registered at")),
        "actor",
    ]
    list_export = ["page_title", "page_url", "unit_name", "page_type", "recorded_at", "actor", "reason"]
    export_filename = "existing-content"
    search_fields = ["page_title", "page_url"]
    form_fields = ["reason"]  # never editable; Wagtail needs a form definition to build the viewset
