"""The iCalendar writer, read back by parsers that did not write it.

Every content assertion runs in vobject, recurring-ical-events and ical.js (Mozilla's parser,
inside Thunderbird, run under node), and for times also on a copy of the feed whose TZID is
renamed to something no zone database knows: then the parsers can only get the time right from
our VTIMEZONE, which is what Outlook reads.
"""

from __future__ import annotations

import calendar as cal
import re
from datetime import UTC, date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from planner.feeds.ical import PRODID, build_calendar
from planner.feeds.items import CalendarEvent, CalendarFeed
from planner.feeds.vtimezone import (
    HORIZON_YEARS,
    find_transitions,
    observances_for,
    vtimezone_for,
)
from tests.feeds.parsers import (
    by_uid,
    parse_with_icaljs,
    parse_with_recurring_ical_events,
    parse_with_vobject,
)

OSLO = ZoneInfo("Europe/Oslo")
STAMP = datetime(2026, 3, 2, 10, 15, 30, tzinfo=UTC)
WINDOW = (date(2000, 1, 1), date(2100, 1, 1))
PARSERS = ("vobject", "recurring_ical_events", "icaljs")

XSS = "<script>alert(1)</script>"
SUMMARY = f'Fra vikar til fast, del 1; "Åfjord" {XSS} (Facebook)'
DESCRIPTION = "Linje 1, med komma; og semikolon\nLinje 2 \\ bakstrek\n\nMål: rekruttere, beholde"
LOCATION = "Rådhuset, sal 2; inngang B"
CATEGORIES = ("Rekruttering, HR", "Facebook", "Mål; 2026", "a\\b")
URL = "https://planner.example/m/afjord/publications/12?vis=1,2"


def parse(parser: str, ics: bytes) -> dict[str, dict]:
    if parser == "vobject":
        return by_uid(parse_with_vobject(ics))
    if parser == "recurring_ical_events":
        return by_uid(parse_with_recurring_ical_events(ics, *WINDOW))
    return by_uid(parse_with_icaljs(ics))


_renamed = count(1)


def rename_tzid(ics: bytes, tzid: str) -> bytes:
    """The same feed with a TZID nobody can look up: only the VTIMEZONE says what it means.

    X-WR-TIMEZONE goes too (some parsers would convert times to it by name).
    """
    new = f"Planner-Test/Renamed-{next(_renamed)}".encode()
    text = re.sub(rb"X-WR-TIMEZONE:[^\r]*\r\n", b"", ics)
    text = text.replace(b"TZID:" + tzid.encode() + b"\r\n", b"TZID:" + new + b"\r\n")
    text = text.replace(b"TZID=" + tzid.encode() + b":", b"TZID=" + new + b":")
    text = text.replace(b"X-LIC-LOCATION:" + tzid.encode(), b"X-LIC-LOCATION:" + new)
    assert tzid.encode() not in text
    return text


def event(uid: str, start, end=None, **fields) -> CalendarEvent:
    defaults = {
        "sequence": 0,
        "summary": uid,
        "description": "",
        "status": "CONFIRMED",
        "last_modified": STAMP,
    }
    defaults.update(fields)
    return CalendarEvent(uid=uid, start=start, end=end, **defaults)


def make_feed(events, timezone: str = "Europe/Oslo", **fields) -> CalendarFeed:
    defaults = {
        "name": "Åfjord kommune, kommunikasjonsplan; alle kanaler",
        "description": "Planlagte og publiserte saker.\nOppdateres hver time.",
        "refresh_interval": timedelta(hours=1),
        "url": "https://planner.example/m/afjord/calendar",
    }
    defaults.update(fields)
    return CalendarFeed(timezone=timezone, events=tuple(events), **defaults)


def last_sunday(year: int, month: int) -> date:
    last = date(year, month, cal.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 6) % 7)


def at_nine(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=OSLO)


# -- the sample feed -------------------------------------------------------------------------------

#: uid -> (publication time in Oslo, the UTC instant every client must show)
TIMES: dict[str, tuple[datetime, datetime]] = {
    "july": (datetime(2026, 7, 14, 9, tzinfo=OSLO), datetime(2026, 7, 14, 7, tzinfo=UTC)),
    "january": (datetime(2026, 1, 20, 9, tzinfo=OSLO), datetime(2026, 1, 20, 8, tzinfo=UTC)),
    "july-2045": (datetime(2045, 7, 1, 9, tzinfo=OSLO), datetime(2045, 7, 1, 7, tzinfo=UTC)),
    "january-2045": (datetime(2045, 1, 10, 9, tzinfo=OSLO), datetime(2045, 1, 10, 8, tzinfo=UTC)),
    "december-2055": (
        datetime(2055, 12, 31, 23, 30, tzinfo=OSLO),
        datetime(2055, 12, 31, 22, 30, tzinfo=UTC),
    ),
    # Just before and after the switches (01:00 UTC), in local time.
    "spring-0130": (
        datetime(2026, 3, 29, 1, 30, tzinfo=OSLO),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
    ),
    "spring-0330": (
        datetime(2026, 3, 29, 3, 30, tzinfo=OSLO),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
    ),
    "autumn-0130": (
        datetime(2026, 10, 25, 1, 30, tzinfo=OSLO),
        datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
    ),
    "autumn-0330": (
        datetime(2026, 10, 25, 3, 30, tzinfo=OSLO),
        datetime(2026, 10, 25, 2, 30, tzinfo=UTC),
    ),
}
# 09:00 on the day before, the day of and the day after each switch, this year and in 2045.
for _year in (2026, 2045):
    for _month, _before, _after in ((3, 8, 7), (10, 7, 8)):
        _switch = last_sunday(_year, _month)
        for _delta, _utc_hour in ((-1, _before), (0, _after), (1, _after)):
            _day = _switch + timedelta(days=_delta)
            TIMES[f"switch-{_day.isoformat()}"] = (
                at_nine(_day),
                datetime(_day.year, _day.month, _day.day, _utc_hour, tzinfo=UTC),
            )

TEXT_EVENT = event(
    "publication-12@afjord.planner",
    datetime(2026, 5, 4, 10, 30, tzinfo=OSLO),
    datetime(2026, 5, 4, 11, 15, tzinfo=OSLO),
    sequence=7,
    summary=SUMMARY,
    description=DESCRIPTION,
    status="TENTATIVE",
    location=LOCATION,
    categories=CATEGORIES,
    url=URL,
)
SAMPLE_EVENTS = (
    TEXT_EVENT,
    *(event(uid, start) for uid, (start, _) in TIMES.items()),
    # A moment given in UTC is written in the feed's zone.
    event("given-in-utc", datetime(2026, 7, 15, 7, tzinfo=UTC)),
    event("cancelled", at_nine(date(2026, 8, 3)), sequence=3, status="CANCELLED"),
    event("confirmed", at_nine(date(2026, 8, 4)), sequence=1, status="CONFIRMED"),
    event("all-day", date(2026, 6, 23), summary="Sankthans"),
    event("all-day-range", date(2026, 12, 24), date(2026, 12, 27), summary="Jul"),
    event("all-day-2045", date(2045, 3, 26)),
)
SAMPLE = make_feed(SAMPLE_EVENTS)


@pytest.fixture(scope="module")
def sample_ics() -> bytes:
    return build_calendar(SAMPLE)


@pytest.fixture(scope="module", params=PARSERS)
def parsed(request, sample_ics) -> dict[str, dict]:
    """The sample feed as each parser reads it."""
    return parse(request.param, sample_ics)


@pytest.fixture(
    scope="module",
    params=[(p, v) for p in PARSERS for v in ("as-written", "tzid-renamed")],
    ids=lambda pv: f"{pv[0]}-{pv[1]}",
)
def parsed_times(request, sample_ics) -> dict[str, dict]:
    """The sample feed as each parser reads it, and as it reads it from the VTIMEZONE alone."""
    parser, variant = request.param
    ics = sample_ics if variant == "as-written" else rename_tzid(sample_ics, "Europe/Oslo")
    return parse(parser, ics)


# -- times -----------------------------------------------------------------------------------------


def test_times_are_oslo_wall_time_in_summer_and_winter_for_decades(parsed_times):
    for uid, (local, utc) in TIMES.items():
        item = parsed_times[uid]
        assert item["start_utc"] == utc, uid
        assert item["start_local"] == local.replace(tzinfo=None), uid
        assert item["all_day"] is False
        assert item["end_utc"] is None, uid  # a publication is a moment


def test_july_and_january_publications_read_as_0700z_and_0800z(parsed_times):
    assert parsed_times["july"]["start_utc"] == datetime(2026, 7, 14, 7, tzinfo=UTC)
    assert parsed_times["january"]["start_utc"] == datetime(2026, 1, 20, 8, tzinfo=UTC)
    assert parsed_times["july-2045"]["start_utc"] == datetime(2045, 7, 1, 7, tzinfo=UTC)
    assert parsed_times["january-2045"]["start_utc"] == datetime(2045, 1, 10, 8, tzinfo=UTC)


def test_times_given_in_utc_and_ends(parsed_times):
    assert parsed_times["given-in-utc"]["start_utc"] == datetime(2026, 7, 15, 7, tzinfo=UTC)
    assert parsed_times["given-in-utc"]["start_local"] == datetime(2026, 7, 15, 9)
    item = parsed_times[TEXT_EVENT.uid]
    assert item["start_utc"] == datetime(2026, 5, 4, 8, 30, tzinfo=UTC)
    assert item["end_utc"] == datetime(2026, 5, 4, 9, 15, tzinfo=UTC)


def test_all_day_items_are_dates(parsed):
    assert parsed["all-day"]["all_day"] is True
    assert parsed["all-day"]["start_utc"] == date(2026, 6, 23)
    assert not isinstance(parsed["all-day"]["start_utc"], datetime)
    assert parsed["all-day"]["end_utc"] == date(2026, 6, 24)  # exclusive: one day
    assert parsed["all-day-range"]["start_utc"] == date(2026, 12, 24)
    assert parsed["all-day-range"]["end_utc"] == date(2026, 12, 27)
    assert parsed["all-day-2045"]["start_utc"] == date(2045, 3, 26)


def test_every_event_is_read(parsed):
    assert set(parsed) == {e.uid for e in SAMPLE_EVENTS}


# -- content ---------------------------------------------------------------------------------------


def test_sequence_and_status_survive(parsed):
    assert parsed[TEXT_EVENT.uid]["sequence"] == 7
    assert parsed[TEXT_EVENT.uid]["status"] == "TENTATIVE"
    assert (parsed["cancelled"]["sequence"], parsed["cancelled"]["status"]) == (3, "CANCELLED")
    assert (parsed["confirmed"]["sequence"], parsed["confirmed"]["status"]) == (1, "CONFIRMED")
    assert (parsed["july"]["sequence"], parsed["july"]["status"]) == (0, "CONFIRMED")


def test_text_comes_back_exactly(parsed):
    item = parsed[TEXT_EVENT.uid]
    assert item["summary"] == SUMMARY
    assert item["description"] == DESCRIPTION
    assert item["location"] == LOCATION
    assert item["url"] == URL


def test_categories_with_commas_come_back_exactly(parsed):
    assert parsed[TEXT_EVENT.uid]["categories"] == list(CATEGORIES)
    assert parsed["july"]["categories"] == []


def test_text_is_escaped_on_the_wire(sample_ics):
    text = sample_ics.decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "CATEGORIES:Rekruttering\\, HR,Facebook,Mål\\; 2026,a\\\\b\r\n" in unfolded
    assert "\\nLinje 2 \\\\ bakstrek\\n\\nMål: rekruttere\\, beholde\r\n" in unfolded
    # One property line per property: the newline in the text did not end the line.
    assert not re.search(r"^Linje", text, flags=re.MULTILINE)


def test_lines_are_folded_at_75_octets_with_crlf(sample_ics):
    lines = sample_ics.split(b"\r\n")
    assert lines[-1] == b""
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was long enough to fold
    for line in lines:  # folding never splits a UTF-8 character
        line.decode("utf-8")


# -- stability -------------------------------------------------------------------------------------


def test_output_is_byte_for_byte_stable(sample_ics):
    again = build_calendar(make_feed(list(SAMPLE_EVENTS)))
    assert again == sample_ics
    assert build_calendar(SAMPLE) == sample_ics


def test_no_dtstamp_but_the_last_change(sample_ics):
    other = event(
        "other",
        at_nine(date(2026, 9, 1)),
        last_modified=datetime(2026, 4, 1, 14, 3, 2, tzinfo=OSLO),
    )
    ics = build_calendar(make_feed([*SAMPLE_EVENTS, other]))
    stamps = re.findall(rb"^DTSTAMP:(.*)\r$", ics, flags=re.MULTILINE)
    modified = re.findall(rb"^LAST-MODIFIED:(.*)\r$", ics, flags=re.MULTILINE)
    assert len(stamps) == len(modified) == len(SAMPLE_EVENTS) + 1
    assert set(stamps) == set(modified) == {b"20260302T101530Z", b"20260401T120302Z"}
    assert len(re.findall(rb"DTSTAMP", ics)) == len(stamps)


def test_a_change_changes_the_bytes(sample_ics):
    changed = make_feed([TEXT_EVENT, event("july", TIMES["july"][0], sequence=1)])
    assert build_calendar(changed) != sample_ics


# -- the calendar ----------------------------------------------------------------------------------


def test_calendar_level_properties(sample_ics):
    text = sample_ics.decode("utf-8").replace("\r\n ", "")
    lines = text.split("\r\n")
    assert lines[:4] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
    ]
    # No iTIP METHOD: PUBLISH needs an ORGANIZER, which libical checks for.
    assert not any(line.startswith("METHOD") for line in lines)
    name = "Åfjord kommune\\, kommunikasjonsplan\\; alle kanaler"
    assert f"NAME:{name}" in lines
    assert f"X-WR-CALNAME:{name}" in lines
    desc = "Planlagte og publiserte saker.\\nOppdateres hver time."
    assert f"DESCRIPTION:{desc}" in lines
    assert f"X-WR-CALDESC:{desc}" in lines
    assert "X-WR-TIMEZONE:Europe/Oslo" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert "URL:https://planner.example/m/afjord/calendar" in lines
    assert text.count("BEGIN:VTIMEZONE") == 1
    # The VTIMEZONE comes before the events.
    assert text.index("END:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_calendar_level_properties_as_parsed():
    ics = build_calendar(make_feed([], refresh_interval=timedelta(days=1, minutes=30), url=""))
    # vobject unescapes NAME and the X-WR-* properties; ical.js and icalendar treat them as
    # unknown and hand back the escaped text (a comma in a calendar name shows as "\," there).
    import vobject

    contents = vobject.readOne(ics.decode("utf-8")).contents
    name = "Åfjord kommune, kommunikasjonsplan; alle kanaler"
    assert contents["name"][0].value == name
    assert contents["x-wr-calname"][0].value == name
    desc = "Planlagte og publiserte saker.\nOppdateres hver time."
    assert contents["x-wr-caldesc"][0].value == desc
    parsed = Calendar.from_ical(ics)
    assert str(parsed["DESCRIPTION"]) == desc
    assert parsed.refresh_interval == timedelta(days=1, minutes=30)
    assert b"REFRESH-INTERVAL;VALUE=DURATION:P1DT30M\r\n" in ics
    assert b"X-PUBLISHED-TTL:P1DT30M\r\n" in ics
    assert b"\r\nURL" not in ics


def test_every_event_is_a_transparent_public_item(sample_ics):
    parsed = Calendar.from_ical(sample_ics)
    events = parsed.walk("VEVENT")
    assert len(events) == len(SAMPLE_EVENTS)
    for component in events:
        assert component["TRANSP"] == "TRANSPARENT"
        assert component["CLASS"] == "PUBLIC"
        assert "DURATION" not in component
    timed = [c for c in events if str(c["UID"]) == "july"][0]
    assert "DTEND" not in timed  # a moment
    assert b"DTSTART;TZID=Europe/Oslo:20260714T090000\r\n" in sample_ics
    assert b"DTSTART;VALUE=DATE:20260623\r\nDTEND;VALUE=DATE:20260624\r\n" in sample_ics


def test_the_repeated_hour_is_written_in_utc():
    """02:30 on the last Sunday of October happens twice; local time with TZID would mean the first
    (RFC 5545), so the second one is written in UTC, and so is the first (clients differ)."""
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET
    ics = build_calendar(make_feed([event("first", first), event("second", second)]))
    assert b"DTSTART:20261025T003000Z\r\n" in ics
    assert b"DTSTART:20261025T013000Z\r\n" in ics
    # recurring-ical-events is left out: with X-WR-TIMEZONE it converts UTC times to the zone
    # (x-wr-timezone keeps fold=1) and then loses the fold, reading the second 02:30 as the first.
    for events in (by_uid(parse_with_vobject(ics)), by_uid(parse_with_icaljs(ics))):
        assert events["first"]["start_utc"] == first
        assert events["second"]["start_utc"] == second


# -- the VTIMEZONE ---------------------------------------------------------------------------------


def test_oslo_vtimezone_is_one_standard_and_one_daylight_rule():
    tz = vtimezone_for("Europe/Oslo")
    assert str(tz["TZID"]) == "Europe/Oslo"
    assert str(tz["X-LIC-LOCATION"]) == "Europe/Oslo"
    assert len(tz.standard) == 1 and len(tz.daylight) == 1
    assert len(tz.subcomponents) == 2
    text = tz.to_ical().decode()
    assert (
        "BEGIN:STANDARD\r\n"
        "DTSTART:19701025T030000\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
        "TZNAME:CET\r\n"
        "TZOFFSETFROM:+0200\r\n"
        "TZOFFSETTO:+0100\r\n"
        "END:STANDARD\r\n"
    ) in text
    assert (
        "BEGIN:DAYLIGHT\r\n"
        "DTSTART:19700329T020000\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
        "TZNAME:CEST\r\n"
        "TZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0200\r\n"
        "END:DAYLIGHT\r\n"
    ) in text
    for forbidden in ("RDATE", "UNTIL", "COUNT", "COMMENT"):
        assert forbidden not in text
    # Independent of the year it is derived in.
    assert vtimezone_for("Europe/Oslo", 2030).to_ical() == tz.to_ical()
    assert vtimezone_for("Europe/Oslo", 2026, 2100).to_ical() == tz.to_ical()


def _rule_instants(tz, years: range) -> list[tuple[datetime, timedelta]]:
    """Expand the observances with dateutil, not our code: [(UTC instant, new offset)]."""
    from dateutil.rrule import rrulestr

    result = []
    for observance in tz.subcomponents:
        start = observance.decoded("DTSTART")
        offset_from = observance.decoded("TZOFFSETFROM")
        offset_to = observance.decoded("TZOFFSETTO")
        rule = observance["RRULE"].to_ical().decode()
        for local in rrulestr(rule, dtstart=start).between(
            datetime(years.start, 1, 1), datetime(years.stop, 1, 1), inc=True
        ):
            result.append(((local - offset_from).replace(tzinfo=UTC), offset_to))
    return sorted(result)


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/Oslo",
        "Europe/London",
        "Europe/Dublin",  # tzdata calls winter the DST period (negative save)
        "America/New_York",
        "America/Santiago",  # Sunday on or after the 2nd, at 24:00
        "America/Nuuk",  # the Saturday before the last Sunday, 23:00 local
        "Asia/Jerusalem",  # the Friday on or after the 23rd
        "Australia/Sydney",  # southern hemisphere
        "Australia/Lord_Howe",  # 30-minute DST
        "Pacific/Chatham",  # +12:45/+13:45
    ],
)
def test_rules_reproduce_the_zone_for_30_years(zone):
    this_year = datetime.now(UTC).year
    tz = vtimezone_for(zone, this_year)
    assert all("RRULE" in o for o in tz.subcomponents), tz.to_ical().decode()
    assert len(tz.standard) == 1 and len(tz.daylight) == 1
    years = range(this_year, this_year + HORIZON_YEARS + 1)
    real = find_transitions(
        ZoneInfo(zone),
        datetime(years.start, 1, 1, tzinfo=UTC),
        datetime(years.stop, 1, 1, tzinfo=UTC),
    )
    assert len(real) == 2 * len(years)
    assert _rule_instants(tz, years) == [(t.at, t.offset_to) for t in real]


def test_dst_rules_are_read_right_by_icaljs_in_other_zones():
    """A 12:00 item on the day before, of and after each change, 2026-2056, in zones with other
    kinds of rule, read by ical.js from the VTIMEZONE alone."""
    for zone_name in (
        "America/New_York",
        "America/Santiago",
        "Asia/Jerusalem",
        "Africa/Casablanca",
    ):
        zone = ZoneInfo(zone_name)
        transitions = find_transitions(
            zone, datetime(2026, 1, 1, tzinfo=UTC), datetime(2057, 1, 1, tzinfo=UTC)
        )
        assert transitions
        events = []
        for transition in transitions:
            day = transition.at.astimezone(zone).date()
            for delta in (-1, 0, 1):
                noon = datetime.combine(day + timedelta(days=delta), datetime.min.time()).replace(
                    hour=12, tzinfo=zone
                )
                events.append(event(f"{noon.isoformat()}", noon))
        ics = rename_tzid(build_calendar(make_feed(events, timezone=zone_name)), zone_name)
        parsed = by_uid(parse_with_icaljs(ics))
        for item in events:
            assert parsed[item.uid]["start_utc"] == item.start.astimezone(UTC), (
                zone_name,
                item.uid,
            )


def test_zones_without_dst_have_one_standard_observance():
    for zone_name, offset, tzname in (("UTC", "+0000", "UTC"), ("Asia/Tokyo", "+0900", "JST")):
        tz = vtimezone_for(zone_name)
        assert len(tz.subcomponents) == 1 and len(tz.standard) == 1
        text = tz.to_ical().decode()
        assert f"TZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\n" in text
        assert f"TZNAME:{tzname}\r\n" in text
        assert "DTSTART:19700101T000000\r\n" in text
        assert "RRULE" not in text and "RDATE" not in text


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("variant", ["as-written", "tzid-renamed"])
def test_a_zone_without_dst_works(parser, variant):
    tokyo = ZoneInfo("Asia/Tokyo")
    events = [
        event("tokyo-july", datetime(2026, 7, 14, 9, tzinfo=tokyo)),
        event("tokyo-january-2045", datetime(2045, 1, 10, 9, tzinfo=tokyo)),
        event("tokyo-given-in-oslo", datetime(2026, 7, 14, 9, tzinfo=OSLO)),
        event("tokyo-all-day", date(2026, 7, 15)),
    ]
    ics = build_calendar(make_feed(events, timezone="Asia/Tokyo"))
    assert b"DTSTART;TZID=Asia/Tokyo:20260714T090000\r\n" in ics
    assert b"DTSTART;TZID=Asia/Tokyo:20260714T160000\r\n" in ics  # 09:00 Oslo = 16:00 Tokyo
    if variant == "tzid-renamed":
        ics = rename_tzid(ics, "Asia/Tokyo")
    parsed = parse(parser, ics)
    assert parsed["tokyo-july"]["start_utc"] == datetime(2026, 7, 14, 0, tzinfo=UTC)
    assert parsed["tokyo-january-2045"]["start_utc"] == datetime(2045, 1, 10, 0, tzinfo=UTC)
    assert parsed["tokyo-given-in-oslo"]["start_utc"] == datetime(2026, 7, 14, 7, tzinfo=UTC)
    assert parsed["tokyo-all-day"]["start_utc"] == date(2026, 7, 15)


@pytest.mark.parametrize("parser", PARSERS)
def test_a_utc_feed_works(parser):
    ics = build_calendar(make_feed([event("utc", datetime(2026, 7, 14, 9, tzinfo=OSLO))], "UTC"))
    assert b"DTSTART:20260714T070000Z\r\n" in ics  # icalendar writes TZID=UTC as UTC
    assert parse(parser, ics)["utc"]["start_utc"] == datetime(2026, 7, 14, 7, tzinfo=UTC)


def test_the_vtimezone_follows_the_data_not_the_clock():
    """The years a VTIMEZONE must hold for come from the items: an old item does not push the
    feed off the yearly rule (it is written with today's rules, as every RRULE zone does)."""
    old = event("old", datetime(1990, 6, 1, 9, tzinfo=OSLO))
    ics = build_calendar(make_feed([old, event("now", TIMES["july"][0])]))
    assert ics.count(b"RRULE:") == 2
    assert b"RDATE" not in ics
    morocco = [event("m", datetime(2030, 6, 1, 12, tzinfo=ZoneInfo("Africa/Casablanca")))]
    first = build_calendar(make_feed(morocco, timezone="Africa/Casablanca"))
    assert first == build_calendar(make_feed(morocco, timezone="Africa/Casablanca"))
    # Listed from the year before the latest change (2026) to 30 years ahead.
    starts = re.findall(rb"^DTSTART:(\d{4})", first, flags=re.MULTILINE)
    assert min(int(y) for y in starts[1:]) == 2025
    assert max(int(y) for y in starts) == 2056


def test_irregular_zones_list_their_transitions():
    """Morocco's Ramadan pauses follow no yearly rule: the changes are listed, one plain
    observance each (ical.js reads only the first value of a multi-valued RDATE)."""
    observances = observances_for("Africa/Casablanca", 2026, 2056)
    assert all(o.rule is None for o in observances)
    assert len(observances) > 2 * 30
    text = vtimezone_for("Africa/Casablanca", 2026, 2056).to_ical().decode()
    assert "RDATE" not in text and "RRULE" not in text


# -- input errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"start": datetime(2026, 7, 1, 9)},  # naive
        {"start": datetime(2026, 7, 1, 9, tzinfo=OSLO), "end": date(2026, 7, 2)},
        {"start": date(2026, 7, 1), "end": datetime(2026, 7, 2, 9, tzinfo=OSLO)},
        {"start": date(2026, 7, 1), "status": "DRAFT"},
        {"start": date(2026, 7, 1), "last_modified": datetime(2026, 1, 1)},
    ],
)
def test_invalid_items_are_refused(bad):
    with pytest.raises(ValueError):
        build_calendar(make_feed([event("bad", **bad)]))


def test_a_time_the_zone_pushes_past_the_year_9999_costs_only_that_event(caplog):
    """23:30 UTC on 31 December 9999 is 00:30 in the year 10000 in Oslo: it cannot be written."""
    last = event("last", datetime(9999, 12, 31, 23, 30, tzinfo=UTC))
    kept = event("kept", datetime(2026, 7, 1, 9, tzinfo=OSLO))
    with caplog.at_level("WARNING", logger="planner.feeds.ical"):
        text = build_calendar(make_feed([last, kept])).decode()
    assert "UID:kept" in text and "UID:last" not in text
    assert "Calendar item last left out" in caplog.text


def test_unknown_zone_is_refused():
    with pytest.raises(ValueError, match="unknown time zone"):
        build_calendar(make_feed([], timezone="Europe/Nowhere"))


@pytest.mark.parametrize("parser", PARSERS)
def test_control_characters_are_dropped_from_text(parser):
    item = event("c", date(2026, 7, 1), summary="a\x00b\x1bc\td", categories=("x\x07y",))
    parsed = parse(parser, build_calendar(make_feed([item])))["c"]
    assert parsed["summary"] == "abc\td"
    assert parsed["categories"] == ["xy"]


def test_control_characters_in_urls_cannot_inject_properties():
    item = event("u", date(2026, 7, 1), url="https://x.example/a\r\nSTATUS:CANCELLED b")
    ics = build_calendar(make_feed([item]))
    assert b"URL:https://x.example/a%0D%0ASTATUS:CANCELLED%20b\r\n" in ics
    assert len(re.findall(rb"^STATUS:", ics, flags=re.MULTILINE)) == 1
