"""What each feed contains: publications (and events) of a scope, as feed items, and a version.

The version of a feed is derived from the data — the municipality's content version, which the
database raises with every change a feed can show — so that every worker and every database
agrees on it and a cached copy is never stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from planner.core.extensions import db
from planner.core.inputs import LATEST_DATE
from planner.feeds.items import CalendarEvent, CalendarFeed, NewsEntry, NewsFeed
from planner.feeds.models import FeedScope
from planner.feeds.tokens import FeedAccess
from planner.municipalities.models import Municipality
from planner.municipalities.services import find_municipality
from planner.posts.models import (
    POST_STATUS_LABELS,
    Post,
    PostKind,
    PostStatus,
    Publication,
    PublicationStatus,
    post_audience,
    post_goal,
)
from planner.posts.rendering import render_markdown
from planner.posts.services import get_post
from planner.strategy.models import Channel, Reach

PUBLISHED = PublicationStatus.PUBLISHED.value
CANCELLED = PublicationStatus.CANCELLED.value
ARCHIVED = PostStatus.ARCHIVED.value
APPROVED = PostStatus.APPROVED.value
EXTERNAL_REACH = (Reach.EXTERNAL.value, Reach.BOTH.value)
#: Feeds hold publications up to the last day the product accepts.
FEED_END = datetime(LATEST_DATE.year + 1, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Selection:
    """Which publications a feed shows: a municipality, a scope, public or private."""

    municipality: Municipality
    scope: str = FeedScope.ALL.value
    scope_id: int | None = None
    #: For "mine": the member whose posts.
    owner_id: int | None = None
    #: Public feeds show only what went out on external channels.
    public: bool = False

    @property
    def key(self) -> str:
        return feed_key(
            self.municipality.id,
            scope=self.scope,
            scope_id=self.scope_id,
            owner_id=self.owner_id,
            public=self.public,
        )


def feed_key(
    municipality_id: int, *, scope: str, scope_id: int | None, owner_id: int | None, public: bool
) -> str:
    """Names what a feed shows; a Selection's key, known before the municipality is loaded."""
    kind = "public" if public else "private"
    return f"{kind}:{municipality_id}:{scope}:{scope_id}:{owner_id}"


def link_key(access: FeedAccess) -> str:
    """The key of what a private link shows, known without loading the municipality."""
    return feed_key(
        access.municipality_id,
        scope=access.scope,
        scope_id=access.scope_id,
        owner_id=access.owner_id,
        public=False,
    )


def link_selection(access: FeedAccess) -> Selection:
    """What a private link shows: its scope in its municipality (for "mine", its maker's posts)."""
    municipality = db.session.get_one(Municipality, access.municipality_id)
    return Selection(
        municipality, scope=access.scope, scope_id=access.scope_id, owner_id=access.owner_id
    )


# --- What anyone may see -------------------------------------------------------------------------


def goes_out_publicly(publication: Publication) -> bool:
    """Published on a channel that reaches outside readers: what public feeds and pages show.

    The same rule as `_public_conditions`, for publications already loaded.
    """
    return publication.status == PUBLISHED and publication.channel.reach in EXTERNAL_REACH


def _public_conditions() -> list:
    """`goes_out_publicly`, as SQL conditions (with Channel joined)."""
    return [Publication.status == PUBLISHED, Channel.reach.in_(EXTERNAL_REACH)]


def public_municipality(slug: str) -> Municipality | None:
    """The municipality of a public page or feed, if it has chosen to publish its feeds."""
    municipality = find_municipality(slug)
    if municipality is None or not municipality.public_feeds:
        return None
    return municipality


@dataclass(frozen=True)
class PublicPost:
    post: Post
    #: Its publications that went out publicly, in the post's order.
    published: list[Publication]


def public_post(municipality: Municipality, post_id: int) -> PublicPost | None:
    """A post as anyone may read it: only one that went out on an external channel."""
    post = get_post(municipality, post_id)
    if post is None:
        return None
    published = [p for p in post.publications if goes_out_publicly(p)]
    if not published:
        return None
    return PublicPost(post, published)


@dataclass(frozen=True)
class Stamp:
    """A municipality's content version and when it last changed (see content_version)."""

    version: int
    changed_at: datetime

    @classmethod
    def of(cls, municipality: Municipality) -> Stamp:
        return cls(municipality.content_version, municipality.content_changed_at)


@dataclass(frozen=True)
class Window:
    start: datetime
    cancelled_since: datetime

    @classmethod
    def around(cls, now: datetime, *, days: int, cancelled_days: int) -> Window:
        # Whole UTC days, so the window (and the version) changes once a day, not every request.
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(today - timedelta(days=days), today - timedelta(days=cancelled_days))


def _conditions(selection: Selection, window: Window, *, news: bool) -> list:
    conditions = [
        Publication.municipality_id == selection.municipality.id,
        Publication.publish_at >= window.start,
        # Within the years the product accepts (a row stored before that rule stays out).
        Publication.publish_at < FEED_END,
    ]
    if selection.public:
        conditions += _public_conditions()
    elif news:
        conditions.append(Publication.status == PUBLISHED)
    else:
        # Cancelled items (and items of archived posts) stay a while so clients remove them.
        gone = sa.or_(Publication.status == CANCELLED, Post.status == ARCHIVED)
        conditions.append(sa.or_(~gone, Publication.updated_at >= window.cancelled_since))
    scope = FeedScope(selection.scope)
    if scope is FeedScope.CHANNEL:
        conditions.append(Publication.channel_id == selection.scope_id)
    elif scope is FeedScope.AUDIENCE:
        conditions.append(
            sa.exists().where(
                post_audience.c.post_id == Post.id,
                post_audience.c.audience_id == selection.scope_id,
            )
        )
    elif scope is FeedScope.GOAL:
        conditions.append(
            sa.exists().where(
                post_goal.c.post_id == Post.id, post_goal.c.goal_id == selection.scope_id
            )
        )
    elif scope is FeedScope.MINE:
        conditions.append(Post.owner_id == selection.owner_id)
    return conditions


def _base(selection: Selection, window: Window, *, news: bool):
    return (
        sa.select(Publication)
        .join(Post, Post.id == Publication.post_id)
        .join(Channel, Channel.id == Publication.channel_id)
        .where(*_conditions(selection, window, news=news))
    )


def feed_version(key: str, stamp: Stamp, window: Window, *, news: bool) -> str:
    """The version of a feed's content, without reading the plan.

    The municipality's content version goes up with every change a feed could show (see
    municipalities.content_version); the window's day is part of it because items leave the
    window daily.
    """
    parts = [
        key,
        "news" if news else "calendar",
        window.start.date().isoformat(),
        window.cancelled_since.date().isoformat(),
        str(stamp.version),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _publications(selection: Selection, window: Window, *, news: bool, limit: int | None = None):
    query = _base(selection, window, news=news).options(
        joinedload(Publication.channel),
        joinedload(Publication.post).options(
            selectinload(Post.goals), selectinload(Post.audiences)
        ),
    )
    if news:
        query = query.order_by(_went_out_column().desc(), Publication.id.desc())
    else:
        query = query.order_by(Publication.publish_at, Publication.id)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def _went_out_column():
    """When a publication went out, in SQL: its time marked published, else its planned time
    (a row from before that time was recorded)."""
    return sa.func.coalesce(Publication.published_at, Publication.publish_at)


def went_out_at(publication: Publication) -> datetime:
    """When a publication went out (the same rule as `_went_out_column`): the news feeds date and
    order their items by it; the calendar keeps the planned time."""
    return publication.published_at or publication.publish_at


def _calendar_status(publication: Publication) -> str:
    if publication.status == CANCELLED or publication.post.status == ARCHIVED:
        return "CANCELLED"
    if publication.status == PUBLISHED or publication.post.status == APPROVED:
        return "CONFIRMED"
    return "TENTATIVE"


@dataclass(frozen=True)
class _Labels:
    """The feed's words, translated once per feed rather than once per event."""

    status: str
    goals: str
    audiences: str
    statuses: dict
    event: str

    @classmethod
    def current(cls) -> _Labels:
        # gettext without arguments returns the template; it is filled in per event below.
        return cls(
            status=_("Status: %(status)s"),
            goals=_("Goals: %(goals)s"),
            audiences=_("Audiences: %(names)s"),
            statuses={status.value: str(label) for status, label in POST_STATUS_LABELS.items()},
            event=_("Event"),
        )


def _description(post: Post, link: str, labels: _Labels, *, public: bool) -> str:
    lines = [post.summary] if post.summary else []
    if not public:
        lines.append(labels.status % {"status": labels.statuses[post.status]})
        if post.goals:
            lines.append(labels.goals % {"goals": ", ".join(g.title for g in post.goals)})
        if post.audiences:
            lines.append(labels.audiences % {"names": ", ".join(a.name for a in post.audiences)})
    lines.append(link)
    return "\n\n".join(lines)


def _categories(publication: Publication, *, public: bool) -> tuple[str, ...]:
    names = [publication.channel.name]
    if not public:
        names += [goal.title for goal in publication.post.goals]
        names += [audience.name for audience in publication.post.audiences]
    return tuple(dict.fromkeys(names))


def calendar_feed(
    selection: Selection,
    window: Window,
    *,
    name: str,
    description: str,
    page_url: str,
    post_url: Callable[[Post], str],
    host: str,
    refresh: timedelta,
) -> CalendarFeed:
    """The calendar: one event per publication, and one per event post (its place and time)."""
    municipality = selection.municipality
    publications = _publications(selection, window, news=False)
    with force_locale(municipality.language):
        labels = _Labels.current()
        events = [_publication_event(p, selection, post_url, host, labels) for p in publications]
        events += _event_posts(publications, selection, post_url, host, labels)
    return CalendarFeed(
        name=name,
        description=description,
        timezone=municipality.timezone,
        refresh_interval=refresh,
        url=page_url,
        events=tuple(events),
    )


def _publication_event(
    publication: Publication, selection, post_url, host, labels: _Labels
) -> CalendarEvent:
    post = publication.post
    link = post_url(post)
    if publication.all_day:
        start = publication.publish_at.astimezone(_zone(selection)).date()
        end = start + timedelta(days=1)
    else:
        start, end = publication.publish_at, None
    return CalendarEvent(
        uid=f"publication-{publication.id}@{selection.municipality.slug}.{host}",
        sequence=publication.sequence,
        summary=f"{post.title} ({publication.channel.name})",
        description=_description(post, link, labels, public=selection.public),
        status=_calendar_status(publication),
        start=start,
        end=end,
        last_modified=max(publication.updated_at, post.updated_at),
        url=link,
        categories=_categories(publication, public=selection.public),
    )


def _event_posts(
    publications, selection: Selection, post_url, host, labels: _Labels
) -> list[CalendarEvent]:
    """Event posts (a theme evening, a network gathering) at their own place and time.

    Public feeds show only approved events; private ones show every event in scope.
    """
    #: Each event post once, with its start.
    posts: dict[int, tuple[Post, datetime]] = {}
    for publication in publications:
        post = publication.post
        if post.kind != PostKind.EVENT.value or post.event_starts_at is None:
            continue
        if not _within_feed_years(post.event_starts_at, post.event_ends_at):
            continue
        if selection.public and post.status != APPROVED:
            continue
        posts.setdefault(post.id, (post, post.event_starts_at))
    events = []
    for post, starts_at in posts.values():
        status = (
            "CANCELLED"
            if post.status == ARCHIVED
            else ("CONFIRMED" if post.status == APPROVED else "TENTATIVE")
        )
        events.append(
            CalendarEvent(
                uid=f"event-{post.id}@{selection.municipality.slug}.{host}",
                sequence=post.version,
                summary=post.title,
                description=_description(post, post_url(post), labels, public=selection.public),
                status=status,
                start=starts_at,
                end=post.event_ends_at,
                last_modified=post.updated_at,
                url=post_url(post),
                location=post.location,
                categories=(labels.event,),
            )
        )
    return sorted(events, key=lambda event: (event.start, event.uid))


def _within_feed_years(*moments: datetime | None) -> bool:
    """Whether the times lie before FEED_END (the query keeps publications there)."""
    return all(moment is None or moment < FEED_END for moment in moments)


def _zone(selection: Selection) -> ZoneInfo:
    return ZoneInfo(selection.municipality.timezone)


def news_feed(
    selection: Selection,
    window: Window,
    *,
    title: str,
    subtitle: str,
    page_url: str,
    self_url: str,
    feed_id: str,
    post_url: Callable[[Post], str],
    limit: int,
    last_change: datetime,
) -> NewsFeed:
    """Published posts, newest first by when they went out, one entry per post (its first
    publication in scope to go out)."""
    publications = _publications(selection, window, news=True, limit=limit * 3)
    first: dict[int, Publication] = {}
    for publication in reversed(publications):  # oldest first: keep each post's first
        first.setdefault(publication.post_id, publication)
    chosen = sorted(first.values(), key=lambda p: (went_out_at(p), p.id), reverse=True)[:limit]
    with force_locale(selection.municipality.language):
        entries = tuple(_news_entry(p, selection, post_url) for p in chosen)
    return NewsFeed(
        title=title,
        subtitle=subtitle,
        link=page_url,
        self_url=self_url,
        language=selection.municipality.language,
        updated=last_change,
        feed_id=feed_id,
        entries=entries,
    )


def _news_entry(publication: Publication, selection: Selection, post_url) -> NewsEntry:
    post = publication.post
    text = publication.text if selection.scope == FeedScope.CHANNEL.value else ""
    return NewsEntry(
        permalink=post_url(post),
        title=post.title,
        summary=text or post.summary,
        content_html=str(render_markdown(post.body)),
        published=went_out_at(publication),
        updated=max(post.updated_at, publication.updated_at),
        categories=_categories(publication, public=selection.public),
        author=selection.municipality.name,
    )
