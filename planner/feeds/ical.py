"""Writes a :class:`~planner.feeds.items.CalendarFeed` as iCalendar (RFC 5545 with RFC 7986).

The output depends only on the feed: DTSTAMP and LAST-MODIFIED come from each item's last change
and the VTIMEZONE from the zone's rules (see :mod:`planner.feeds.vtimezone`), so the same data
always gives the same bytes (cheap ETags, no needless client updates).

Timed items are written as local wall time with ``TZID`` of the feed's zone, except for the hour
that occurs twice when the clocks go back: such a time is written in UTC, because RFC 5545 reads
an ambiguous local time as the first occurrence and clients differ in what they actually do.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCategory, vDuration, vText, vUri

from planner.feeds.items import CalendarEvent, CalendarFeed
from planner.feeds.vtimezone import HORIZON_YEARS, load_zone, vtimezone_for

PRODID = "-//Planner//Kommunikasjonsplan//NB"
STATUSES = frozenset({"TENTATIVE", "CONFIRMED", "CANCELLED"})

_CONTROL = re.compile(r"[\x00-\x20\x7f]")
#: Control characters TEXT may not hold (RFC 5545 3.3.11); tab and line breaks are kept.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def build_calendar(feed: CalendarFeed) -> bytes:
    """The feed as an iCalendar object: CRLF lines folded at 75 octets, UTF-8."""
    zone = load_zone(feed.timezone)
    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    # icalendar writes NAME and X-WR-* as unescaped "unknown" values; vText escapes them.
    cal.add("NAME", _text(feed.name))
    cal.add("X-WR-CALNAME", _text(feed.name))
    if feed.description:
        cal.add("DESCRIPTION", _text(feed.description))
        cal.add("X-WR-CALDESC", _text(feed.description))
    cal.add("X-WR-TIMEZONE", vText(feed.timezone))
    if feed.refresh_interval <= timedelta(0):
        raise ValueError("refresh_interval must be positive")
    cal.add("REFRESH-INTERVAL", vDuration(feed.refresh_interval), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(feed.refresh_interval))
    if feed.url:
        # The page the calendar belongs to. SOURCE (RFC 7986) would be the .ics address itself,
        # which the feed does not know; a page address there would re-point subscriptions.
        cal.add("URL", vUri(_uri(feed.url)))

    cal.add_component(vtimezone_for(feed.timezone, *_zone_years(feed, zone)))

    for event in feed.events:
        cal.add_component(_event(event, feed.timezone, zone))
    return cal.to_ical()


def _event(item: CalendarEvent, tzid: str, zone: ZoneInfo) -> Event:
    if item.status not in STATUSES:
        raise ValueError(f"status must be one of {sorted(STATUSES)}, not {item.status!r}")
    stamp = _utc(item.last_modified, "last_modified")
    event = Event()
    event.add("UID", _text(item.uid))
    event.add("SEQUENCE", int(item.sequence))
    event.add("DTSTAMP", stamp)
    event.add("LAST-MODIFIED", stamp)
    if item.all_day:
        if isinstance(item.end, datetime):
            raise ValueError(f"{item.uid}: an all-day item ends on a date, not a datetime")
        end = item.end if item.end is not None else item.start + timedelta(days=1)
        event.add("DTSTART", item.start)
        event.add("DTEND", end)
    else:
        assert isinstance(item.start, datetime)
        _add_time(event, "DTSTART", item.start, tzid, zone)
        if item.end is not None:
            if not isinstance(item.end, datetime):
                raise ValueError(f"{item.uid}: a timed item ends at a datetime, not a date")
            _add_time(event, "DTEND", item.end, tzid, zone)
    event.add("SUMMARY", _text(item.summary))
    if item.description:
        event.add("DESCRIPTION", _text(item.description))
    event.add("STATUS", item.status)
    if item.categories:
        event.add("CATEGORIES", vCategory([_clean(c) for c in item.categories]))
    if item.url:
        event.add("URL", vUri(_uri(item.url)))
    if item.location:
        event.add("LOCATION", _text(item.location))
    # Plan items are not busy time, and a subscribed feed is public to whoever holds it.
    event.add("TRANSP", "TRANSPARENT")
    event.add("CLASS", "PUBLIC")
    return event


def _add_time(event: Event, name: str, value: datetime, tzid: str, zone: ZoneInfo) -> None:
    if value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, not {value!r}")
    local = value.astimezone(zone)
    if _ambiguous(local):
        event.add(name, value.astimezone(UTC))
    else:
        event.add(name, local.replace(tzinfo=None), parameters={"TZID": tzid})


def _ambiguous(local: datetime) -> bool:
    """Whether the wall time occurs twice (the hour repeated when the clocks go back)."""
    other = local.replace(fold=1 - local.fold)
    return other.utcoffset() != local.utcoffset()


def _zone_years(feed: CalendarFeed, zone: ZoneInfo) -> tuple[int | None, int | None]:
    """The years the VTIMEZONE must be right for, taken from the data rather than the clock.

    "This year" is the year of the latest change to any item; the zone's rule must hold from the
    year before (the feed shows recent past items) to 30 years ahead or the last item. Older items
    are written with the current rules, as every RRULE-based VTIMEZONE does. An empty feed uses
    the current year (which only matters for zones without a yearly rule).
    """
    if not feed.events:
        return None, None
    this_year = max(_utc(e.last_modified, "last_modified") for e in feed.events).year
    last = max(_local_year(e.start, zone) for e in feed.events)
    return this_year - 1, max(this_year + HORIZON_YEARS, last + 1)


def _local_year(value: date, zone: ZoneInfo) -> int:
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value.astimezone(zone).year
    return value.year


def _utc(value: datetime, what: str) -> datetime:
    if value.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, not {value!r}")
    return value.astimezone(UTC)


def _clean(value: str) -> str:
    return _TEXT_CONTROL.sub("", value)


def _text(value: str) -> vText:
    """A TEXT value; the library escapes backslashes, commas, semicolons and line breaks."""
    return vText(_clean(value))


def _uri(value: str) -> str:
    """URI values are not escaped in iCalendar: percent-encode spaces and control characters so
    a stray newline can never end the line and inject properties."""
    return _CONTROL.sub(lambda m: f"%{ord(m.group()):02X}", value)
