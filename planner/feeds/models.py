"""Feed tokens: private subscription links to a scope of the plan, kept only as a SHA-256 hash."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.core.db.types import UTCDateTime
from planner.core.extensions import Model
from planner.core.localtime import utcnow


class FeedScope(StrEnum):
    ALL = "all"
    CHANNEL = "channel"
    AUDIENCE = "audience"
    GOAL = "goal"
    MINE = "mine"


FEED_SCOPE_LABELS = {
    FeedScope.ALL: _l("The whole plan"),
    FeedScope.CHANNEL: _l("One channel"),
    FeedScope.AUDIENCE: _l("One audience"),
    FeedScope.GOAL: _l("One goal"),
    FeedScope.MINE: _l("My publications"),
}

#: Scopes that name an object of the municipality.
SCOPES_WITH_OBJECT = (FeedScope.CHANNEL, FeedScope.AUDIENCE, FeedScope.GOAL)


class FeedToken(Model):
    __tablename__ = "feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    #: The member who made the link; the feed works only while they may see its scope.
    created_by_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    #: all | channel | audience | goal | mine
    scope: Mapped[str] = mapped_column(sa.String(16), default=FeedScope.ALL.value)
    #: The channel, audience or goal of the scope.
    scope_id: Mapped[int | None]
    #: SHA-256 (hex) of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by: Mapped[User] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
