"""The UTC offsets of a zone over a period, as the coverage trend's week arithmetic reads them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from planner.core.localtime import offset_changes

OSLO = ZoneInfo("Europe/Oslo")
HOUR = 3600


def test_oslo_changes_its_offset_twice_a_year_to_the_second():
    changes = offset_changes(
        OSLO, datetime(2029, 12, 30, 23, tzinfo=UTC), datetime(2031, 1, 5, 23, tzinfo=UTC)
    )
    assert changes == [
        (datetime(2029, 12, 30, 23, tzinfo=UTC), HOUR),
        # 31 March 2030, 02:00 winter time becomes 03:00 summer time.
        (datetime(2030, 3, 31, 1, tzinfo=UTC), 2 * HOUR),
        # 27 October 2030, 03:00 summer time becomes 02:00 winter time.
        (datetime(2030, 10, 27, 1, tzinfo=UTC), HOUR),
    ]
    for since, offset in changes:
        assert since.astimezone(OSLO).utcoffset() == timedelta(seconds=offset)
        just_before = since - timedelta(seconds=1)
        if since != changes[0][0]:
            assert just_before.astimezone(OSLO).utcoffset() != timedelta(seconds=offset)


def test_a_period_without_a_change_has_one_offset():
    start = datetime(2030, 6, 2, 22, tzinfo=UTC)
    assert offset_changes(OSLO, start, start + timedelta(days=60)) == [(start, 2 * HOUR)]
    assert offset_changes(ZoneInfo("UTC"), start, start + timedelta(days=900)) == [(start, 0)]
