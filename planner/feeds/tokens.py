"""Private feed links: create, find, revoke and rotate tokens; check they may still be used.

A token is `secrets.token_urlsafe(32)`, shown once; only its SHA-256 is stored. On every request
the link's creator must still be an active member whose role may see the scope, and the scope's
channel, audience or goal must still belong to the municipality — otherwise the feed is a 404.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from planner.audit.services import record_event
from planner.core.errors import FieldError, NotAllowed
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.feeds.models import SCOPES_WITH_OBJECT, FeedScope, FeedToken
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Permission, role_allows
from planner.strategy.models import Audience, Channel, Goal

#: last_used_at is written at most this often, so polling does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)

#: The model a scope names, by the scope's value (a FeedScope is its value: either finds it).
SCOPE_MODELS: dict[str, type[Channel | Audience | Goal]] = {
    FeedScope.CHANNEL: Channel,
    FeedScope.AUDIENCE: Audience,
    FeedScope.GOAL: Goal,
}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    feed: FeedToken
    #: The token itself: shown once, never stored.
    token: str


def scope_object(municipality: Municipality, scope: str, scope_id: int | None):
    """The channel, audience or goal a scope names, if it belongs to the municipality."""
    model = SCOPE_MODELS.get(FeedScope(scope))
    if model is None or scope_id is None:
        return None
    return db.session.scalar(
        sa.select(model).where(*_in_municipality(model, scope_id, municipality.id))
    )


def _in_municipality(model, scope_id: int | None, municipality_id: int) -> list:
    """Conditions: the channel, audience or goal `scope_id` of the municipality."""
    return [model.id == scope_id, model.municipality_id == municipality_id]


def create_token(
    municipality: Municipality, *, name: str, scope: str, scope_id: int | None, actor
) -> IssuedToken:
    scope = FeedScope(scope)
    if scope in SCOPES_WITH_OBJECT:
        if scope_object(municipality, scope, scope_id) is None:
            raise FieldError("scope_id", _l("Choose what the feed is about."))
    else:
        scope_id = None
    token = secrets.token_urlsafe(32)
    feed = FeedToken(
        municipality_id=municipality.id,
        created_by_id=actor.id,
        name=name.strip(),
        scope=scope.value,
        scope_id=scope_id,
        token_hash=hash_token(token),
    )
    db.session.add(feed)
    db.session.flush()
    record_event(
        "feed.created",
        actor=actor,
        municipality=municipality,
        obj=feed,
        after={"name": feed.name, "scope": feed.scope, "scope_id": feed.scope_id},
    )
    return IssuedToken(feed, token)


def revoke_token(feed: FeedToken, *, actor, municipality: Municipality) -> None:
    if feed.revoked:
        return
    feed.revoked_at = utcnow()
    record_event(
        "feed.revoked", actor=actor, municipality=municipality, obj=feed, after={"name": feed.name}
    )


def rotate_token(feed: FeedToken, *, actor, municipality: Municipality) -> IssuedToken:
    """Revoke the link and give a new one with the same name and scope; a revoked link cannot be
    renewed (a new one is made instead)."""
    if feed.revoked:
        raise NotAllowed(_l("The link is revoked already. Make a new one."))
    revoke_token(feed, actor=actor, municipality=municipality)
    return create_token(
        municipality, name=feed.name, scope=feed.scope, scope_id=feed.scope_id, actor=actor
    )


def tokens_of(municipality: Municipality, user, *, manage_all: bool) -> list[FeedToken]:
    """The member's own links, or every link of the municipality for those who manage members."""
    query = (
        sa.select(FeedToken)
        .where(FeedToken.municipality_id == municipality.id)
        .options(joinedload(FeedToken.created_by))
        .order_by(FeedToken.revoked_at.is_not(None), FeedToken.created_at.desc())
    )
    if not manage_all:
        query = query.where(FeedToken.created_by_id == user.id)
    return list(db.session.scalars(query))


def get_token(municipality: Municipality, feed_id: int) -> FeedToken | None:
    return db.session.scalar(
        sa.select(FeedToken).where(
            FeedToken.id == feed_id, FeedToken.municipality_id == municipality.id
        )
    )


def token_to_revoke(
    municipality: Municipality, feed_id: int, user, *, manages_members: bool
) -> FeedToken | None:
    """A link the member may revoke: one they made; those who manage members, any link."""
    feed = get_token(municipality, feed_id)
    if feed is None or (feed.created_by_id != user.id and not manages_members):
        return None
    return feed


def token_to_rotate(municipality: Municipality, feed_id: int, user) -> FeedToken | None:
    """A link the member may renew: only one they made (the new address is shown to them)."""
    return token_to_revoke(municipality, feed_id, user, manages_members=False)


@dataclass(frozen=True)
class FeedAccess:
    """What a usable link opens, read in one row: enough to answer a poll without the ORM.

    A poll is the hottest path of the app, and most polls end in a 304: they need the feed's
    scope and the municipality's content version, not the municipality or the link as entities.
    """

    feed_id: int
    name: str
    scope: str
    scope_id: int | None
    created_by_id: int
    last_used_at: datetime | None
    municipality_id: int
    municipality_name: str
    municipality_slug: str
    content_version: int
    content_changed_at: datetime

    @property
    def owner_id(self) -> int | None:
        """For a feed of "my posts": the member whose posts, the one who made the link."""
        return self.created_by_id if self.scope == FeedScope.MINE.value else None


def _usable_statement() -> sa.Select:
    feed, municipality, membership = (
        FeedToken.__table__,
        Municipality.__table__,
        Membership.__table__,
    )
    return (
        sa.select(
            feed.c.id,
            feed.c.name,
            feed.c.scope,
            feed.c.scope_id,
            feed.c.created_by_id,
            feed.c.last_used_at,
            municipality.c.id,
            municipality.c.name,
            municipality.c.slug,
            municipality.c.content_version,
            municipality.c.content_changed_at,
            membership.c.role,
        )
        .join(municipality, municipality.c.id == feed.c.municipality_id)
        .join(
            membership,
            sa.and_(
                membership.c.user_id == feed.c.created_by_id,
                membership.c.municipality_id == feed.c.municipality_id,
            ),
        )
        .where(
            feed.c.token_hash == sa.bindparam("token_hash"),
            feed.c.revoked_at.is_(None),
            membership.c.active.is_(True),
        )
    )


#: Built once (building the statement cost more than running it), and run as Core: no entities
#: to load for a poll.
_USABLE = _usable_statement()


@contextlib.contextmanager
def _poll_connection() -> Iterator[sa.Connection]:
    """A connection of its own, in autocommit, for what every poll does: one or two SELECTs, and
    every few minutes one UPDATE of the link's last use. Single statements need no transaction,
    so a poll answered with 304 sends no BEGIN and no COMMIT (or ROLLBACK) around its check."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        yield connection


def find_usable(token: str) -> FeedAccess | None:
    """The feed a token opens, if it is known, not revoked, and its creator may still see it.

    The creator must be an active member whose role may view the plan (one query), and a feed
    about one channel, audience or goal needs it to still belong to the municipality (a second,
    only for such feeds: kept apart, the first is cheaper to plan for every poll).
    """
    if not token or len(token) > 200:
        return None
    with _poll_connection() as connection:
        row = connection.execute(_USABLE, {"token_hash": hash_token(token)}).first()
        if row is None:
            return None
        *fields, role = row
        access = FeedAccess(*fields)
        if not role_allows(role, Permission.VIEW) or not _scope_still_there(connection, access):
            return None
    return access


def _scope_still_there(connection: sa.Connection, access: FeedAccess) -> bool:
    """The feed's channel, audience or goal still belongs to its municipality (or it has none)."""
    model = SCOPE_MODELS.get(access.scope)  # FeedScope is a StrEnum: the value finds it
    if model is None:
        return True
    found = sa.select(model.id).where(
        *_in_municipality(model, access.scope_id, access.municipality_id)
    )
    return connection.execute(found).first() is not None


def note_use(access: FeedAccess, now: datetime | None = None) -> bool:
    """Record that the link was used, at most every few minutes (written at once, on a
    connection of its own); tell whether it wrote."""
    now = now or utcnow()
    if access.last_used_at is not None and now - access.last_used_at < LAST_USED_RESOLUTION:
        return False
    with _poll_connection() as connection:
        connection.execute(
            sa.update(FeedToken).where(FeedToken.id == access.feed_id).values(last_used_at=now)
        )
    return True
