"""The period's counts, built once per version of the plan and kept for the next request.

The counts of a period (goal × channel with reach, goal × audience, per audience, per week and
channel) are the SQL aggregates of queries.py, and the report's most expensive part: each reads
every publication of the period. They depend only on the plan — publications, posts with their
goals and audiences, channels and audiences with their reach — and every change to those raises
the municipality's content version (municipalities.content_version, the rule the feeds rely on).
So each worker keeps the counts per (municipality, content version, period, statuses, goals):
opening the report again, switching between tabs of the same period, exporting its CSV or
showing the home page's summary reuses them until the plan changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from planner.core.cache import VersionedCache
from planner.core.localtime import zone_of
from planner.coverage import queries
from planner.coverage.queries import ReachCount, Scope
from planner.municipalities.models import Municipality

#: How many periods' counts a worker keeps; the least recently used fall out first.
CACHE_SIZE = 128


@dataclass(frozen=True)
class PeriodCounts:
    """What the matrices, the trend and the period's gaps are made of. Read only."""

    #: Per (goal, channel): publications and their reach; goal None for posts serving no goal.
    per_channel: dict[tuple[int | None, int], ReachCount]
    #: Per (goal, audience); None for no goal among the report's, or no audience.
    per_audience: dict[tuple[int | None, int | None], int]
    #: Per audience, each publication once; None for posts naming no audience.
    audience_totals: dict[int | None, int]
    #: Per (week of the period, channel); week 0 is the one of the period's first Monday.
    weekly: dict[tuple[int, int], int]
    #: Per channel, from the weekly counts.
    channel_totals: dict[int, int]


cache: VersionedCache[PeriodCounts] = VersionedCache(CACHE_SIZE)


def period_counts(
    municipality: Municipality,
    scope: Scope,
    first_monday: date,
    goal_ids: Sequence[int],
    channel_reach: Mapping[int, str],
) -> PeriodCounts:
    """The counts of the scope, from the cache while the plan's content version is the same.

    `channel_reach`: the reach of each of the municipality's channels, by id.
    """
    zone = zone_of(municipality)
    goals = tuple(goal_ids)
    reaches = tuple(sorted(channel_reach.items()))
    key = (
        municipality.id,
        municipality.content_version,
        municipality.content_changed_at,
        scope,
        goals,
        reaches,
        first_monday,
        zone.key,
    )
    return cache.get_or_build(key, lambda: _count(scope, first_monday, zone, goals, reaches))


def _count(
    scope: Scope,
    first_monday: date,
    zone: ZoneInfo,
    goals: tuple[int, ...],
    reaches: tuple[tuple[int, str], ...],
) -> PeriodCounts:
    """Four aggregate queries, whatever the size of the plan."""
    weekly = queries.weekly_channel_counts(scope, first_monday, zone)
    return PeriodCounts(
        per_channel=queries.goal_channel_reach(scope, goals, dict(reaches)),
        per_audience=queries.goal_audience_counts(scope, goals),
        audience_totals=queries.audience_totals(scope),
        weekly=weekly,
        channel_totals=queries.channel_totals(weekly),
    )
