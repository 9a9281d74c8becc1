"""Sending e-mail: SMTP when `MAIL_URL` is set, otherwise `.eml` files in `instance/mail/`.

`MAIL_URL` is `smtp://[user[:password]@]host[:port][?starttls=1][&timeout=seconds]` (port 25 by
default, 587 usual with STARTTLS) or `smtps://…` (TLS from the start, port 465). Without it
(development), each mail is written to `instance/mail/` and its recipient and subject to the log,
so the app works with no mail server. The password never reaches a log.
"""

from __future__ import annotations

import functools
import logging
import smtplib
import ssl
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app

from planner.core.localtime import utcnow

log = logging.getLogger(__name__)

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


class MailURLError(ValueError):
    pass


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    username: str | None
    password: str | None
    starttls: bool
    tls: bool
    timeout: float

    def __repr__(self) -> str:  # never the password
        return f"MailServer({self.host}:{self.port}, user={self.username!r}, tls={self.tls})"


def parse_mail_url(url: str) -> MailServer:
    """Read MAIL_URL; a malformed one is a MailURLError that names what is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("smtp", "smtps"):
        raise MailURLError("MAIL_URL must start with smtp:// or smtps://")
    try:
        port = parts.port
    except ValueError:
        raise MailURLError("MAIL_URL has a port that is not a number") from None
    if not parts.hostname:
        raise MailURLError("MAIL_URL names no mail server")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"starttls", "timeout"}
    if unknown:
        raise MailURLError(f"MAIL_URL has unknown options: {', '.join(sorted(unknown))}")
    try:
        timeout = float(query.get("timeout", "20"))
    except ValueError:
        raise MailURLError("MAIL_URL's timeout must be a number of seconds") from None
    tls = parts.scheme == "smtps"
    starttls = query.get("starttls", "0").lower() in TRUE_WORDS
    if tls and starttls:
        raise MailURLError("MAIL_URL: smtps:// is TLS already; leave out starttls")
    return MailServer(
        host=parts.hostname,
        port=port or (465 if tls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        starttls=starttls,
        tls=tls,
        timeout=timeout,
    )


def new_message(
    *, to: str, subject: str, text: str, html: str, headers: dict[str, str] | None = None
) -> EmailMessage:
    """A plain-text mail with an HTML alternative, from MAIL_FROM."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    domain = current_app.config["MAIL_FROM"].rpartition("@")[2].strip("> ") or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for name, value in (headers or {}).items():  # after the content, which resets Content-*
        message[name] = value
    return message


def send(message: EmailMessage) -> None:
    """Send it, or (without MAIL_URL) keep it as a file. SMTP errors are raised to the caller."""
    url = current_app.config.get("MAIL_URL")
    if not url:
        path = _write_to_folder(message)
        log.info("Mail to %s, %r, written to %s", message["To"], message["Subject"], path)
        return
    server = parse_mail_url(url)
    smtp = (
        smtplib.SMTP_SSL(server.host, server.port, timeout=server.timeout, context=tls_context())
        if server.tls
        else smtplib.SMTP(server.host, server.port, timeout=server.timeout)
    )
    with smtp:
        if server.starttls:
            smtp.starttls(context=tls_context())
        if server.username:
            smtp.login(server.username, server.password or "")
        smtp.send_message(message)
    log.info("Mail to %s, %r, sent through %s", message["To"], message["Subject"], server.host)


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The system's certificate authorities, verified, read once per process (reading them takes
    some 20 ms, more than sending a mail)."""
    return ssl.create_default_context()


def _write_to_folder(message: EmailMessage) -> Path:
    folder = Path(current_app.config.get("MAIL_FOLDER") or Path(current_app.instance_path) / "mail")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    return path
