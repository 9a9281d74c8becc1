"""Local (municipality) time and UTC: the conversions every calendar rule relies on.

Times are stored in UTC and shown, entered and moved in the municipality's zone, so a 09:00
publication stays 09:00 local across the daylight-saving switches.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def zone_of(municipality) -> ZoneInfo:
    return ZoneInfo(municipality.timezone)


def to_utc(day: date, at: time | None, zone: ZoneInfo) -> datetime:
    """A local date and time of day (midnight when None) as an aware UTC datetime.

    A time that does not exist locally (the hour skipped in March) is read with the offset from
    before the switch, as zoneinfo does, so 02:30 becomes 03:30 local.
    """
    return datetime.combine(day, at or time(0), tzinfo=zone).astimezone(UTC)


def to_local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC moment the local day begins."""
    return to_utc(day, None, zone)


def days_between(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC bounds [start, end) covering local days first … last, both inclusive."""
    return day_start(first, zone), day_start(last + timedelta(days=1), zone)


def local_today(zone: ZoneInfo) -> date:
    return datetime.now(zone).date()


def same_time_on(moment: datetime, day: date, zone: ZoneInfo) -> datetime:
    """The same local time of day as `moment`, on another local day (in UTC)."""
    local = moment.astimezone(zone)
    return to_utc(day, local.time().replace(tzinfo=None), zone)


def offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """The zone's UTC offset in seconds over [start, end): (since, offset) pairs, the first since
    `start`, then one for each instant the offset changes (daylight saving), to the second."""

    def offset_at(seconds: int) -> int:
        offset = datetime.fromtimestamp(seconds, UTC).astimezone(zone).utcoffset()
        assert offset is not None  # a time in a zone has an offset
        return int(offset.total_seconds())

    first, last = int(start.timestamp()), int(end.timestamp())
    changes = [(start, offset_at(first))]
    current, day = changes[0][1], 24 * 3600
    # Zones change their offset at most a few times a year: a day's step finds each change,
    # then halving the day finds its second.
    for step_start in range(first, last, day):
        step_end = min(step_start + day, last)
        if offset_at(step_end) == current:
            continue
        low, high = step_start, step_end
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if offset_at(middle) == current else (low, middle)
        current = offset_at(high)
        changes.append((datetime.fromtimestamp(high, UTC), current))
    return changes
