"""The jobs table (a transactional outbox) and the workers' heartbeats."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.db.types import UTCDateTime
from planner.core.extensions import Model
from planner.core.localtime import utcnow


class JobStatus(StrEnum):
    #: Due at `run_at`, or later (a retry after a failure waits here too).
    WAITING = "waiting"
    #: Claimed by a worker until `locked_until`; after that any worker may take it again.
    RUNNING = "running"
    DONE = "done"
    #: Failed `max_attempts` times; kept with its error until an administrator retries it.
    FAILED = "failed"


JOB_STATUS_LABELS = {
    JobStatus.WAITING: _l("Waiting"),
    JobStatus.RUNNING: _l("Running"),
    JobStatus.DONE: _l("Done"),
    JobStatus.FAILED: _l("Failed"),
}


class Job(Model):
    """One piece of work to do at `run_at`: a kind (its handler) and the handler's arguments."""

    __tablename__ = "job"
    __table_args__ = (
        # The worker's claim: the first due waiting job, or a running one whose lease ran out.
        sa.Index("ix_job_due", "status", "run_at"),
        sa.CheckConstraint("attempts >= 0 AND max_attempts >= 1", name="attempts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(100))
    #: The municipality the work is for; None for the app's own upkeep.
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default=JobStatus.WAITING.value)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=8)
    #: The worker that holds it, and until when (its lease).
    locked_by: Mapped[str | None] = mapped_column(sa.String(200))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    #: At most one job per key: periodic work's key names its period, so however many workers
    #: run, the period's job is made once.
    unique_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WorkerHeartbeat(Model):
    """A running (or lately stopped) worker process, as it last reported itself."""

    __tablename__ = "worker_heartbeat"

    #: host:pid:start, unique per process run.
    id: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    host: Mapped[str] = mapped_column(sa.String(200))
    pid: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Set when it stopped on its own (SIGTERM, --once); a killed worker just stops being seen.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    jobs_done: Mapped[int] = mapped_column(default=0)
    jobs_failed: Mapped[int] = mapped_column(default=0)
