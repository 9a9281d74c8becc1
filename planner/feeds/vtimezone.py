"""A VTIMEZONE that every mainstream calendar client reads right, in summer and winter, for decades.

Why not ``icalendar.Timezone.from_tzid``: it lists every transition as an RDATE (1970–2038) and
writes each DTSTART as the wall time *after* the change (03:00 for the spring switch in Oslo where
RFC 5545 wants 02:00, the local time in TZOFFSETFROM). Outlook only understands recurring
observances, and a list stops after its horizon.

What we write instead, the way Google and Outlook export zones:

* **The zone keeps daylight saving time under a rule we can express** (Europe/Oslo and most of the
  world that has DST): one STANDARD and one DAYLIGHT observance, each with an RRULE
  ``FREQ=YEARLY;BYMONTH=m;BYDAY=nSU`` (``-1SU`` for "last Sunday"), or, for "weekday on or after
  day d" rules that are not an nth weekday (e.g. Asia/Jerusalem, America/Nuuk),
  ``BYMONTH=m;BYDAY=FR;BYMONTHDAY=d..d+6``. DTSTART is the first occurrence of the rule in 1970, at
  the wall time just before the change (``DTSTART:19700329T020000`` for Oslo's spring switch).
  The rule is derived from this year's transitions in Python's ``zoneinfo`` and then **verified**:
  it must reproduce every real transition (instant, offsets) of the reference year and the next
  30 years, otherwise we do not use it.
* **The zone has no transitions in that window** ("UTC", "Asia/Tokyo"): one STANDARD observance
  with the fixed offset (TZOFFSETFROM = TZOFFSETTO), DTSTART 1970-01-01.
* **Otherwise** (irregular zones such as Africa/Casablanca, or a zone whose rules change within
  the window): the real transitions are listed, one plain observance (DTSTART only, no RDATE)
  per transition from the reference year to 30 years ahead, after an opening observance with the
  offset in force at the start. Clients that read VTIMEZONEs (ical.js/Thunderbird, dateutil) get
  every change right within that horizon; nothing can describe such a zone to Outlook better.

The result depends only on the zone's rules (and, for the listing fallback only, on the years
asked for), never on "now", so feeds built from the same data are byte-for-byte identical.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur
from icalendar.caselessdict import canonsort_items

#: The year the recurring observances start in (what Google exports; Outlook uses 1601).
EPOCH_YEAR = 1970
#: How many years after the reference year the rule must reproduce the zone's transitions.
HORIZON_YEARS = 30

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


#: The order of an RRULE's parts as Outlook and Google export them.
_RRULE_ORDER = ("FREQ", "BYMONTH", "BYDAY", "BYMONTHDAY")


class _Recur(vRecur):
    """An RRULE written in the order Outlook and Google export it: FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
    (icalendar would put BYDAY first; the order is not significant, but nothing is gained by
    differing from what every client has seen)."""

    def sorted_items(self) -> list[tuple[Any, Any]]:
        return canonsort_items(self, _RRULE_ORDER)


@dataclass(frozen=True)
class Transition:
    """One change of a zone's UTC offset."""

    #: The instant of the change (aware, UTC).
    at: datetime
    offset_from: timedelta
    offset_to: timedelta
    #: The abbreviation in force after the change, e.g. "CEST".
    name: str
    #: Whether zoneinfo calls the new period daylight saving time.
    is_dst: bool

    @property
    def wall(self) -> datetime:
        """The local wall time of the change in the old offset: an observance's DTSTART."""
        return (self.at + self.offset_from).replace(tzinfo=None)


@dataclass(frozen=True)
class YearlyRule:
    """A yearly change: the nth (or last, n=-1) weekday of a month, or that weekday on one of
    seven consecutive days of the month (``monthdays``), at a wall time."""

    month: int
    weekday: int  # Monday = 0
    n: int | None
    monthdays: tuple[int, ...] | None
    wall_time: timedelta  # since local midnight, in the offset before the change

    def day_in(self, year: int) -> date:
        if self.monthdays is not None:
            for day in self.monthdays:
                if date(year, self.month, day).weekday() == self.weekday:
                    return date(year, self.month, day)
            raise AssertionError("seven consecutive days hold every weekday")  # pragma: no cover
        assert self.n is not None
        last_day = calendar.monthrange(year, self.month)[1]
        if self.n > 0:
            first = date(year, self.month, 1)
            day = 1 + (self.weekday - first.weekday()) % 7 + 7 * (self.n - 1)
        else:
            last = date(year, self.month, last_day)
            day = last_day - (last.weekday() - self.weekday) % 7 + 7 * (self.n + 1)
        return date(year, self.month, day)

    def wall_in(self, year: int) -> datetime:
        return datetime.combine(self.day_in(year), datetime.min.time()) + self.wall_time

    def to_recur(self) -> vRecur:
        recur: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": self.month}
        if self.monthdays is not None:
            recur["BYDAY"] = _WEEKDAYS[self.weekday]
            recur["BYMONTHDAY"] = list(self.monthdays)
        else:
            recur["BYDAY"] = f"{self.n}{_WEEKDAYS[self.weekday]}"
        return _Recur(recur)


@dataclass(frozen=True)
class Observance:
    """What becomes one STANDARD or DAYLIGHT subcomponent."""

    daylight: bool
    start: datetime  # naive local wall time, in offset_from
    offset_from: timedelta
    offset_to: timedelta
    name: str
    rule: YearlyRule | None = None


def load_zone(zone_name: str) -> ZoneInfo:
    """The zoneinfo zone, or ValueError for an unknown name."""
    try:
        return ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {zone_name!r}") from error


def find_transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every offset change of the zone in [start, end) (aware datetimes), to the second.

    zoneinfo does not expose its transitions, so step through the range a day at a time and
    bisect each day whose offset differs from the previous one.
    """
    step = timedelta(days=1)
    result: list[Transition] = []
    lo = start.astimezone(UTC)
    end = end.astimezone(UTC)
    lo_offset = lo.astimezone(zone).utcoffset()
    while lo < end:
        hi = min(lo + step, end)
        hi_offset = hi.astimezone(zone).utcoffset()
        if hi_offset != lo_offset:
            a, b = lo, hi
            while b - a > timedelta(seconds=1):
                mid = a + timedelta(seconds=(b - a).total_seconds() // 2)
                if mid.astimezone(zone).utcoffset() == lo_offset:
                    a = mid
                else:
                    b = mid
            local = b.astimezone(zone)
            assert lo_offset is not None and hi_offset is not None
            result.append(
                Transition(
                    at=b,
                    offset_from=lo_offset,
                    offset_to=local.utcoffset() or timedelta(0),
                    name=local.tzname() or _offset_name(hi_offset),
                    is_dst=bool(local.dst()),
                )
            )
        lo, lo_offset = hi, hi_offset
    return result


def _offset_name(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02}{minutes % 60:02}"


def _year_range(zone: ZoneInfo, first_year: int, last_year: int) -> tuple[datetime, datetime]:
    return (
        datetime(first_year, 1, 1, tzinfo=zone).astimezone(UTC),
        datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(UTC),
    )


def _candidate_rules(change: Transition, same_kind: list[Transition]) -> list[YearlyRule]:
    """Rules that might describe ``change`` (a change of this year), best first: the last or nth
    weekday, then "weekday on or after day d" from the days the same change falls on over the
    window (``same_kind``)."""
    wall = change.wall
    time_of_day = wall - datetime.combine(wall.date(), datetime.min.time())
    last_day = calendar.monthrange(wall.year, wall.month)[1]
    nth = (wall.day - 1) // 7 + 1
    ns = []
    if wall.day + 7 > last_day:
        ns.append(-1)
    if nth <= 4:
        ns.append(nth)
    rules = [YearlyRule(wall.month, wall.weekday(), n, None, time_of_day) for n in ns]
    days = [t.wall.day for t in same_kind if t.wall.month == wall.month]
    if days and max(days) - min(days) <= 6:
        first = min(days)
        monthdays = tuple(range(first, first + 7))
        if monthdays[-1] <= 31:
            rules.append(YearlyRule(wall.month, wall.weekday(), None, monthdays, time_of_day))
    return rules


def _rule_changes(
    rule: YearlyRule, offset_from: timedelta, offset_to: timedelta, years: range
) -> list[tuple[datetime, timedelta, timedelta]]:
    changes = []
    for year in years:
        try:
            wall = rule.wall_in(year)
        except ValueError:  # e.g. day 31 in a 30-day month: not a valid rule for every year
            return []
        changes.append(((wall - offset_from).replace(tzinfo=UTC), offset_from, offset_to))
    return changes


def _recurring(
    zone: ZoneInfo, this_year: list[Transition], window: list[Transition], first: int, last: int
) -> list[Observance] | None:
    """Two yearly observances reproducing every change in ``window``, or None."""
    if len(this_year) != 2:
        return None
    a, b = this_year
    if a.offset_to != b.offset_from or b.offset_to != a.offset_from:
        return None
    expected = sorted((t.at, t.offset_from, t.offset_to) for t in window)
    window_start, window_end = _year_range(zone, first, last)
    # A rule's change may fall on either side of a new year in UTC: compute one year more each way.
    years = range(first - 1, last + 2)
    chosen: list[YearlyRule] = []
    for change in (a, b):
        same_kind = [t for t in window if t.offset_to == change.offset_to]
        for rule in _candidate_rules(change, same_kind):
            ours = [
                c
                for c in _rule_changes(rule, change.offset_from, change.offset_to, years)
                if window_start <= c[0] < window_end
            ]
            theirs = [c for c in expected if c[2] == change.offset_to]
            if ours and ours == theirs:
                chosen.append(rule)
                break
        else:
            return None
    for change in (a, b):
        # One TZNAME per observance: the abbreviation must not change within the window either.
        if {t.name for t in window if t.offset_to == change.offset_to} != {change.name}:
            return None
    observances = []
    for change, rule in zip((a, b), chosen, strict=True):
        observances.append(
            Observance(
                # The larger offset is "daylight", as clients (and Windows) expect, even where
                # tzdata calls winter the daylight saving period (Europe/Dublin).
                daylight=change.offset_to > change.offset_from,
                start=rule.wall_in(EPOCH_YEAR),
                offset_from=change.offset_from,
                offset_to=change.offset_to,
                name=change.name,
                rule=rule,
            )
        )
    # STANDARD first, as Outlook and Google write it.
    return sorted(observances, key=lambda o: o.daylight)


@lru_cache(maxsize=128)
def observances_for(zone_name: str, first_year: int, last_year: int) -> tuple[Observance, ...]:
    """The observances describing the zone from ``first_year`` through ``last_year``."""
    zone = load_zone(zone_name)
    window_start, window_end = _year_range(zone, first_year, last_year)
    window = find_transitions(zone, window_start, window_end)
    if not window:
        local = window_start.astimezone(zone)
        offset = local.utcoffset() or timedelta(0)
        return (
            Observance(
                daylight=False,
                start=datetime(EPOCH_YEAR, 1, 1),
                offset_from=offset,
                offset_to=offset,
                name=local.tzname() or _offset_name(offset),
            ),
        )
    year_end = _year_range(zone, first_year, first_year)[1]
    this_year = [t for t in window if t.at < year_end]
    recurring = _recurring(zone, this_year, window, first_year, last_year)
    if recurring is not None:
        return tuple(recurring)
    # Listing fallback: the offset in force at the start, then every change in the window.
    local = window_start.astimezone(zone)
    offset = local.utcoffset() or timedelta(0)
    listed = [
        Observance(
            daylight=bool(local.dst()),
            start=datetime(EPOCH_YEAR, 1, 1),
            offset_from=offset,
            offset_to=offset,
            name=local.tzname() or _offset_name(offset),
        )
    ]
    listed += [
        Observance(
            daylight=t.is_dst,
            start=t.wall,
            offset_from=t.offset_from,
            offset_to=t.offset_to,
            name=t.name,
        )
        for t in window
    ]
    return tuple(listed)


def vtimezone_for(
    zone_name: str, first_year: int | None = None, last_year: int | None = None
) -> Timezone:
    """A VTIMEZONE for the IANA zone, valid for ``first_year`` (default: this year) through
    ``last_year`` (default: 30 years later) and, where the rules recur, for good.

    Only the listing fallback (irregular zones) depends on the years; pass them from the data
    for output that never changes with the date.
    """
    if first_year is None:
        first_year = datetime.now(UTC).year
    if last_year is None:
        last_year = first_year + HORIZON_YEARS
    last_year = max(last_year, first_year)
    tz = Timezone()
    tz.add("TZID", zone_name)
    tz.add("X-LIC-LOCATION", zone_name)
    for observance in observances_for(zone_name, first_year, last_year):
        component = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        component.add("TZNAME", observance.name)
        component.add("TZOFFSETFROM", observance.offset_from)
        component.add("TZOFFSETTO", observance.offset_to)
        component.add("DTSTART", observance.start)
        if observance.rule is not None:
            component.add("RRULE", observance.rule.to_recur())
        tz.add_component(component)
    return tz
