"""The jobs table's rules, in the test process: enqueue with the change, claim, run, retry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from planner.core.errors import NotAllowed
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs import queue
from planner.jobs.models import Job, JobStatus, WorkerHeartbeat
from planner.jobs.worker import Worker
from planner.municipalities.models import Municipality
from tests.conftest import reload
from tests.jobs.handlers import record, runs


def test_work_enqueued_in_a_transaction_that_rolls_back_is_never_there(make_municipality):
    municipality = make_municipality()
    municipality.name = "Renamed, then taken back"
    queue.enqueue("test.record", municipality_id=municipality.id)
    db.session.rollback()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
    assert reload(municipality).name == "Testvik kommune"
    Worker(once=True).run()
    assert runs() == []


def test_work_enqueued_with_a_change_commits_with_it_and_the_worker_does_it_once(
    make_municipality,
):
    municipality = make_municipality()
    job = queue.enqueue("test.record", {"note": "hello"}, municipality_id=municipality.id)
    municipality.name = "Renamed"
    db.session.commit()

    worker = Worker(once=True)
    worker.run()
    Worker(once=True).run()  # a second worker finds nothing left to do

    assert [(job_id, attempt) for job_id, _, attempt in runs()] == [(job.id, 1)]
    job = reload(job)
    assert job.status == JobStatus.DONE
    assert job.finished_at is not None and job.locked_by is None
    # The job, and this period's job of each periodic kind (upkeep, reminders).
    assert (worker.done, worker.failed) == (1 + len(queue.periodic_kinds()), 0)
    beat = db.session.get(WorkerHeartbeat, worker.id)
    assert beat.stopped_at is not None and beat.jobs_done == worker.done


def test_an_unknown_kind_of_work_is_refused_when_enqueued(app):
    with pytest.raises(ValueError, match="no handler"):
        queue.enqueue("no.such.kind")


def test_work_due_later_waits_until_its_time(app):
    job = queue.enqueue("test.record", run_at=utcnow() + timedelta(hours=1))
    db.session.commit()

    assert queue.claim("worker-a") is None
    assert queue.claim("worker-a", now=utcnow() + timedelta(hours=1, seconds=1)) == job.id


def test_a_failing_job_is_rolled_back_and_waits_longer_each_time_then_is_kept_as_failed(app):
    job = queue.enqueue("test.fail", {"message": "SMTP 451 try later"}, max_attempts=3)
    db.session.commit()
    waits = []
    now = utcnow()
    for attempt in (1, 2, 3):
        claimed = queue.claim("worker-a", now=now)
        assert claimed == job.id, f"attempt {attempt}"
        before = utcnow()
        assert queue.run(claimed, "worker-a") is False
        job = reload(job)
        assert job.attempts == attempt
        assert job.last_error == "RuntimeError: SMTP 451 try later"
        if attempt < 3:
            assert job.status == JobStatus.WAITING
            waits.append(round((job.run_at - before).total_seconds()))
            assert queue.claim("worker-a", now=before) is None  # not before its time
            now = job.run_at + timedelta(seconds=1)

    assert waits == [30, 60]
    assert job.status == JobStatus.FAILED
    assert job.finished_at is not None and job.locked_by is None
    assert runs() == []  # the handler's own write went with each failure
    assert queue.claim("worker-a", now=utcnow() + timedelta(days=1)) is None


def test_backoff_doubles_from_the_base_and_stops_at_an_hour(app):
    assert [queue.backoff(n).total_seconds() for n in (1, 2, 3, 4, 7, 8, 20)] == [
        30,
        60,
        120,
        240,
        1920,
        3600,
        3600,
    ]


def test_a_job_that_succeeds_on_a_later_attempt_is_done_once(app):
    job = queue.enqueue("test.fail_until", {"succeeds_on": 2})
    db.session.commit()
    assert queue.run(queue.claim("worker-a"), "worker-a") is False
    later = reload(job).run_at + timedelta(seconds=1)
    assert queue.run(queue.claim("worker-a", now=later), "worker-a") is True

    job = reload(job)
    assert (job.status, job.attempts, job.last_error) == (JobStatus.DONE, 2, None)
    assert [attempt for _, _, attempt in runs()] == [2]


def test_only_a_failed_job_can_be_retried_and_a_retry_starts_its_attempts_again(app):
    job = queue.enqueue("test.fail", max_attempts=1)
    db.session.commit()
    with pytest.raises(NotAllowed, match="waiting"):
        queue.retry(job)
    queue.run(queue.claim("worker-a"), "worker-a")
    job = reload(job)
    assert job.status == JobStatus.FAILED

    queue.retry(job)
    db.session.commit()
    job = reload(job)
    assert (job.status, job.attempts, job.finished_at) == (JobStatus.WAITING, 0, None)
    assert queue.claim("worker-a") == job.id


def test_a_lease_that_ran_out_lets_another_worker_take_the_job(app):
    job = queue.enqueue("test.record")
    db.session.commit()
    assert queue.claim("worker-a") == job.id
    assert queue.claim("worker-b") is None  # held by worker-a

    after_lease = utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)
    assert queue.claim("worker-b", now=after_lease) == job.id
    assert queue.run(job.id, "worker-a") is False  # worker-a's turn is over: it does nothing
    assert queue.run(job.id, "worker-b") is True
    assert [attempt for _, _, attempt in runs()] == [2]


@pytest.mark.postgresql_only
def test_a_worker_whose_lease_was_taken_while_it_worked_keeps_none_of_its_work(app, own_registry):
    """The lease ran out mid-job and worker-b took it: worker-a's "done" finds the job no longer
    its own, and its work is rolled back (worker-b's run is the one that counts)."""
    other = sa.create_engine(db.engine.url)
    taken = []

    def handler(job):
        record(job)
        with other.begin() as connection:  # another worker takes it in its own transaction
            connection.execute(sa.update(Job).where(Job.id == job.id).values(locked_by="worker-b"))
        taken.append(job.id)

    queue.register_handler("test.taken_midway", handler, label="Test")
    job = queue.enqueue("test.taken_midway")
    db.session.commit()
    assert queue.run(queue.claim("worker-a"), "worker-a") is False
    other.dispose()

    assert taken == [job.id]
    assert runs() == []
    job = reload(job)
    assert (job.status, job.locked_by) == (JobStatus.RUNNING, "worker-b")


def test_periodic_work_is_made_once_per_period_however_often_workers_look(app, own_registry):
    queue.register_periodic("test.hourly", timedelta(hours=1), lambda job: None, label="Test")
    ten_past = datetime(2026, 12, 7, 9, 10, tzinfo=UTC)

    def hourly_keys() -> list[str]:
        return db.session.scalars(
            sa.select(Job.unique_key).where(Job.kind == "test.hourly").order_by(Job.unique_key)
        ).all()

    assert queue.enqueue_due_periodic(ten_past) >= 1
    queue.enqueue_due_periodic(ten_past + timedelta(minutes=40))
    assert hourly_keys() == ["test.hourly@2026-12-07T09:00:00+00:00"], "the same hour: no new job"
    queue.enqueue_due_periodic(ten_past + timedelta(minutes=50))  # 10:00, a new hour
    assert hourly_keys() == [
        "test.hourly@2026-12-07T09:00:00+00:00",
        "test.hourly@2026-12-07T10:00:00+00:00",
    ]


def test_upkeep_forgets_old_finished_jobs_and_heartbeats_and_keeps_failures(app):
    long_ago = utcnow() - timedelta(days=30)
    old_done = Job(kind="test.record", status="done", finished_at=long_ago, attempts=1)
    recent_done = Job(kind="test.record", status="done", finished_at=utcnow(), attempts=1)
    old_failed = Job(kind="test.fail", status="failed", finished_at=long_ago, attempts=8)
    db.session.add_all([old_done, recent_done, old_failed])
    db.session.add(
        WorkerHeartbeat(id="gone:1:x", host="gone", pid=1, started_at=long_ago, seen_at=long_ago)
    )
    db.session.commit()
    old_done_id = old_done.id

    Worker(once=True).run()  # makes this hour's upkeep job and does it

    kinds = db.session.execute(sa.select(Job.kind, Job.status).order_by(Job.id)).all()
    assert ("test.record", "done") in kinds and ("test.fail", "failed") in kinds
    assert ("upkeep", "done") in kinds
    assert db.session.get(Job, old_done_id) is None
    assert db.session.get(WorkerHeartbeat, "gone:1:x") is None


def test_a_municipalitys_jobs_go_with_it(make_municipality):
    municipality = make_municipality()
    queue.enqueue("test.record", municipality_id=municipality.id)
    db.session.commit()
    db.session.delete(db.session.get(Municipality, municipality.id))
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
