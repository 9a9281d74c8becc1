"""Writes a :class:`~planner.feeds.items.CalendarFeed` as iCalendar (RFC 5545 with RFC 7986).

The output depends only on the feed: DTSTAMP and LAST-MODIFIED come from each item's last change
and the VTIMEZONE from the zone's rules (see :mod:`planner.feeds.vtimezone`), so the same data
always gives the same bytes (cheap ETags, no needless client updates).

Timed items are written as local wall time with ``TZID`` of the feed's zone, except for the hour
that occurs twice when the clocks go back: such a time is written in UTC, because RFC 5545 reads
an ambiguous local time as the first occurrence and clients differ in what they actually do.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vDuration, vText, vUri

from planner.feeds.items import CalendarEvent, CalendarFeed
from planner.feeds.vtimezone import HORIZON_YEARS, load_zone, vtimezone_for

log = logging.getLogger(__name__)

PRODID = "-//Planner//Kommunikasjonsplan//NB"
STATUSES = frozenset({"TENTATIVE", "CONFIRMED", "CANCELLED"})

_CONTROL = re.compile(r"[\x00-\x20\x7f]")
#: Control characters TEXT may not hold (RFC 5545 3.3.11); tab and line breaks are kept.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def build_calendar(feed: CalendarFeed) -> bytes:
    """The feed as an iCalendar object: CRLF lines folded at 75 octets, UTF-8.

    The calendar's own properties and the VTIMEZONE are written by the icalendar library; the
    events, which are most of a feed, by :func:`_event_lines` (the same bytes icalendar would write,
    about twenty times faster — a feed of a thousand events builds in a few dozen milliseconds).
    """
    zone = load_zone(feed.timezone)
    written = _writable(feed, zone)
    cal = Calendar()
    cal.add("VERSION", "2.0")
    cal.add("PRODID", PRODID)
    cal.add("CALSCALE", "GREGORIAN")
    # No METHOD: a subscribed feed is not an iTIP message, and iTIP's PUBLISH would require an
    # ORGANIZER, without which libical (Evolution, GNOME) reports the feed as invalid.
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
    events = [event for event, _lines in written]
    cal.add_component(vtimezone_for(feed.timezone, *_zone_years(events, zone)))
    head = cal.to_ical()
    head = head[: head.rindex(b"END:VCALENDAR")]
    body = b"".join(_fold_all(lines) for _event, lines in written)
    return head + body + b"END:VCALENDAR\r\n"


def _writable(feed: CalendarFeed, zone: ZoneInfo) -> list[tuple[CalendarEvent, list[str]]]:
    """Each event with its lines, leaving out (and logging) one whose time cannot be written.

    A time in the last hours of the year 9999 that the zone pushes past it cannot be written; that
    costs subscribers the one event, never the whole feed. Events that break the writer's contract
    (a naive time, an unknown status) are still refused with ValueError: those are bugs.
    """
    written = []
    for event in feed.events:
        try:
            written.append((event, _event_lines(event, feed.timezone, zone)))
        except OverflowError as error:
            log.warning("Calendar item %s left out: %s", event.uid, error)
    return written


def _event_lines(item: CalendarEvent, tzid: str, zone: ZoneInfo) -> list[str]:
    """One VEVENT's content lines, in the order icalendar writes them."""
    if item.status not in STATUSES:
        raise ValueError(f"status must be one of {sorted(STATUSES)}, not {item.status!r}")
    stamp = _utc(item.last_modified, "last_modified").strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VEVENT", f"SUMMARY:{_escape(item.summary)}"]
    if item.all_day:
        if isinstance(item.end, datetime):
            raise ValueError(f"{item.uid}: an all-day item ends on a date, not a datetime")
        end = item.end if item.end is not None else item.start + timedelta(days=1)
        lines.append(f"DTSTART;VALUE=DATE:{item.start:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{end:%Y%m%d}")
    else:
        assert isinstance(item.start, datetime)
        lines.append(_time_line("DTSTART", item.start, tzid, zone))
        if item.end is not None:
            if not isinstance(item.end, datetime):
                raise ValueError(f"{item.uid}: a timed item ends at a datetime, not a date")
            lines.append(_time_line("DTEND", item.end, tzid, zone))
    lines += [f"DTSTAMP:{stamp}", f"UID:{_escape(item.uid)}", f"SEQUENCE:{int(item.sequence)}"]
    if item.categories:
        lines.append("CATEGORIES:" + ",".join(_escape(c) for c in item.categories))
    # A subscribed feed is public to whoever holds it.
    lines.append("CLASS:PUBLIC")
    if item.description:
        lines.append(f"DESCRIPTION:{_escape(item.description)}")
    lines.append(f"LAST-MODIFIED:{stamp}")
    if item.location:
        lines.append(f"LOCATION:{_escape(item.location)}")
    lines.append(f"STATUS:{item.status}")
    # Plan items are not busy time.
    lines.append("TRANSP:TRANSPARENT")
    if item.url:
        lines.append(f"URL:{_uri(item.url)}")
    lines.append("END:VEVENT")
    return lines


def _time_line(name: str, value: datetime, tzid: str, zone: ZoneInfo) -> str:
    """A timed value as local wall time with TZID, or in UTC for the repeated hour (and UTC)."""
    if value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, not {value!r}")
    local = value.astimezone(zone)
    if tzid == "UTC" or _ambiguous(local):
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};TZID={tzid}:{local:%Y%m%dT%H%M%S}"


def _escape(value: str) -> str:
    """TEXT escaping exactly as icalendar's vText does it (RFC 5545 3.3.11)."""
    value = _clean(value)
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


_BACKSLASH, _CARET = 0x5C, 0x5E


def _fold_all(lines: list[str]) -> bytes:
    return b"".join(_fold(line) for line in lines)


def _fold(line: str) -> bytes:
    """A content line folded at 75 octets, never inside a UTF-8 character or an escape."""
    data = line.encode()
    if len(data) < 75:
        return data + b"\r\n"
    parts = []
    start, size = 0, len(data)
    while size - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:
            end -= 1
        if end - start > 1 and data[end - 1] in (_BACKSLASH, _CARET):
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _ambiguous(local: datetime) -> bool:
    """Whether the wall time occurs twice (the hour repeated when the clocks go back)."""
    other = local.replace(fold=1 - local.fold)
    return other.utcoffset() != local.utcoffset()


def _zone_years(events: list[CalendarEvent], zone: ZoneInfo) -> tuple[int | None, int | None]:
    """The years the VTIMEZONE must be right for, taken from the data rather than the clock.

    "This year" is the year of the latest change to any item; the zone's rule must hold from the
    year before (the feed shows recent past items) to 30 years ahead or the last item. Older items
    are written with the current rules, as every RRULE-based VTIMEZONE does. An empty feed uses
    the current year (which only matters for zones without a yearly rule).
    """
    if not events:
        return None, None
    this_year = max(_utc(e.last_modified, "last_modified") for e in events).year
    last = max(_local_year(e.start, zone) for e in events)
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
