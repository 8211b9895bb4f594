"""The mailbox statistics screen and its XLSX (the information centre: every unit; a unit's leaders: theirs)."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..exports import Sheet, display_value, xlsx_response
from ..reports.performance import Period, previous_periods
from ..reports.views import visible_units
from .statistics import mailbox_figures

HEADINGS = (
    gettext_lazy("Unit"),
    gettext_lazy("Received"),
    gettext_lazy("Valid"),
    gettext_lazy("Replied on time"),
    gettext_lazy("Late"),
    gettext_lazy("Average working days to reply"),
    gettext_lazy("Unanswered over three months"),
)


class MailboxReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_review/mailbox/report.html"
    page_title = gettext_lazy("Mailbox statistics")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        self.units = visible_units(request.user)  # PermissionDenied for those who see no figures
        return super().dispatch(request, *args, **kwargs)

    def period(self):
        today = timezone.localdate()
        kind = self.request.GET.get("kind", "year")
        default_number = {"month": today.month, "quarter": (today.month - 1) // 3 + 1}.get(kind, 1)
        try:
            return Period.parse(
                kind, self.request.GET.get("year", today.year), self.request.GET.get("number", default_number)
            )
        except (TypeError, ValueError):
            messages.error(self.request, _("That period does not exist; showing this year."))
            return Period("year", today.year, 1)

    def get(self, request, *args, **kwargs):
        period = self.period()
        rows = mailbox_figures(period.start, period.end)
        if self.units is not None:
            names = {unit.name for unit in self.units}
            rows = [row for row in rows if row.unit_name in names]
        table = [
            [
                row.unit_name,
                row.received,
                row.valid,
                row.replied_on_time,
                row.late,
                display_value(row.average_working_days),
                row.unanswered_over_three_months,
            ]
            for row in rows
        ]
        if request.GET.get("format") == "xlsx":
            sheet = Sheet(
                name=_("Mailbox"),
                title=_("Mailbox statistics"),
                scope=_("Period: %(period)s") % {"period": period.label},
                headings=[str(heading) for heading in HEADINGS],
                rows=table,
            )
            return xlsx_response([sheet], f"mailbox-{period.year}")
        most = max([row.received for row in rows] + [1])
        return self.render_to_response(
            self.get_context_data(
                rows=rows,
                table=table,
                headings=HEADINGS,
                period=period,
                most=most,
                periods={kind: previous_periods(kind) for kind in ("month", "quarter", "year")},
            )
        )
