"""Reminder scan benchmark: the worker's periodic due-scan over a plan of many publications.

    .venv/bin/python bench/due_scan.py [--database-url URL] [--publications 20000] [--runs 20]

Creates a fresh database (a temporary SQLite file, or a temporary database on the PostgreSQL
server of --database-url, dropped afterwards), migrates it, and generates with
planner.demo.generate two municipalities of --publications publications between them, centred on
today (so some are due within 24 hours, some overdue, many later). It runs the scan once (telling
what there is to tell), then times the scan in its steady state (everything found was told
already: the cost of each quarter-hour's run) as the median of --runs runs, each rolled back, and
prints the query plans of the scan's query, which must use the index on (status, due_at).
"""

from __future__ import annotations

import argparse
import platform
import sys

import sqlalchemy as sa
from harness import database_kind, median_ms, migrate, production_app, temporary_database


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--publications", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()

    with temporary_database(arguments.database_url) as database_url:
        migrate(database_url)
        app = production_app(database_url)
        with app.app_context():
            measure(app, database_url, arguments.publications, arguments.runs)


def measure(app, database_url: str, publications: int, runs: int) -> None:
    from planner.core.extensions import db
    from planner.core.localtime import utcnow
    from planner.demo.generate import GenerateSettings, generate
    from planner.notifications import reminders
    from planner.notifications.models import Notification
    from planner.posts.models import Publication

    per_municipality = publications // 2
    generate(
        GenerateSettings(
            municipalities=2,
            posts=per_municipality // 2,
            publications=per_municipality,
            password="bench-password-long-enough",
        )
    )
    db.session.commit()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Publication))

    reminders.scan(None)  # the first scan tells what there is to tell
    db.session.commit()
    told = db.session.scalar(sa.select(sa.func.count()).select_from(Notification))

    def steady_scan() -> None:
        reminders.scan(None)
        db.session.rollback()

    steady = median_ms(steady_scan, runs=runs)
    now = utcnow()
    query = (
        sa.select(Publication.id)
        .where(
            Publication.status == "planned",
            Publication.due_at >= now,
            Publication.due_at < now + reminders.DUE_SOON,
        )
        .compile(db.engine, compile_kwargs={"literal_binds": True})
    )
    explain = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    plan = db.session.execute(sa.text(explain + str(query))).all()

    print(f"python {sys.version.split()[0]} on {platform.machine()}, {database_kind(database_url)}")
    print(f"publications: {total}; notifications from the first scan: {told}")
    print(f"steady-state scan (3 rules, median of {runs}): {steady:.1f} ms  (target < 50 ms)")
    print("plan of the window query:")
    for row in plan:
        print("   ", " ".join(str(part) for part in row))


if __name__ == "__main__":
    main()
