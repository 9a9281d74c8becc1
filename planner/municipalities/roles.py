"""Roles and the permissions they grant: the one table every tenant view is checked against."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar, cast

from flask_babel import lazy_gettext as _l


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    VIEWER = "viewer"


class Permission(StrEnum):
    VIEW = "view"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_AUDIT = "view_audit"
    #: Strategy, goals, audiences, channels, key messages, projects and indicators.
    EDIT_STRATEGY = "edit_strategy"
    #: Measurements of indicators, by hand or from CSV.
    ADD_MEASUREMENTS = "add_measurements"
    #: Write posts, plan and move publications, submit for review, mark as published.
    EDIT_POSTS = "edit_posts"
    #: Approve posts or send them back with a reason.
    APPROVE_POSTS = "approve_posts"
    #: Comment on posts.
    COMMENT_ON_POSTS = "comment_on_posts"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.REVIEWER: frozenset(
        {
            Permission.VIEW,
            Permission.EDIT_STRATEGY,
            Permission.ADD_MEASUREMENTS,
            Permission.APPROVE_POSTS,
            Permission.COMMENT_ON_POSTS,
        }
    ),
    Role.EDITOR: frozenset(
        {
            Permission.VIEW,
            Permission.ADD_MEASUREMENTS,
            Permission.EDIT_POSTS,
            Permission.COMMENT_ON_POSTS,
        }
    ),
    Role.VIEWER: frozenset({Permission.VIEW}),
}

ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.EDITOR: _l("Editor"),
    Role.REVIEWER: _l("Reviewer"),
    Role.VIEWER: _l("Reader"),
}

ROLE_DESCRIPTIONS = {
    Role.ADMIN: _l("Manages members and settings, and can do everything the other roles can."),
    Role.EDITOR: _l("Plans and writes posts and adds results."),
    Role.REVIEWER: _l("Approves posts and keeps the strategy up to date."),
    Role.VIEWER: _l("Reads the plan, the strategy and the results."),
}


def role_allows(role: str, permission: Permission) -> bool:
    """Tell whether a role grants a permission; unknown roles grant nothing."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


ViewFunction = TypeVar("ViewFunction", bound=Callable)


def requires(permission: Permission) -> Callable[[ViewFunction], ViewFunction]:
    """Declare the permission a tenant view needs; the tenant loader enforces it."""

    def mark(view: ViewFunction) -> ViewFunction:
        # An attribute of the function, which the tenant loader reads (mypy types no such thing).
        cast(Any, view).required_permission = permission
        return view

    return mark
