"""The SQL of the coverage report: counts as GROUP BY aggregates, and short lists for the gaps.

Nothing here loads publications to count them: every count is an aggregate the database computes,
and every list is limited, so the report takes the same number of queries for an empty
municipality as for one with tens of thousands of publications.

What counts: publications in the period's UTC window (local days, see periods.py) with one of the
chosen statuses (planned, published), of posts that are not archived. Cancelled publications and
archived posts never count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from planner.core.db.functions import epoch_seconds, first_with_total
from planner.core.extensions import db
from planner.core.localtime import offset_changes
from planner.posts.models import (
    CitedResult,
    Post,
    PostStatus,
    Publication,
    PublicationStatus,
    post_audience,
    post_goal,
)
from planner.posts.overdue import overdue_clause
from planner.results.models import Indicator, Measurement, indicator_goal
from planner.strategy.models import Audience, Goal, Reach

ARCHIVED = PostStatus.ARCHIVED.value
APPROVED = PostStatus.APPROVED.value
PLANNED = PublicationStatus.PLANNED.value
PUBLISHED = PublicationStatus.PUBLISHED.value
#: The publication statuses a report may count; cancelled is never one of them.
COUNTABLE = (PLANNED, PUBLISHED)


@dataclass(frozen=True)
class Scope:
    """What a count covers: a municipality, a UTC window [start, end) and publication statuses."""

    municipality_id: int
    start: datetime
    end: datetime
    statuses: tuple[str, ...] = COUNTABLE

    def conditions(self) -> list:
        """Conditions on publications joined to their posts."""
        return [*self.publication_conditions(), Post.status != ARCHIVED]

    def publication_conditions(self) -> list:
        """The conditions on the publications alone (the post's status is the other)."""
        return [
            Publication.municipality_id == self.municipality_id,
            Publication.publish_at >= self.start,
            Publication.publish_at < self.end,
            Publication.status.in_([s for s in self.statuses if s in COUNTABLE]),
        ]


def _publications(*columns) -> sa.Select:
    return sa.select(*columns).select_from(Publication).join(Post, Post.id == Publication.post_id)


def _with_goals(query: sa.Select, goal_ids: Sequence[int]) -> sa.Select:
    """Join the post's goals among `goal_ids`; a post serving none of them gets one NULL row."""
    return query.outerjoin(
        post_goal, sa.and_(post_goal.c.post_id == Post.id, post_goal.c.goal_id.in_(goal_ids))
    )


def _with_audiences(query: sa.Select) -> sa.Select:
    """Join the post's audiences; a post naming none gets one NULL row."""
    return query.outerjoin(post_audience, post_audience.c.post_id == Post.id)


def _counts(query: sa.Select) -> dict:
    """The rows of a grouped count as {key: count}; a key of one column is not a tuple."""
    result = {}
    for *key, count in db.session.execute(query):
        result[key[0] if len(key) == 1 else tuple(key)] = int(count)
    return result


# --- Counts ---------------------------------------------------------------------------------------


def goal_audience_counts(
    scope: Scope, goal_ids: Sequence[int]
) -> dict[tuple[int | None, int | None], int]:
    """Publications per (goal, audience); None for no goal among `goal_ids`, or no audience.

    The publications are counted per post first, so the goals and audiences are joined once per
    post rather than once per publication.
    """
    per_post = (
        sa.select(Publication.post_id.label("post_id"), sa.func.count().label("publications"))
        .where(*scope.publication_conditions())
        .group_by(Publication.post_id)
        .subquery()
    )
    goal, audience = post_goal.c.goal_id, post_audience.c.audience_id
    query = _with_audiences(
        _with_goals(
            sa.select(goal, audience, sa.func.sum(per_post.c.publications))
            .select_from(per_post)
            .join(Post, Post.id == per_post.c.post_id),
            goal_ids,
        )
    )
    return _counts(query.where(Post.status != ARCHIVED).group_by(goal, audience))


def audience_totals(scope: Scope) -> dict[int | None, int]:
    """Publications per audience, each counted once per audience; None for posts naming none."""
    audience = post_audience.c.audience_id
    query = _with_audiences(_publications(audience, sa.func.count(Publication.id)))
    return _counts(query.where(*scope.conditions()).group_by(audience))


@dataclass(frozen=True)
class ReachCount:
    """Publications, and how many of them reach internal and external readers."""

    total: int = 0
    internal: int = 0
    external: int = 0
    #: Publications that reach at least one side (a publication can reach both).
    either: int = 0

    @property
    def neither(self) -> int:
        """Publications whose audiences their channel does not reach: counted on neither side."""
        return self.total - self.either

    def __add__(self, other: ReachCount) -> ReachCount:
        return ReachCount(
            self.total + other.total,
            self.internal + other.internal,
            self.external + other.external,
            self.either + other.either,
        )


def goal_channel_reach(
    scope: Scope, goal_ids: Sequence[int], channel_reach: Mapping[int, str]
) -> dict[tuple[int | None, int], ReachCount]:
    """Per (goal, channel): the publications, and how many reach internal and external readers.

    Goal None is for posts serving none of `goal_ids`. A publication reaches a side when its
    channel reaches that side (the side itself, or both) and its post is for an audience on that
    side, or names no audience at all (then the channel decides alone).

    Which sides a post's audiences are on is worked out once per post (for the posts with a
    publication in the period), joined to the publications, and the database counts them per
    goal, channel and sides; the reach follows from those few rows and each channel's reach in
    `channel_reach` (the municipality's channels by id). Both databases plan this well for a
    short period and for years.
    """

    def audience_on(side: str):
        return sa.func.max(sa.case((Audience.reach == side, 1), else_=0)).label(side)

    in_period = sa.select(Publication.post_id).where(
        Publication.municipality_id == scope.municipality_id,
        Publication.publish_at >= scope.start,
        Publication.publish_at < scope.end,
    )
    sides = (
        sa.select(
            post_audience.c.post_id.label("post_id"),
            audience_on(Reach.INTERNAL.value),
            audience_on(Reach.EXTERNAL.value),
        )
        .join(Audience, Audience.id == post_audience.c.audience_id)
        .where(post_audience.c.post_id.in_(in_period))
        .group_by(post_audience.c.post_id)
        .subquery()
    )
    keys = (
        post_goal.c.goal_id,
        Publication.channel_id,
        sides.c.internal,
        sides.c.external,
        sa.case((sides.c.post_id.is_(None), 0), else_=1),
    )
    query = (
        _with_goals(_publications(*keys, sa.func.count()), goal_ids)
        .outerjoin(sides, sides.c.post_id == Post.id)
        .where(*scope.conditions())
        .group_by(*keys)
    )
    found: dict[tuple[int | None, int], ReachCount] = {}
    for goal_id, channel_id, internal, external, named_any, count in db.session.execute(query):
        reach = channel_reach.get(channel_id)
        inside = _reaches(Reach.INTERNAL, reach, internal, named_any)
        outside = _reaches(Reach.EXTERNAL, reach, external, named_any)
        counted = ReachCount(
            int(count), inside * count, outside * count, (inside or outside) * count
        )
        found[(goal_id, channel_id)] = found.get((goal_id, channel_id), ReachCount()) + counted
    return found


def _reaches(
    side: Reach, channel_reach: str | None, audience_on_side: int | None, named_any: int
) -> bool:
    """A channel on the side (or both) carries it there, if the post names that side or none."""
    return channel_reach in (side.value, Reach.BOTH.value) and bool(
        audience_on_side or not named_any
    )


WEEK_SECONDS = 7 * 24 * 3600


def weekly_channel_counts(
    scope: Scope, first_monday: date, zone: ZoneInfo
) -> dict[tuple[int, int], int]:
    """Publications per (week, channel); week n is the n-th local week from `first_monday`.

    The week comes from integer arithmetic on the publication's local time: its UTC seconds
    plus the zone's offset then (a short CASE over the period's daylight-saving changes), less
    the local seconds of the first Monday, divided by a week. Exact on both databases, at the
    cost of a few comparisons per publication whatever the period's length.
    """
    offset = _utc_offset(offset_changes(zone, scope.start, scope.end))
    monday = int(datetime.combine(first_monday, time(0), tzinfo=UTC).timestamp())
    week = ((epoch_seconds(Publication.publish_at) + offset - monday) // WEEK_SECONDS).label("week")
    # The week of each counted publication, then counted per channel outside, so GROUP BY names
    # a plain column on both databases.
    weeks = (
        _publications(week, Publication.channel_id.label("channel_id"))
        .where(*scope.conditions())
        .subquery()
    )
    query = sa.select(weeks.c.week, weeks.c.channel_id, sa.func.count()).group_by(
        weeks.c.week, weeks.c.channel_id
    )
    return _counts(query)


def _utc_offset(changes: list[tuple[datetime, int]]):
    """SQL: the zone's offset in seconds at the publication's time, from (since, offset) pairs."""
    (_, last), *_ = changes[-1:]
    if len(changes) == 1:
        return sa.literal(last)
    earlier = zip(changes[1:], changes, strict=False)
    return sa.case(
        *(
            (Publication.publish_at < since, sa.literal(offset))
            for (since, _), (_, offset) in earlier
        ),
        else_=sa.literal(last),
    )


def channel_totals(weekly: dict[tuple[int, int], int]) -> dict[int, int]:
    """Publications per channel, from the weekly counts (each publication is in one week)."""
    totals: dict[int, int] = {}
    for (_week, channel_id), count in weekly.items():
        totals[channel_id] = totals.get(channel_id, 0) + count
    return totals


# --- Lists for the gaps -------------------------------------------------------------------------


def overdue_publications(
    municipality_id: int, now: datetime, limit: int
) -> tuple[list[Publication], int]:
    """Planned publications past due while their post is not approved, oldest first."""
    chosen = first_with_total(
        sa.select(Publication.id, Publication.due_at)
        .join(Post, Post.id == Publication.post_id)
        .where(
            Publication.municipality_id == municipality_id,
            Post.status != ARCHIVED,
            overdue_clause(now),
        ),
        (Publication.due_at, Publication.id),
        limit,
    )
    rows = db.session.execute(
        sa.select(Publication, chosen.c.total)
        .join(chosen, chosen.c.id == Publication.id)
        .join(Publication.post)
        .options(contains_eager(Publication.post), joinedload(Publication.channel))
        .order_by(chosen.c.due_at, chosen.c.id)
    ).all()
    return [publication for publication, _total in rows], rows[0].total if rows else 0


def posts_waiting_for_review(
    municipality_id: int, submitted_before: datetime, limit: int
) -> tuple[list[Post], int]:
    """Posts in review since before the moment given, the longest waiting first."""
    chosen = first_with_total(
        sa.select(Post.id, Post.submitted_at).where(
            Post.municipality_id == municipality_id,
            Post.status == PostStatus.IN_REVIEW.value,
            Post.submitted_at < submitted_before,
        ),
        (Post.submitted_at, Post.id),
        limit,
    )
    rows = db.session.execute(
        sa.select(Post, chosen.c.total)
        .join(chosen, chosen.c.id == Post.id)
        .options(joinedload(Post.owner))
        .order_by(chosen.c.submitted_at, chosen.c.id)
    ).all()
    return [post for post, _total in rows], rows[0].total if rows else 0


def _latest_dates(municipality_id: int):
    """Subquery: the date of each indicator's latest measurement, in the municipality."""
    return (
        sa.select(
            Measurement.indicator_id.label("indicator_id"),
            sa.func.max(Measurement.measured_on).label("measured_on"),
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(Indicator.municipality_id == municipality_id)
        .group_by(Measurement.indicator_id)
        .subquery()
    )


def _telling():
    """SQL: a post that tells its results: approved, or with a publication that went out."""
    went_out = (
        sa.select(1).where(Publication.post_id == Post.id, Publication.status == PUBLISHED).exists()
    )
    return sa.and_(Post.status != ARCHIVED, sa.or_(Post.status == APPROVED, went_out))


def told_results(municipality_id: int) -> dict[int, date | None]:
    """Per indicator that a telling post links: the newest measurement date such a post cited.

    A post cites the latest measurement there was when it was approved (CitedResult.cited_on), so
    a story approved before a measurement never cites it.
    """
    query = (
        sa.select(CitedResult.indicator_id, sa.func.max(CitedResult.cited_on))
        .join(Post, Post.id == CitedResult.post_id)
        .where(Post.municipality_id == municipality_id, _telling())
        .group_by(CitedResult.indicator_id)
    )
    return {indicator_id: cited_on for indicator_id, cited_on in db.session.execute(query)}


def indicator_goal_ids(municipality_id: int) -> dict[int, list[int]]:
    """The goals (not archived) each indicator of the municipality serves, in goal order."""
    query = (
        sa.select(indicator_goal.c.indicator_id, Goal.id)
        .join(Goal, Goal.id == indicator_goal.c.goal_id)
        .where(Goal.municipality_id == municipality_id, Goal.archived.is_(False))
        .order_by(indicator_goal.c.indicator_id, Goal.position, Goal.id)
    )
    found: dict[int, list[int]] = {}
    for indicator_id, goal_id in db.session.execute(query):
        found.setdefault(indicator_id, []).append(goal_id)
    return found


@dataclass(frozen=True)
class OutdatedCitation:
    post: Post
    indicator: Indicator
    cited_on: date | None
    latest_on: date


def outdated_citations(municipality_id: int, limit: int) -> tuple[list[OutdatedCitation], int]:
    """Approved stories that cite a result with a newer measurement than the one they cited.

    The same rule as the "result updated since this was written" warning on the post page.
    """
    latest = _latest_dates(municipality_id)
    chosen = first_with_total(
        sa.select(
            CitedResult.post_id,
            CitedResult.indicator_id,
            latest.c.measured_on,
            Post.approved_at,
            Indicator.name,
        )
        .join(Post, Post.id == CitedResult.post_id)
        .join(Indicator, Indicator.id == CitedResult.indicator_id)
        .join(latest, latest.c.indicator_id == CitedResult.indicator_id)
        .where(
            Post.municipality_id == municipality_id,
            Post.status != ARCHIVED,
            sa.or_(Post.status == APPROVED, Post.approved_at.is_not(None)),
            sa.or_(CitedResult.cited_on.is_(None), latest.c.measured_on > CitedResult.cited_on),
        ),
        (Post.approved_at.desc(), CitedResult.post_id, Indicator.name),
        limit,
    )
    rows = db.session.execute(
        sa.select(CitedResult, Post, Indicator, chosen.c.measured_on, chosen.c.total)
        .join(
            chosen,
            sa.and_(
                chosen.c.post_id == CitedResult.post_id,
                chosen.c.indicator_id == CitedResult.indicator_id,
            ),
        )
        .join(Post, Post.id == CitedResult.post_id)
        .join(Indicator, Indicator.id == CitedResult.indicator_id)
        .order_by(chosen.c.approved_at.desc(), chosen.c.post_id, chosen.c.name)
    ).all()
    found = [
        OutdatedCitation(post, indicator, cited.cited_on, latest_on)
        for cited, post, indicator, latest_on, _total in rows
    ]
    return found, rows[0].total if rows else 0
