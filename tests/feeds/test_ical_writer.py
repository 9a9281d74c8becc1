"""The events are written by our own fast writer: it must give exactly the bytes the icalendar
library gives for the same event, so the library stays the reference for escaping and folding."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Event, vCategory, vText, vUri

from planner.feeds.ical import _ambiguous, _clean, _event_lines, _fold_all, _uri
from planner.feeds.items import CalendarEvent
from planner.feeds.vtimezone import load_zone

OSLO = "Europe/Oslo"
STAMP = datetime(2026, 11, 30, 8, 15, tzinfo=UTC)
LONG = "Æøå «sitat» – " * 12 + "\\ slutt; med, tegn\nog linjeskift"


def reference(item: CalendarEvent, tzid: str) -> bytes:
    """The same event built property by property with icalendar (the library's own bytes)."""
    zone = load_zone(tzid)
    event = Event()
    event.add("UID", vText(_clean(item.uid)))
    event.add("SEQUENCE", item.sequence)
    event.add("DTSTAMP", item.last_modified)
    event.add("LAST-MODIFIED", item.last_modified)
    if item.all_day:
        event.add("DTSTART", item.start)
        event.add("DTEND", item.end or item.start + timedelta(days=1))
    else:
        for name, value in (("DTSTART", item.start), ("DTEND", item.end)):
            if value is None:
                continue
            local = value.astimezone(zone)
            if tzid == "UTC" or _ambiguous(local):
                event.add(name, value.astimezone(UTC))
            else:
                event.add(name, local.replace(tzinfo=None), parameters={"TZID": tzid})
    event.add("SUMMARY", vText(_clean(item.summary)))
    if item.description:
        event.add("DESCRIPTION", vText(_clean(item.description)))
    event.add("STATUS", item.status)
    if item.categories:
        event.add("CATEGORIES", vCategory([_clean(c) for c in item.categories]))
    if item.url:
        event.add("URL", vUri(_uri(item.url)))
    if item.location:
        event.add("LOCATION", vText(_clean(item.location)))
    event.add("TRANSP", "TRANSPARENT")
    event.add("CLASS", "PUBLIC")
    return event.to_ical()


EVENTS = [
    CalendarEvent(
        uid="publication-1@afjord.planner",
        sequence=3,
        summary="Fra vikar til fast (Facebook)",
        description=LONG,
        status="CONFIRMED",
        start=datetime(2026, 7, 15, 7, 0, tzinfo=UTC),
        end=None,
        last_modified=STAMP,
        url="https://planner.example/m/afjord/posts/1",
        categories=("Facebook", "Heltid, deltid; og mer", "Ansatte"),
    ),
    CalendarEvent(
        uid="publication-2@afjord.planner",
        sequence=0,
        summary='<script>alert(1)</script>"><img src=x onerror=alert(1)>',
        description="",
        status="TENTATIVE",
        start=date(2027, 1, 12),
        end=None,
        last_modified=STAMP,
    ),
    CalendarEvent(
        uid="event-3@austrheim.planner",
        sequence=7,
        summary="Temakveld",
        description="Over nitti tilsette og politikarar.",
        status="CANCELLED",
        start=datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 local, the repeated hour
        end=datetime(2026, 10, 25, 3, 0, tzinfo=UTC),
        last_modified=STAMP,
        location="Rådhuset, Mastrevik",
        url="https://planner.example/a b\ninjected",
    ),
]


@pytest.mark.parametrize("item", EVENTS, ids=lambda e: e.uid)
@pytest.mark.parametrize("tzid", [OSLO, "UTC", "Asia/Tokyo"])
def test_the_writer_gives_the_librarys_bytes(item, tzid):
    ours = _fold_all(_event_lines(item, tzid, load_zone(tzid)))
    assert ours == reference(item, tzid)
