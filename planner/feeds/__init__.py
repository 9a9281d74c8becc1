"""Feeds: iCalendar subscriptions and RSS/Atom of published posts, private by token or public."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The feed-link pages and the feeds themselves; audit labels."""
    from planner.audit.labels import register_action_labels
    from planner.feeds import views

    app.register_blueprint(views.links)
    app.register_blueprint(views.bp)
    register_action_labels(
        {"feed.created": _l("Feed link made"), "feed.revoked": _l("Feed link revoked")}
    )
