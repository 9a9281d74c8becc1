"""Enqueueing work, and claiming and running it: the rules of the jobs table.

Work is enqueued with `enqueue` in the transaction of the change that causes it, so both commit or
neither does. A worker claims one due job at a time (`claim`): on PostgreSQL with
`FOR UPDATE SKIP LOCKED`, so workers on any number of machines pass each other by; on SQLite inside
`BEGIN IMMEDIATE`, which takes the database's one write lock before reading, so two workers never
claim the same row. The claim is a lease: a job whose worker died (even by SIGKILL) is taken again
once `locked_until` has passed.

A handler's changes to the database and the job's "done" commit together. A handler that raises
is rolled back; the job waits `backoff(attempts)` and is tried again, up to `max_attempts`, then
stays failed, with its error, until an administrator retries it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult

from planner.core.errors import NotAllowed
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs.models import JOB_STATUS_LABELS, Job, JobStatus

log = logging.getLogger(__name__)

Handler = Callable[[Job], None]

_handlers: dict[str, Handler] = {}
_labels: dict[str, Any] = {}


@dataclass(frozen=True)
class Periodic:
    """Work that runs once per period, however many workers run."""

    kind: str
    every: timedelta

    def key_at(self, now: datetime) -> tuple[str, datetime]:
        """The unique key of the period `now` falls in, and the period's start (UTC)."""
        seconds = int(self.every.total_seconds())
        start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)
        return f"{self.kind}@{start.isoformat()}", start


_periodic: dict[str, Periodic] = {}


def register_handler(kind: str, handler: Handler, *, label: str) -> None:
    """Register the function that does jobs of `kind` (a feature does so in its init_app);
    `label` names the work for administrators ("E-mail notification")."""
    _handlers[kind] = handler
    _labels[kind] = label


def register_periodic(kind: str, every: timedelta, handler: Handler, *, label: str) -> None:
    """Run `handler` once every `every` (periods start at whole multiples of it, in UTC)."""
    register_handler(kind, handler, label=label)
    _periodic[kind] = Periodic(kind, every)


def kind_label(kind: str) -> str:
    return str(_labels.get(kind, kind))


def known_kinds() -> set[str]:
    return set(_handlers)


def periodic_kinds() -> set[str]:
    return set(_periodic)


def enqueue(
    kind: str,
    payload: dict[str, Any] | None = None,
    *,
    municipality_id: int | None = None,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
    unique_key: str | None = None,
) -> Job:
    """Add a job to the session: it is saved (and done) only if the caller's transaction commits."""
    if kind not in _handlers:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    job = Job(
        kind=kind,
        payload=payload or {},
        municipality_id=municipality_id,
        run_at=run_at or utcnow(),
        max_attempts=max_attempts or current_app.config["JOB_MAX_ATTEMPTS"],
        unique_key=unique_key,
        status=JobStatus.WAITING.value,
        attempts=0,
    )
    db.session.add(job)
    db.session.flush()
    return job


def forget_waiting(kind: str, municipality_ids: list[int]) -> None:
    """Drop the waiting jobs of one kind for these municipalities (in the caller's transaction)."""
    db.session.execute(
        sa.delete(Job).where(
            Job.kind == kind,
            Job.status == JobStatus.WAITING.value,
            Job.municipality_id.in_(municipality_ids),
        ),
        execution_options={"synchronize_session": False},
    )


def enqueue_once(
    kind: str,
    payload: dict[str, Any],
    *,
    unique_key: str,
    municipality_id: int | None = None,
    run_at: datetime | None = None,
) -> bool:
    """Enqueue a job unless one with `unique_key` exists (whatever its state), in the caller's
    transaction: of any number of workers doing this at once, one makes it. Whether this did."""
    if kind not in _handlers:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    now = utcnow()
    statement = (
        _insert_for_dialect()(Job)
        .values(
            kind=kind,
            payload=payload,
            municipality_id=municipality_id,
            status=JobStatus.WAITING.value,
            run_at=run_at or now,
            attempts=0,
            max_attempts=current_app.config["JOB_MAX_ATTEMPTS"],
            unique_key=unique_key,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["unique_key"])
        .returning(Job.id)
    )
    return bool(db.session.execute(statement).all())


def enqueue_due_periodic(now: datetime | None = None) -> int:
    """Make this period's job of every periodic kind, unless a worker already made it.

    An INSERT … ON CONFLICT DO NOTHING on the unique key, committed at once: of any number of
    workers doing this at the same moment, one makes the job. Returns how many this call made.
    """
    now = now or utcnow()
    made = 0
    for periodic in _periodic.values():
        key, start = periodic.key_at(now)
        made += enqueue_once(
            periodic.kind, {"period_start": start.isoformat()}, unique_key=key, run_at=start
        )
    db.session.commit()
    return made


def _insert_for_dialect():
    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def due_now(now: datetime):
    """Jobs a worker may take now: waiting and due, or running under a lease that ran out."""
    return sa.or_(
        sa.and_(Job.status == JobStatus.WAITING.value, Job.run_at <= now),
        sa.and_(Job.status == JobStatus.RUNNING.value, Job.locked_until < now),
    )


def begin_writing() -> None:
    """Start a new transaction that will write.

    On SQLite this is `BEGIN IMMEDIATE`: the database's one write lock is taken (waiting up to the
    busy timeout) before anything is read, so no other worker reads the same row as due, and the
    transaction never has to turn from reading into writing, which SQLite refuses at once
    ("database is locked") when another process wrote in between. PostgreSQL locks rows instead.
    """
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text("BEGIN IMMEDIATE"))


def claim(worker_id: str, *, now: datetime | None = None) -> int | None:
    """Take the first due job for `worker_id` under a lease, committed; its id, or None."""
    now = now or utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    first_due = (
        sa.select(Job.id)
        .where(due_now(now))
        .order_by(Job.run_at, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    take = (
        sa.update(Job)
        .where(Job.id == first_due)
        .values(
            status=JobStatus.RUNNING.value,
            locked_by=worker_id,
            locked_until=now + lease,
            attempts=Job.attempts + 1,
        )
        .returning(Job.id)
    )
    begin_writing()
    job_id = db.session.execute(take, execution_options={"synchronize_session": False}).scalar()
    db.session.commit()
    return job_id


def run(job_id: int, worker_id: str) -> bool:
    """Do a claimed job: its handler's changes and its "done" in one transaction.

    On an exception the handler's work is rolled back, and the job waits for its next attempt
    (or, after the last, is failed) with the error. Returns whether it succeeded.

    On SQLite the transaction takes the database's write lock at the handler's first write and
    holds it to the commit, so web requests' writes wait meanwhile: a handler does its slow parts
    (a mail server, a receiving system) before it writes.
    """
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is None or job.locked_by != worker_id or job.status != JobStatus.RUNNING.value:
        db.session.rollback()
        return False
    handler = _handlers.get(job.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for jobs of kind {job.kind!r}")
        handler(job)
        db.session.flush()
        finished = db.session.execute(
            sa.update(Job)
            .where(Job.id == job_id, Job.locked_by == worker_id)
            .values(
                status=JobStatus.DONE.value,
                finished_at=utcnow(),
                locked_by=None,
                locked_until=None,
                last_error=None,
            ),
            execution_options={"synchronize_session": False},
        )
        if (
            cast(CursorResult, finished).rowcount != 1
        ):  # the lease ran out and another worker took it: theirs now
            raise LeaseLost(f"job {job_id} was taken by another worker after its lease ran out")
        db.session.commit()
        return True
    except Exception as error:  # noqa: BLE001  (any failure of the work is the job's failure)
        db.session.rollback()
        if isinstance(error, LeaseLost):
            log.warning("%s", error)
            return False
        _record_failure(job_id, worker_id, error)
        return False


class LeaseLost(Exception):
    pass


def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: 30 s, 1, 2, 4 … minutes, at most an hour."""
    base = current_app.config["JOB_RETRY_BASE_SECONDS"]
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _record_failure(job_id: int, worker_id: str, error: BaseException) -> None:
    begin_writing()
    job = db.session.get(Job, job_id)
    if job is None or job.locked_by != worker_id:
        db.session.rollback()
        return
    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    job.last_error = text[:4000]
    job.locked_by = None
    job.locked_until = None
    if job.attempts >= job.max_attempts:
        job.status = JobStatus.FAILED.value
        job.finished_at = utcnow()
        log.error(
            "Job %s (%s) failed for good after %s attempts: %s",
            job.id,
            job.kind,
            job.attempts,
            text,
        )
    else:
        job.status = JobStatus.WAITING.value
        job.run_at = utcnow() + backoff(job.attempts)
        log.warning(
            "Job %s (%s) failed (attempt %s of %s), retried at %s: %s",
            job.id,
            job.kind,
            job.attempts,
            job.max_attempts,
            job.run_at.isoformat(),
            text,
        )
    db.session.commit()


def retry(job: Job) -> None:
    """An administrator's retry of a failed job: it waits again, with its attempts renewed."""
    if job.status != JobStatus.FAILED.value:
        raise NotAllowed(
            _(
                "Only a failed job can be retried; this one is %(status)s.",
                status=str(JOB_STATUS_LABELS[JobStatus(job.status)]).lower(),
            )
        )
    job.status = JobStatus.WAITING.value
    job.run_at = utcnow()
    job.attempts = 0
    job.finished_at = None
    db.session.flush()
