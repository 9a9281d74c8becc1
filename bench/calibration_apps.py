"""Two minimal apps for calibrating bench/feeds.py: what gunicorn, Flask and the machine cost.

Each answers two paths, with no database and no feed code:

    /trivial  a 15-byte JSON body, like /healthz
    /body     the bytes of the file named by BENCH_BODY (the warm ICS feed), as text/calendar

`wsgi` is a bare WSGI callable; `flask_app` is the same as two Flask views. Served by gunicorn
with the project's gunicorn.conf.py, they show how much slower a response of the feed's size is
than a trivial one when no application code runs at all: a bound on what the feed's own code
can reach against /healthz.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

TRIVIAL = b'{"status":"ok"}'
BODY = Path(os.environ["BENCH_BODY"]).read_bytes() if os.environ.get("BENCH_BODY") else b""
CALENDAR = "text/calendar; charset=utf-8"


def wsgi(environ, start_response):
    if environ["PATH_INFO"] == "/body":
        body, content_type = BODY, CALENDAR
    else:
        body, content_type = TRIVIAL, "application/json"
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


flask_app = Flask(__name__)


@flask_app.route("/trivial")
def trivial():
    return Response(TRIVIAL, content_type="application/json")


@flask_app.route("/body")
def body():
    return Response(BODY, content_type=CALENDAR)
