"""Every calendar feed we publish reads in libical without an error (Evolution, GNOME)."""

from __future__ import annotations

from planner.feeds.ical import build_calendar
from tests.feeds.libical import libical_errors
from tests.feeds.test_http import new_link, summer_and_winter  # noqa: F401  (a fixture)
from tests.feeds.test_ical import SAMPLE, make_feed


def test_the_sample_feed_has_no_libical_errors():
    assert libical_errors(build_calendar(SAMPLE)) == []


def test_an_empty_feed_has_no_libical_errors():
    assert libical_errors(build_calendar(make_feed([]))) == []


def test_the_check_catches_method_publish_without_an_organizer():
    """What the feeds said before: METHOD:PUBLISH, which iTIP allows only with an ORGANIZER."""
    with_method = build_calendar(SAMPLE).replace(
        b"CALSCALE:GREGORIAN\r\n", b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n", 1
    )
    errors = libical_errors(with_method)
    assert any("ORGANIZER" in error for error in errors), errors


def test_a_served_feed_has_no_libical_errors(plan, client_as, summer_and_winter):  # noqa: F811
    path, _ = new_link(client_as("editor"))
    response = client_as("viewer").get(path)
    assert response.status_code == 200
    assert libical_errors(response.data) == []
