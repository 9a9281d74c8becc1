"""The calendar's rules: which days a view covers, the publications on them, the idea backlog.

Publications are stored in UTC and grouped by their LOCAL date in the municipality's time zone, so
a publication at 23:30 on the last day of a month belongs to that month, and weeks start on Monday
with ISO week numbers. Every view reads its publications in one query, with the filters in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from planner.core.db.functions import first_with_total
from planner.core.extensions import db
from planner.core.inputs import date_in_range
from planner.core.localtime import days_between, same_time_on, utcnow, zone_of
from planner.municipalities.models import Municipality
from planner.posts.deadlines import ReviewDeadline, review_deadlines
from planner.posts.filters import STATUS_FILTER_LABELS, PlanFilters, include_archived
from planner.posts.models import Post, PostStatus, Publication, PublicationStatus
from planner.posts.overdue import is_overdue, overdue_clause
from planner.posts.services import (
    audience_options,
    can_move,
    channel_options,
    goal_options,
    member_options,
)

MONTH = "month"
WEEK = "week"
AGENDA = "agenda"
VIEWS = (MONTH, WEEK, AGENDA)
DEFAULT_VIEW = MONTH
#: The agenda lists this many weeks from the Monday of the chosen date's week.
AGENDA_WEEKS = 4
#: How many posts the idea backlog lists; the rest are counted.
BACKLOG_LIMIT = 50
#: A day in the month view lists this many publications; the rest are counted, with a link to
#: the day's week, where every publication is listed.
MONTH_ITEMS_PER_DAY = 4


def parse_view(value: str | None) -> str:
    return value if value in VIEWS else DEFAULT_VIEW


def parse_day(value: str | None, default: date) -> date:
    """A YYYY-MM-DD date from the URL; anything else (or a date out of the product's range, see
    `core.inputs`) is the default, so a view and its neighbours always exist."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return default
    return day if date_in_range(day) else default


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- Undoing a move ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveUndo:
    """How to take a move back: move the publication again, to the local day it was on, from the
    version the move left (so a change made in between is refused, never overwritten).

    A move keeps the local time of day and the all-day flag, so a move back to the earlier day puts
    it exactly where it was. Kept in the session for a plain form POST (shown once).
    """

    municipality_id: int
    publication_id: int
    #: The local day it was on before the move.
    day: date
    #: Where it was (UTC) and whether all day, to check the move back lands exactly there.
    start: datetime
    all_day: bool
    #: The publication's version after the move: the move back must come from this one.
    version: int

    def as_session(self) -> dict:
        return {
            "municipality": self.municipality_id,
            "publication": self.publication_id,
            "day": self.day.isoformat(),
            "start": self.start.isoformat(),
            "all_day": self.all_day,
            "version": self.version,
        }

    @classmethod
    def from_session(cls, data: object) -> MoveUndo | None:
        """The undo a session holds, or None for anything else (never an error)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                int(data["municipality"]),
                int(data["publication"]),
                date.fromisoformat(data["day"]),
                datetime.fromisoformat(data["start"]),
                bool(data["all_day"]),
                int(data["version"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def undo_of_move(
    publication: Publication, before: datetime, municipality: Municipality
) -> MoveUndo | None:
    """The undo of a move that took `publication` from `before` (UTC) to where it is now.

    None when a move back would not land exactly on `before`: a local time that did not exist on
    the new day (the hour skipped when summer time starts) was moved to the next valid one.
    """
    zone = zone_of(municipality)
    day = before.astimezone(zone).date()
    if same_time_on(publication.publish_at, day, zone) != before:
        return None
    return MoveUndo(
        municipality.id,
        publication.id,
        day,
        before,
        publication.all_day,
        publication.version,
    )


# --- Periods -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days a view covers (first … last, inclusive) and where its neighbours begin."""

    view: str
    first: date
    last: date
    previous: date
    next: date


def period_of(view: str, day: date) -> Period:
    if view == MONTH:
        first = day.replace(day=1)
        next_first = (first + timedelta(days=31)).replace(day=1)
        previous_first = (first - timedelta(days=1)).replace(day=1)
        return Period(view, first, next_first - timedelta(days=1), previous_first, next_first)
    length = 7 if view == WEEK else 7 * AGENDA_WEEKS
    first = monday_of(day)
    return Period(
        view,
        first,
        first + timedelta(days=length - 1),
        first - timedelta(days=length),
        first + timedelta(days=length),
    )


# --- What the views show -------------------------------------------------------------------------


def is_movable(publication: Publication) -> bool:
    """Whether the calendar offers to drag the publication: the rule of the move itself (only a
    planned publication of a post that is not archived), asked of the posts services."""
    return can_move(publication)


@dataclass(frozen=True)
class CalendarItem:
    publication: Publication
    #: When it goes out, in the municipality's time zone (the start of the day when all-day).
    starts: datetime
    overdue: bool
    #: The post's approval deadline, when it is not approved yet (passed or not).
    deadline: ReviewDeadline | None = None

    @property
    def deadline_passed(self) -> bool:
        """Still to be approved and the day to approve it by is over: marked in the calendar
        (an overdue publication says Overdue instead, the stronger word)."""
        return (
            self.deadline is not None
            and self.deadline.passed
            and self.publication.status == PublicationStatus.PLANNED.value
            and not self.overdue
        )

    @property
    def day(self) -> date:
        return self.starts.date()

    @property
    def all_day(self) -> bool:
        return self.publication.all_day

    @property
    def cancelled(self) -> bool:
        return self.publication.status == PublicationStatus.CANCELLED.value

    @property
    def published(self) -> bool:
        return self.publication.status == PublicationStatus.PUBLISHED.value

    @property
    def movable(self) -> bool:
        return is_movable(self.publication)

    @property
    def slot(self) -> str:
        """Sorts the items of a day: all-day first, then by local time ("00:00" … "23:59")."""
        return "" if self.all_day else self.starts.time().isoformat(timespec="minutes")

    @property
    def sort_key(self) -> tuple:
        return (self.slot, self.publication.post.title.lower(), self.publication.id)


@dataclass
class Day:
    date: date
    items: list[CalendarItem]
    today: bool
    #: False for the days of neighbouring months that fill a month view's first and last weeks.
    in_period: bool = True
    #: Publications of the day a month view leaves out (after MONTH_ITEMS_PER_DAY), and how many
    #: of those are overdue: counted so the view can say so.
    hidden: int = 0
    hidden_overdue: int = 0


@dataclass
class Week:
    #: The ISO year and week number (2026-12-31 is in week 53 of 2026, 2027-01-04 in week 1).
    year: int
    number: int
    monday: date
    days: list[Day]


@dataclass
class Calendar:
    period: Period
    today: date
    weeks: list[Week]

    @property
    def view(self) -> str:
        return self.period.view

    @property
    def days(self) -> list[Day]:
        return [day for week in self.weeks for day in week.days if day.in_period]

    @property
    def busy_days(self) -> list[Day]:
        """The days with publications, for the agenda."""
        return [day for day in self.days if day.items]

    @property
    def item_count(self) -> int:
        return sum(len(day.items) + day.hidden for day in self.days)

    @property
    def shows_today(self) -> bool:
        return self.period.first <= self.today <= self.period.last


def _in_view(
    query: sa.Select,
    municipality: Municipality,
    first: date,
    last: date,
    filters: PlanFilters,
    now: datetime,
) -> sa.Select:
    """The filtered publications on local days first … last (joined to their posts).

    Archived posts' publications are left out unless the status filter asks for archived posts.
    """
    start, end = days_between(first, last, zone_of(municipality))
    query = query.where(
        Publication.municipality_id == municipality.id,
        Publication.publish_at >= start,
        Publication.publish_at < end,
        *filters.publication_conditions(now),
    )
    if not include_archived(filters):
        query = query.where(Post.status != PostStatus.ARCHIVED.value)
    return query


def _with_details(query: sa.Select) -> sa.Select:
    return query.options(
        contains_eager(Publication.post).joinedload(Post.owner),
        joinedload(Publication.channel),
    ).order_by(Publication.publish_at, Publication.id)


def publications_between(
    municipality: Municipality,
    first: date,
    last: date,
    filters: PlanFilters,
    *,
    now: datetime,
) -> list[Publication]:
    """The filtered publications on local days first … last, with post, owner and channel.

    One query whatever the number of publications.
    """
    query = sa.select(Publication).join(Publication.post)
    query = _with_details(_in_view(query, municipality, first, last, filters, now))
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class _Slot:
    """What placing a publication in a month needs, read without loading it."""

    id: int
    starts: datetime
    all_day: bool
    title: str
    overdue: bool

    @property
    def sort_key(self) -> tuple:
        # The same order as CalendarItem.sort_key.
        slot = "" if self.all_day else self.starts.time().isoformat(timespec="minutes")
        return (slot, self.title.lower(), self.id)


@dataclass
class _MonthChoice:
    """The publications a month view lists, and per day how many it leaves out."""

    ids: list[int] = field(default_factory=list)
    hidden: dict[date, tuple[int, int]] = field(default_factory=dict)


def _choose_for_month(
    municipality: Municipality, period: Period, filters: PlanFilters, now: datetime
) -> _MonthChoice:
    """First MONTH_ITEMS_PER_DAY of each day, from light rows; the others are only counted.

    A busy month can hold hundreds of publications: loading and drawing them all makes a page
    nobody can read. Two queries at any size: these rows, then the chosen publications.
    """
    zone = zone_of(municipality)
    overdue = sa.case((overdue_clause(now), True), else_=False)
    query = sa.select(
        Publication.id, Publication.publish_at, Publication.all_day, Post.title, overdue
    ).join(Publication.post)
    rows = db.session.execute(
        _in_view(query, municipality, period.first, period.last, filters, now)
    )
    by_day: dict[date, list[_Slot]] = defaultdict(list)
    for row in rows:
        slot = _Slot(row.id, row.publish_at.astimezone(zone), row.all_day, row.title, bool(row[4]))
        by_day[slot.starts.date()].append(slot)
    choice = _MonthChoice()
    for day, slots in by_day.items():
        slots.sort(key=lambda slot: slot.sort_key)
        shown, rest = slots[:MONTH_ITEMS_PER_DAY], slots[MONTH_ITEMS_PER_DAY:]
        choice.ids += [slot.id for slot in shown]
        if rest:
            choice.hidden[day] = (len(rest), sum(slot.overdue for slot in rest))
    return choice


def build_calendar(
    municipality: Municipality,
    view: str,
    day: date,
    filters: PlanFilters,
    *,
    today: date,
    now: datetime | None = None,
) -> Calendar:
    """The weeks of the view around `day`, each day with its publications in time order.

    A month lists at most MONTH_ITEMS_PER_DAY a day and counts the rest; week and agenda list all.
    """
    now = now or utcnow()
    zone = zone_of(municipality)
    period = period_of(view, day)
    hidden: dict[date, tuple[int, int]] = {}
    if view == MONTH:
        choice = _choose_for_month(municipality, period, filters, now)
        hidden = choice.hidden
        query = sa.select(Publication).join(Publication.post)
        publications = (
            list(
                db.session.scalars(
                    _with_details(query.where(Publication.id.in_(choice.ids)))
                ).unique()
            )
            if choice.ids
            else []
        )
    else:
        publications = publications_between(
            municipality, period.first, period.last, filters, now=now
        )
    deadlines = review_deadlines(
        list({publication.post for publication in publications}), municipality, today=today
    )
    by_day: dict[date, list[CalendarItem]] = defaultdict(list)
    for publication in publications:
        item = CalendarItem(
            publication,
            publication.publish_at.astimezone(zone),
            is_overdue(publication, now),
            deadlines.get(publication.post_id),
        )
        by_day[item.day].append(item)
    weeks = []
    monday = monday_of(period.first)
    while monday <= period.last:
        iso = monday.isocalendar()
        days = []
        for offset in range(7):
            current = monday + timedelta(days=offset)
            in_period = period.first <= current <= period.last
            items = sorted(by_day.get(current, []), key=lambda item: item.sort_key)
            more, more_overdue = hidden.get(current, (0, 0)) if in_period else (0, 0)
            days.append(
                Day(
                    current,
                    items if in_period else [],
                    current == today,
                    in_period,
                    hidden=more,
                    hidden_overdue=more_overdue,
                )
            )
        weeks.append(Week(iso.year, iso.week, monday, days))
        monday += timedelta(days=7)
    return Calendar(period, today, weeks)


# --- The idea backlog ----------------------------------------------------------------------------


@dataclass
class Backlog:
    posts: list[Post]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.posts)


def idea_backlog(
    municipality: Municipality,
    filters: PlanFilters,
    *,
    now: datetime | None = None,
    limit: int | None = None,
) -> Backlog:
    """Posts without publications, newest first, with the same filters, and how many in all.

    One query: the total comes with the rows as a window count.
    """
    now = now or utcnow()
    limit = limit or BACKLOG_LIMIT
    conditions = [
        Post.municipality_id == municipality.id,
        ~sa.exists().where(Publication.post_id == Post.id),
        *filters.post_conditions(now),
    ]
    if not include_archived(filters):
        conditions.append(Post.status != PostStatus.ARCHIVED.value)
    # Typed as a select of any columns, which first_with_total takes (its parameter says one).
    keys: sa.Select = sa.select(Post.id, Post.created_at).where(*conditions)
    chosen = first_with_total(
        keys,
        (Post.created_at.desc(), Post.id.desc()),
        limit,
    )
    rows = db.session.execute(
        sa.select(Post, chosen.c.total)
        .join(chosen, chosen.c.id == Post.id)
        .options(joinedload(Post.owner))
        .order_by(chosen.c.created_at.desc(), chosen.c.id.desc())
    ).all()
    posts = [post for post, _total in rows]
    total = rows[0].total if rows else 0
    return Backlog(posts, total)


# --- The filter form -----------------------------------------------------------------------------


@dataclass
class FilterOptions:
    """What the filter form offers; one query each, whatever the size of the plan."""

    channels: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    owners: list[tuple[int, str]] = field(default_factory=list)
    statuses: dict = field(default_factory=lambda: dict(STATUS_FILTER_LABELS))

    @classmethod
    def of(cls, municipality: Municipality) -> FilterOptions:
        return cls(
            channels=channel_options(municipality),
            audiences=audience_options(municipality),
            goals=goal_options(municipality),
            owners=member_options(municipality),
        )
