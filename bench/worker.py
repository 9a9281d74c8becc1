"""Worker benchmark: notification mails delivered per second to a local SMTP sink.

    .venv/bin/python bench/worker.py [--database-url URL] [--mails 2000] [--workers 1 2]

Creates a fresh database (a temporary SQLite file, or a temporary database on the PostgreSQL
server of --database-url, dropped afterwards), migrates it, and makes one municipality with an
editor, a reviewer and a post. For each worker count it then enqueues --mails notifications of a
review request (one mail job each, due 3 seconds ahead so the workers are up and polling), starts
that many `flask --app planner worker` processes (production settings, MAIL_URL pointing at an
aiosmtpd sink on loopback that accepts every mail), and waits until every job is done. Jobs per
second = mails / (the last job's finish − the moment they came due); the sink's count is checked
against the mails enqueued (each exactly once).
"""

from __future__ import annotations

import argparse
import platform
import socket
import subprocess
import sys
import time
from datetime import timedelta

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from harness import (
    PROJECT_ROOT,
    PYTHON,
    database_kind,
    migrate,
    production_app,
    server_environment,
    temporary_database,
)


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def set_up(app) -> tuple[int, int]:
    """One municipality, an editor, a reviewer and a post; returns (post id, editor id)."""
    from planner.auth.services import create_user
    from planner.core.extensions import db
    from planner.municipalities.models import Membership
    from planner.municipalities.services import create_municipality
    from planner.posts.models import Post

    with app.app_context():
        municipality = create_municipality("Benchvik kommune", "benchvik", "9999", language="nb")
        editor, _ = create_user("editor@bench.example", "Edit Or", "a long bench password")
        reviewer, _ = create_user("reviewer@bench.example", "Re Viewer", "a long bench password")
        db.session.add_all(
            [
                Membership(user=editor, municipality=municipality, role="editor"),
                Membership(user=reviewer, municipality=municipality, role="reviewer"),
            ]
        )
        db.session.flush()
        post = Post(
            municipality_id=municipality.id,
            title="Fra vikar til fast",
            status="in_review",
            body="Ned fra 50 til 14.",
            owner_id=editor.id,
            created_by_id=editor.id,
        )
        db.session.add(post)
        db.session.commit()
        return post.id, editor.id


def enqueue(app, post_id: int, editor_id: int, mails: int, due_in: float):
    from planner.auth.models import User
    from planner.core.extensions import db
    from planner.core.localtime import utcnow
    from planner.jobs.models import Job
    from planner.notifications.models import NotificationKind
    from planner.notifications.services import notify
    from planner.posts.models import Post

    with app.app_context():
        post = db.session.get(Post, post_id)
        editor = db.session.get(User, editor_id)
        reviewer_id = db.session.scalar(sa.select(User.id).where(User.email.like("reviewer@%")))
        for _ in range(mails):
            notify(NotificationKind.REVIEW_REQUESTED, [reviewer_id], post, actor=editor)
        due = utcnow() + timedelta(seconds=due_in)
        db.session.execute(
            sa.update(Job)
            .where(Job.status == "waiting", Job.kind == "notification.mail")
            .values(run_at=due)
        )
        db.session.commit()
        return due


def wait_done(app, timeout: float):
    from planner.core.extensions import db
    from planner.jobs.models import Job

    deadline = time.monotonic() + timeout
    with app.app_context():
        while time.monotonic() < deadline:
            left = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Job)
                .where(Job.kind == "notification.mail", Job.status != "done")
            )
            db.session.rollback()
            if left == 0:
                last = db.session.scalar(sa.select(sa.func.max(Job.finished_at)))
                failed = db.session.scalar(sa.select(sa.func.sum(Job.attempts - 1)))
                db.session.execute(sa.delete(Job).where(Job.kind == "notification.mail"))
                db.session.commit()
                return last, failed
            time.sleep(0.2)
    raise SystemExit(f"not done within {timeout} s")


class BusyWorker:
    """A `flask worker` process delivering notification mails to a sink, beside other
    measurements (bench/pages.py --busy-worker): `jobs` mail jobs are queued first."""

    def __init__(self, database_url: str, jobs: int = 10_000) -> None:
        self.database_url = database_url
        self.jobs = jobs
        self.sink = Sink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.seconds = 0.0

    def __enter__(self) -> BusyWorker:
        app = production_app(self.database_url)
        post_id, editor_id = set_up(app)
        enqueue(app, post_id, editor_id, self.jobs, due_in=0)
        with app.app_context():
            from planner.core.extensions import db

            db.engine.dispose()
        self.controller.start()
        environment = server_environment(
            self.database_url,
            MAIL_URL=f"smtp://127.0.0.1:{self.port}",
            BASE_URL="https://plan.example",
        )
        self.process = subprocess.Popen(
            [PYTHON, "-m", "flask", "--app", "planner", "worker"],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while self.sink.count == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        self.started = time.monotonic()
        self.at_start = self.sink.count
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.monotonic() - self.started
        self.delivered = self.sink.count - self.at_start
        still_busy = self.sink.count < self.jobs
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.controller.stop()
        self.still_busy = still_busy

    def summary(self) -> str:
        state = "still busy at the end" if self.still_busy else "RAN OUT of work before the end"
        return (
            f"busy worker: {self.delivered} mails delivered during the measurements "
            f"({self.seconds:.0f} s, {self.delivered / max(self.seconds, 1e-9):.0f}/s), {state}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url")
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    arguments = parser.parse_args()

    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    print(
        f"# {platform.node()} · Python {platform.python_version()} · "
        f"{arguments.mails} mails per run"
    )
    try:
        with temporary_database(arguments.database_url) as url:
            migrate(url)
            app = production_app(url)
            post_id, editor_id = set_up(app)
            for workers in arguments.workers:
                sent_before = sink.count
                due = enqueue(app, post_id, editor_id, arguments.mails, due_in=4)
                environment = server_environment(
                    url, MAIL_URL=f"smtp://127.0.0.1:{port}", BASE_URL="https://plan.example"
                )
                processes = [
                    subprocess.Popen(
                        [PYTHON, "-m", "flask", "--app", "planner", "worker"],
                        cwd=PROJECT_ROOT,
                        env=environment,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                    for _ in range(workers)
                ]
                try:
                    last, retried = wait_done(app, timeout=600)
                finally:
                    for process in processes:
                        process.terminate()
                    for process in processes:
                        process.wait(timeout=60)
                seconds = (last - due).total_seconds()
                delivered = sink.count - sent_before
                print(
                    f"{database_kind(url):10} {workers} worker(s): {arguments.mails} mails in "
                    f"{seconds:.2f} s = {arguments.mails / seconds:.0f} jobs/s; "
                    f"sink received {delivered}; attempts beyond the first: {retried or 0}"
                )
                if delivered != arguments.mails:
                    print("  !! the sink did not receive each mail exactly once", file=sys.stderr)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
