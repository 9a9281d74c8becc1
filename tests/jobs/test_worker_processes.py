"""Real `flask worker` processes on the test's database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import re
import signal
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs import queue
from planner.jobs.models import Job, JobStatus, WorkerHeartbeat
from tests.jobs.conftest import job_statuses, wait_until
from tests.jobs.handlers import runs

FAST = {"JOB_POLL_SECONDS": 0.1}


def test_two_workers_do_each_of_500_jobs_exactly_once(app, start_worker):
    # Due in a moment, so both workers are up and looking when the work arrives.
    at = utcnow() + timedelta(seconds=3)
    ids = [queue.enqueue("test.record", run_at=at).id for _ in range(500)]
    db.session.commit()
    workers = [start_worker(**FAST), start_worker(**FAST)]

    wait_until(lambda: job_statuses().get("done", 0) >= 500 + 1, timeout=120, what="500 jobs")
    outputs = [worker.stop() for worker in workers]

    done = runs()
    assert Counter(job_id for job_id, _, _ in done) == Counter(ids), "each job done exactly once"
    assert all(attempt == 1 for _, _, attempt in done)
    by_worker = Counter(pid for _, pid, _ in done)
    assert set(by_worker) == {w.pid for w in workers}, f"both workers took part: {by_worker}"
    assert [code for code, _ in outputs] == [0, 0], outputs
    periodic = db.session.execute(
        sa.select(Job.kind, Job.unique_key).where(Job.unique_key.is_not(None))
    ).all()
    assert {kind for kind, _ in periodic} == queue.periodic_kinds()
    assert len(periodic) == len({key for _, key in periodic}), "each period's job made once"
    assert job_statuses() == {"done": 500 + len(periodic)}


def test_a_job_whose_worker_was_killed_mid_job_is_done_again_after_its_lease(app, start_worker):
    job = queue.enqueue("test.sleep", {"seconds": 30})
    db.session.commit()
    killed = start_worker(JOB_LEASE_SECONDS=2, **FAST)
    wait_until(lambda: reload_status(job.id) == JobStatus.RUNNING, what="the job to start")
    killed.signal(signal.SIGKILL)
    killed.finish()

    db.session.execute(sa.update(Job).where(Job.id == job.id).values(payload={"seconds": 0}))
    db.session.commit()
    assert queue.claim("too-early") is None, "the dead worker's lease still holds"
    wait_until(lambda: lease_ran_out(job.id), timeout=10, what="the lease to run out")
    replacement = start_worker("--once", JOB_LEASE_SECONDS=2, **FAST)
    code, output = replacement.finish()

    assert code == 0, output
    assert reload_status(job.id) == JobStatus.DONE
    assert [(job_id, pid, attempt) for job_id, pid, attempt in runs()] == [
        (job.id, replacement.pid, 2)
    ]
    killed_beat = db.session.scalar(
        sa.select(WorkerHeartbeat).where(WorkerHeartbeat.pid == killed.pid)
    )
    assert killed_beat.stopped_at is None  # a killed worker just stops being seen


def test_sigterm_lets_the_job_at_hand_finish_then_the_worker_stops(app, start_worker):
    first = queue.enqueue("test.sleep", {"seconds": 1.5})
    second = queue.enqueue("test.record", run_at=utcnow() + timedelta(seconds=1))
    db.session.commit()
    worker = start_worker(**FAST)
    wait_until(lambda: reload_status(first.id) == JobStatus.RUNNING, what="the job to start")
    worker.signal(signal.SIGTERM)
    code, output = worker.finish(timeout=30)

    assert code == 0, output
    # Its job, and perhaps this period's periodic jobs (upkeep, reminders, digests) before it.
    summary = re.search(r"\b(\d+) done, 0 failed", output)
    assert summary, output
    assert 1 <= int(summary.group(1)) <= 1 + len(queue.periodic_kinds()), output
    assert reload_status(first.id) == JobStatus.DONE
    assert reload_status(second.id) == JobStatus.WAITING, "nothing new taken after SIGTERM"
    assert [job_id for job_id, _, _ in runs()] == [first.id]
    beat = db.session.scalar(sa.select(WorkerHeartbeat).where(WorkerHeartbeat.pid == worker.pid))
    assert beat.stopped_at is not None


def reload_status(job_id: int) -> str:
    db.session.rollback()
    return db.session.scalar(sa.select(Job.status).where(Job.id == job_id))


def lease_ran_out(job_id: int) -> bool:
    db.session.rollback()
    until = db.session.scalar(sa.select(Job.locked_until).where(Job.id == job_id))
    return until is not None and until < utcnow()


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_an_idle_worker_stops_at_once_when_told(app, start_worker, signal_number):
    worker = start_worker(JOB_POLL_SECONDS=60)
    wait_until(lambda: heartbeat_of(worker.pid) is not None, what="the worker to start")
    worker.signal(signal_number)
    code, output = worker.finish(timeout=10)

    assert code == 0, output
    assert heartbeat_of(worker.pid).stopped_at is not None


def heartbeat_of(pid: int) -> WorkerHeartbeat | None:
    db.session.rollback()
    return db.session.scalar(sa.select(WorkerHeartbeat).where(WorkerHeartbeat.pid == pid))
