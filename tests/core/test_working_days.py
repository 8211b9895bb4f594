"""Chinese working days for deadlines: official holidays, make-up working days, and years nobody knows yet."""

from datetime import date

import pytest

from wagtail_review.mailbox.calendar import (
    CalendarUnknown,
    WorkingDayOverride,
    add_working_days,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_five_working_days_across_the_spring_festival_and_a_make_up_saturday():
    # Received Friday 13 February 2026. Saturday the 14th is a make-up working day (调休), then the
    # festival runs from the 15th to the 23rd: the five working days are 14, 24, 25, 26 and 27 February.
    assert is_working_day(date(2026, 2, 14))
    assert not is_working_day(date(2026, 2, 16))
    assert add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
    # Saturday 28 February is the second make-up day: the sixth working day.
    assert add_working_days(date(2026, 2, 13), 6) == date(2026, 2, 28)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6


def test_a_year_nobody_knows_is_refused_not_guessed():
    with pytest.raises(CalendarUnknown, match="2027"):
        add_working_days(date(2026, 12, 28), 10)


def test_the_override_table_teaches_a_new_year_and_adjusts_a_known_one():
    # The 2027 holidays as announced in November: New Year's Day off, a make-up Sunday.
    WorkingDayOverride.objects.create(date=date(2027, 1, 1), is_working_day=False, note="元旦")
    WorkingDayOverride.objects.create(date=date(2027, 1, 3), is_working_day=True, note="调休上班")
    # 29, 30, 31 December 2026; 1 January off; 3 January (Sunday) worked; 4 January.
    assert add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 4)
    # A local adjustment of a year the library knows wins over it.
    WorkingDayOverride.objects.create(date=date(2026, 2, 24), is_working_day=False, note="local")
    assert add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 28)
