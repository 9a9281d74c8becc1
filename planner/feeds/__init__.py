"""Feeds: iCalendar subscriptions and RSS/Atom of published posts, private by token or public."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The feed-link pages and the feeds themselves; audit labels."""
    import sqlalchemy as sa
    from flask import url_for

    from planner.audit.labels import (
        describe_rows,
        register_action_labels,
        register_object_link,
        register_value_labels,
    )
    from planner.feeds import views
    from planner.feeds.models import FEED_SCOPE_LABELS, FeedToken

    app.register_blueprint(views.links)
    app.register_blueprint(views.bp)
    register_action_labels(
        {"feed.created": _l("Feed link made"), "feed.revoked": _l("Feed link revoked")}
    )
    register_value_labels("scope", FEED_SCOPE_LABELS, object_type="feed_token")
    register_object_link(
        "feed_token",
        describe_rows(
            sa.select(FeedToken.id, FeedToken.name),
            tenant_column=FeedToken.municipality_id,
            name=lambda row: row.name,
            url=lambda row: url_for("feed_links.index"),
        ),
        label=_l("Feed link"),
    )
