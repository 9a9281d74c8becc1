"""Feeds over HTTP: token lifecycle, public opt-in, privacy, conditional GET, headers, parsers.

Every feed is read back with parsers independent of the libraries that wrote it (vobject,
recurring-ical-events and Mozilla's ical.js for iCalendar; feedparser for RSS and Atom).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import feedparser
import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.feeds.models import FeedToken
from planner.feeds.serving import cache
from planner.feeds.tokens import hash_token
from planner.municipalities.models import Membership
from planner.posts import services, workflow
from tests.conftest import reload
from tests.feeds.parsers import (
    parse_with_icaljs,
    parse_with_recurring_ical_events,
    parse_with_vobject,
)

XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def new_link(client, *, name="Outlook", scope="all", **choice) -> tuple[str, str]:
    """Make a feed link through the page; return its .ics address and the page's HTML."""
    response = client.post("/m/alfa/feeds/new", data={"name": name, "scope": scope, **choice})
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    match = re.search(r'value="(http://localhost/feeds/[^"]+\.ics)"', response.text)
    assert match, "the new address is shown"
    return match.group(1).removeprefix("http://localhost"), response.text


def token_of(path: str) -> str:
    return path.split("/feeds/", 1)[1].rsplit(".", 1)[0]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def summer_and_winter(plan, make_post, make_publication):
    """An approved story at 09:00 local on a July day and a January day, and a draft in July."""
    today = date.today()
    approved = make_post("approved", title="Sommer og vinter")
    july = make_publication(approved, date(today.year + 1, 7, 15), time(9))
    january = make_publication(approved, date(today.year + 1, 1, 12), time(9))
    draft = make_post("draft", title="Utkast i juli")
    draft_july = make_publication(draft, date(today.year + 1, 7, 16), time(9))
    db.session.commit()
    return {"july": july, "january": january, "draft": draft_july}


# --- Tokens --------------------------------------------------------------------------------------


def test_a_link_is_stored_only_as_a_hash_and_reads_the_plan(plan, client_as, summer_and_winter):
    editor = client_as("editor")
    path, _ = new_link(editor)
    token = token_of(path)
    assert len(token) >= 43  # token_urlsafe(32)
    stored = db.session.scalars(sa.select(FeedToken)).all()
    assert [feed.token_hash for feed in stored] == [hash_token(token)]
    assert token not in str([(f.name, f.token_hash) for f in stored])
    response = editor.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    summaries = {event["summary"] for event in parse_with_vobject(response.data)}
    assert "Sommer og vinter (Facebook Alfa)" in summaries
    assert "Utkast i juli (Facebook Alfa)" in summaries
    assert reload(stored[0]).last_used_at is not None


def test_every_parser_reads_nine_o_clock_local_in_summer_and_winter(
    plan, client_as, summer_and_winter
):
    path, _ = new_link(client_as("editor"))
    body = client_as("viewer").get(path).data
    july, january = summer_and_winter["july"], summer_and_winter["january"]
    expected = {
        f"publication-{july.id}@alfa.planner": datetime.combine(
            july.publish_at.date(), time(7), tzinfo=UTC
        ),
        f"publication-{january.id}@alfa.planner": datetime.combine(
            january.publish_at.date(), time(8), tzinfo=UTC
        ),
    }
    window = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
    for parse in (
        parse_with_vobject,
        lambda data: parse_with_recurring_ical_events(data, *window),
        parse_with_icaljs,
    ):
        events = {event["uid"]: event for event in parse(body)}
        for uid, start in expected.items():
            assert events[uid]["start_utc"] == start, (parse, uid)
        draft_uid = f"publication-{summer_and_winter['draft'].id}@alfa.planner"
        assert events[draft_uid]["status"] == "TENTATIVE"
        assert events[next(iter(expected))]["status"] == "CONFIRMED"


def test_sequence_rises_and_a_cancelled_item_is_cancelled(plan, client_as, summer_and_winter):
    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    july = summer_and_winter["july"]
    uid = f"publication-{july.id}@alfa.planner"
    before = {e["uid"]: e for e in parse_with_icaljs(reader.get(path).data)}[uid]
    editing = {"actor": plan.people["editor"], "municipality": plan.municipality}
    july = reload(july)
    services.move_publication(
        july, date(date.today().year + 1, 7, 20), **editing, expected_version=july.version
    )
    db.session.commit()
    moved = {e["uid"]: e for e in parse_with_icaljs(reader.get(path).data)}[uid]
    assert moved["sequence"] > before["sequence"]
    services.cancel_publication(reload(july), **editing)
    db.session.commit()
    cancelled = {e["uid"]: e for e in parse_with_vobject(reader.get(path).data)}[uid]
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["sequence"] > moved["sequence"]


def test_revoked_and_unknown_tokens_are_404(plan, client_as, summer_and_winter):
    editor = client_as("editor")
    path, _ = new_link(editor)
    assert editor.get(path).status_code == 200
    assert editor.get("/feeds/" + "x" * 43 + ".ics").status_code == 404
    feed = db.session.scalar(sa.select(FeedToken))
    assert editor.post(f"/m/alfa/feeds/{feed.id}/revoke").status_code == 302
    assert editor.get(path).status_code == 404
    assert editor.get(path.replace(".ics", ".rss")).status_code == 404


def test_rotating_gives_a_new_address_and_ends_the_old(plan, client_as, summer_and_winter):
    editor = client_as("editor")
    old, _ = new_link(editor, name="Telefonen")
    feed = db.session.scalar(sa.select(FeedToken))
    response = editor.post(f"/m/alfa/feeds/{feed.id}/rotate")
    assert response.status_code == 200
    new = re.search(r'value="http://localhost(/feeds/[^"]+\.ics)"', response.text).group(1)
    assert new != old
    assert editor.get(old).status_code == 404
    assert editor.get(new).status_code == 200
    names = db.session.scalars(sa.select(FeedToken.name)).all()
    assert names == ["Telefonen", "Telefonen"]


def test_a_revoked_link_cannot_be_renewed(plan, client_as, summer_and_winter):
    editor = client_as("editor")
    old, _ = new_link(editor, name="Telefonen")
    feed = db.session.scalar(sa.select(FeedToken))
    assert editor.post(f"/m/alfa/feeds/{feed.id}/revoke").status_code == 302
    response = editor.post(f"/m/alfa/feeds/{feed.id}/rotate", follow_redirects=True)
    assert response.status_code == 200
    assert "The link is revoked already. Make a new one." in response.text
    assert len(db.session.scalars(sa.select(FeedToken)).all()) == 1
    assert editor.get(old).status_code == 404


def test_a_deactivated_creator_stops_the_feed_at_once(plan, client_as, summer_and_winter):
    path, _ = new_link(client_as("editor"))
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == plan.people["editor"].id)
    )
    membership.active = False
    db.session.commit()
    assert client_as("viewer").get(path).status_code == 404


def test_a_role_downgrade_keeps_what_every_member_may_read(plan, client_as, summer_and_winter):
    path, _ = new_link(client_as("editor"))
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.user_id == plan.people["editor"].id)
    )
    membership.role = "viewer"
    db.session.commit()
    assert client_as("viewer").get(path).status_code == 200
    membership.role = "no-such-role"
    db.session.commit()
    assert client_as("viewer").get(path).status_code == 404


def test_only_the_creator_or_an_administrator_may_revoke(plan, client_as, summer_and_winter):
    new_link(client_as("editor"))
    feed = db.session.scalar(sa.select(FeedToken))
    assert client_as("reviewer").post(f"/m/alfa/feeds/{feed.id}/revoke").status_code == 404
    assert client_as("reviewer").post(f"/m/alfa/feeds/{feed.id}/rotate").status_code == 404
    assert client_as("admin").post(f"/m/alfa/feeds/{feed.id}/rotate").status_code == 404
    assert client_as("admin").post(f"/m/alfa/feeds/{feed.id}/revoke").status_code == 302
    assert reload(feed).revoked


def test_revoke_and_new_address_ask_first(plan, client_as, summer_and_winter):
    """The list's buttons lead to a page that says what the step does; only its POST acts."""
    editor = client_as("editor")
    path, _ = new_link(editor, name="Telefonen")
    feed = db.session.scalar(sa.select(FeedToken))
    listing = editor.get("/m/alfa/feeds/").text
    for action, question, button in (
        ("revoke", "Revoke “Telefonen”?", "Revoke the link"),
        ("rotate", "A new address for “Telefonen”?", "Make a new address"),
    ):
        url = f"/m/alfa/feeds/{feed.id}/{action}"
        assert f'href="{url}"' in listing
        page = editor.get(url)
        assert page.status_code == 200
        assert question in page.text and f">{button}</button>" in page.text
        assert f'action="{url}"' in page.text and 'name="csrf_token"' in page.text
    assert editor.get(path).status_code == 200, "asking changes nothing"
    assert not reload(feed).revoked
    assert client_as("reviewer").get(f"/m/alfa/feeds/{feed.id}/revoke").status_code == 404
    assert client_as("admin").get(f"/m/alfa/feeds/{feed.id}/rotate").status_code == 404
    editor.post(f"/m/alfa/feeds/{feed.id}/revoke")
    page = editor.get(f"/m/alfa/feeds/{feed.id}/revoke").text
    assert "This link is revoked already" in page and "Revoke the link" not in page


def test_scopes_show_only_their_part_of_the_plan(plan, client_as, make_post, make_publication):
    day = date(date.today().year + 1, 3, 2)
    on_facebook = make_post("draft", title="På Facebook")
    make_publication(on_facebook, day)
    on_sms = make_post("draft", title="På SMS", audiences=[], goals=[])
    make_publication(on_sms, day, channel=plan.sms)
    by_admin = make_post("draft", title="Adminens", owner=plan.people["admin"].id)
    make_publication(by_admin, day)
    db.session.commit()
    editor = client_as("editor")

    def titles(path: str) -> set[str]:
        return {e["summary"].rsplit(" (", 1)[0] for e in parse_with_vobject(editor.get(path).data)}

    everything, _ = new_link(editor, name="Alt")
    channel, _ = new_link(editor, name="SMS", scope="channel", channel=plan.sms.id)
    audience, _ = new_link(editor, name="Innbyggere", scope="audience", audience=plan.a.audience.id)
    goal, _ = new_link(editor, name="Heltid", scope="goal", goal=plan.a.goal.id)
    mine, _ = new_link(editor, name="Mine", scope="mine")
    assert titles(everything) == {"På Facebook", "På SMS", "Adminens"}
    assert titles(channel) == {"På SMS"}
    assert titles(audience) == {"På Facebook", "Adminens"}
    assert titles(goal) == {"På Facebook", "Adminens"}
    assert titles(mine) == {"På Facebook", "På SMS"}


def test_a_link_whose_scope_no_longer_belongs_to_the_municipality_is_404(plan, client_as):
    editor = client_as("editor")
    path, _ = new_link(editor, name="SMS", scope="channel", channel=plan.sms.id)
    assert editor.get(path).status_code == 200
    feed = db.session.scalar(sa.select(FeedToken))
    for scope, scope_id in [
        ("channel", plan.b.channel.id),  # another municipality's channel
        ("channel", plan.sms.id + 10_000),  # gone
        ("audience", plan.sms.id + 10_000),
        ("goal", plan.b.goal.id),
    ]:
        feed.scope, feed.scope_id = scope, scope_id
        db.session.commit()
        assert editor.get(path).status_code == 404, (scope, scope_id)
    feed.scope, feed.scope_id = "goal", plan.a.goal.id
    db.session.commit()
    assert editor.get(path).status_code == 200


def test_last_use_is_written_at_most_every_few_minutes(plan, client_as, summer_and_winter):
    editor = client_as("editor")
    path, _ = new_link(editor)
    feed = db.session.scalar(sa.select(FeedToken))
    assert feed.last_used_at is None
    assert editor.get(path).status_code == 200
    first = reload(feed).last_used_at
    assert first is not None
    recent = first - timedelta(minutes=1)
    feed.last_used_at = recent
    db.session.commit()
    assert editor.get(path).status_code == 200
    assert reload(feed).last_used_at == recent
    feed.last_used_at = first - timedelta(minutes=6)
    db.session.commit()
    assert editor.get(path).status_code == 200
    assert reload(feed).last_used_at > first - timedelta(minutes=1)


def test_a_scope_of_another_municipality_is_refused(plan, client_as):
    response = client_as("editor").post(
        "/m/alfa/feeds/new", data={"name": "Lure", "scope": "channel", "channel": plan.b.channel.id}
    )
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(FeedToken.id))) == 0


def test_a_link_of_another_municipality_cannot_be_revoked(plan, client_as):
    other = plan.people["other"]
    from planner.feeds.tokens import create_token

    issued = create_token(plan.b.municipality, name="Beta", scope="all", scope_id=None, actor=other)
    db.session.commit()
    admin = client_as("admin")
    assert admin.post(f"/m/alfa/feeds/{issued.feed.id}/revoke").status_code == 404
    assert not reload(issued.feed).revoked


# --- HTTP ----------------------------------------------------------------------------------------


def test_conditional_get_gives_304_and_a_change_gives_a_new_etag(
    plan, client_as, summer_and_winter
):
    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    first = reader.get(path)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = reader.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    since = reader.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    editing = {"actor": plan.people["editor"], "municipality": plan.municipality}
    july = reload(summer_and_winter["july"])
    services.move_publication(
        july, date(date.today().year + 1, 7, 21), **editing, expected_version=july.version
    )
    db.session.commit()
    changed = reader.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_head_and_private_headers(plan, client_as, summer_and_winter):
    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    head = reader.head(path)
    assert head.status_code == 200
    assert head.data == b""
    response = reader.get(path)
    assert response.headers["Cache-Control"].startswith("private")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Robots-Tag"] == "noindex"
    for fmt, content_type in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        news = reader.get(path.replace(".ics", f".{fmt}"))
        assert news.status_code == 200
        assert news.headers["Content-Type"] == f"{content_type}; charset=utf-8"


def test_a_repeat_poll_does_not_rebuild(plan, client_as, summer_and_winter):
    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    first = reader.get(path).data
    builds = cache.builds
    assert reader.get(path).data == first
    assert cache.builds == builds


# --- Public feeds --------------------------------------------------------------------------------


def publish(plan, publication, url="https://www.alfa.example/sak"):
    services.mark_published(
        reload(publication), url, actor=plan.people["editor"], municipality=plan.municipality
    )
    db.session.commit()


def test_public_feeds_are_off_until_an_admin_opts_in(plan, client):
    for path in ("/public/alfa/calendar.ics", "/public/alfa/posts.rss", "/public/alfa/posts.atom"):
        assert client.get(path).status_code == 404
    plan.municipality.public_feeds = True
    db.session.commit()
    for path in ("/public/alfa/calendar.ics", "/public/alfa/posts.rss", "/public/alfa/posts.atom"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"].startswith("public")


def test_public_feeds_show_only_what_went_out_on_external_channels(
    plan, client, make_post, make_publication
):
    plan.municipality.public_feeds = True
    past = date.today().replace(day=1)
    told = make_post("approved", title="Fortalt ute", summary="Ute i verden.")
    told_out = make_publication(told, past)
    internal = db.session.scalar(sa.select(type(plan.sms)).where(type(plan.sms).id == plan.sms.id))
    internal.reach = "internal"
    told_inside = make_post("approved", title="Bare for ansatte")
    inside = make_publication(told_inside, past, channel=internal)
    secret = make_post("draft", title="Hemmelig utkast " + XSS)
    make_publication(secret, past)
    planned = make_post("approved", title="Ikke ute ennå")
    make_publication(planned, date(date.today().year + 1, 5, 5))
    db.session.commit()
    publish(plan, told_out)
    publish(plan, inside)
    ics = client.get("/public/alfa/calendar.ics").data
    rss = client.get("/public/alfa/posts.rss").data
    atom = client.get("/public/alfa/posts.atom").data
    for body in (ics, rss, atom):
        text = body.decode()
        assert "Fortalt ute" in text
        for hidden in ("Bare for ansatte", "Hemmelig", "Ikke ute ennå", "Heltidskultur", "Status"):
            assert hidden not in text, hidden
    for fmt, body in (("rss", rss), ("atom", atom)):
        parsed = feedparser.parse(body)
        assert parsed.bozo == 0, fmt
        assert [entry.title for entry in parsed.entries] == ["Fortalt ute"]
        link = parsed.entries[0].link
        assert link.endswith(f"/public/alfa/posts/{told.id}")
        page = client.get(link.removeprefix("http://localhost"))
        assert page.status_code == 200 and "Ute i verden." in page.text
        self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_link == [f"http://localhost/public/alfa/posts.{fmt}"]
    assert client.get(f"/public/alfa/posts/{told_inside.id}").status_code == 404
    assert client.get(f"/public/alfa/posts/{secret.id}").status_code == 404


def test_xss_payloads_are_inert_in_every_feed(plan, client_as, make_post, make_publication):
    plan.municipality.public_feeds = True
    past = date.today().replace(day=1)
    post = make_post(
        "approved",
        title="Tittel " + XSS,
        summary="Ingress " + XSS,
        sections={"body": "Tekst " + XSS + "\n\n[lenke](javascript:alert(1))"},
    )
    publication = make_publication(post, past, text="Kanaltekst " + XSS)
    db.session.commit()
    publish(plan, publication)
    editor = client_as("editor")
    path, _ = new_link(editor)
    bodies = {
        "private ics": editor.get(path).data,
        "private rss": editor.get(path.replace(".ics", ".rss")).data,
        "private atom": editor.get(path.replace(".ics", ".atom")).data,
        "public ics": editor.get("/public/alfa/calendar.ics").data,
        "public rss": editor.get("/public/alfa/posts.rss").data,
        "public atom": editor.get("/public/alfa/posts.atom").data,
    }
    for name, body in bodies.items():
        text = body.decode()
        if name.endswith("ics"):
            # Plain text properties only: no HTML description a client would render.
            assert "X-ALT-DESC" not in text and "text/html" not in text, name
        else:
            assert "<script" not in text and "<img" not in text, name
        # The Markdown link to javascript: stays text; it never becomes a link.
        assert 'href="javascript' not in text and "href=&quot;javascript" not in text, name
    for name in ("private rss", "private atom", "public rss", "public atom"):
        parsed = feedparser.parse(bodies[name])
        assert parsed.bozo == 0
        assert parsed.entries[0].title == "Tittel " + XSS, name
        content = parsed.entries[0].content[0].value
        assert "<script" not in content and "onerror=" not in content.replace("onerror=alert", "")
    events = parse_with_vobject(bodies["private ics"])
    assert any(e["summary"].startswith("Tittel " + XSS) for e in events)


def test_cancelled_items_stay_a_while_then_drop(plan, client_as, summer_and_winter, app):
    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    july = summer_and_winter["july"]
    services.cancel_publication(
        reload(july), actor=plan.people["editor"], municipality=plan.municipality
    )
    db.session.commit()
    uid = f"publication-{july.id}@alfa.planner"
    assert uid in {e["uid"] for e in parse_with_vobject(reader.get(path).data)}
    reload(july).updated_at = datetime(2000, 1, 1, tzinfo=UTC)
    db.session.commit()
    assert uid not in {e["uid"] for e in parse_with_vobject(reader.get(path).data)}


def test_events_carry_their_place_and_end(plan, client_as, make_post, make_publication):
    year = date.today().year + 1
    event = make_post(
        "approved",
        title="Temakveld",
        kind="event",
        location="Rådhuset, Mastrevik",
        event_starts_at=datetime(year, 2, 3, 18, 0),
        event_ends_at=datetime(year, 2, 3, 21, 0),
    )
    make_publication(event, date(year, 1, 20))
    db.session.commit()
    path, _ = new_link(client_as("editor"))
    events = {e["uid"]: e for e in parse_with_icaljs(client_as("viewer").get(path).data)}
    theme_evening = events[f"event-{event.id}@alfa.planner"]
    assert theme_evening["location"] == "Rådhuset, Mastrevik"
    assert theme_evening["start_utc"] == datetime(year, 2, 3, 17, 0, tzinfo=UTC)
    assert theme_evening["end_utc"] == datetime(year, 2, 3, 20, 0, tzinfo=UTC)


def test_a_row_stored_past_the_years_we_accept_costs_only_itself(
    plan, client, client_as, summer_and_winter, make_post, make_publication
):
    """Forms refuse dates past 2199, but a row stored before that rule (or by hand) must not make
    every feed answer 500: 23:30 UTC on 31 December 9999 is already the year 10000 in Oslo."""
    plan.municipality.public_feeds = True
    year = date.today().year + 1
    beyond = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
    far = make_post("approved", title="Langt fram")
    far_out = make_publication(far, date(year, 3, 1))
    evening = make_post(
        "approved",
        title="Temakveld",
        kind="event",
        event_starts_at=datetime(year, 2, 3, 18, 0),
        event_ends_at=datetime(year, 2, 3, 21, 0),
    )
    make_publication(evening, date(year, 1, 20))
    db.session.commit()
    publish(plan, far_out)
    publications, posts = type(far_out).__table__, type(evening).__table__
    db.session.execute(
        sa.update(publications).where(publications.c.id == far_out.id).values(publish_at=beyond)
    )
    db.session.execute(
        sa.update(posts)
        .where(posts.c.id == evening.id)
        .values(event_starts_at=datetime(5000, 6, 1, 16, tzinfo=UTC), event_ends_at=None)
    )
    db.session.commit()
    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    for url in (
        path,
        "/public/alfa/calendar.ics",
        "/public/alfa/posts.rss",
        "/public/alfa/posts.atom",
    ):
        response = (reader if url == path else client).get(url)
        assert response.status_code == 200, url
        assert "Langt fram" not in response.text, url
    uids = {e["uid"] for e in parse_with_icaljs(reader.get(path).data)}
    assert f"publication-{summer_and_winter['july'].id}@alfa.planner" in uids
    # The event post's own item goes; its publication (a normal date) stays.
    assert f"event-{evening.id}@alfa.planner" not in uids
    assert {u for u in uids if u.startswith("publication-")} >= {
        f"publication-{p.id}@alfa.planner" for p in evening.publications
    }


def test_the_approval_makes_an_item_confirmed(plan, client_as, make_post, make_publication):
    post = make_post("in_review", title="Til godkjenning")
    publication = make_publication(post, date(date.today().year + 1, 4, 4))
    db.session.commit()
    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    uid = f"publication-{publication.id}@alfa.planner"
    assert {e["uid"]: e for e in parse_with_vobject(reader.get(path).data)}[uid][
        "status"
    ] == "TENTATIVE"
    workflow.apply_transition(
        reload(post),
        "approve",
        role="reviewer",
        actor=plan.people["reviewer"],
        municipality=plan.municipality,
    )
    db.session.commit()
    assert {e["uid"]: e for e in parse_with_vobject(reader.get(path).data)}[uid][
        "status"
    ] == "CONFIRMED"


def test_tokens_never_reach_the_access_log():
    from planner.core.logging_redaction import redact

    line = "GET /feeds/AbCdEf0123456789_-xyzAbCdEf0123456789_-xyzAbC.ics HTTP/1.1"
    assert redact(line) == "GET /feeds/[token].ics HTTP/1.1"
    assert redact("/public/afjord/calendar.ics") == "/public/afjord/calendar.ics"


def test_clients_that_accept_gzip_get_it_with_its_own_etag(plan, client_as, summer_and_winter):
    import gzip

    path, _ = new_link(client_as("editor"))
    reader = client_as("viewer")
    plain = reader.get(path)
    packed = reader.get(path, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = reader.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304
    assert reader.get(path, headers={"If-None-Match": packed.headers["ETag"]}).status_code == 200
