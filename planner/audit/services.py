"""Recording and reading audit events."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.extensions import db
from planner.municipalities.models import Membership, Municipality


def record_event(
    action: str,
    *,
    actor=None,
    municipality: Municipality | None = None,
    subject_user=None,
    obj=None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    address: str | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit stores it with the change."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        municipality_id=municipality.id if municipality is not None else None,
        subject_user_id=subject_user.id if subject_user is not None else None,
        object_type=type(obj).__tablename__ if obj is not None else None,
        object_id=obj.id if obj is not None else None,
        before=before,
        after=after,
        address=address,
    )
    db.session.add(event)
    return event


def municipality_events_query(municipality: Municipality) -> sa.Select:
    """Events of the municipality, and account events (sign-ins) of its active members.

    Account events are shown only from when the person became a member here, so adding someone
    does not open up their history from before, elsewhere.
    """
    membership_here = sa.exists().where(
        Membership.municipality_id == municipality.id,
        Membership.user_id == AuditEvent.subject_user_id,
        Membership.active.is_(True),
        Membership.created_at <= AuditEvent.created_at,
    )
    return (
        sa.select(AuditEvent)
        .where(
            sa.or_(
                AuditEvent.municipality_id == municipality.id,
                sa.and_(AuditEvent.municipality_id.is_(None), membership_here),
            )
        )
        .options(
            sa.orm.selectinload(AuditEvent.actor), sa.orm.selectinload(AuditEvent.subject_user)
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
