"""The self-inspection dashboard: would the site pass a national spot-check today, and who must act.

The information centre sees the whole site; a unit's leaders see the same
indicators with only their units' items (``reports.views.visible_units``). The
verdict is always the site's: the inspection judges the site, not a unit.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..exports import Sheet, xlsx_response
from ..organisation.people import person_name
from ..reports.views import visible_units
from .catalogue import documents_without_interpretation, due_items
from .indicators import inspect, live_pages, today
from .models import DailyResult
from .time_limits import pending_documents

HISTORY_DAYS = 60


def _for_units(indicator, unit_ids):
    return [item for item in indicator.items if unit_ids is None or item.unit_id in unit_ids]


class SelfInspectionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_review/inspection/dashboard.html"
    page_title = gettext_lazy("Self-inspection")
    header_icon = "clipboard-list"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        self.units = visible_units(request.user)  # PermissionDenied for those who see no figures
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        day = today()
        site_pages = live_pages()
        indicators = inspect(day, site_pages)
        due = due_items(day, site_pages[1], self.units)
        documents = pending_documents(day, self.units)
        uninterpreted = documents_without_interpretation(site_pages[1], self.units)
        unit_ids = None if self.units is None else {unit.pk for unit in self.units}
        rows = [(indicator, _for_units(indicator, unit_ids)) for indicator in indicators]
        for _indicator, items in rows:
            for item in items:
                item.act_url, item.view_url = item.links_for(request.user)
        history = list(DailyResult.objects.filter(day__lte=day).order_by("-day")[:HISTORY_DAYS])[::-1]
        if request.GET.get("format") == "xlsx":
            return self.xlsx(day, rows, history, due, uninterpreted)
        failed = [indicator for indicator in indicators if not indicator.passed]
        most = max([result.failed_indicators for result in history] + [1])
        return self.render_to_response(
            self.get_context_data(
                day=day,
                rows=rows,
                failed=failed,
                due=due,
                documents=documents,
                uninterpreted=uninterpreted,
                all_units=self.units is None,
                history=history,
                chart=[
                    {"result": result, "x": index * 10, "height": height, "y": 100 - height}
                    for index, result in enumerate(history)
                    for height in [round(100 * result.failed_indicators / most)]
                ],
                chart_width=10 * len(history),
            )
        )

    def xlsx(self, day, rows, history, due, uninterpreted):
        scope = _("As of %(day)s") % {"day": day}
        indicators = Sheet(
            name=_("Inspection indicators"),
            title=_("Self-inspection against the national inspection indicators"),
            scope=scope,
            headings=[
                _("Inspection indicator"),
                _("Veto rule"),
                _("Measured value"),
                _("Veto threshold"),
                _("Inspection result"),
            ],
            rows=[
                [str(i.name), i.rule, i.value, i.threshold, _("Would pass") if i.passed else _("Would fail")]
                for i, _items in rows
            ],
        )
        items = Sheet(
            name=_("Who must act"),
            title=_("Items to act on"),
            scope=scope,
            headings=[
                _("Inspection indicator"),
                _("Unit"),
                _("Item to act on"),
                _("What was found"),
                _("Who must act"),
            ],
            rows=[
                [str(indicator.name), item.unit_name, item.what, item.detail, "、".join(item.people)]
                for indicator, own in rows
                for item in own
            ],
        )
        days = Sheet(
            name=_("Daily history"),
            title=_("Daily results"),
            scope=scope,
            headings=[
                _("Inspection day"),
                _("Inspection result"),
                _("Failed indicators"),
                _("Items to act on"),
            ],
            rows=[
                [
                    str(r.day),
                    _("Would pass") if r.passed else _("Would fail"),
                    r.failed_indicators,
                    r.red_items,
                ]
                for r in reversed(history)
            ],
        )
        catalogue = Sheet(
            name=_("Release catalogue due"),
            title=_("Release catalogue items overdue or due soon"),
            scope=scope,
            headings=[
                _("Unit"),
                _("Catalogue item"),
                _("Due by"),
                _("Last release"),
                _("Responsible person"),
            ],
            rows=[
                [
                    found.item.unit.name,
                    found.item.name,
                    str(found.due),
                    str(found.last_release or "—"),
                    person_name(found.item.responsible),
                ]
                for found in due
            ],
        )
        interpretations = Sheet(
            name=_("Without interpretation"),
            title=_("Policy documents released without their interpretation"),
            scope=scope,
            headings=[_("Unit"), _("Catalogue item"), _("Policy document"), _("Responsible person")],
            rows=[
                [found.item.unit.name, found.item.name, found.page.title, person_name(found.item.responsible)]
                for found in uninterpreted
            ],
        )
        return xlsx_response([indicators, items, catalogue, interpretations, days], f"self-inspection-{day}")
