"""Page benchmark: coverage report, calendar month, agenda and my tasks at 20,000 publications.

    .venv/bin/python bench/pages.py [--database-url URL] [--publications 20000] [--repeat 30]
                                    [--duration 10s] [--connections 4] [--profile]
                                    [--busy-worker JOBS]

Creates a fresh database (a temporary SQLite file, or a temporary database on the PostgreSQL
server of --database-url, dropped afterwards), migrates it, and generates with
planner.demo.generate one municipality with --publications publications (test-1; the past year
and the next around today) and a small one with 100 (test-2), then runs ANALYZE (VACUUM ANALYZE on
PostgreSQL). Signed in as the editor (and the reviewer for my tasks), it then measures:

1. In this process, through Flask's test client: median and p95 of --repeat requests of each page
   after 3 warm-up requests, and the number of SQL statements one request sends (a
   ``before_cursor_execute`` listener on the engine), at both sizes.
2. Through gunicorn (gunicorn.conf.py, 2 workers, production settings): requests/s, p50 and p99
   of ``wrk`` with the session cookie of a sign-in made against the running server.

Targets (issue 6): coverage report < 200 ms and calendar month < 100 ms (median, in-process) at
20,000 publications; the query count of each page the same at both sizes. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import http.client
import io
import math
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import gunicorn as gunicorn_package
import sqlalchemy as sa
from flask import before_render_template, template_rendered
from harness import (
    PROJECT_ROOT,
    WrkResult,
    database_kind,
    get,
    gunicorn,
    machine_reference_ms,
    migrate,
    parse_duration,
    parse_wrk,
    production_app,
    require_wrk,
    temporary_database,
)
from worker import BusyWorker

from planner.auth.services import AccountError, check_password_length, generate_password
from planner.calendar import services as calendar_services
from planner.core.db.query_counter import QueryCounter
from planner.core.extensions import db
from planner.core.localtime import days_between, local_today, zone_of
from planner.coverage import counts, periods
from planner.demo.generate import GeneratedMunicipality, GenerateSettings, generate
from planner.municipalities.models import Municipality
from planner.municipalities.roles import Role
from planner.posts.models import Post, Publication
from planner.strategy.services import active_strategy

SMALL_PUBLICATIONS = 100
WARM_UP_REQUESTS = 3
COVERAGE_TARGET_MS = 200.0
MONTH_TARGET_MS = 100.0
#: wrk gives up on a request after this long (its default, 2 s, is short for a slow page queued
#: behind others).
WRK_TIMEOUT = "30s"
SESSION_COOKIE = "planner_session"


@dataclass(frozen=True)
class Page:
    name: str
    #: Path with {slug}.
    path: str
    #: Who is signed in.
    role: str
    target_ms: float | None = None
    #: Count the period afresh on every request: forget the counts a worker keeps per version
    #: of the plan (planner/coverage/counts.py) first, as after every change to the plan.
    afresh: bool = False

    def url(self, slug: str) -> str:
        return self.path.format(slug=slug)

    def prepare(self) -> None:
        """What happens before each measured request (outside the time measured)."""
        if self.afresh:
            counts.cache.clear()


PAGES = (
    Page("coverage (next 4 weeks)", "/m/{slug}/coverage/", Role.EDITOR, COVERAGE_TARGET_MS),
    Page(
        "coverage (4 weeks) afresh",
        "/m/{slug}/coverage/",
        Role.EDITOR,
        COVERAGE_TARGET_MS,
        afresh=True,
    ),
    Page(
        "coverage (strategy period)",
        "/m/{slug}/coverage/?period=strategy",
        Role.EDITOR,
        COVERAGE_TARGET_MS,
    ),
    Page(
        "coverage (strategy) afresh",
        "/m/{slug}/coverage/?period=strategy",
        Role.EDITOR,
        COVERAGE_TARGET_MS,
        afresh=True,
    ),
    Page("calendar month", "/m/{slug}/calendar/?view=month", Role.EDITOR, MONTH_TARGET_MS),
    Page("agenda (4 weeks)", "/m/{slug}/calendar/?view=agenda", Role.EDITOR),
    Page("my tasks (editor)", "/m/{slug}/", Role.EDITOR),
    Page("my tasks (reviewer)", "/m/{slug}/", Role.REVIEWER),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="A PostgreSQL server to create a temporary database on (default: a SQLite file).",
    )
    parser.add_argument(
        "--publications",
        type=int,
        default=20_000,
        help="Publications of the large municipality (20000).",
    )
    parser.add_argument(
        "--repeat", type=int, default=30, help="Timed in-process requests per page (30)."
    )
    parser.add_argument("--duration", default="10s", help="Length of each wrk run (10s).")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (4).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated data (1).")
    parser.add_argument(
        "--no-wrk", action="store_true", help="Only the in-process measurements (no gunicorn)."
    )
    parser.add_argument(
        "--busy-worker",
        type=int,
        default=0,
        metavar="JOBS",
        help="Measure with a `flask worker` beside the pages, delivering JOBS queued notification "
        "mails to an SMTP sink on loopback (0: no worker).",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="Also show where each page's time goes at the large size: SQL, rendering and the "
        "rest; every SQL statement with the function that sent it, its time and the plans of "
        "the slowest; cProfile.",
    )
    args = parser.parse_args(argv)
    if args.publications < SMALL_PUBLICATIONS:
        parser.error(f"--publications must be at least {SMALL_PUBLICATIONS}")
    if not args.no_wrk:
        require_wrk()
    seconds = parse_duration(args.duration)
    # As `flask generate`: PLANNER_GENERATE_PASSWORD, or a generated one (never printed here).
    password = os.environ.get("PLANNER_GENERATE_PASSWORD") or generate_password()

    with (
        tempfile.TemporaryDirectory(prefix="planner-bench-") as work,
        temporary_database(args.database_url) as database_url,
    ):
        kind = database_kind(database_url)
        app = production_app(database_url)
        try:
            print(f"Database: {kind}; migrating …", flush=True)
            migrate(database_url)
            data = prepare(app, database_url, args.publications, seed=args.seed, password=password)
            busy = BusyWorker(database_url, args.busy_worker) if args.busy_worker else None
            with busy or contextlib.nullcontext():
                in_process = {
                    size: measure_in_process(app, data, size, password, repeat=args.repeat)
                    for size in ("large", "small")
                }
                if args.profile:
                    profile(app, data, password, repeat=args.repeat)
                with app.app_context():
                    db.engine.dispose()
                wrk_results = {}
                if not args.no_wrk:
                    log = Path(work) / "gunicorn.log"
                    with gunicorn(database_url, log, workers=args.workers) as base:
                        wrk_results = measure_wrk(base, data, password, seconds, args)
            server = server_version(app)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()

    report(kind, server, args, seconds, data, in_process, wrk_results)
    if busy is not None:
        print(busy.summary())
    return 0


# --- Data ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Municipal:
    slug: str
    publications: int
    posts: int
    #: Role → e-mail of the generated member.
    emails: dict[str, str]
    #: Publications on the days of each page: page name → count.
    shown: dict[str, int]


@dataclass(frozen=True)
class Data:
    large: Municipal
    small: Municipal
    generate_seconds: float
    analyze_seconds: float

    def of(self, size: str) -> Municipal:
        return self.large if size == "large" else self.small


def posts_for(publications: int) -> int:
    """Two publications per post on average (the generator allows one to three)."""
    return max(1, math.ceil(publications / 2))


def prepare(app, database_url: str, publications: int, *, seed: int, password: str) -> Data:
    """The large municipality (test-1) and the small one (test-2), committed and analysed."""
    started = time.perf_counter()
    with app.app_context():
        try:
            check_password_length(password)
        except AccountError as error:
            raise SystemExit(f"PLANNER_GENERATE_PASSWORD: {error}") from None
        generated = []
        for first, count in ((1, publications), (2, SMALL_PUBLICATIONS)):
            print(f"  generating test-{first} with {count:,} publications …", flush=True)
            (municipality,) = generate(
                GenerateSettings(
                    municipalities=1,
                    posts=posts_for(count),
                    publications=count,
                    seed=seed,
                    first=first,
                    password=password,
                )
            )
            db.session.commit()
            generated.append(municipality)
        generate_seconds = time.perf_counter() - started
        large, small = (describe(m) for m in generated)
        db.session.remove()
        db.engine.dispose()
    started = time.perf_counter()
    analyze(database_url)
    return Data(large, small, generate_seconds, time.perf_counter() - started)


def describe(generated: GeneratedMunicipality) -> Municipal:
    """What was generated, and how many publications each page's days hold."""
    municipality = db.session.scalar(
        sa.select(Municipality).where(Municipality.slug == generated.slug)
    )
    zone = zone_of(municipality)
    today = local_today(zone)
    strategy = active_strategy(municipality)
    spans = {
        "coverage (next 4 weeks)": periods.next_weeks(today),
        "coverage (strategy period)": periods.ReportPeriod(
            periods.STRATEGY, strategy.period_start, strategy.period_end
        ),
        "calendar month": calendar_services.period_of(calendar_services.MONTH, today),
        "agenda (4 weeks)": calendar_services.period_of(calendar_services.AGENDA, today),
    }
    in_municipality = Publication.municipality_id == municipality.id
    shown = {}
    for name, span in spans.items():
        start, end = days_between(span.first, span.last, zone)
        shown[name] = db.session.scalar(
            sa.select(sa.func.count(Publication.id)).where(
                in_municipality, Publication.publish_at >= start, Publication.publish_at < end
            )
        )
    total = db.session.scalar(sa.select(sa.func.count(Publication.id)).where(in_municipality))
    posts = db.session.scalar(
        sa.select(sa.func.count(Post.id)).where(Post.municipality_id == municipality.id)
    )
    if total != generated.publications:
        raise SystemExit(f"{generated.slug}: {total} publications, not {generated.publications}")
    emails = {login.role: login.email for login in generated.logins}
    return Municipal(generated.slug, total, posts, emails, shown)


def analyze(database_url: str) -> None:
    """Fresh planner statistics, as a database in use has (VACUUM ANALYZE on PostgreSQL)."""
    engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if database_kind(database_url) == "postgresql":
                connection.execute(sa.text("VACUUM ANALYZE"))
            else:
                connection.execute(sa.text("ANALYZE"))
    finally:
        engine.dispose()


def server_version(app) -> str:
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            text = db.session.scalar(sa.text("SHOW server_version"))
            version = f"PostgreSQL {text.split()[0]}"
        else:
            version = f"SQLite {db.session.scalar(sa.text('SELECT sqlite_version()'))}"
        db.session.remove()
    return version


# --- Signing in ----------------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    if match is None:
        raise SystemExit("no csrf_token on the sign-in page")
    return match[1]


def signed_in_client(app, email: str, password: str):
    """A test client signed in through the sign-in form (CSRF token and all)."""
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"csrf_token": token, "email": email, "password": password, "next": ""}
    )
    if response.status_code != 302 or "/login" in response.headers.get("Location", ""):
        raise SystemExit(f"signing in as {email} in-process failed ({response.status_code})")
    return client


def _set_cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    cookies = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        parsed = SimpleCookie()
        parsed.load(header)
        cookies |= {name: morsel.value for name, morsel in parsed.items()}
    return cookies


def signed_in_cookie(base: str, email: str, password: str) -> str:
    """Sign in once against the live server; the Cookie header of the signed-in session.

    The production session cookie is `Secure`, so a cookie jar would not send it back over plain
    HTTP to 127.0.0.1: the cookie is carried by hand, as wrk will carry it."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", "/login")
        response = connection.getresponse()
        token = csrf_token(response.read().decode())
        cookies = _set_cookies(response)
        body = urllib.parse.urlencode(
            {"csrf_token": token, "email": email, "password": password, "next": ""}
        )
        connection.request(
            "POST",
            "/login",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"{SESSION_COOKIE}={cookies[SESSION_COOKIE]}",
            },
        )
        response = connection.getresponse()
        response.read()
        location = response.getheader("Location", "")
        if response.status != 302 or "/login" in location:
            raise SystemExit(f"signing in as {email} against gunicorn failed ({response.status})")
        cookies |= _set_cookies(response)
    finally:
        connection.close()
    return f"{SESSION_COOKIE}={cookies[SESSION_COOKIE]}"


# --- In this process -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    queries: int
    kib: float


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _checked(response, page: Page) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{page.name} answered {response.status_code}")


def measure_in_process(app, data: Data, size: str, password: str, *, repeat: int):
    municipal = data.of(size)
    print(
        f"In-process: {municipal.slug} ({municipal.publications:,} publications), "
        f"{repeat} requests per page …",
        flush=True,
    )
    clients = {
        role: signed_in_client(app, municipal.emails[role], password)
        for role in {page.role for page in PAGES}
    }
    with app.app_context():
        engine = db.engine
    timings = {}
    for page in PAGES:
        client, path = clients[page.role], page.url(municipal.slug)
        for _ in range(WARM_UP_REQUESTS):
            _checked(client.get(path), page)
        times = []
        for _ in range(repeat):
            page.prepare()
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            _checked(response, page)
        page.prepare()
        with QueryCounter(engine) as counter:
            response = client.get(path)
        _checked(response, page)
        timings[page.name] = Timing(
            statistics.median(times),
            percentile(times, 0.95),
            counter.count,
            len(response.get_data()) / 1024,
        )
        timing = timings[page.name]
        print(
            f"  {page.name:<28} median {timing.median_ms:7.1f} ms  p95 {timing.p95_ms:7.1f} ms"
            f"  {timing.queries:3} queries  {timing.kib:6.0f} KiB",
            flush=True,
        )
    return timings


# --- Through gunicorn ----------------------------------------------------------------------------


def run_wrk(name: str, url: str, cookie: str, seconds: float, args) -> WrkResult:
    command = [
        require_wrk(),
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        WRK_TIMEOUT,
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse_wrk(name, output)


def measure_wrk(base: str, data: Data, password: str, seconds: float, args):
    """Each page as the workers serve it: the coverage report with the counts they keep (a
    server's cache cannot be emptied from here, so "counted afresh" is measured in-process only).
    """
    slug = data.large.slug
    pages = [page for page in PAGES if not page.afresh]
    cookies = {
        role: signed_in_cookie(base, data.large.emails[role], password)
        for role in {page.role for page in pages}
    }
    for page in pages:
        status, headers, body = get(base + page.url(slug), {"Cookie": cookies[page.role]})
        if status != 200 or b'action="/login"' in body:
            raise SystemExit(f"{page.name} through gunicorn answered {status}, not the page")
    print(
        f"gunicorn ({args.workers} workers): wrk -t{args.threads} -c{args.connections} "
        f"-d{seconds:g}s per page, after a 2 s warm-up run of each …",
        flush=True,
    )
    for page in pages:  # every worker renders each page a few times first
        run_wrk(page.name, base + page.url(slug), cookies[page.role], min(2, seconds), args)
    results = {}
    for page in pages:
        result = run_wrk(page.name, base + page.url(slug), cookies[page.role], seconds, args)
        results[page.name] = result
        print(
            f"  {page.name:<28} {result.requests_per_second:8.1f} req/s"
            f"  p50 {result.latency_p50_ms:7.1f} ms  p99 {result.latency_p99_ms:7.1f} ms"
            + (f"  ({result.errors} errors)" if result.errors else ""),
            flush=True,
        )
    return results


# --- Profiling -----------------------------------------------------------------------------------

PLANNER_CODE = str(PROJECT_ROOT / "planner")
#: Times each distinct statement is run again on its own (execute and fetch every row).
STATEMENT_RUNS = 5
#: Statements whose plan is printed, slowest first.
PLANS = 3


def profile(app, data: Data, password: str, *, repeat: int) -> None:
    """Where each page's time goes at the large size: the split between SQL, template rendering
    and the rest; every SQL statement with the function that sent it and its time; the plans of
    the slowest; and cProfile listings (which roughly double the times they show)."""
    slug = data.large.slug
    clients = {
        role: signed_in_client(app, data.large.emails[role], password)
        for role in {page.role for page in PAGES}
    }
    with app.app_context():
        engine = db.engine
    for page in PAGES:
        client, path = clients[page.role], page.url(slug)
        client.get(path)
        print(f"\n=== {page.name} ({path}) at {data.large.publications:,} publications ===")

        def run(c=client, p=path, page=page):
            page.prepare()
            return c.get(p)

        _breakdown(app, engine, run, repeat)
        _statements(engine, run)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            run()
        profiler.disable()
        print(f"--- cProfile of {repeat} requests: planner code and templates, cumulative ---")
        _print_stats(profiler, "cumulative", 30, r"/planner/|/templates/")
        print("--- cProfile: own time, everything ---")
        _print_stats(profiler, "tottime", 20)


def _print_stats(profiler: cProfile.Profile, order: str, lines: int, *only: str) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(*only, lines)
    text = out.getvalue()
    text = text[text.find("   ncalls") :] if "   ncalls" in text else text
    print("\n".join(line.rstrip() for line in text.splitlines() if line.strip()))


def _breakdown(app, engine, run, repeat: int) -> None:
    """Median time of the request, of its template rendering (Flask's before_render_template and
    template_rendered signals) and of its SQL (cursor execute; SQLite fetches rows later, in the
    ORM, so with SQLite that part counts as the rest)."""
    state: dict[str, float] = {}

    def render_started(sender, **extra) -> None:
        state["render_started"] = time.perf_counter()

    def render_done(sender, **extra) -> None:
        state["render"] += time.perf_counter() - state.pop("render_started")

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        state["sql_started"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany) -> None:
        spent = time.perf_counter() - state.pop("sql_started")
        state["sql"] += spent
        if "render_started" in state:
            state["sql_in_render"] += spent

    rows: dict[str, list[float]] = defaultdict(list)
    before_render_template.connect(render_started, app)
    template_rendered.connect(render_done, app)
    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        for _ in range(repeat):
            state.update(render=0.0, sql=0.0, sql_in_render=0.0)
            started = time.perf_counter()
            run()
            total = time.perf_counter() - started
            rows["request"].append(total * 1000)
            rows["SQL (execute)"].append(state["sql"] * 1000)
            rows["template rendering"].append((state["render"] - state["sql_in_render"]) * 1000)
            rows["the rest (view code, ORM loading, Flask)"].append(
                (total - state["sql"] - state["render"] + state["sql_in_render"]) * 1000
            )
    finally:
        before_render_template.disconnect(render_started, app)
        template_rendered.disconnect(render_done, app)
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
    print(f"--- where the time goes (median of {repeat} requests, without cProfile) ---")
    for name, values in rows.items():
        print(f"  {statistics.median(values):8.1f} ms  {name}")


def _caller() -> str:
    """The innermost two functions of planner on the stack when a statement is sent."""
    frame, found = sys._getframe(2), []
    while frame is not None and len(found) < 2:
        filename = frame.f_code.co_filename
        if filename.startswith(PLANNER_CODE):
            where = os.path.relpath(filename, PROJECT_ROOT).removeprefix("planner/")
            found.append(f"{frame.f_code.co_name} ({where}:{frame.f_lineno})")
        frame = frame.f_back
    return " ← ".join(found) or "(outside planner)"


def _statements(engine, run) -> None:
    """Every statement of one request, with the function that sent it, then each run again on
    its own (execute and fetch all rows, no ORM): the database's share of each."""
    sent: list[tuple[str, str, object]] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append((_caller(), statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        run()
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    timed = []
    with engine.connect() as connection:
        for caller, statement, parameters in sent:
            times, rows = [], 0
            for _ in range(STATEMENT_RUNS):
                started = time.perf_counter()
                rows = len(connection.exec_driver_sql(statement, parameters).all())
                times.append((time.perf_counter() - started) * 1000)
            timed.append((statistics.median(times), rows, caller, statement, parameters))
        connection.rollback()
    total = sum(item[0] for item in timed)
    print(
        f"--- SQL: {len(timed)} statements, {total:.1f} ms when each runs alone "
        f"(execute + fetch, median of {STATEMENT_RUNS}) ---"
    )
    for ms, rows, caller, statement, _ in sorted(timed, key=lambda item: -item[0]):
        print(f"  {ms:8.2f} ms {rows:6} rows  {caller}")
        print(f"           {' '.join(statement.split())[:150]}")
    for ms, _, caller, statement, parameters in sorted(timed, key=lambda item: -item[0])[:PLANS]:
        print(f"--- plan: {caller} ({ms:.1f} ms) ---")
        _explain(engine, statement, parameters)


def _explain(engine, statement: str, parameters) -> None:
    """The plan of a statement with the parameters it was sent with."""
    postgres = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
        connection.rollback()
    for row in rows:
        print(f"    {row[0] if postgres else row[-1]}")


# --- Report --------------------------------------------------------------------------------------


def report(kind, server, args, seconds, data: Data, in_process, wrk_results) -> None:
    large, small = data.large, data.small
    print()
    print(
        f"Pages benchmark — {server}; {large.slug}: {large.publications:,} publications "
        f"({large.posts:,} posts), {small.slug}: {small.publications:,} "
        f"(generated in {data.generate_seconds:.0f} s; "
        f"{'VACUUM ANALYZE' if kind == 'postgresql' else 'ANALYZE'} {data.analyze_seconds:.1f} s)"
    )
    print(
        f"In-process: median and p95 of {args.repeat} requests after {WARM_UP_REQUESTS} warm-ups."
        + (
            ""
            if args.no_wrk
            else f" gunicorn {gunicorn_package.__version__} ({args.workers} sync workers), wrk "
            f"-t{args.threads} -c{args.connections} -d{seconds:g}s."
        )
    )
    print(
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[1]:.1f} over the last 5 minutes; "
        f"machine yardstick {machine_reference_ms():.1f} ms (bench/harness.py)."
    )
    print()
    shown = ", ".join(f"{name} {count:,}" for name, count in large.shown.items())
    print(f"Publications on the pages' days at {large.publications:,}: {shown}.")
    print()
    header = (
        f"{'page':<28} {'median':>7} {'p95':>7} {'target':>7} {'result':>7}"
        f" {'queries':>8} {f'at {small.publications}':>7} {'':4}"
        f" {f'ms at {small.publications}':>10}"
        f" {'req/s':>7} {'p50':>7} {'p99':>7} {'KiB':>5}"
    )
    print(header)
    print("-" * len(header))
    missed, differ = [], []
    for page in PAGES:
        big, little = in_process["large"][page.name], in_process["small"][page.name]
        verdict = ""
        if page.target_ms is not None:
            verdict = "met" if big.median_ms < page.target_ms else "MISSED"
            if verdict == "MISSED":
                missed.append(page.name)
        same = "" if big.queries == little.queries else "DIFF"
        if same:
            differ.append(page.name)
        wrk = wrk_results.get(page.name)
        served = f" {'–':>7} {'–':>7} {'–':>7}"
        if wrk:
            served = (
                f" {wrk.requests_per_second:>7.1f} {wrk.latency_p50_ms:>7.1f}"
                f" {wrk.latency_p99_ms:>7.1f}"
            )
        target = f"< {page.target_ms:g}" if page.target_ms else "–"
        print(
            f"{page.name:<28} {big.median_ms:>7.1f} {big.p95_ms:>7.1f} {target:>7} {verdict:>7}"
            f" {big.queries:>8} {little.queries:>7} {same:4} {little.median_ms:>10.1f}"
            f"{served} {big.kib:>5.0f}" + (f"  ({wrk.errors} errors)" if wrk and wrk.errors else "")
        )
    print(
        "\nTimes in ms; queries: SQL statements of one request at "
        f'{large.publications:,} and at {small.publications} publications. "afresh": the '
        "period's counts are made again for every request, as after each change to the plan; "
        "the other coverage rows reuse the counts a worker keeps per version of the plan."
    )
    if missed:
        print(f"Targets missed: {', '.join(missed)}; --profile shows where the time goes.")
    else:
        print("Time targets met.")
    if differ:
        print(f"Query counts that depend on size: {', '.join(differ)}.")
    else:
        print("Every page sends the same number of queries at both sizes.")


if __name__ == "__main__":
    sys.exit(main())
