"""Keep feed tokens out of the logs: gunicorn's access log and the development server's.

A private feed's address carries its token (/feeds/<token>.ics); anyone who reads the log could
otherwise read the feed. Tokens are replaced by "[token]" in every logged URL and referrer.
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

FEED_TOKEN = re.compile(r"(/feeds/)[A-Za-z0-9_\-]{8,}")
REDACTED = r"\1[token]"


def redact(text):
    # The containment test first: most logged values hold no feed address, and it is cheaper
    # than the regular expression.
    if isinstance(text, str) and "/feeds/" in text:
        return FEED_TOKEN.sub(REDACTED, text)
    return text


class RedactingLogger(Logger):
    """gunicorn's logger with feed tokens taken out of every access-log atom."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str) and "/feeds/" in value:
                atoms[key] = FEED_TOKEN.sub(REDACTED, value)
        return atoms


class RedactingFilter(logging.Filter):
    """For the development server (werkzeug), which logs each request line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(redact(arg) for arg in record.args)
        record.msg = redact(record.msg)
        return True


def redact_development_server_log() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())
