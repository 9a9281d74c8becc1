"""Whether background work is being done: for the Background work page, the banner and /healthz."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs.models import Job, JobStatus, WorkerHeartbeat
from planner.jobs.queue import due_now


@dataclass(frozen=True)
class WorkState:
    #: The latest heartbeat of any worker (None: no worker has ever run).
    last_seen: datetime | None
    #: Workers that have written a heartbeat within the missing limit and not stopped.
    running_workers: int
    #: Jobs due now and not taken (including those whose worker's lease ran out).
    waiting: int
    failed: int
    #: Jobs wait and no worker has been seen within WORKER_MISSING_MINUTES.
    stopped: bool

    @property
    def state(self) -> str:
        if self.stopped:
            return "stopped"
        return "running" if self.running_workers else "not running"

    def as_health(self) -> dict:
        return {
            "state": self.state,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "waiting": self.waiting,
            "failed": self.failed,
        }


def _missing_after() -> timedelta:
    return timedelta(minutes=current_app.config["WORKER_MISSING_MINUTES"])


def _for_municipality(municipality_id: int | None):
    """The municipality's jobs and the app's own upkeep (None: every job)."""
    if municipality_id is None:
        return sa.true()
    return sa.or_(Job.municipality_id == municipality_id, Job.municipality_id.is_(None))


def work_state(municipality_id: int | None = None, *, now: datetime | None = None) -> WorkState:
    now = now or utcnow()
    since = now - _missing_after()
    last_seen, running = db.session.execute(
        sa.select(
            sa.func.max(WorkerHeartbeat.seen_at),
            sa.func.count().filter(
                WorkerHeartbeat.seen_at >= since, WorkerHeartbeat.stopped_at.is_(None)
            ),
        )
    ).one()
    waiting, failed = db.session.execute(
        sa.select(
            sa.func.count().filter(due_now(now)),
            sa.func.count().filter(Job.status == JobStatus.FAILED.value),
        ).where(_for_municipality(municipality_id))
    ).one()
    # Jobs waiting is normal for a moment; waiting with no worker seen within the limit is not.
    seen_lately = last_seen is not None and last_seen >= since
    stopped = bool(waiting) and not seen_lately
    return WorkState(
        last_seen=last_seen,
        running_workers=int(running or 0),
        waiting=int(waiting or 0),
        failed=int(failed or 0),
        stopped=stopped,
    )


def workers(*, now: datetime | None = None) -> list[WorkerHeartbeat]:
    """Workers seen in the last week, the latest first."""
    now = now or utcnow()
    return list(
        db.session.scalars(
            sa.select(WorkerHeartbeat)
            .where(WorkerHeartbeat.seen_at >= now - timedelta(days=7))
            .order_by(WorkerHeartbeat.seen_at.desc())
            .limit(20)
        )
    )


def jobs_of(municipality_id: int, status: JobStatus, *, limit: int = 50) -> list[Job]:
    order = Job.finished_at.desc() if status in (JobStatus.DONE, JobStatus.FAILED) else Job.run_at
    return list(
        db.session.scalars(
            sa.select(Job)
            .where(Job.status == status.value, _for_municipality(municipality_id))
            .order_by(order, Job.id.desc())
            .limit(limit)
        )
    )


def find_job(municipality_id: int, job_id: int) -> Job | None:
    """A job of this municipality (or the app's upkeep); another municipality's is None."""
    return db.session.scalar(
        sa.select(Job).where(Job.id == job_id, _for_municipality(municipality_id))
    )
