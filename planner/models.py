"""Every feature's models, imported in one place so the metadata (and Alembic) knows them all."""

from planner.audit.models import AuditEvent
from planner.auth.models import LoginThrottle, User
from planner.feeds.models import FeedToken
from planner.jobs.models import Job, WorkerHeartbeat
from planner.municipalities.models import Membership, Municipality
from planner.notifications.models import Notification, NotificationPreference
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
    "Job",
    "KeyMessage",
    "LoginThrottle",
    "Measurement",
    "Membership",
    "Municipality",
    "Notification",
    "NotificationPreference",
    "Post",
    "Project",
    "Publication",
    "Revision",
    "Strategy",
    "User",
    "WorkerHeartbeat",
]
