from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer

from planner.core.extensions import db
from planner.jobs.worker import Worker
from planner.posts.models import Post

BASE_URL = "https://plan.kommune.example"


class Mailbox:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it is given, or refuses it."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        #: While above 0, each DATA is refused with a temporary error, counting down.
        self.refuse = 0

    async def handle_DATA(self, server: SMTPServer, session, envelope) -> str:  # noqa: N802
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Mail server busy, try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for recipients, message in self.messages if address in recipients]

    def recipients(self) -> list[str]:
        return sorted(address for recipients, _ in self.messages for address in recipients)


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free port (Controller checks it is up by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server) -> Mailbox:
    _, box = smtp_server
    box.messages.clear()
    box.refuse = 0
    return box


@pytest.fixture
def app_settings(smtp_server) -> dict:
    controller, _ = smtp_server
    return {
        "MAIL_URL": f"smtp://127.0.0.1:{controller.port}?timeout=5",
        "MAIL_FROM": "Planner <planner@kommune.example>",
        "BASE_URL": BASE_URL,
    }


@pytest.fixture
def post_in_alfa(two_municipalities) -> Post:
    """A draft written by the editor, with the editor as responsible."""
    people = two_municipalities["people"]
    post = Post(
        municipality_id=two_municipalities["a"].id,
        title="Fra vikar til fast",
        status="draft",
        body="Ufrivillig deltid ned fra 50 til 14 ansatte.",
        owner_id=people["editor"].id,
        created_by_id=people["editor"].id,
    )
    db.session.add(post)
    db.session.commit()
    return post


def run_worker() -> Worker:
    worker = Worker(once=True)
    worker.run()
    return worker


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()
