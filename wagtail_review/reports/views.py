"""The performance report in the admin (Art. 11), with an XLSX export.

The information centre (and superusers) see every unit; a unit's leaders
see their own unit and its internal organs; nobody else sees it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ..exports import Sheet, display_value, xlsx_response
from ..organisation.memberships import LEADER_ROLES, Membership, is_site_administrator
from ..organisation.units import Unit
from .assessment import add_assessment
from .performance import Period, performance, previous_periods


def visible_units(user):
    """The units whose figures ``user`` may see: None for all, or a list; PermissionDenied for none."""
    if is_site_administrator(user):
        return None
    # Roles in force only: a leader grant still awaiting its confirmation shows nothing yet.
    led = list(
        Unit.objects.filter(
            pk__in=Membership.objects.active().filter(user=user, role__in=LEADER_ROLES).values("unit_id"),
            is_active=True,
        )
    )
    if not led or not user.is_active:
        raise PermissionDenied
    return led + list(Unit.objects.filter(parent__in=led))


def user_may_see_reports(user):
    return (
        is_site_administrator(user)
        or Membership.objects.active().filter(user=user, role__in=LEADER_ROLES).exists()
    )


class PerformanceReportView(TemplateView):
    template_name = "wagtail_review/performance_report.html"
    page_title = gettext_lazy("Performance report")

    def dispatch(self, request, *args, **kwargs):
        self.units = visible_units(request.user)
        self.period = self.get_period()
        return super().dispatch(request, *args, **kwargs)

    def get_period(self):
        today = timezone.localdate()
        kind = self.request.GET.get("kind", "month")
        default_number = {"month": today.month, "quarter": (today.month - 1) // 3 + 1}.get(kind, 1)
        try:
            return Period.parse(
                kind, self.request.GET.get("year", today.year), self.request.GET.get("number", default_number)
            )
        except (TypeError, ValueError):
            messages.error(self.request, _("That period does not exist; showing this month."))
            return Period("month", today.year, today.month)

    def get(self, request, *args, **kwargs):
        figures, signers = performance(self.period, self.units)
        inspection_days = add_assessment(figures, self.period)
        rows = sorted(figures.values(), key=lambda f: (f.unit.kind, f.unit.name))
        ranking = sorted(rows, key=lambda f: f.rank)
        if request.GET.get("format") == "xlsx":
            return self.xlsx(rows, signers, ranking, inspection_days)
        most = max([row.submitted for row in rows] + [1])
        return self.render_to_response(
            self.get_context_data(
                rows=rows,
                ranking=ranking,
                inspection_days=inspection_days,
                signers=signers,
                period=self.period,
                most=most,
                periods={kind: previous_periods(kind) for kind in ("month", "quarter", "year")},
                all_units=self.units is None,
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        return context

    def xlsx(self, rows, signers, ranking, inspection_days):
        scope = "；".join(
            [
                _("Period: %(period)s") % {"period": self.period.label},
                _("Units: %(units)s")
                % {"units": _("all") if self.units is None else "、".join(unit.name for unit in self.units)},
                _("Exported %(time)s") % {"time": display_value(timezone.now())},
            ]
        )
        title = _("Review and release performance")
        units = Sheet(
            name=_("Units"),
            title=title,
            scope=scope,
            headings=[
                _("Unit"),
                _("Submitted"),
                _("Released"),
                _("Returned for changes"),
                _("Withdrawn"),
                _("Taken down"),
                _("Median hours to release"),
                _("90th percentile hours to release"),
            ],
            rows=[
                [
                    row.unit.name,
                    row.submitted,
                    row.released,
                    row.returned,
                    row.withdrawn,
                    row.taken_down,
                    display_value(row.median_hours),
                    display_value(row.p90_hours),
                ]
                for row in rows
            ],
        )
        people = Sheet(
            name=_("Signers"),
            title=title,
            scope=scope,
            headings=[_("Signer"), _("Unit"), _("Steps signed"), _("Median hours to sign")],
            rows=[
                [signer.name, signer.unit, signer.signed, display_value(signer.median_hours)]
                for signer in signers
            ],
        )
        assessment = Sheet(
            name=_("Ranking"),
            title=_("Assessment ranking"),
            scope="；".join(
                [
                    scope,
                    _("Daily self-inspections recorded: %(recorded)d, would have passed: %(passed)d")
                    % {"recorded": inspection_days.recorded, "passed": inspection_days.passed},
                ]
            ),
            headings=[
                _("Rank"),
                _("Unit"),
                _("Documents due"),
                _("Public on time"),
                _("On-time rate"),
                _("Catalogue items"),
                _("Catalogue items overdue today"),
                _("Self-inspection days with items"),
                _("Self-inspection items"),
            ],
            rows=[
                [
                    row.rank,
                    row.unit.name,
                    row.documents_due,
                    row.documents_on_time,
                    display_value(row.on_time_rate),
                    row.catalogue_items,
                    row.catalogue_overdue,
                    row.inspection_days,
                    row.inspection_items,
                ]
                for row in ranking
            ],
        )
        filename = f"performance-{self.period.kind}-{self.period.year}-{self.period.number}"
        return xlsx_response([units, people, assessment], filename)
