"""The calendar's periods and weeks, without pages."""

from __future__ import annotations

from datetime import date, time

import pytest

from planner.calendar.services import build_calendar, parse_view, period_of
from planner.posts.filters import PlanFilters


@pytest.mark.parametrize(
    ("view", "day", "first", "last", "previous", "following"),
    [
        ("month", date(2026, 12, 15), date(2026, 12, 1), date(2026, 12, 31), date(2026, 11, 1),
         date(2027, 1, 1)),
        ("month", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29), date(2028, 1, 1),
         date(2028, 3, 1)),
        ("month", date(2026, 1, 31), date(2026, 1, 1), date(2026, 1, 31), date(2025, 12, 1),
         date(2026, 2, 1)),
        ("week", date(2027, 1, 3), date(2026, 12, 28), date(2027, 1, 3), date(2026, 12, 21),
         date(2027, 1, 4)),
        ("agenda", date(2026, 3, 25), date(2026, 3, 23), date(2026, 4, 19), date(2026, 2, 23),
         date(2026, 4, 20)),
    ],
)  # fmt: skip
def test_periods(view, day, first, last, previous, following):
    period = period_of(view, day)
    assert (period.first, period.last, period.previous, period.next) == (
        first,
        last,
        previous,
        following,
    )


def test_unknown_views_are_the_month():
    assert parse_view("week") == "week" and parse_view("year") == "month" and parse_view(None)


def test_month_weeks_start_on_monday_with_iso_numbers(plan):
    calendar = build_calendar(
        plan.municipality, "month", date(2027, 1, 20), PlanFilters(), today=date(2027, 1, 20)
    )
    assert [(week.year, week.number) for week in calendar.weeks] == [
        (2026, 53),
        (2027, 1),
        (2027, 2),
        (2027, 3),
        (2027, 4),  # Sunday 31 January ends week 4
    ]
    assert all(week.monday.weekday() == 0 for week in calendar.weeks)
    assert [day.date for day in calendar.weeks[0].days if not day.in_period] == [
        date(2026, 12, 28),
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
    ]
    assert len(calendar.days) == 31
    assert [day.date for day in calendar.days if day.today] == [date(2027, 1, 20)]


def test_items_of_a_day_are_all_day_first_then_by_local_time(plan):
    post = plan.post("Rekkefølge")
    day = date(2026, 10, 25)  # the day summer time ends
    for at in (time(23, 30), time(1, 30), None, time(12, 0)):
        plan.publication(post, day, at)
    calendar = build_calendar(plan.municipality, "week", day, PlanFilters(), today=day)
    items = next(d for d in calendar.days if d.date == day).items
    assert [item.slot for item in items] == ["", "01:30", "12:00", "23:30"]
    assert calendar.item_count == 4
