"""What administrators see of background work: the page, the retry, the banner, /healthz."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs import queue
from planner.jobs.models import JobStatus, WorkerHeartbeat
from planner.jobs.status import work_state
from tests.conftest import reload

BANNER = "Background work has stopped"


def failed_job(municipality, error="SMTPRecipientsRefused: 550 no such user"):
    job = queue.enqueue("test.fail", municipality_id=municipality.id, max_attempts=1)
    job.status = JobStatus.FAILED.value
    job.attempts = 1
    job.last_error = error
    job.finished_at = utcnow()
    db.session.commit()
    return job


def heartbeat(seen_minutes_ago: float, *, stopped: bool = False) -> WorkerHeartbeat:
    seen = utcnow() - timedelta(minutes=seen_minutes_ago)
    beat = WorkerHeartbeat(
        id=f"host:1:{seen_minutes_ago}",
        host="worker-1.kommune.no",
        pid=1,
        started_at=seen - timedelta(hours=1),
        seen_at=seen,
        stopped_at=seen if stopped else None,
    )
    db.session.add(beat)
    db.session.commit()
    return beat


def test_administrators_see_failed_work_with_its_error_and_retry_it(
    client, auth, two_municipalities
):
    a = two_municipalities["a"]
    job = failed_job(a)
    failed_job(two_municipalities["b"], error="Beta's own secret error")
    auth.login("admin@alfa.kommune.no")

    page = client.get("/m/alfa/background-work/").get_data(as_text=True)
    assert "SMTPRecipientsRefused: 550 no such user" in page
    assert "Test: fail" in page and "gave up after 1 attempt" in page
    assert "Beta&#39;s own secret error" not in page and "Beta's own" not in page
    assert f'action="/m/alfa/background-work/{job.id}/retry"' in page

    response = client.post(f"/m/alfa/background-work/{job.id}/retry", follow_redirects=True)
    assert "tried again as soon as a worker is free" in response.get_data(as_text=True)
    job = reload(job)
    assert (job.status, job.attempts) == (JobStatus.WAITING, 0)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "job.retried"))
    assert event is not None and event.municipality_id == a.id

    again = client.post(f"/m/alfa/background-work/{job.id}/retry", follow_redirects=True)
    assert "Only a failed job can be retried; this one is waiting." in again.get_data(as_text=True)


def test_another_municipalitys_job_is_not_found(client, auth, two_municipalities):
    theirs = failed_job(two_municipalities["b"])
    auth.login("admin@alfa.kommune.no")
    assert client.post(f"/m/alfa/background-work/{theirs.id}/retry").status_code == 404
    assert client.post(f"/m/beta/background-work/{theirs.id}/retry").status_code == 404
    assert reload(theirs).status == JobStatus.FAILED


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_only_administrators_reach_background_work(client, auth, two_municipalities, role):
    job = failed_job(two_municipalities["a"])
    auth.login(f"{role}@alfa.kommune.no")
    assert client.get("/m/alfa/background-work/").status_code == 403
    assert client.post(f"/m/alfa/background-work/{job.id}/retry").status_code == 403
    assert "Background work" not in client.get("/m/alfa/").get_data(as_text=True)


def test_the_page_says_which_workers_run_and_what_waits(client, auth, two_municipalities):
    heartbeat(1)
    heartbeat(90, stopped=True)
    queue.enqueue("test.record", municipality_id=two_municipalities["a"].id)
    db.session.commit()
    auth.login("admin@alfa.kommune.no")

    page = client.get("/m/alfa/background-work/").get_data(as_text=True)
    assert "1 worker is running." in page
    assert page.count("worker-1.kommune.no") == 2
    assert "Test: record" in page and "Nothing is waiting." not in page
    assert BANNER not in page


def test_work_waiting_with_no_worker_seen_for_ten_minutes_warns_administrators_on_every_page(
    client, auth, two_municipalities
):
    heartbeat(11)
    queue.enqueue("test.record", municipality_id=two_municipalities["a"].id)
    db.session.commit()

    auth.login("admin@alfa.kommune.no")
    for url in ("/m/alfa/", "/m/alfa/posts/", "/m/alfa/calendar/", "/m/alfa/background-work/"):
        assert BANNER in client.get(url).get_data(as_text=True), url
    auth.logout()

    auth.login("editor@alfa.kommune.no")
    assert BANNER not in client.get("/m/alfa/").get_data(as_text=True)
    auth.logout()
    auth.login("admin@beta.kommune.no")  # nothing of Beta's waits
    assert BANNER not in client.get("/m/beta/").get_data(as_text=True)


def test_no_banner_while_a_worker_is_seen_or_nothing_waits(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    heartbeat(11)
    assert BANNER not in client.get("/m/alfa/").get_data(as_text=True)  # nothing waits

    queue.enqueue("test.record", municipality_id=two_municipalities["a"].id)
    heartbeat(9)
    assert BANNER not in client.get("/m/alfa/").get_data(as_text=True)  # seen 9 minutes ago


def test_healthz_reports_a_stopped_worker_in_its_body_and_stays_200(client, two_municipalities):
    queue.enqueue("test.record", municipality_id=two_municipalities["a"].id)
    failed_job(two_municipalities["b"])
    beat = heartbeat(30)

    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["worker"] == {
        "state": "stopped",
        "last_seen": beat.seen_at.isoformat(),
        "waiting": 1,
        "failed": 1,
    }

    heartbeat(0.5)
    assert client.get("/healthz").json["worker"]["state"] == "running"


def test_a_job_past_its_lease_counts_as_waiting(app):
    job = queue.enqueue("test.record")
    db.session.commit()
    queue.claim("gone-worker")
    assert reload(job).status == JobStatus.RUNNING
    assert work_state().waiting == 0

    after_lease = utcnow() + timedelta(seconds=app.config["JOB_LEASE_SECONDS"] + 1)
    assert work_state(now=after_lease).waiting == 1
