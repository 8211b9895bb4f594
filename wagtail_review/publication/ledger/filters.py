"""Listing filters for the ledger browser: unit, section, source type, action, period."""

import datetime

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ...exports import register_time_zone
from ...organisation.sections import SectionOwnership
from ...organisation.units import Unit
from ...routing.routes import SourceType
from .models import LedgerAction, LedgerEntry


class LedgerEntryFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Unit.objects.all(), method="filter_unit", empty_label=_("All units")
    )
    section = django_filters.ModelChoiceFilter(
        label=_("Section"),
        queryset=SectionOwnership.objects.select_related("page", "unit"),
        method="filter_section",
    )
    source_type = django_filters.ChoiceFilter(label=_("Source type"), choices=SourceType.choices)
    action = django_filters.ChoiceFilter(label=_("Action"), choices=LedgerAction.choices)
    recorded_at = django_filters.DateFromToRangeFilter(label=_("Period"), widget=DateRangePickerWidget)
    month = django_filters.CharFilter(label=_("Month (YYYY-MM)"), method="filter_month")

    class Meta:
        model = LedgerEntry
        fields = ["unit", "section", "source_type", "action", "recorded_at", "month"]

    def filter_unit(self, queryset, name, unit):
        return queryset.filter(unit_id=unit.pk)

    def filter_section(self, queryset, name, section):
        return queryset.filter(section_page_id=section.page_id)

    def filter_month(self, queryset, name, value):
        # The monthly registration table (登记表); a malformed month matches nothing rather than erring.
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            return queryset.none()
        # Years far out overflow the time-zone conversion of the month's bounds; none hold entries anyway.
        if not (1 <= month <= 12 and 1900 <= year <= 2999):
            return queryset.none()
        # The month as the register's clock reads it (the exports' time zone), not the server's.
        zone = register_time_zone()
        start = datetime.datetime(year, month, 1, tzinfo=zone)
        end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
        return queryset.filter(recorded_at__gte=start, recorded_at__lt=end)
