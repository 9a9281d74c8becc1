"""A request whose body framing is broken answers 400, never 500, on the production server setup:
gunicorn with gunicorn.conf.py, behind a proxy (TRUSTED_PROXY_COUNT=1, X-Forwarded-* headers),
spoken to over a raw socket. Nothing about it reaches the error log as a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner import create_app
from planner.core.extensions import db

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
KEY = "0123456789abcdef" * 4
PROXY = (
    b"Accept-Language: en\r\n"
    b"X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: x\r\n"
)
FORM = b"Content-Type: application/x-www-form-urlencoded\r\n"


def request(method: bytes, headers: bytes, body: bytes) -> bytes:
    return method + b" /login HTTP/1.1\r\nHost: x\r\n" + PROXY + headers + b"\r\n" + body


CHUNKED = b"Transfer-Encoding: chunked\r\n" + FORM
CASES = {
    "bad chunk size": request(b"POST", CHUNKED, b"ZZ\r\nabc\r\n0\r\n\r\n"),
    "missing chunk terminator": request(b"POST", CHUNKED, b"3\r\nabcXX0\r\n\r\n"),
    "chunked and a length": request(
        b"POST", CHUNKED + b"Content-Length: 5\r\n", b"3\r\nabc\r\n0\r\n\r\n"
    ),
    "bad chunk extension": request(b"POST", CHUNKED, b"3;\x01\r\nabc\r\n0\r\n\r\n"),
    "body cut short": request(b"POST", CHUNKED, b"10\r\nabc"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("framing")
    url = f"sqlite:///{folder / 'planner.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": KEY, "TESTING": True})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")},
        "PLANNER_ENV": "production", "SECRET_KEY": KEY, "DATABASE_URL": url,
        "PLANNER_INSTANCE_PATH": str(folder), "PLANNER_BIND": f"127.0.0.1:{port}",
        "PLANNER_WORKERS": "1", "TRUSTED_PROXY_COUNT": "1",
    }  # fmt: skip
    errors = folder / "stderr.log"
    with errors.open("w") as stderr:
        process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "planner:create_app()"],
            cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, errors
    process.terminate()
    process.wait(20)


def answer_to(port: int, raw: bytes) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(raw)
        connection.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    return int(answer.split(b" ", 2)[1]), answer.decode("utf-8", "replace")


@pytest.mark.parametrize("case", list(CASES))
def test_broken_framing_is_a_bad_request(server, case):
    port, errors = server
    status, text = answer_to(port, CASES[case])
    assert status == 400
    # Refused for its framing, before the form's CSRF check could even read it.
    assert "The form had expired" not in text
    time.sleep(0.2)
    assert "Traceback" not in errors.read_text()


def test_a_well_framed_chunked_form_is_read(server):
    port, _ = server
    body = b"5\r\nemail\r\n0\r\n\r\n"
    raw = request(b"POST", b"Transfer-Encoding: chunked\r\n" + FORM, body)
    status, text = answer_to(port, raw)
    # Read whole, it reaches the CSRF check (the raw request carries no token): 400 for that.
    assert status == 400 and "The form had expired" in text
