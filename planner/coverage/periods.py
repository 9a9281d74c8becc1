"""The periods a coverage report covers, in local days, and the cadence a channel owes in one.

A period is a run of whole local days, first and last inclusive, in the municipality's time zone;
its UTC bounds come from `planner.core.localtime.days_between`, so a publication at 23:30 on the
last day counts and one at 00:30 the next day does not, in summer and in winter.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from planner.strategy.models import CadencePeriod

NEXT_WEEKS = "next4"
MONTH = "month"
QUARTER = "quarter"
STRATEGY = "strategy"
CUSTOM = "custom"
KINDS = (NEXT_WEEKS, MONTH, QUARTER, STRATEGY, CUSTOM)
DEFAULT_KIND = NEXT_WEEKS
#: "Next 4 weeks" is today and the 27 days after it.
NEXT_WEEKS_DAYS = 28
#: The longest custom period, so the trend chart stays readable (about five years).
MAX_DAYS = 5 * 366


@dataclass(frozen=True)
class ReportPeriod:
    """Local days first … last, inclusive, and how the period was chosen."""

    kind: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def weeks(self) -> list[date]:
        """The Monday of every ISO week that has a day in the period."""
        monday = monday_of(self.first)
        mondays = []
        while monday <= self.last:
            mondays.append(monday)
            monday += timedelta(days=7)
        return mondays


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_weeks(today: date) -> ReportPeriod:
    return ReportPeriod(NEXT_WEEKS, today, today + timedelta(days=NEXT_WEEKS_DAYS - 1))


def this_month(today: date) -> ReportPeriod:
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return ReportPeriod(MONTH, first, last)


def this_quarter(today: date) -> ReportPeriod:
    first_month = 3 * ((today.month - 1) // 3) + 1
    last_month = first_month + 2
    return ReportPeriod(
        QUARTER,
        date(today.year, first_month, 1),
        date(today.year, last_month, calendar.monthrange(today.year, last_month)[1]),
    )


def resolve(
    kind: str,
    today: date,
    *,
    strategy_period: tuple[date, date] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> ReportPeriod:
    """The period of a kind; the default (next 4 weeks) when the kind cannot be used."""
    if kind == MONTH:
        return this_month(today)
    if kind == QUARTER:
        return this_quarter(today)
    if kind == STRATEGY and strategy_period is not None:
        return ReportPeriod(STRATEGY, *strategy_period)
    if kind == CUSTOM and first is not None and last is not None and first <= last:
        return ReportPeriod(CUSTOM, first, last)
    return next_weeks(today)


# --- Cadence -------------------------------------------------------------------------------------


def cadence_units(cadence_period: str, first: date, last: date) -> Decimal:
    """How many of the channel's cadence periods (weeks or months) local days first … last make.

    A week is seven days, so 10 days are 10/7 weeks. A month counts by its own length: each month
    the period touches adds the share of its days that lie in the period, so all of March is 1,
    15 of April's 30 days are 0.5, and 1 March – 15 April is 1.5.
    """
    days = (last - first).days + 1
    if cadence_period == CadencePeriod.WEEK.value:
        return Decimal(days) / 7
    units = Decimal(0)
    month_start = first.replace(day=1)
    while month_start <= last:
        length = calendar.monthrange(month_start.year, month_start.month)[1]
        month_end = month_start.replace(day=length)
        inside = (min(last, month_end) - max(first, month_start)).days + 1
        units += Decimal(inside) / length
        month_start = month_end + timedelta(days=1)
    return units


def cadence_target(count: int, cadence_period: str, first: date, last: date) -> int:
    """The publications a channel agreed to n per week or month owes in the period.

    The agreed number times the period's length in weeks or months (see `cadence_units`),
    rounded half up to whole publications: 2 a week over a 30-day month is 8.57, so 9; once a
    month over 28 days of a 31-day month is 0.90, so 1; over 7 days of it 0.23, so none.
    """
    exact = Decimal(count) * cadence_units(cadence_period, first, last)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
