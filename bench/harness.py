"""Shared pieces of the benchmarks: a throw-away database, gunicorn on loopback, wrk, timing.

Nothing here is a test; see bench/README.md.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK_HINT = "wrk is not installed; on Debian or Ubuntu: apt-get install -y wrk"


# --- Databases -----------------------------------------------------------------------------------


@contextlib.contextmanager
def temporary_database(server_url: str | None) -> Iterator[str]:
    """A new empty database, dropped afterwards: a SQLite file in a temporary folder by default,
    or a database created on the PostgreSQL server of `server_url` (as tests/conftest.py does)."""
    if server_url is None:
        with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    from planner.core.config import normalise_database_url

    url = sa.engine.make_url(normalise_database_url(server_url))
    if url.get_backend_name() != "postgresql":
        raise SystemExit("--database-url must be a PostgreSQL URL (SQLite is the default)")
    name = f"planner_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def server_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production process on the given database."""
    return os.environ | {
        "PLANNER_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        **extra,
    }


def migrate(database_url: str) -> None:
    """`flask --app planner db upgrade` on the database, as a deployment does."""
    subprocess.run(
        [PYTHON, "-m", "flask", "--app", "planner", "db", "upgrade"],
        cwd=PROJECT_ROOT,
        env=server_environment(database_url),
        check=True,
        capture_output=True,
    )


def production_app(database_url: str):
    """The app as gunicorn runs it (production settings), for work done in this process."""
    from planner import create_app

    return create_app(
        {
            "PLANNER_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )


def database_kind(database_url: str) -> str:
    return sa.engine.make_url(database_url).get_backend_name()


# --- gunicorn ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    log_path: Path,
    *,
    workers: int = 2,
    app: str = "planner:create_app()",
    healthz: str = "/healthz",
    **extra_env: str,
) -> Iterator[str]:
    """gunicorn with gunicorn.conf.py (production settings) on a free loopback port; yields the
    base URL once /healthz answers, and always stops the server (master and workers).

    `app` may name another WSGI app (bench/calibration_apps.py), answering on `healthz`;
    `extra_env` is added to the server's environment."""
    port = free_port()
    env = server_environment(
        database_url,
        PLANNER_BIND=f"127.0.0.1:{port}",
        PLANNER_WORKERS=str(workers),
        PYTHONPATH=os.pathsep.join(
            filter(None, [str(Path(__file__).resolve().parent), os.environ.get("PYTHONPATH")])
        ),
        **extra_env,
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the workers stop with it
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + healthz, process, log_path)
            yield base
        finally:
            stop(process)


def wait_until_up(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start:\n{log_path.read_text(errors='replace')}")
        with (
            contextlib.suppress(urllib.error.URLError, ConnectionError),
            urllib.request.urlopen(url, timeout=2) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- wrk -----------------------------------------------------------------------------------------


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        print(WRK_HINT, file=sys.stderr)
        raise SystemExit(2)
    return path


@dataclass(frozen=True)
class WrkResult:
    name: str
    requests_per_second: float
    requests: int
    latency_avg_ms: float
    latency_p50_ms: float
    latency_p90_ms: float
    latency_p99_ms: float
    #: Socket errors and responses other than 2xx or 3xx.
    errors: int
    transfer_per_second: str


def run_wrk(
    name: str,
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    headers: Sequence[str] = (),
) -> WrkResult:
    command = [
        require_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
    ]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    return parse_wrk(name, output)


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match[1]) * _UNITS_MS[match[2]]


def parse_wrk(name: str, output: str) -> WrkResult:
    """Requests/sec, latency (average and percentiles) and errors from wrk's report."""

    def find(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise ValueError(f"wrk output without {pattern!r}:\n{output}")
        return match

    # wrk pads a one-letter unit ("1.20s ") to the width of two, hence the trailing space.
    percentiles = {
        int(p): _ms(value)
        for p, value in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.MULTILINE)
    }
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        name=name,
        requests_per_second=float(find(r"^Requests/sec:\s+([\d.]+)")[1]),
        requests=int(find(r"^\s+(\d+) requests in")[1]),
        latency_avg_ms=_ms(find(r"^\s+Latency\s+(\S+)")[1]),
        latency_p50_ms=percentiles.get(50, float("nan")),
        latency_p90_ms=percentiles.get(90, float("nan")),
        latency_p99_ms=percentiles.get(99, float("nan")),
        errors=errors + (int(non_2xx[1]) if non_2xx else 0),
        transfer_per_second=find(r"^Transfer/sec:\s+(\S+)")[1],
    )


# --- Timing --------------------------------------------------------------------------------------


def parse_duration(text: str) -> float:
    """Seconds from "10s", "1.5s", "500ms", "1m" or a bare number of seconds."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(ms|s|m)?\s*", text)
    if match is None:
        raise ValueError(f"not a duration: {text!r} (try 10s)")
    value = float(match[1])
    return value * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[match[2]]


def median_ms(run: Callable[[], object], *, runs: int, before: Callable[[], object] | None = None):
    """The median wall time of `run` in milliseconds over `runs` runs; `before` is not timed."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def machine_reference_ms() -> float:
    """The median time of a fixed pure-Python workload: a yardstick for this machine's speed.

    Figures from different machines (or from one machine on a slow day) compare better next to
    it: a page at 80 ms with a yardstick of 20 ms ran on a machine twice as fast as one at 160
    ms with 40 ms.
    """

    def workload() -> int:
        return sum(i * i % 7 for i in range(200_000))

    return median_ms(workload, runs=9)
