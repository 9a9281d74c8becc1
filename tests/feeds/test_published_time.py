"""RSS and Atom date a published item by when it went out; the calendar keeps the planned time."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

import feedparser
import pytest

from planner.core.extensions import db
from planner.feeds.serving import cache
from planner.posts import services
from tests.conftest import reload
from tests.feeds.parsers import parse_with_vobject


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def moment(parsed) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)


def test_an_early_published_item_is_dated_when_it_went_out(
    plan, client, make_post, make_publication
):
    plan.municipality.public_feeds = True
    early = make_post("approved", title="Ute før tida")
    planned = make_publication(early, date(2099, 3, 2), time(9))
    late = make_post("approved", title="Ute i tide")
    on_time = make_publication(late, date.today() - timedelta(days=3), time(9))
    db.session.commit()
    went_out = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    editing = {"actor": plan.people["editor"], "municipality": plan.municipality}
    services.mark_published(reload(on_time), "", now=went_out - timedelta(days=1), **editing)
    services.mark_published(reload(planned), "", confirm_early=True, now=went_out, **editing)
    db.session.commit()
    planned_at = reload(planned).publish_at

    rss = feedparser.parse(client.get("/public/alfa/posts.rss").data)
    atom = feedparser.parse(client.get("/public/alfa/posts.atom").data)
    for parsed in (rss, atom):
        assert parsed.bozo == 0
        # Ordered by when they went out: the early one is the newest.
        assert [entry.title for entry in parsed.entries] == ["Ute før tida", "Ute i tide"]
    assert moment(rss.entries[0].published_parsed) == went_out
    assert moment(atom.entries[0].published_parsed) == went_out
    assert moment(rss.entries[1].published_parsed) == went_out - timedelta(days=1)

    # The calendar keeps the planned time.
    events = {
        e["summary"]: e for e in parse_with_vobject(client.get("/public/alfa/calendar.ics").data)
    }
    [event] = [e for name, e in events.items() if name.startswith("Ute før tida")]
    assert event["start_utc"] == planned_at


def test_an_old_row_without_a_published_time_keeps_its_planned_time(
    plan, client, make_post, make_publication
):
    plan.municipality.public_feeds = True
    post = make_post("approved", title="Gammel rad")
    publication = make_publication(post, date.today() - timedelta(days=3), time(9))
    services.mark_published(
        reload(publication), "", actor=plan.people["editor"], municipality=plan.municipality
    )
    db.session.commit()
    row = reload(publication)
    row.published_at = None
    db.session.commit()
    rss = feedparser.parse(client.get("/public/alfa/posts.rss").data)
    assert moment(rss.entries[0].published_parsed) == reload(publication).publish_at
