"""Private feed links: create, find, revoke and rotate tokens; check they may still be used.

A token is `secrets.token_urlsafe(32)`, shown once; only its SHA-256 is stored. On every request
the link's creator must still be an active member whose role may see the scope, and the scope's
channel, audience or goal must still belong to the municipality — otherwise the feed is a 404.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from planner.audit.services import record_event
from planner.core.changes import FieldError
from planner.database import utcnow
from planner.extensions import db
from planner.feeds.models import SCOPES_WITH_OBJECT, FeedScope, FeedToken
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Permission, role_allows
from planner.strategy.models import Audience, Channel, Goal

#: last_used_at is written at most this often, so polling does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=5)

SCOPE_MODELS = {FeedScope.CHANNEL: Channel, FeedScope.AUDIENCE: Audience, FeedScope.GOAL: Goal}


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
        sa.select(model).where(model.id == scope_id, model.municipality_id == municipality.id)
    )


def create_token(
    municipality: Municipality, *, name: str, scope: str, scope_id: int | None, actor
) -> IssuedToken:
    scope = FeedScope(scope)
    if scope in SCOPES_WITH_OBJECT:
        if scope_object(municipality, scope, scope_id) is None:
            raise FieldError("scope_id", str(_l("Choose what the feed is about.")))
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
    """Revoke the link and give a new one with the same name and scope."""
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


@dataclass(frozen=True)
class FeedAccess:
    feed: FeedToken
    municipality: Municipality
    membership: Membership


#: Built once: a feed poll is the hottest path of the app, and building the statement cost more
#: than running it.
_USABLE = (
    sa.select(FeedToken, Municipality, Membership)
    .join(Municipality, Municipality.id == FeedToken.municipality_id)
    .join(
        Membership,
        sa.and_(
            Membership.user_id == FeedToken.created_by_id,
            Membership.municipality_id == FeedToken.municipality_id,
        ),
    )
    .where(FeedToken.token_hash == sa.bindparam("token_hash"), FeedToken.revoked_at.is_(None))
)


def find_usable(token: str) -> FeedAccess | None:
    """The feed a token opens, if it is known, not revoked, and its creator may still see it."""
    if not token or len(token) > 200:
        return None
    row = db.session.execute(_USABLE, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    feed, municipality, membership = row
    if not membership.active or not role_allows(membership.role, Permission.VIEW):
        return None
    if feed.scope in SCOPES_WITH_OBJECT and (
        scope_object(municipality, feed.scope, feed.scope_id) is None
    ):
        return None
    return FeedAccess(feed, municipality, membership)


def note_use(feed: FeedToken, now: datetime | None = None) -> bool:
    """Record that the link was used, at most every few minutes; tell whether it wrote."""
    now = now or utcnow()
    if feed.last_used_at is not None and now - feed.last_used_at < LAST_USED_RESOLUTION:
        return False
    feed.last_used_at = now
    return True
