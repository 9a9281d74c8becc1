"""What a feed holds, independent of the database and of the format that writes it.

The feed services turn publications and posts into these; the iCalendar and RSS/Atom writers turn
these into bytes. Times are aware UTC datetimes; an all-day item has dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class CalendarEvent:
    #: Never changes for the same publication (or event), e.g. "publication-12@afjord.planner".
    uid: str
    #: Goes up whenever the time, status or title changes.
    sequence: int
    #: The title with the channel, e.g. "Fra vikar til fast (Facebook)".
    summary: str
    description: str
    #: TENTATIVE (not approved), CONFIRMED (approved or published) or CANCELLED.
    status: str
    #: A datetime (aware) for a timed item; a date for an all-day item.
    start: datetime | date
    #: Exclusive end: a datetime for a timed item, the day after for an all-day item; None when the
    #: item has no duration (a publication is a moment).
    end: datetime | date | None
    #: The last change of the item (aware UTC): DTSTAMP and LAST-MODIFIED, so output is stable.
    last_modified: datetime
    url: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


@dataclass(frozen=True)
class CalendarFeed:
    name: str
    description: str
    #: IANA zone the times are written in, e.g. "Europe/Oslo".
    timezone: str
    #: How often clients should poll (REFRESH-INTERVAL and X-PUBLISHED-TTL).
    refresh_interval: timedelta
    #: The address of the page the calendar belongs to (URL of the calendar, RFC 7986 SOURCE/URL).
    url: str = ""
    events: tuple[CalendarEvent, ...] = ()


@dataclass(frozen=True)
class NewsEntry:
    #: The permalink, used as guid (RSS) and id (Atom).
    permalink: str
    title: str
    summary: str
    #: Sanitised HTML of the whole post.
    content_html: str
    published: datetime
    updated: datetime
    categories: tuple[str, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class NewsFeed:
    title: str
    subtitle: str
    #: The HTML page the feed belongs to.
    link: str
    #: The address the feed was fetched from (atom:link rel="self").
    self_url: str
    #: nb, nn or en.
    language: str
    #: The latest change among the entries, or of the feed itself (stable, not "now").
    updated: datetime
    #: A stable id for Atom, e.g. the feed's own URL.
    feed_id: str
    entries: tuple[NewsEntry, ...] = field(default_factory=tuple)
