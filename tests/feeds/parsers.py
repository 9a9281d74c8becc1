"""Read iCalendar feeds with parsers other than the library that writes them.

Each ``parse_with_*`` returns one dict per VEVENT, normalised so tests can compare parsers:

* ``uid``, ``status``, ``summary``, ``description``, ``location``, ``url``: str ("" when absent)
* ``sequence``: int (0 when absent)
* ``all_day``: bool
* ``start_utc`` / ``end_utc``: an aware UTC datetime, or a date for all-day items; ``end_utc`` is
  None when the item has no DTEND
* ``start_local``: the wall time the parser shows in the event's own zone (naive datetime), or
  the date
* ``categories``: list[str]

The parsers:

* vobject: its own content-line parser; VTIMEZONEs are interpreted by ``dateutil.tz.tzical``.
* recurring-ical-events: parses with ``icalendar`` (so it is not independent of the writer's
  parser, but of its writer and its VTIMEZONE generation) and expands the events in a window, as
  calendar frontends built on it do.
* ical.js (Mozilla, the parser in Thunderbird) under node, via ``icaljs_parse.cjs``, with the
  feed's VTIMEZONE registered: ical.js has no zone database, it only knows the VTIMEZONE.

If node or ical.js is missing, ``parse_with_icaljs`` raises (a test must fail, not skip).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ICALJS_SCRIPT = Path(__file__).with_name("icaljs_parse.cjs")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _utc(value: date | datetime | None) -> date | datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise AssertionError(f"the parser returned a floating time: {value!r}")
        return value.astimezone(UTC)
    return value


def _local(value: date | datetime) -> date | datetime:
    return value.replace(tzinfo=None) if isinstance(value, datetime) else value


def tzids(ics_bytes: bytes) -> list[str]:
    """The TZIDs of the VTIMEZONEs in the feed."""
    return re.findall(r"^TZID:(.+?)\r?$", ics_bytes.decode("utf-8"), flags=re.MULTILINE)


# -- vobject ---------------------------------------------------------------------------------------


def parse_with_vobject(ics_bytes: bytes) -> list[dict]:
    import vobject
    import vobject.icalendar as vical

    # vobject keeps one process-wide TZID -> tzinfo map and only registers a VTIMEZONE whose TZID
    # is not there yet (falling back to pytz by name). Forget this feed's TZIDs first so the
    # VTIMEZONE in *this* file is what gets read.
    tz_map = vars(vical)["__tzidMap"]
    for tzid in tzids(ics_bytes):
        tz_map.pop(tzid, None)

    calendar = vobject.readOne(ics_bytes.decode("utf-8"))
    events = []
    for vevent in getattr(calendar, "vevent_list", []):
        contents = vevent.contents

        def value(name: str, contents: dict = contents) -> object:
            lines = contents.get(name)
            return lines[0].value if lines else None

        start = value("dtstart")
        end = value("dtend")
        categories: list[str] = []
        for line in contents.get("categories", []):
            categories.extend(line.value)
        events.append(
            {
                "uid": _text(value("uid")),
                "sequence": int(value("sequence") or 0),
                "status": _text(value("status")),
                "summary": _text(value("summary")),
                "description": _text(value("description")),
                "location": _text(value("location")),
                "url": _text(value("url")),
                "all_day": not isinstance(start, datetime),
                "start_utc": _utc(start),
                "end_utc": _utc(end),
                "start_local": _local(start),
                "categories": categories,
            }
        )
    return events


# -- recurring-ical-events -------------------------------------------------------------------------


def parse_with_recurring_ical_events(
    ics_bytes: bytes, start: date | datetime, end: date | datetime
) -> list[dict]:
    """The events that occur in [start, end)."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(ics_bytes)
    # The occurrences always carry a DTEND (DTSTART when the event has none): look at the source.
    has_end = {str(e.get("UID")): "DTEND" in e for e in calendar.walk("VEVENT")}
    events = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        dtstart = event.decoded("DTSTART")
        dtend = event.decoded("DTEND") if has_end[str(event.get("UID"))] else None
        categories: list[str] = []
        raw = event.get("CATEGORIES")
        for prop in raw if isinstance(raw, list) else [raw] if raw is not None else []:
            categories.extend(str(c) for c in prop.cats)
        events.append(
            {
                "uid": _text(event.get("UID")),
                "sequence": int(event.get("SEQUENCE", 0)),
                "status": _text(event.get("STATUS")),
                "summary": _text(event.get("SUMMARY")),
                "description": _text(event.get("DESCRIPTION")),
                "location": _text(event.get("LOCATION")),
                "url": _text(event.get("URL")),
                "all_day": not isinstance(dtstart, datetime),
                "start_utc": _utc(dtstart),
                "end_utc": _utc(dtend),
                "start_local": _local(dtstart),
                "categories": categories,
            }
        )
    return events


# -- ical.js ---------------------------------------------------------------------------------------


def _icaljs_time(value: dict | None) -> date | datetime | None:
    if value is None:
        return None
    if value["isDate"]:
        return date.fromisoformat(value["local"])
    return datetime.fromisoformat(value["utc"]).astimezone(UTC)


def parse_with_icaljs(ics_bytes: bytes) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        raise AssertionError(
            "node is not installed: ical.js cannot be run (apt-get install nodejs)"
        )
    result = subprocess.run(  # noqa: S603 - fixed argv, our own script
        [node, str(ICALJS_SCRIPT)],
        input=ics_bytes,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"ical.js parse failed (exit {result.returncode}); is node_modules/ical.js installed"
            f" (npm ci)?\n{result.stderr.decode('utf-8', 'replace')}"
        )
    events = []
    for item in json.loads(result.stdout):
        start = item["start"]
        events.append(
            {
                "uid": item["uid"],
                "sequence": int(item["sequence"] or 0),
                "status": item["status"] or "",
                "summary": item["summary"] or "",
                "description": item["description"] or "",
                "location": item["location"] or "",
                "url": item["url"] or "",
                "all_day": bool(start["isDate"]),
                "start_utc": _icaljs_time(start),
                "end_utc": _icaljs_time(item["end"]),
                "start_local": (
                    date.fromisoformat(start["local"])
                    if start["isDate"]
                    else datetime.fromisoformat(start["local"])
                ),
                "categories": list(item["categories"]),
            }
        )
    return events


def parse_all(ics_bytes: bytes, start: date | datetime, end: date | datetime) -> dict[str, list]:
    """Every parser's reading of the feed (recurring-ical-events within [start, end))."""
    return {
        "vobject": parse_with_vobject(ics_bytes),
        "recurring_ical_events": parse_with_recurring_ical_events(ics_bytes, start, end),
        "icaljs": parse_with_icaljs(ics_bytes),
    }


def by_uid(events: list[dict]) -> dict[str, dict]:
    result: dict[str, dict] = {}
    for event in events:
        if event["uid"] in result:
            raise AssertionError(f"duplicate UID {event['uid']!r}")
        result[event["uid"]] = event
    return result
