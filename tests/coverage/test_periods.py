"""Periods in local days, and the cadence a channel owes in a period, prorated."""

from __future__ import annotations

from datetime import date

import pytest

from planner.coverage import periods
from planner.coverage.periods import cadence_target, cadence_units


@pytest.mark.parametrize(
    ("kind", "today", "first", "last"),
    [
        ("next4", date(2026, 3, 18), date(2026, 3, 18), date(2026, 4, 14)),
        ("month", date(2026, 2, 18), date(2026, 2, 1), date(2026, 2, 28)),
        ("month", date(2028, 2, 18), date(2028, 2, 1), date(2028, 2, 29)),
        ("quarter", date(2026, 5, 2), date(2026, 4, 1), date(2026, 6, 30)),
        ("quarter", date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
        ("strategy", date(2026, 5, 2), date(2026, 1, 1), date(2027, 12, 31)),
        ("custom", date(2026, 5, 2), date(2026, 3, 1), date(2026, 3, 31)),
        # Unusable choices fall back to the next 4 weeks.
        ("nonsense", date(2026, 5, 2), date(2026, 5, 2), date(2026, 5, 29)),
    ],
)
def test_periods(kind, today, first, last):
    period = periods.resolve(
        kind,
        today,
        strategy_period=(date(2026, 1, 1), date(2027, 12, 31)),
        first=date(2026, 3, 1),
        last=date(2026, 3, 31),
    )
    assert (period.first, period.last) == (first, last)


def test_strategy_period_without_a_strategy_is_the_default():
    period = periods.resolve("strategy", date(2026, 5, 2))
    assert (period.kind, period.first) == ("next4", date(2026, 5, 2))


def test_weeks_are_the_iso_weeks_touched():
    period = periods.ReportPeriod("custom", date(2026, 12, 30), date(2027, 1, 5))
    assert period.weeks() == [date(2026, 12, 28), date(2027, 1, 4)]
    assert [monday.isocalendar()[:2] for monday in period.weeks()] == [(2026, 53), (2027, 1)]
    assert period.days == 7


@pytest.mark.parametrize(
    ("cadence", "first", "last", "units"),
    [
        ("week", date(2026, 3, 2), date(2026, 3, 29), "4"),
        ("week", date(2026, 3, 1), date(2026, 3, 10), str(10 / 7)),
        ("month", date(2026, 3, 1), date(2026, 3, 31), "1"),
        ("month", date(2026, 4, 1), date(2026, 4, 15), "0.5"),
        ("month", date(2026, 3, 1), date(2026, 4, 15), "1.5"),
        ("month", date(2026, 1, 1), date(2026, 12, 31), "12"),
        ("month", date(2026, 2, 15), date(2026, 2, 28), "0.5"),
    ],
)
def test_cadence_units(cadence, first, last, units):
    assert float(cadence_units(cadence, first, last)) == pytest.approx(float(units))


@pytest.mark.parametrize(
    ("count", "cadence", "first", "last", "target"),
    [
        # A whole month of a monthly channel: the agreed number.
        (8, "month", date(2026, 3, 1), date(2026, 3, 31), 8),
        # Two a week over a 30-day month: 8.57, so 9.
        (2, "week", date(2026, 4, 1), date(2026, 4, 30), 9),
        # Two a week over four whole weeks.
        (2, "week", date(2026, 3, 2), date(2026, 3, 29), 8),
        # Partial: once a month over 28 of 31 days is 0.90, so 1; over 7 days 0.23, so none.
        (1, "month", date(2026, 3, 1), date(2026, 3, 28), 1),
        (1, "month", date(2026, 3, 1), date(2026, 3, 7), 0),
        # Half up: 3 a week over 4 days is 1.71 → 2; once a week over 3 days is 0.43 → 0;
        # over 4 days 0.57 → 1.
        (3, "week", date(2026, 3, 2), date(2026, 3, 5), 2),
        (1, "week", date(2026, 3, 2), date(2026, 3, 4), 0),
        (1, "week", date(2026, 3, 2), date(2026, 3, 5), 1),
        # A quarter of a monthly channel, 4 a month.
        (4, "month", date(2026, 1, 1), date(2026, 3, 31), 12),
        # Across months of different lengths: 15 Feb–14 Mar is 14/28 + 14/31 = 0.95 months.
        (10, "month", date(2026, 2, 15), date(2026, 3, 14), 10),
    ],
)
def test_cadence_targets_are_prorated_and_rounded_half_up(count, cadence, first, last, target):
    assert cadence_target(count, cadence, first, last) == target
