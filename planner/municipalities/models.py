"""Tenants (municipalities) and who belongs to them in which role."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.auth.models import User
from planner.core.db.base import Versioned
from planner.core.db.types import UTCDateTime
from planner.core.extensions import Model
from planner.core.localtime import utcnow
from planner.municipalities.roles import Role


class Municipality(Versioned, Model):
    """A tenant; its `version` goes up with every save of the row (the settings page checks it)."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Display name, e.g. "Åfjord kommune".
    name: Mapped[str] = mapped_column(sa.String(120))
    #: Lower-case ASCII used in URLs: /m/<slug>/.
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    #: Kommunenummer, four digits (a samkommune without one may leave it empty).
    number: Mapped[str | None] = mapped_column(sa.String(4), unique=True)
    #: IANA time zone in which dates and times are shown.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Oslo")
    #: Default interface language: nb, nn or en.
    language: Mapped[str] = mapped_column(sa.String(2), default="nb")
    #: Whether published items may appear in public feeds.
    public_feeds: Mapped[bool] = mapped_column(default=False)
    #: A post must be approved this many working days before its first publication.
    review_working_days: Mapped[int] = mapped_column(default=2, server_default="2")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Goes up in the same transaction as every change to what the plan's feeds show (posts,
    #: publications, channels, goals, audiences, these settings): feeds derive their version from
    #: it, so every worker agrees without reading the whole plan (see content_version.py).
    content_version: Mapped[int] = mapped_column(default=0, server_default="0")
    content_changed_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, server_default=sa.func.now()
    )

    memberships: Mapped[list[Membership]] = relationship(back_populates="municipality")

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class Membership(Model):
    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    #: admin | editor | reviewer | viewer
    role: Mapped[str] = mapped_column(sa.String(16), default=Role.VIEWER.value)
    #: A deactivated membership keeps its history but gives no access.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    #: Also gives `User.memberships` (a backref: accounts sit below municipalities).
    user: Mapped[User] = relationship(backref="memberships")
    municipality: Mapped[Municipality] = relationship(back_populates="memberships")

    def __repr__(self) -> str:
        return f"<Membership user={self.user_id} municipality={self.municipality_id} {self.role}>"
