"""A form sent twice saves once: a double click, or a retry after a slow answer.

Every form built on `OneTimeForm` (every `core.crud.EntityForm`, and the forms that add a
comment, a feed link or a member) carries a one-time key, made when the form is shown
(`submission_key`, a hidden field). When a save succeeds, the key is kept with the address the
save led to, in the same transaction; the same key sent again leads to that address with a note,
and nothing is saved a second time. Of two copies sent at the same moment, the second's key
collides in the database (the key and its sender are the primary key), its transaction is
rolled back, and it too is led to the first's result. Keys are kept for `KEEP_FOR`; a form left
open longer is saved as a new one.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from planner.core.db.types import UTCDateTime
from planner.core.extensions import Model, db
from planner.core.localtime import utcnow

KEEP_FOR = timedelta(days=2)
_KEY = re.compile(r"[A-Za-z0-9_-]{22,64}")


class SubmittedForm(Model):
    """A form that was saved: its one-time key and where the save led."""

    __tablename__ = "submitted_form"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    #: Who sent it (0: not signed in): the key leads only its sender back to the result.
    user_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    result_url: Mapped[str] = mapped_column(sa.String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


def new_key() -> str:
    return secrets.token_urlsafe(24)


def sent_key(field) -> str | None:
    """The key a form sent back in `field`, or None when it sent none (or not one)."""
    value = (field.raw_data or [None])[0]
    return value if isinstance(value, str) and _KEY.fullmatch(value) else None


def _sender_id() -> int:
    return current_user.id if current_user.is_authenticated else 0


def earlier_result(key: str) -> str | None:
    """Where the first save with this key led, when this person sent it recently."""
    return db.session.scalar(
        sa.select(SubmittedForm.result_url).where(
            SubmittedForm.key == key,
            SubmittedForm.user_id == _sender_id(),
            SubmittedForm.created_at >= utcnow() - KEEP_FOR,
        )
    )


def remember(key: str, result_url: str) -> None:
    """Keep the key of a save (in its transaction), and let go of keys older than KEEP_FOR."""
    now = utcnow()
    db.session.execute(sa.delete(SubmittedForm).where(SubmittedForm.created_at < now - KEEP_FOR))
    db.session.add(
        SubmittedForm(key=key, user_id=_sender_id(), result_url=result_url, created_at=now)
    )
    db.session.flush()


class OneTimeForm(FlaskForm):
    """A form that saves once however often it is sent (see the module)."""

    #: One-time key of this showing of the form.
    submission_key = HiddenField(default=new_key)

    def sent_key(self) -> str | None:
        """The key this request sent, if it is a POST with a well-formed one."""
        return sent_key(self.submission_key) if request.method == "POST" else None

    def earlier_result(self) -> str | None:
        """Where an earlier sending of this very form led, if it was saved already."""
        key = self.sent_key()
        return earlier_result(key) if key else None

    def remember_result(self, result_url: str) -> None:
        """Keep the key with where this save leads, in the save's transaction."""
        if key := self.sent_key():
            remember(key, result_url)


def commit_once(form: OneTimeForm, result_url: str) -> str | None:
    """Keep the form's key with where the save leads, and commit the save.

    Returns None when this save is committed; when a copy of the same form, sent at the same
    moment, saved first (its key collides), this save is rolled back and the first one's address
    is returned instead.
    """
    try:
        form.remember_result(result_url)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = form.earlier_result()
        if earlier is None:
            raise
        return earlier
    return None


def already_saved(url: str, message: str | None = None):
    """Lead a second sending to what the first saved, saying so."""
    flash(
        message
        or _(
            "This form was sent again after it was saved, so it is not saved twice. "
            "Here is what the first sending saved."
        ),
        "info",
    )
    return redirect(url)
