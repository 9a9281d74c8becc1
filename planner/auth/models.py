"""Accounts and login throttling."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from planner.core.db.types import UTCDateTime
from planner.core.extensions import Model
from planner.core.localtime import utcnow


def new_session_nonce() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so uniqueness is case-insensitive.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    #: Argon2id hash in PHC string format.
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    #: A deactivated account cannot sign in anywhere.
    active: Mapped[bool] = mapped_column(default=True)
    #: nb | nn | en, or empty to follow the municipality.
    locale: Mapped[str | None] = mapped_column(sa.String(2))
    #: Part of the session id: changing it ends every session of the user.
    session_nonce: Mapped[str] = mapped_column(sa.String(32), default=new_session_nonce)
    #: Set when an administrator created the password; the user must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Goes up with each save of what the person edits on "My account" (name, language), so a
    #: stale account form is refused. Not SQLAlchemy's version counter: signing in, out and
    #: password changes also update the row, and must neither conflict with each other nor
    #: make an open account form stale (see `auth.services.update_account`).
    account_version: Mapped[int] = mapped_column(default=1, server_default="1")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    def end_all_sessions(self) -> None:
        """Invalidate every session cookie issued to this user."""
        self.session_nonce = new_session_nonce()

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class LoginThrottle(Model):
    """Failed sign-ins counted per account or per client address, shared by all workers."""

    __tablename__ = "login_throttle"

    #: "account:<sha256 of the e-mail>" or "address:<ip>".
    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
