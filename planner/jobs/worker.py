"""The worker process: `flask worker` (until stopped) and `flask worker --once` (what is due).

Each round it writes its heartbeat, makes this period's periodic jobs (once, whichever worker
comes first), then claims and runs due jobs one at a time until none is due, and sleeps
`JOB_POLL_SECONDS`. SIGTERM and SIGINT let the job at hand finish; then the worker records that it
stopped and exits.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.jobs import queue
from planner.jobs.models import WorkerHeartbeat

log = logging.getLogger(__name__)


@dataclass
class Worker:
    once: bool = False
    id: str = field(
        default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{utcnow():%Y%m%dT%H%M%S.%f}"
    )
    done: int = 0
    failed: int = 0
    stopping: bool = False

    def stop(self, *_signal) -> None:
        """Finish the job at hand, then exit (the SIGTERM and SIGINT handler).

        Only sets a flag: a signal handler that takes a lock (threading.Event.set) can wait
        forever for the lock its own thread holds while it sleeps in Event.wait.
        """
        self.stopping = True

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> None:
        poll = current_app.config["JOB_POLL_SECONDS"]
        self._beat(started=True)
        log.info("Worker %s started", self.id)
        try:
            while not self.stopping:
                self._beat()
                queue.enqueue_due_periodic()
                self.run_due()
                if self.once:
                    break
                self._sleep(poll)
        finally:
            self._beat(stopped=True)
            log.info(
                "Worker %s stopped after %s jobs done, %s failed", self.id, self.done, self.failed
            )

    def run_due(self) -> None:
        """Claim and run jobs until none is due (or the worker is told to stop)."""
        while not self.stopping:
            job_id = queue.claim(self.id)
            if job_id is None:
                return
            if queue.run(job_id, self.id):
                self.done += 1
            else:
                self.failed += 1

    def _sleep(self, seconds: float) -> None:
        """Sleep, waking within a fifth of a second when told to stop."""
        deadline = time.monotonic() + seconds
        while not self.stopping and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, 0.2))

    def _beat(self, *, started: bool = False, stopped: bool = False) -> None:
        now = utcnow()
        db.session.rollback()
        if started:
            host, pid = socket.gethostname(), os.getpid()
            db.session.add(
                WorkerHeartbeat(id=self.id, host=host[:200], pid=pid, started_at=now, seen_at=now)
            )
        else:
            values: dict = {"seen_at": now, "jobs_done": self.done, "jobs_failed": self.failed}
            if stopped:
                values["stopped_at"] = now
            db.session.execute(
                sa.update(WorkerHeartbeat).where(WorkerHeartbeat.id == self.id).values(**values)
            )
        db.session.commit()
