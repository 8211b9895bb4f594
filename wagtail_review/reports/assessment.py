"""What the performance report adds for assessment (Art. 11, 12): time limits kept, catalogue, self-inspection.

For each unit in a period:

* government documents whose 3-day deadline fell in the period, and how many
  were public by it (the on-time rate);
* release catalogue items, and how many are overdue today (a catalogue is
  judged as it stands: the columns' publish dates say nothing of past days);
* the daily self-inspections recorded in the period: on how many days the
  unit had items to act on, and how many items in all;

and a ranking: on-time rate first, then fewer overdue catalogue items, fewer
self-inspection items, and a faster median release.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from ..inspection.catalogue import CatalogueItem, due_items
from ..inspection.indicators import live_pages
from ..inspection.models import DailyResult
from ..inspection.time_limits import document_deadlines


def add_assessment(figures, period):
    """Fill the assessment fields of ``figures`` ({unit pk: UnitFigures}) for ``period`` and rank them.

    Returns the period's InspectionDays.
    """
    by_name = {row.unit.name: row for row in figures.values()}
    units = [row.unit for row in figures.values()]
    first_day, last_day = period.start.date(), (period.end - timedelta(days=1)).date()

    for deadline in document_deadlines(units):
        row = figures.get(getattr(deadline.unit, "pk", None))
        if row is None or deadline.due is None or not first_day <= deadline.due <= last_day:
            continue
        row.documents_due += 1
        if deadline.released is not None and deadline.released <= deadline.due:
            row.documents_on_time += 1

    for item in CatalogueItem.objects.filter(unit__in=units).values("unit_id"):
        figures[item["unit_id"]].catalogue_items += 1
    for found in due_items(timezone.localdate(), live_pages()[1], units):
        if found.overdue:
            figures[found.item.unit_id].catalogue_overdue += 1

    results = list(
        DailyResult.objects.filter(day__gte=first_day, day__lte=last_day).values("passed", "results")
    )
    for result in results:
        flagged = set()
        for indicator in result["results"]:
            for item in indicator.get("must_act", []):
                row = by_name.get(item.get("unit"))
                if row is not None:
                    row.inspection_items += 1
                    flagged.add(row.unit.pk)
        for pk in flagged:
            figures[pk].inspection_days += 1

    ranked = sorted(figures.values(), key=_standing)
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return InspectionDays(recorded=len(results), passed=sum(result["passed"] for result in results))


@dataclass(frozen=True)
class InspectionDays:
    """The period's recorded daily self-inspections, and on how many the site would have passed."""

    recorded: int
    passed: int


def _standing(row):
    rate = row.on_time_rate
    return (
        -(rate if rate is not None else 1),  # no document due: nothing was late
        row.catalogue_overdue,
        row.inspection_items,
        row.median_hours if row.median_hours is not None else float("inf"),
        row.unit.name,
    )
