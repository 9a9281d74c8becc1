"""Every feature's models, imported in one place so the metadata (and Alembic) knows them all."""

from planner.audit.models import AuditEvent
from planner.auth.models import LoginThrottle, User
from planner.municipalities.models import Membership, Municipality
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy

__all__ = [
    "AuditEvent",
    "Audience",
    "Channel",
    "Goal",
    "Indicator",
    "KeyMessage",
    "LoginThrottle",
    "Measurement",
    "Membership",
    "Municipality",
    "Project",
    "Strategy",
    "User",
]
