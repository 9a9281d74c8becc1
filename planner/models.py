"""Every feature's models, imported in one place so the metadata (and Alembic) knows them all."""

from planner.audit.models import AuditEvent
from planner.auth.models import LoginThrottle, User
from planner.feeds.models import FeedToken
from planner.municipalities.models import Membership, Municipality
from planner.posts.models import CitedResult, Comment, Post, Publication, Revision
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy

__all__ = [
    "AuditEvent",
    "CitedResult",
    "Comment",
    "FeedToken",
    "Audience",
    "Channel",
    "Goal",
    "Indicator",
    "KeyMessage",
    "LoginThrottle",
    "Measurement",
    "Membership",
    "Municipality",
    "Post",
    "Project",
    "Publication",
    "Revision",
    "Strategy",
    "User",
]
