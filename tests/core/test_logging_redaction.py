"""No feed token reaches a log (`planner.core.logging_redaction`): not gunicorn's access log for
any spelling of the path, not the error log of a poll that fails, not a traceback, not an
application logger; checked on a real gunicorn with the production settings, and in-process."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from planner import create_app
from planner.auth.services import create_user
from planner.core.extensions import db
from planner.core.logging_redaction import redact
from planner.feeds.tokens import create_token
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.services import create_municipality

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
STRONG_KEY = "0123456789abcdef" * 4


def spellings(token: str) -> list[str]:
    """Paths a client may send for the feed: each is logged as sent, answered or not."""
    every_char = "".join(f"%{ord(c):02X}" for c in token)
    return [
        f"/feeds/{token}.ics",
        f"/FEEDS/{token}.ics",
        f"/Feeds/{token}.RSS",
        f"/%66eeds/{token}.ics",
        f"/feeds/{every_char}.ics",
        f"//feeds//{token}.atom",
        f"/feeds/{token}.ics?x=1&token={token}",
        f"/m/x/?next=/feeds/{token}.ics",
        f"/m/x/?next={quote(f'/feeds/{token}.ics', safe='')}",
    ]


def forms_of(token: str) -> list[str]:
    return [token, quote(token), "".join(f"%{ord(c):02X}" for c in token), token[:32]]


@pytest.fixture
def served(tmp_path):
    """A gunicorn with the production settings on a SQLite file holding one feed token."""
    url = f"sqlite:///{tmp_path / 'planner.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": STRONG_KEY, "TESTING": True})
    with app.app_context():
        db.create_all()
        municipality = create_municipality("Logvik kommune", "logvik", "9901")
        user, _ = create_user("admin@logvik.kommune.no", "Admin", "correct horse battery")
        db.session.add(Membership(user=user, municipality=municipality, role="admin"))
        issued = create_token(municipality, name="Plan", scope="all", scope_id=None, actor=user)
        db.session.commit()
        token = issued.token
        db.engine.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")},
        "PLANNER_ENV": "production",
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": url,
        "PLANNER_INSTANCE_PATH": str(tmp_path / "instance"),
        "PLANNER_BIND": f"127.0.0.1:{port}",
        "PLANNER_WORKERS": "1",
    }
    out, err = tmp_path / "stdout.log", tmp_path / "stderr.log"
    with out.open("w") as stdout, err.open("w") as stderr:
        server = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "planner:create_app()"],
            cwd=ROOT, env=environment, stdout=stdout, stderr=stderr,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 (loopback)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    try:
        yield base, token, url, (out, err)
    finally:
        server.terminate()
        server.wait(20)


def get(url: str) -> int:
    request = urllib.request.Request(url, headers={"Referer": url})  # noqa: S310 (loopback)
    try:
        return urllib.request.urlopen(request, timeout=10).status  # noqa: S310
    except urllib.error.HTTPError as error:
        return error.code


def test_no_spelling_of_a_feed_address_puts_its_token_in_gunicorns_logs(served):
    base, token, url, logs = served
    statuses = [get(base + path) for path in spellings(token)]
    assert statuses[0] == 200 and 404 in statuses
    # A poll that fails: the municipality's zone is broken in the database, so building fails.
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.update(Municipality).values(timezone="Broken/Zone"))
    engine.dispose()
    assert get(f"{base}/feeds/{token}.ics?again") == 500
    time.sleep(0.5)
    text = "\n".join(path.read_text() for path in logs)
    assert text.count("[token]") >= len(spellings(token)), text
    assert "Exception on" in text or "Traceback" in text  # the failure was logged ...
    for form in forms_of(token):
        assert form not in text  # ... without the token


def test_application_loggers_and_tracebacks_are_redacted_in_process(app, caplog):
    token = "AbCdEf0123456789_-xyzAbCdEf0123456789_-xyzAbC"
    logger = logging.getLogger("planner.some.feature")
    with caplog.at_level(logging.INFO):
        logger.info("polled %s", f"/feeds/{token}.ics")
        logger.warning("args as a dict %(path)s", {"path": f"/FEEDS/{token}.ics"})
        try:
            raise ValueError(f"cannot build /feeds/{token}.ics")
        except ValueError:
            logger.exception("feed failed")
        logging.getLogger("werkzeug").info('"GET /%%66eeds/%s.ics HTTP/1.1" 404 -', token)
    formatted = "\n".join(
        logging.Formatter("%(message)s").format(record) for record in caplog.records
    )
    assert formatted.count("[token]") >= 5, formatted
    assert token not in formatted and token not in caplog.text


def test_redaction_leaves_other_lines_alone():
    assert redact("/public/afjord/calendar.ics") == "/public/afjord/calendar.ics"
    line = "GET /m/afjord/posts/12 HTTP/1.1 " + "a" * 40
    assert redact(line) == line
