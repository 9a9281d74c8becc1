"""Recording and reading audit events."""

from __future__ import annotations

from typing import Any

from planner.audit.models import AuditEvent
from planner.core.extensions import db


def record_event(
    action: str,
    *,
    actor=None,
    municipality=None,
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
