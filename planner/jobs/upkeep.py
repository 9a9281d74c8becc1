"""The app's own periodic upkeep, the first periodic work the worker does: forget what is no
longer needed (finished jobs, old heartbeats, expired one-time form keys)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.core.once import KEEP_FOR, SubmittedForm
from planner.jobs.models import Job, JobStatus, WorkerHeartbeat

EVERY = timedelta(hours=1)
HEARTBEATS_KEPT = timedelta(days=7)


def tidy(job: Job) -> None:  # noqa: ARG001  (a periodic job carries only its period)
    now = utcnow()
    kept = timedelta(days=current_app.config["JOB_KEEP_DONE_DAYS"])
    db.session.execute(
        sa.delete(Job).where(Job.status == JobStatus.DONE.value, Job.finished_at < now - kept)
    )
    db.session.execute(
        sa.delete(WorkerHeartbeat).where(WorkerHeartbeat.seen_at < now - HEARTBEATS_KEPT)
    )
    db.session.execute(sa.delete(SubmittedForm).where(SubmittedForm.created_at < now - KEEP_FOR))
