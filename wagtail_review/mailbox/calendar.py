"""Chinese working days (deadlines of the mailbox and, later, of release time limits).

A day is a working day by, in this order:

1. the information centre's override table (``WorkingDayOverride``), for a year the
   library does not know yet (the State Council announces next year's holidays each
   November) or for a local adjustment;
2. the ``chinese_calendar`` package: official holidays and the make-up working
   Saturdays and Sundays (调休) it knows, a maintained table updated each year.

When neither knows the year — the library's table ends before it and the override
table has nothing for it — ``CalendarUnknown`` is raised: a deadline is never
guessed from weekdays alone.
"""

from datetime import timedelta

import chinese_calendar
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CalendarUnknown(Exception):
    """Nobody has told the site which days of ``year`` are working days."""

    def __init__(self, year):
        self.year = year
        super().__init__(
            gettext(
                "The working-day calendar does not know %(year)s yet: enter that year's holidays and make-up "
                "working days under Working-day calendar, or update the chinese-calendar package."
            )
            % {"year": year}
        )


class WorkingDayOverride(models.Model):
    """One day whose status the information centre sets: a holiday, or a make-up working day."""

    date = models.DateField(_("calendar date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("working-day override")
        verbose_name_plural = _("working-day overrides")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {'班' if self.is_working_day else '休'}"


def is_working_day(day, overrides=None):
    """Whether ``day`` is a working day; ``CalendarUnknown`` if nobody knows its year."""
    if overrides is None:
        overrides = _overrides_for(day.year)
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        if overrides:
            # The year was entered by hand: its other days follow the week.
            return day.weekday() < 5
        raise CalendarUnknown(day.year) from None


def add_working_days(start, count):
    """The day ``count`` working days after ``start`` (``start`` itself not counted)."""
    if count <= 0:
        return start
    for day, working in _days_after(start):
        count -= working
        if count == 0:
            return day


def working_days_between(start, end):
    """How many working days after ``start`` up to and including ``end`` (0 if ``end`` is not later)."""
    count = 0
    for day, working in _days_after(start):
        if day > end:
            return count
        count += working


def _days_after(start):
    """``(day, is it a working day)`` for each day after ``start``, reading each year's overrides once."""
    day, overrides = start, {}
    while True:
        day += timedelta(days=1)
        if day.year not in overrides:
            overrides[day.year] = _overrides_for(day.year)
        yield day, is_working_day(day, overrides[day.year])


def _overrides_for(year):
    return dict(WorkingDayOverride.objects.filter(date__year=year).values_list("date", "is_working_day"))
