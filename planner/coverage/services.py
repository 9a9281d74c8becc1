"""The coverage report: how the plan covers the strategy in a period, and where it has gaps.

Counting unit: a publication (a post on one channel at one time) in the period, with a chosen
status (planned, published or both), of a post that is not archived. A post serving two goals
counts in both goals' rows; one for two audiences in both audiences' columns. Every count is a
SQL aggregate (see queries.py), so the report takes a fixed number of queries at any size.

Services read; they never change anything and never read the request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

import sqlalchemy as sa

from planner.core.extensions import db
from planner.core.localtime import days_between, zone_of
from planner.coverage import charts, gaps, periods, queries
from planner.coverage.counts import PeriodCounts, period_counts
from planner.coverage.gaps import Gap, GapGroup
from planner.coverage.periods import ReportPeriod
from planner.coverage.queries import ReachCount, Scope
from planner.municipalities.models import Municipality
from planner.posts.deadlines import review_deadlines
from planner.posts.models import Post
from planner.results.models import Indicator
from planner.results.services import improved, latest_measurements, summarise
from planner.strategy.models import (
    Audience,
    Channel,
    Goal,
    Reach,
    Strategy,
    StrategyStatus,
)
from planner.strategy.services import active_strategy, audiences_of, channels_of

BOTH = "both"
PLANNED = queries.PLANNED
PUBLISHED = queries.PUBLISHED
#: The status filter: which publications count.
STATUS_CHOICES = {
    BOTH: (PLANNED, PUBLISHED),
    PLANNED: (PLANNED,),
    PUBLISHED: (PUBLISHED,),
}
#: Lists of posts and publications among the gaps show this many; the rest are counted.
LIST_LIMIT = 20
#: Heat-map buckets: 0 for an empty cell, then 1 … HEAT_LEVELS by the share of the largest cell.
HEAT_LEVELS = 4

Item = TypeVar("Item")


# --- Matrices -------------------------------------------------------------------------------------


@dataclass
class Column(Generic[Item]):
    #: The channel or audience, or None for "no audience".
    item: Item | None
    total: int


@dataclass
class Row:
    #: The goal, or None for publications serving no goal of the active strategy.
    goal: Goal | None
    cells: list[int]
    total: int


@dataclass
class Matrix(Generic[Item]):
    columns: list[Column[Item]]
    rows: list[Row]
    #: Publications in the period, each counted once.
    total: int

    @property
    def largest(self) -> int:
        return max((cell for row in self.rows for cell in row.cells), default=0)

    def bucket(self, count: int) -> int:
        """The heat-map level of a cell: 0 when empty, else 1 … HEAT_LEVELS of the largest."""
        if count <= 0 or self.largest <= 0:
            return 0
        return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * count / self.largest)))

    def levels(self) -> list[HeatLevel]:
        """Every heat-map level with the counts of this table that fall in it, for the legend."""
        levels = [HeatLevel(0, 0, 0)]
        for level in range(1, HEAT_LEVELS + 1):
            # bucket(n) == level exactly when (level - 1) / 4 · largest < n ≤ level / 4 · largest.
            low = self.largest * (level - 1) // HEAT_LEVELS + 1
            high = self.largest * level // HEAT_LEVELS
            levels.append(HeatLevel(level, low, high))
        return levels


@dataclass(frozen=True)
class HeatLevel:
    """One shade of the heat map and the counts shown in it (none when `low` > `high`)."""

    level: int
    low: int
    high: int

    @property
    def empty(self) -> bool:
        return self.low > self.high


def _shown(items: list, totals: dict) -> list:
    """Items that are not archived, and archived ones only when they have publications."""
    return [item for item in items if not _archived(item) or totals.get(item.id, 0)]


def _archived(item) -> bool:
    return bool(item.archived)


def _goal_rows(goals: list[Goal], goal_totals: dict[int | None, int]) -> list[Goal | None]:
    rows: list[Goal | None] = list(goals)
    if goal_totals.get(None, 0):
        rows.append(None)
    return rows


def channel_matrix(
    goals: list[Goal],
    channels: list[Channel],
    cells: dict[tuple[int | None, int], int],
    channel_totals: dict[int, int],
    goal_totals: dict[int | None, int],
) -> Matrix[Channel]:
    columns = [Column(channel, channel_totals.get(channel.id, 0)) for channel in channels]
    rows = [
        Row(
            goal,
            [cells.get((goal.id if goal else None, channel.id), 0) for channel in channels],
            goal_totals.get(goal.id if goal else None, 0),
        )
        for goal in _goal_rows(goals, goal_totals)
    ]
    return Matrix(columns, rows, sum(channel_totals.values()))


def audience_matrix(
    goals: list[Goal],
    audiences: list[Audience],
    cells: dict[tuple[int | None, int | None], int],
    audience_totals: dict[int | None, int],
    goal_totals: dict[int | None, int],
    total: int,
) -> Matrix[Audience]:
    columns: list[Column[Audience]] = [
        Column(audience, audience_totals.get(audience.id, 0)) for audience in audiences
    ]
    if audience_totals.get(None, 0):
        columns.append(Column(None, audience_totals[None]))
    rows = [
        Row(
            goal,
            [
                cells.get((goal.id if goal else None, column.item.id if column.item else None), 0)
                for column in columns
            ],
            goal_totals.get(goal.id if goal else None, 0),
        )
        for goal in _goal_rows(goals, goal_totals)
    ]
    return Matrix(columns, rows, total)


# --- Trend ----------------------------------------------------------------------------------------


@dataclass
class TrendWeek:
    monday: date
    #: Days of the week inside the period (7 unless the period starts or ends within it).
    days: int
    counts: list[int]

    @property
    def iso(self):
        return self.monday.isocalendar()

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def partial(self) -> bool:
        return self.days < 7


@dataclass
class Trend:
    channels: list[Channel]
    weeks: list[TrendWeek]
    chart: charts.TrendChart


def trend(
    period: ReportPeriod, channels: list[Channel], counts: dict[tuple[int, int], int]
) -> Trend:
    mondays = period.weeks()
    weeks = []
    for index, monday in enumerate(mondays):
        first = max(monday, period.first)
        last = min(monday + timedelta(days=6), period.last)
        weeks.append(
            TrendWeek(
                monday,
                (last - first).days + 1,
                [counts.get((index, channel.id), 0) for channel in channels],
            )
        )
    series = [(channel, [week.counts[n] for week in weeks]) for n, channel in enumerate(channels)]
    return Trend(channels, weeks, charts.trend_chart(mondays, series))


# --- Reading the strategy ----------------------------------------------------------------------


@dataclass
class Strategic:
    """What the report is measured against: the active strategy's goals, audiences, channels."""

    strategy: Strategy | None
    goals: list[Goal]
    audiences: list[Audience]
    channels: list[Channel]


def strategic(municipality: Municipality) -> Strategic:
    """The active strategy and its goals (not archived), and every audience and channel.

    Four queries, with or without an active strategy.
    """
    strategy = active_strategy(municipality)
    goals = list(
        db.session.scalars(
            sa.select(Goal)
            .join(Strategy, Strategy.id == Goal.strategy_id)
            .where(
                Strategy.municipality_id == municipality.id,
                Strategy.status == StrategyStatus.ACTIVE.value,
                Goal.archived.is_(False),
            )
            .order_by(Goal.position, Goal.id)
        )
    )
    return Strategic(strategy, goals, audiences_of(municipality), channels_of(municipality))


def strategy_period(strategy: Strategy | None) -> tuple[date, date] | None:
    return (strategy.period_start, strategy.period_end) if strategy else None


def by_goal(per_channel: dict[tuple[int | None, int], ReachCount]) -> dict[int | None, ReachCount]:
    """Sum the counts per (goal, channel) per goal: each publication has one channel."""
    found: dict[int | None, ReachCount] = {}
    for (goal_id, _channel_id), counted in per_channel.items():
        found[goal_id] = found.get(goal_id, ReachCount()) + counted
    return found


def scope_of(municipality: Municipality, period: ReportPeriod, status: str) -> Scope:
    start, end = days_between(period.first, period.last, zone_of(municipality))
    return Scope(municipality.id, start, end, STATUS_CHOICES.get(status, STATUS_CHOICES[BOTH]))


def counts_of(
    municipality: Municipality, period: ReportPeriod, status: str, strategic_: Strategic
) -> PeriodCounts:
    """The period's counts (from the cache while the plan is unchanged, see counts.py)."""
    return period_counts(
        municipality,
        scope_of(municipality, period, status),
        period.weeks()[0],
        [goal.id for goal in strategic_.goals],
        {channel.id: channel.reach for channel in strategic_.channels},
    )


# --- Gaps -----------------------------------------------------------------------------------------


def _side_prefill(goal: Goal, missing: str, strategic_: Strategic) -> gaps.Prefill:
    """A new post for the goal, for the audiences on the side it misses, on a channel there."""
    audiences = [a.id for a in strategic_.audiences if not a.archived and a.reach == missing]
    channels = [c for c in strategic_.channels if c.active]
    channel = next((c for c in channels if c.reach == missing), None) or next(
        (c for c in channels if c.reach == Reach.BOTH.value), None
    )
    prefill: gaps.Prefill = {"goal": [goal.id], "audience": audiences}
    if channel is not None:
        prefill["channel"] = channel.id
    return prefill


def period_gaps(
    period: ReportPeriod,
    strategic_: Strategic,
    reach: dict[int | None, ReachCount],
    audience_totals: dict[int | None, int],
    channel_totals: dict[int, int],
) -> dict[str, GapGroup]:
    """The gaps that count publications in the period: goals, audiences, cadence, one side."""
    goals_without = [
        Gap(gaps.GOAL_WITHOUT, goal, count=0, prefill={"goal": [goal.id]})
        for goal in strategic_.goals
        if not reach.get(goal.id, ReachCount()).total
    ]
    audiences_without = [
        Gap(gaps.AUDIENCE_WITHOUT, audience, count=0, prefill={"audience": [audience.id]})
        for audience in strategic_.audiences
        if not audience.archived and not audience_totals.get(audience.id, 0)
    ]
    cadence = []
    for channel in strategic_.channels:
        if not channel.active:
            continue
        target = periods.cadence_target(
            channel.cadence_count, channel.cadence_period, period.first, period.last
        )
        count = channel_totals.get(channel.id, 0)
        if count < target:
            prefill: gaps.Prefill = {"channel": channel.id}
            cadence.append(Gap(gaps.CADENCE, channel, count=count, target=target, prefill=prefill))
    one_sided = []
    for goal in strategic_.goals:
        counted = reach.get(goal.id, ReachCount())
        if not counted.total or (counted.internal and counted.external):
            continue
        if counted.internal:
            side, missing, count = Reach.INTERNAL.value, Reach.EXTERNAL.value, counted.internal
        elif counted.external:
            side, missing, count = Reach.EXTERNAL.value, Reach.INTERNAL.value, counted.external
        else:
            side, missing, count = None, None, counted.total
        prefill = _side_prefill(goal, missing, strategic_) if missing else {"goal": [goal.id]}
        one_sided.append(Gap(gaps.ONE_SIDED, goal, count=count, side=side, prefill=prefill))
    return {
        gaps.GOAL_WITHOUT: GapGroup(gaps.GOAL_WITHOUT, goals_without, len(goals_without)),
        gaps.AUDIENCE_WITHOUT: GapGroup(
            gaps.AUDIENCE_WITHOUT, audiences_without, len(audiences_without)
        ),
        gaps.CADENCE: GapGroup(gaps.CADENCE, cadence, len(cadence)),
        gaps.ONE_SIDED: GapGroup(gaps.ONE_SIDED, one_sided, len(one_sided)),
    }


def untold_results(municipality: Municipality) -> list[Gap]:
    """Indicators whose latest measurement is better than the baseline, in the indicator's
    direction, that no approved or published story (not archived) cites at that measurement.
    """
    in_municipality = (Indicator.municipality_id == municipality.id, Indicator.archived.is_(False))
    latest = latest_measurements(*in_municipality)
    indicators = list(
        db.session.scalars(
            sa.select(Indicator).where(*in_municipality).order_by(sa.func.lower(Indicator.name))
        )
    )
    goals_of_indicator = queries.indicator_goal_ids(municipality.id)
    told = queries.told_results(municipality.id)
    found = []
    for indicator in indicators:
        measurement = latest.get(indicator.id)
        if measurement is None or not improved(
            indicator.direction, indicator.baseline_value, measurement.value
        ):
            continue
        cited_on = told.get(indicator.id)
        if cited_on is not None and cited_on >= measurement.measured_on:
            continue
        found.append(
            Gap(
                gaps.UNTOLD,
                indicator,
                summary=summarise(indicator, measurement),
                prefill={
                    "indicator": [indicator.id],
                    "goal": goals_of_indicator.get(indicator.id, []),
                },
            )
        )
    return found


def _days_in_review(post: Post, now: datetime) -> int:
    # Waiting posts are chosen by when they were submitted: it is set.
    assert post.submitted_at is not None
    return (now - post.submitted_at).days


def current_gaps(
    municipality: Municipality, *, now: datetime, review_days: int, limit: int = LIST_LIMIT
) -> dict:
    """The gaps about now: overdue, untold results, long reviews, outdated citations.

    The lists of publications and posts hold the first `limit`; their groups count them all.
    """
    overdue, overdue_total = queries.overdue_publications(municipality.id, now, limit)
    waiting, waiting_total = queries.posts_waiting_for_review(
        municipality.id, now - timedelta(days=review_days), limit
    )
    outdated, outdated_total = queries.outdated_citations(municipality.id, limit)
    untold = untold_results(municipality)
    deadlines = review_deadlines(
        waiting, municipality, today=now.astimezone(zone_of(municipality)).date()
    )
    return {
        gaps.OVERDUE: GapGroup(
            gaps.OVERDUE, [Gap(gaps.OVERDUE, p) for p in overdue], overdue_total
        ),
        gaps.UNTOLD: GapGroup(gaps.UNTOLD, untold, len(untold)),
        gaps.REVIEW: GapGroup(
            gaps.REVIEW,
            [
                Gap(
                    gaps.REVIEW,
                    post,
                    days=_days_in_review(post, now),
                    deadline=deadlines.get(post.id),
                )
                for post in waiting
            ],
            waiting_total,
        ),
        gaps.OUTDATED: GapGroup(
            gaps.OUTDATED, [Gap(gaps.OUTDATED, c) for c in outdated], outdated_total
        ),
    }


# --- The report -----------------------------------------------------------------------------------


@dataclass
class ReachRow:
    goal: Goal
    counted: ReachCount

    def percent(self, part: int) -> Decimal | None:
        """`part` of the goal's publications in per cent, to whole per cent."""
        if not self.counted.total:
            return None
        return (Decimal(part) * 100 / self.counted.total).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )


@dataclass
class CoverageReport:
    period: ReportPeriod
    status: str
    strategy: Strategy | None
    goals: list[Goal]
    channels: Matrix[Channel]
    audiences: Matrix[Audience]
    reach: list[ReachRow]
    trend: Trend
    gap_groups: list[GapGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.channels.total

    @property
    def gap_count(self) -> int:
        return sum(group.total for group in self.gap_groups)


def build_report(
    municipality: Municipality,
    period: ReportPeriod,
    status: str,
    *,
    now: datetime,
    review_days: int,
    list_limit: int = LIST_LIMIT,
    strategic_: Strategic | None = None,
) -> CoverageReport:
    """The whole report for the period; a fixed number of queries at any size."""
    strategic_ = strategic_ or strategic(municipality)
    counted = counts_of(municipality, period, status, strategic_)
    reach = by_goal(counted.per_channel)
    goal_totals = {goal_id: reached.total for goal_id, reached in reach.items()}
    channels = _shown(strategic_.channels, counted.channel_totals)
    audiences = _shown(strategic_.audiences, counted.audience_totals)
    channel_view = channel_matrix(
        strategic_.goals,
        channels,
        {key: reached.total for key, reached in counted.per_channel.items()},
        counted.channel_totals,
        goal_totals,
    )
    audience_view = audience_matrix(
        strategic_.goals,
        audiences,
        counted.per_audience,
        counted.audience_totals,
        goal_totals,
        channel_view.total,
    )
    groups = period_gaps(period, strategic_, reach, counted.audience_totals, counted.channel_totals)
    groups.update(current_gaps(municipality, now=now, review_days=review_days, limit=list_limit))
    return CoverageReport(
        period=period,
        status=status,
        strategy=strategic_.strategy,
        goals=strategic_.goals,
        channels=channel_view,
        audiences=audience_view,
        reach=[ReachRow(goal, reach.get(goal.id, ReachCount())) for goal in strategic_.goals],
        trend=trend(period, channels, counted.weekly),
        gap_groups=gaps.ordered(groups),
    )


@dataclass
class GapSummary:
    period: ReportPeriod
    groups: list[GapGroup]
    #: Kinds of gap with any gap, in all.
    kinds: int


def gap_summary(
    municipality: Municipality,
    *,
    today: date,
    now: datetime,
    review_days: int,
    count: int = 3,
    period: ReportPeriod | None = None,
) -> GapSummary:
    """The `count` most important kinds of gap for `period` (the report's default period unless
    told), for the home page and the weekly digest."""
    strategic_ = strategic(municipality)
    period = period or periods.resolve(periods.DEFAULT_KIND, today)
    counted = counts_of(municipality, period, BOTH, strategic_)
    groups = period_gaps(
        period,
        strategic_,
        by_goal(counted.per_channel),
        counted.audience_totals,
        counted.channel_totals,
    )
    groups.update(current_gaps(municipality, now=now, review_days=review_days))
    ordered = gaps.ordered(groups)
    return GapSummary(
        period, gaps.most_important(ordered, count), sum(1 for g in ordered if g.total)
    )
