"""The communication strategy: vision, core story, goals, audiences, channels and key messages."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The strategy pages; goals, audiences and channels as plan content; audit labels."""
    from planner.audit.labels import register_id_field, register_object_labels
    from planner.auth.models import User
    from planner.municipalities.content_version import register_plan_content
    from planner.strategy import views
    from planner.strategy.models import Audience, Channel, Goal

    app.register_blueprint(views.bp)
    register_plan_content(Channel, Goal, Audience)
    register_object_labels(
        {
            "strategy": _l("Strategy"),
            "goal": _l("Goal"),
            "audience": _l("Audience"),
            "channel": _l("Channel"),
            "key_message": _l("Key message"),
        }
    )
    register_id_field("owner_id", User, User.name)
    register_id_field("audience_id", Audience, Audience.name)
    register_id_field("goals", Goal, Goal.title)
    register_id_field("channel", Channel, Channel.name)
