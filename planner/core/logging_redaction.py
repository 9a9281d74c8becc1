"""Keep feed tokens out of every log: access logs, error logs, tracebacks, every handler.

A private feed's address carries its token (/feeds/<token>.ics); anyone who reads a log could
otherwise read the feed. The redaction is installed once, as the process's log-record factory, so
it covers every logger and handler (Flask's, werkzeug's development server, gunicorn's access and
error logs, and any a deployment adds): a record's message as it will read, with its arguments
filled in (a tuple, or the dict gunicorn's access log passes), and its exception text are
redacted when the record is made.

Every spelling of the path counts, since a request for `/FEEDS/<token>.ics` or `/%66eeds/...`
is logged as sent, even when it is answered 404: in a line that mentions feeds in any case or
percent-encoding, every run of 32 or more token characters (letters, digits, `-`, `_`, or their
percent-escapes) is replaced by "[token]". A token is 43 such characters.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote

from gunicorn.glogging import Logger

REDACTED = "[token]"
TOKEN_RUN = re.compile(r"(?:[A-Za-z0-9_\-]|%[0-9A-Fa-f]{2}){32,}")
_FORMATTER = logging.Formatter()


def _mentions_feeds(text: str) -> bool:
    lowered = text.lower()
    if "feeds" in lowered:
        return True
    if "%" not in text:
        return False
    for _ in range(3):  # %2566eeds is %66eeds is feeds
        text = unquote(text)
        if "feeds" in text.lower():
            return True
    return False


def redact(text: Any) -> Any:
    """The text with every feed token taken out; anything but a string is returned as it is."""
    if isinstance(text, str) and _mentions_feeds(text):
        return TOKEN_RUN.sub(REDACTED, text)
    return text


def redact_record(record: logging.LogRecord) -> None:
    """Redact the message as it will read (its arguments filled in), and the exception text."""
    try:
        message = record.getMessage()
    except (TypeError, ValueError, KeyError):  # a bad format string: logging reports it later
        message = None
    if message is not None:
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


def install_log_redaction() -> None:
    """Make every log record of the process redacted as it is made (once per process)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts_feed_tokens", False):
        return

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact_record(record)
        return record

    redacting_factory.redacts_feed_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting_factory)


class RedactingLogger(Logger):
    """gunicorn's logger with feed tokens taken out of every access-log atom.

    The record factory redacts the same atoms; this also covers gunicorn's own log line
    formatting when it writes without the logging module's records (e.g. to syslog).
    """

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) for key, value in atoms.items()}

    def setup(self, cfg) -> None:
        install_log_redaction()
        super().setup(cfg)
