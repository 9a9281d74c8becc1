"""Feed benchmark: requests/s through gunicorn with wrk, and the cold build of a 1,000-item feed.

    .venv/bin/python bench/feeds.py [--database-url URL] [--duration 10s] [--connections 16]

Creates a fresh database (a temporary SQLite file, or a temporary database on the PostgreSQL
server of --database-url), migrates it, generates one municipality with exactly 1,000
publications inside the feed window, switches its public feeds on and makes a feed link. Then:

1. gunicorn (gunicorn.conf.py, 2 workers, production settings) on a free loopback port; wrk
   against the trivial route (/healthz), the warm ICS feed of the link, a 304 (If-None-Match with
   the feed's ETag) and the link's RSS feed, each reported as a share of the trivial route.
2. In this process, the cold build of the ICS feed through our path (content.calendar_feed and
   ical.build_calendar, fresh session, cache cleared) against icalendar's bare ``to_ical()`` of a
   plain Calendar holding the same VEVENTs.

Targets (issue 5): warm ICS ≥ 60 % and 304 ≥ 85 % of the trivial route; cold build ≤ 1.5 × bare
``to_ical()``. See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import gunicorn as gunicorn_package
import icalendar
import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from harness import (
    WrkResult,
    database_kind,
    get,
    gunicorn,
    machine_reference_ms,
    median_ms,
    migrate,
    parse_duration,
    production_app,
    require_wrk,
    run_wrk,
    temporary_database,
)
from icalendar import Calendar, Event

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.demo.generate import GenerateSettings, generate
from planner.feeds import content, serving
from planner.feeds.content import Window
from planner.feeds.ical import build_calendar
from planner.feeds.tokens import create_token
from planner.municipalities.models import Municipality
from planner.posts.models import Publication

PUBLICATIONS = 1000
POSTS = 500
WARM_ICS_TARGET = 0.60
NOT_MODIFIED_TARGET = 0.85
COLD_BUILD_TARGET = 1.5


@dataclass(frozen=True)
class Prepared:
    slug: str
    municipality_id: int
    token: str
    publications_in_window: int


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="A PostgreSQL server to create a temporary database on (default: a SQLite file).",
    )
    parser.add_argument("--duration", default="10s", help="Length of each wrk run (10s).")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="wrk rounds over the routes; the report gives medians (3).",
    )
    parser.add_argument("--runs", type=int, default=15, help="Runs of each cold build (15).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated data (1).")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="Also profile the warm, 304 and cold paths in this process (cProfile, SQL times).",
    )
    args = parser.parse_args(argv)
    require_wrk()
    seconds = parse_duration(args.duration)

    with (
        tempfile.TemporaryDirectory(prefix="planner-bench-") as work,
        temporary_database(args.database_url) as database_url,
    ):
        kind = database_kind(database_url)
        print(f"Database: {kind}; migrating and generating {PUBLICATIONS} publications …")
        migrate(database_url)
        app = production_app(database_url)
        prepared = prepare(app, seed=args.seed)
        print(
            f"  {prepared.slug}: {prepared.publications_in_window} publications in the feed window"
        )
        try:
            with gunicorn(database_url, Path(work) / "gunicorn.log", workers=args.workers) as base:
                routes, events, feed_body = check_and_warm(base, prepared, seconds, args)
                results = measure(routes, seconds, args)
            calibration = calibrate(database_url, Path(work), feed_body, seconds, args)
            in_process = request_times(app, prepared)
            cold = cold_build(app, prepared, runs=args.runs)
            if args.profile:
                profile(app, prepared)
        finally:
            with app.app_context():
                db.engine.dispose()

    report(kind, args, seconds, prepared, events, results, in_process, cold, calibration)
    return 0


# --- Data ----------------------------------------------------------------------------------------


def prepare(app, *, seed: int) -> Prepared:
    """One municipality with exactly 1,000 publications in the window, public feeds, a link."""
    with app.app_context():
        config = app.config
        (generated,) = generate(
            GenerateSettings(
                municipalities=1,
                posts=POSTS,
                publications=PUBLICATIONS,
                seed=seed,
                window_days=config["FEED_WINDOW_DAYS"],
                password=secrets.token_urlsafe(16),
            )
        )
        municipality = db.session.scalar(
            sa.select(Municipality).where(Municipality.slug == generated.slug)
        )
        municipality.public_feeds = True
        admin = db.session.scalar(sa.select(User).where(User.email == generated.logins[0].email))
        issued = create_token(
            municipality, name="Benchmark", scope="all", scope_id=None, actor=admin
        )
        db.session.commit()
        window = Window.around(
            utcnow(), days=config["FEED_WINDOW_DAYS"], cancelled_days=config["FEED_CANCELLED_DAYS"]
        )
        in_window = db.session.scalar(
            sa.select(sa.func.count(Publication.id)).where(
                Publication.municipality_id == municipality.id,
                Publication.publish_at >= window.start,
            )
        )
        if in_window != PUBLICATIONS:
            raise SystemExit(f"expected {PUBLICATIONS} publications in the window, not {in_window}")
        prepared = Prepared(generated.slug, municipality.id, issued.token, in_window)
        db.session.remove()
        db.engine.dispose()
    return prepared


# --- Through gunicorn ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    url: str
    headers: tuple[str, ...] = ()


def check_and_warm(base: str, prepared: Prepared, seconds: float, args):
    """Check each route answers as it should, learn the ETag, and let both workers build."""
    ics = f"{base}/feeds/{prepared.token}.ics"
    rss = f"{base}/feeds/{prepared.token}.rss"
    status, headers, body = get(ics)
    if status != 200 or not headers.get("Content-Type", "").startswith("text/calendar"):
        raise SystemExit(f"the ICS feed answered {status} {headers.get('Content-Type')}")
    etag = headers["ETag"]
    events = body.count(b"BEGIN:VEVENT")
    status, _, _ = get(ics, {"If-None-Match": etag})
    if status != 304:
        raise SystemExit(f"If-None-Match {etag} gave {status}, not 304")
    status, headers, _ = get(rss)
    if status != 200 or "rss" not in headers.get("Content-Type", ""):
        raise SystemExit(f"the RSS feed answered {status}")
    routes = [
        Route("trivial route (/healthz)", f"{base}/healthz"),
        Route("warm ICS (token .ics)", ics),
        Route("304 (If-None-Match)", ics, (f"If-None-Match: {etag}",)),
        Route("RSS (token .rss)", rss),
        # What calendar clients send; the same as the warm ICS until responses are compressed.
        Route("warm ICS, gzip accepted", ics, ("Accept-Encoding: gzip",)),
    ]
    # Every worker builds each feed once; a short run reaches them all.
    for route in routes:
        run_wrk(
            route.name,
            route.url,
            seconds=min(2, seconds),
            connections=args.connections,
            threads=args.threads,
            headers=route.headers,
        )
    return routes, events, body


def measure(routes: list[Route], seconds: float, args) -> dict[str, list[WrkResult]]:
    results: dict[str, list[WrkResult]] = defaultdict(list)
    for round_ in range(1, args.rounds + 1):
        for route in routes:
            result = run_wrk(
                route.name,
                route.url,
                seconds=seconds,
                connections=args.connections,
                threads=args.threads,
                headers=route.headers,
            )
            results[route.name].append(result)
            print(
                f"  round {round_}: {route.name:<26} {result.requests_per_second:>9.1f} req/s"
                f"  p50 {result.latency_p50_ms:6.2f} ms  p99 {result.latency_p99_ms:7.2f} ms"
                + (f"  ({result.errors} errors)" if result.errors else ""),
                flush=True,
            )
    return results


@dataclass(frozen=True)
class Calibration:
    """A minimal app in the same gunicorn: a trivial body and the feed's bytes, in req/s."""

    name: str
    trivial_rps: float
    body_rps: float

    @property
    def ratio(self) -> float:
        return self.body_rps / self.trivial_rps


#: bench/calibration_apps.py: what serving the feed's bytes costs with no feed code at all.
CALIBRATION_APPS = {
    "bare WSGI app": "calibration_apps:wsgi",
    "minimal Flask app": "calibration_apps:flask_app",
}


def calibrate(
    database_url: str, work: Path, body: bytes, seconds: float, args
) -> list[Calibration]:
    body_path = work / "feed.ics"
    body_path.write_bytes(body)
    found = []
    for name, app in CALIBRATION_APPS.items():
        with gunicorn(
            database_url,
            work / "calibration.log",
            workers=args.workers,
            app=app,
            BENCH_BODY=str(body_path),
            healthz="/trivial",
        ) as base:
            medians = {}
            for path in ("/trivial", "/body"):
                runs = [
                    run_wrk(
                        path,
                        base + path,
                        seconds=seconds,
                        connections=args.connections,
                        threads=args.threads,
                    ).requests_per_second
                    for _ in range(args.rounds)
                ]
                medians[path] = statistics.median(runs)
        found.append(Calibration(name, medians["/trivial"], medians["/body"]))
        print(
            f"  calibration, {name}: trivial {medians['/trivial']:.1f} req/s, "
            f"the feed's bytes {medians['/body']:.1f} req/s",
            flush=True,
        )
    return found


# --- In this process -----------------------------------------------------------------------------


def request_times(app, prepared: Prepared, count: int = 200) -> dict[str, float]:
    """Median time of one request through the test client (no network, no wrk beside it)."""
    client = app.test_client()
    ics = f"/feeds/{prepared.token}.ics"
    etag = client.get(ics).headers["ETag"]
    client.get(f"/feeds/{prepared.token}.rss")
    paths = {
        "trivial route (/healthz)": ("/healthz", {}),
        "warm ICS (token .ics)": (ics, {}),
        "304 (If-None-Match)": (ics, {"If-None-Match": etag}),
        "RSS (token .rss)": (f"/feeds/{prepared.token}.rss", {}),
        "warm ICS, gzip accepted": (ics, {"Accept-Encoding": "gzip"}),
    }
    times = {
        name: median_ms(lambda p=path, h=headers: client.get(p, headers=h), runs=count)
        for name, (path, headers) in paths.items()
    }
    times["cold ICS request (cache cleared)"] = median_ms(
        lambda: client.get(ics), runs=15, before=serving.cache.clear
    )
    return times


@dataclass(frozen=True)
class ColdBuild:
    events: int
    items_ms: float
    writing_ms: float
    ours_ms: float
    bare_ms: float
    ours_bytes: int
    bare_bytes: int


def cold_build(app, prepared: Prepared, *, runs: int) -> ColdBuild:
    """Our path from the database to bytes, against icalendar's bare to_ical() of the same
    events; each of our runs starts with a new session and an empty feed cache."""

    from planner.core.extensions import db
    from planner.feeds import serving
    from planner.municipalities.models import Municipality

    config = app.config
    with app.app_context(), app.test_request_context(f"/feeds/{prepared.token}.ics"):
        state = {}

        def fresh() -> None:
            serving.cache.clear()
            db.session.remove()
            municipality = db.session.get(Municipality, prepared.municipality_id)
            state["selection"] = content.Selection(municipality)
            state["language"] = municipality.language

        def items():
            selection = state["selection"]
            slug = selection.municipality.slug
            window = content.Window.around(
                utcnow(),
                days=config["FEED_WINDOW_DAYS"],
                cancelled_days=config["FEED_CANCELLED_DAYS"],
            )
            with force_locale(state["language"]):
                return content.calendar_feed(
                    selection,
                    window,
                    name=f"{selection.municipality.name}: Benchmark",
                    description="Kommunikasjonsplanen.",
                    page_url=url_for("calendar.index", slug=slug, _external=True),
                    post_url=lambda post: url_for(
                        "posts.show", slug=slug, post_id=post.id, _external=True
                    ),
                    host="planner",
                    refresh=timedelta(minutes=config["FEED_REFRESH_MINUTES"]),
                )

        def ours() -> bytes:
            feed = items()
            with force_locale(state["language"]):
                return build_calendar(feed)

        fresh()
        feed = items()
        ours_bytes = len(ours())
        items_ms = median_ms(items, runs=runs, before=fresh)
        writing_ms = median_ms(lambda: build_calendar(feed), runs=runs)
        ours_ms = median_ms(ours, runs=runs, before=fresh)

        calendars = []
        bare_ms = median_ms(
            lambda: calendars[-1].to_ical(),
            runs=runs,
            before=lambda: calendars.append(bare_calendar(feed)),
        )
        bare_bytes = len(calendars[-1].to_ical())
        db.session.remove()
    return ColdBuild(
        len(feed.events), items_ms, writing_ms, ours_ms, bare_ms, ours_bytes, bare_bytes
    )


def bare_calendar(feed):
    """A plain icalendar Calendar with the same VEVENTs, added the obvious way (no VTIMEZONE,
    no escaping or checks of our own): what icalendar alone would write."""
    zone = ZoneInfo(feed.timezone)
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", "-//bench//bare icalendar//EN")
    for item in feed.events:
        event = Event()
        event.add("UID", item.uid)
        event.add("SEQUENCE", item.sequence)
        event.add("DTSTAMP", item.last_modified)
        event.add("LAST-MODIFIED", item.last_modified)
        if item.all_day:
            event.add("DTSTART", item.start)
            event.add("DTEND", item.end or item.start + timedelta(days=1))
        else:
            event.add("DTSTART", item.start.astimezone(zone))
            if item.end is not None:
                event.add("DTEND", item.end.astimezone(zone))
        event.add("SUMMARY", item.summary)
        if item.description:
            event.add("DESCRIPTION", item.description)
        event.add("STATUS", item.status)
        if item.categories:
            event.add("CATEGORIES", list(item.categories))
        if item.url:
            event.add("URL", item.url)
        if item.location:
            event.add("LOCATION", item.location)
        event.add("TRANSP", "TRANSPARENT")
        event.add("CLASS", "PUBLIC")
        calendar.add_component(event)
    return calendar


# --- Profiling -----------------------------------------------------------------------------------


def profile(app, prepared: Prepared) -> None:
    """Where the time of each path goes: cProfile (top functions) and SQL statement times."""
    client = app.test_client()
    ics = f"/feeds/{prepared.token}.ics"
    etag = client.get(ics).headers["ETag"]
    paths = {
        "trivial route": lambda: client.get("/healthz"),
        "warm ICS": lambda: client.get(ics),
        "304": lambda: client.get(ics, headers={"If-None-Match": etag}),
    }
    for name, run in paths.items():
        _profile(name, run, 300)
    _profile("cold ICS request", lambda: (serving.cache.clear(), client.get(ics)), 5)

    with app.app_context():
        engine = db.engine
    statements: dict[str, list[float]] = defaultdict(list)
    started: dict[int, float] = {}

    def before(conn, cursor, statement, parameters, context, executemany):
        started[id(cursor)] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements[" ".join(statement.split())].append(
            (time.perf_counter() - started.pop(id(cursor))) * 1000
        )

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        for label, run, count in (
            ("warm ICS", paths["warm ICS"], 100),
            ("304", paths["304"], 100),
            ("cold ICS", lambda: (serving.cache.clear(), client.get(ics)), 5),
        ):
            statements.clear()
            for _ in range(count):
                run()
            print(f"\nSQL per {label} request (median ms, statement):")
            for statement, times in statements.items():
                per_request = len(times) / count
                print(f"  {statistics.median(times):7.3f} ms ×{per_request:g}  {statement[:160]}")
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


def _profile(name: str, run, count: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        run()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    print(f"\n=== cProfile: {name} × {count} (cumulative) ===")
    stats.print_stats(25)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    print(f"--- {name}: own time ---")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[-3000:])


# --- Report --------------------------------------------------------------------------------------


def report(
    kind, args, seconds, prepared, events, results, in_process, cold: ColdBuild, calibration
) -> None:
    medians = {
        name: statistics.median(r.requests_per_second for r in runs)
        for name, runs in results.items()
    }
    targets = {"warm ICS (token .ics)": WARM_ICS_TARGET, "304 (If-None-Match)": NOT_MODIFIED_TARGET}
    print()
    print(
        f"Feeds benchmark — {kind}; {prepared.publications_in_window} publications in the window,"
        f" {events} VEVENTs in the token feed"
    )
    print(
        f"gunicorn {gunicorn_package.__version__} ({args.workers} sync workers), wrk "
        f"-t{args.threads} -c{args.connections} -d{seconds:g}s, median of {args.rounds} rounds; "
        f"Python {platform.python_version()}, icalendar {icalendar.__version__}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[1]:.1f} over the last 5 minutes; "
        f"machine yardstick {machine_reference_ms():.1f} ms (bench/harness.py)"
    )
    print()
    header = (
        f"{'route':<28} {'req/s':>9} {'ratio':>7} {'target':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'in-process ms':>14}  result"
    )
    print(header)
    print("-" * len(header))
    missed = []
    trivial_runs = results["trivial route (/healthz)"]
    for name, value in medians.items():
        runs = results[name]
        p50 = statistics.median(r.latency_p50_ms for r in runs)
        p99 = statistics.median(r.latency_p99_ms for r in runs)
        # Each round's ratio is taken against the trivial route of the same round, so a load
        # that comes and goes on the machine affects both sides alike; the median is reported.
        ratio = statistics.median(
            r.requests_per_second / t.requests_per_second
            for r, t in zip(runs, trivial_runs, strict=True)
        )
        target = targets.get(name)
        verdict = ""
        if target is not None:
            verdict = "met" if ratio >= target else "MISSED"
            if ratio < target:
                missed.append(name)
        errors = sum(r.errors for r in runs)
        print(
            f"{name:<28} {value:>9.1f} {ratio:>7.0%} "
            f"{(f'≥ {target:.0%}' if target else '–'):>8} {p50:>8.2f} {p99:>8.2f}"
            f" {in_process[name]:>14.2f}  {verdict}" + (f" ({errors} errors)" if errors else "")
        )
    print()
    print(
        "Calibration: the same gunicorn serving bench/calibration_apps.py (no database, no feed"
        " code), the feed's bytes against a trivial body:"
    )
    for found in calibration:
        print(
            f"  {found.name:<20} trivial {found.trivial_rps:8.1f} req/s, feed's bytes "
            f"{found.body_rps:8.1f} req/s: {found.ratio:.0%}"
        )
    ratio = cold.ours_ms / cold.bare_ms
    verdict = "met" if ratio <= COLD_BUILD_TARGET else "MISSED"
    print()
    print(f"Cold build of the {cold.events}-event ICS feed (median of {args.runs} runs):")
    print(
        f"  ours (calendar_feed + build_calendar)  {cold.ours_ms:8.1f} ms  "
        f"({cold.ours_bytes / 1024:.0f} KiB)"
    )
    print(f"    calendar_feed alone (query, items)   {cold.items_ms:8.1f} ms")
    print(f"    build_calendar alone (same items)    {cold.writing_ms:8.1f} ms")
    print(
        f"  icalendar bare to_ical()               {cold.bare_ms:8.1f} ms  "
        f"({cold.bare_bytes / 1024:.0f} KiB)"
    )
    print(f"  ratio {ratio:.2f} × (target ≤ {COLD_BUILD_TARGET} ×): {verdict}")
    print(
        f"  a whole cold request in-process (cache cleared): "
        f"{in_process['cold ICS request (cache cleared)']:.1f} ms"
    )
    if missed or ratio > COLD_BUILD_TARGET:
        print("\nTargets missed: run with --profile to see where the time goes.")


if __name__ == "__main__":
    sys.exit(main())
