"""Performance assessment (Art. 11: 作为政务公开绩效考核的依据): per unit and period.

For each unit in a period: submissions, releases, returns (a signer sent it
back), withdrawn submissions, take-downs, and the median and 90th-percentile
time from submission to release; for each signer: steps signed and their
median turnaround. Read from the routes' own records and the ledger, in a
fixed number of queries.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time
from types import SimpleNamespace

import swapper
from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import WorkflowState

from ..models import LedgerAction, LedgerEntry, ReleaseApproval, Signature, Unit
from ..organisation.people import person_name
from ..organisation.sections import units_for_pages


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year
    year: int
    number: int  # month 1-12, quarter 1-4; 1 for a year

    @classmethod
    def parse(cls, kind, year, number):
        """A period from request values; ValueError with a readable reason when they make no sense."""
        if kind not in ("month", "quarter", "year"):
            raise ValueError("period must be month, quarter or year")
        year, number = int(year), int(number or 1)
        limit = {"month": 12, "quarter": 4, "year": 1}[kind]
        if not (2000 <= year <= 2100 and 1 <= number <= limit):
            raise ValueError("period out of range")
        return cls(kind, year, number)

    @property
    def start(self):
        month = {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]
        return timezone.make_aware(datetime.combine(date(self.year, month, 1), time.min))

    @property
    def end(self):
        months = {"month": 1, "quarter": 3, "year": 12}[self.kind]
        month_index = self.start.month - 1 + months
        year, month = self.year + month_index // 12, month_index % 12 + 1
        return timezone.make_aware(datetime.combine(date(year, month, 1), time.min))

    @property
    def label(self):
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年第{self.number}季度"
        return f"{self.year}年"


@dataclass
class UnitFigures:
    unit: object
    submitted: int = 0
    released: int = 0
    returned: int = 0
    withdrawn: int = 0
    taken_down: int = 0
    release_hours: list = field(default_factory=list)
    # Filled by assessment.add_assessment.
    documents_due: int = 0
    documents_on_time: int = 0
    catalogue_items: int = 0
    catalogue_overdue: int = 0
    inspection_days: int = 0
    inspection_items: int = 0
    rank: int | None = None

    @property
    def median_hours(self):
        return round(statistics.median(self.release_hours), 1) if self.release_hours else None

    @property
    def on_time_rate(self):
        """The share of government documents due in the period that were public by their deadline."""
        return round(self.documents_on_time / self.documents_due, 3) if self.documents_due else None

    @property
    def p90_hours(self):
        return round(_percentile(self.release_hours, 90), 1) if self.release_hours else None


@dataclass
class SignerFigures:
    name: str
    unit: str
    signed: int = 0
    hours: list = field(default_factory=list)

    @property
    def median_hours(self):
        return round(statistics.median(self.hours), 1) if self.hours else None


def _percentile(values, pct):
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * pct / 100
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def _hours(delta):
    return delta.total_seconds() / 3600


def performance(period, units=None):
    """({unit pk: UnitFigures}, [SignerFigures]) for ``period``, limited to ``units`` (None: all)."""
    unit_filter = {u.pk for u in units} if units is not None else None
    all_units = Unit.objects.all() if unit_filter is None else Unit.objects.filter(pk__in=unit_filter)
    figures = {unit.pk: UnitFigures(unit) for unit in all_units}
    in_period = {"gte": period.start, "lt": period.end}

    states = list(
        WorkflowState.objects.filter(created_at__gte=in_period["gte"], created_at__lt=in_period["lt"])
        .annotate(page_id=Cast("object_id", BigIntegerField()))
        .values("pk", "page_id", "status", "created_at")
    )
    approvals = list(
        ReleaseApproval.objects.filter(approved_at__gte=in_period["gte"], approved_at__lt=in_period["lt"])
        .annotate(page_id=Cast("workflow_state__object_id", BigIntegerField()))
        .values("approved_at", "workflow_state__created_at", "page_id")
    )
    Page = swapper.load_model("wagtailcore", "Page")
    page_ids = {s["page_id"] for s in states} | {a["page_id"] for a in approvals}
    paths = Page.objects.filter(pk__in=page_ids).values_list("pk", "path")
    owners = units_for_pages(SimpleNamespace(pk=pk, path=path) for pk, path in paths)

    def bucket(page_id):
        unit = owners.get(page_id)
        return figures.get(unit.leading_unit.pk if unit and unit.parent_id else getattr(unit, "pk", None))

    for state in states:
        target = bucket(state["page_id"])
        if target is None:
            continue
        target.submitted += 1
        if state["status"] == WorkflowState.STATUS_CANCELLED:
            target.withdrawn += 1

    for approval in approvals:
        target = bucket(approval["page_id"])
        if target is not None:
            target.released += 1
            target.release_hours.append(
                _hours(approval["approved_at"] - approval["workflow_state__created_at"])
            )

    signatures = Signature.objects.filter(signed_at__gte=in_period["gte"], signed_at__lt=in_period["lt"])
    for row in signatures.filter(decision=Signature.REJECT).values("unit_id"):
        if row["unit_id"] in figures:
            figures[row["unit_id"]].returned += 1

    for row in LedgerEntry.objects.filter(
        action=LedgerAction.TAKE_DOWN, recorded_at__gte=in_period["gte"], recorded_at__lt=in_period["lt"]
    ).values("unit_id"):
        if row["unit_id"] in figures:
            figures[row["unit_id"]].taken_down += 1

    signers = {}
    for signature in signatures.select_related("signer", "unit", "task_state"):
        if unit_filter is not None and signature.unit_id not in unit_filter:
            continue
        key = signature.signer_id
        if key not in signers:
            signers[key] = SignerFigures(person_name(signature.signer), signature.unit.name)
        signers[key].signed += 1
        signers[key].hours.append(_hours(signature.signed_at - signature.task_state.started_at))
    return figures, sorted(signers.values(), key=lambda s: (s.unit, s.name))


def previous_periods(kind, today=None, count=12):
    """Recent periods of ``kind`` for the period picker, newest first."""
    today = today or timezone.localdate()
    if kind == "year":
        return [Period("year", today.year - n, 1) for n in range(count)]
    if kind == "quarter":
        quarter = (today.month - 1) // 3 + 1
        out, year = [], today.year
        for _ in range(count):
            out.append(Period("quarter", year, quarter))
            quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
        return out
    out, year, month = [], today.year, today.month
    for _ in range(count):
        out.append(Period("month", year, month))
        month, year = (month - 1, year) if month > 1 else (12, year - 1)
    return out
