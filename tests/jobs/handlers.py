"""Kinds of work for the jobs tests, registered in the test process and in worker processes.

Each run of a job writes one row to `test_job_run` in the job's own transaction, so a row exists
exactly when the job's work committed, and two rows for one job mean it was done twice.
"""

from __future__ import annotations

import os
import time

import sqlalchemy as sa

from planner.core.extensions import db
from planner.jobs import queue
from planner.jobs.models import Job

RUNS_TABLE = "test_job_run"


def create_runs_table() -> None:
    db.session.execute(
        sa.text(
            f"CREATE TABLE IF NOT EXISTS {RUNS_TABLE} "
            "(job_id INTEGER NOT NULL, pid INTEGER NOT NULL, attempt INTEGER NOT NULL)"
        )
    )
    db.session.execute(sa.text(f"DELETE FROM {RUNS_TABLE}"))
    db.session.commit()


def runs() -> list[tuple[int, int, int]]:
    """(job id, process id, attempt) of every committed run, in job order."""
    db.session.rollback()
    return [
        tuple(row)
        for row in db.session.execute(
            sa.text(f"SELECT job_id, pid, attempt FROM {RUNS_TABLE} ORDER BY job_id, attempt")
        )
    ]


def record(job: Job) -> None:
    db.session.execute(
        sa.text(f"INSERT INTO {RUNS_TABLE} (job_id, pid, attempt) VALUES (:job, :pid, :attempt)"),
        {"job": job.id, "pid": os.getpid(), "attempt": job.attempts},
    )


def sleep_then_record(job: Job) -> None:
    time.sleep(job.payload["seconds"])
    record(job)


def record_then_fail(job: Job) -> None:
    """Writes its row, then fails: the row must be rolled back with the failure."""
    record(job)
    raise RuntimeError(job.payload.get("message", "the receiving system said no"))


def fail_until(job: Job) -> None:
    if job.attempts < job.payload["succeeds_on"]:
        raise ConnectionRefusedError(f"refused on attempt {job.attempts}")
    record(job)


def register() -> None:
    queue.register_handler("test.record", record, label="Test: record")
    queue.register_handler("test.sleep", sleep_then_record, label="Test: sleep")
    queue.register_handler("test.fail", record_then_fail, label="Test: fail")
    queue.register_handler("test.fail_until", fail_until, label="Test: fail until")
