from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.jobs import queue
from planner.jobs.models import Job
from tests.conftest import settings_for
from tests.jobs import handlers

PROJECT_ROOT = Path(__file__).resolve().parents[2]

handlers.register()


@pytest.fixture(autouse=True)
def runs_table(app) -> Iterator[None]:
    handlers.create_runs_table()
    yield
    db.session.rollback()
    db.session.execute(sa.text(f"DROP TABLE IF EXISTS {handlers.RUNS_TABLE}"))
    db.session.commit()


@pytest.fixture
def own_registry(monkeypatch) -> None:
    """Kinds of work a test registers are gone after it (the registry is the process's)."""
    for name in ("_handlers", "_labels", "_periodic"):
        monkeypatch.setattr(queue, name, dict(getattr(queue, name)))


class WorkerProcess:
    """A real `flask worker` process on the test's database."""

    def __init__(self, database_url: str, *args: str, **settings) -> None:
        env = {
            **os.environ,
            "PLANNER_TEST_SETTINGS": json.dumps(settings_for(database_url, **settings)),
            "PYTHONPATH": str(PROJECT_ROOT),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tests.jobs.worker_app", "worker", *args],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """Wait for it to exit; its exit code and what it printed."""
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
            pytest.fail(f"the worker did not exit within {timeout} s:\n{output}")
        return self.process.returncode, output

    def stop(self) -> tuple[int, str]:
        if self.process.poll() is None:
            self.signal(signal.SIGTERM)
        return self.finish()


@pytest.fixture
def start_worker(database_url: str) -> Iterator[Callable[..., WorkerProcess]]:
    started: list[WorkerProcess] = []

    def start(*args: str, **settings) -> WorkerProcess:
        db.session.commit()  # what the test made must be visible to the worker
        worker = WorkerProcess(database_url, *args, **settings)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.communicate()


def wait_until(condition: Callable[[], bool], timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # a fresh look at what the workers committed
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"waited {timeout} s for {what or condition}")


def job_statuses() -> dict[str, int]:
    db.session.rollback()
    rows = db.session.execute(sa.select(Job.status, sa.func.count()).group_by(Job.status))
    return {status: count for status, count in rows}
