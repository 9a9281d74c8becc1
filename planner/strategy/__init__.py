"""The communication strategy: vision, core story, goals, audiences, channels and key messages."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The strategy pages and their label globals; goals, audiences and channels as plan
    content; what refers to strategies, goals and audiences; audit labels."""
    from planner.audit.changes import register_references
    from planner.audit.labels import register_id_field, register_object_labels
    from planner.auth.models import User
    from planner.municipalities.content_version import register_plan_content
    from planner.strategy import services, views
    from planner.strategy.models import (
        CADENCE_LABELS,
        CHANNEL_KIND_LABELS,
        PRIORITY_LABELS,
        REACH_LABELS,
        STATUS_LABELS,
        THEME_LABELS,
        Audience,
        Channel,
        Goal,
        Strategy,
    )

    app.register_blueprint(views.bp)
    # Labels of the strategy's choices, for every template and macro.
    app.jinja_env.globals.update(
        STATUS_LABELS={key.value: label for key, label in STATUS_LABELS.items()},
        THEME_LABELS={key.value: label for key, label in THEME_LABELS.items()},
        REACH_LABELS={key.value: label for key, label in REACH_LABELS.items()},
        CHANNEL_KIND_LABELS={key.value: label for key, label in CHANNEL_KIND_LABELS.items()},
        CADENCE_LABELS={key.value: label for key, label in CADENCE_LABELS.items()},
        PRIORITY_LABELS={key.value: label for key, label in PRIORITY_LABELS.items()},
    )
    register_plan_content(Channel, Goal, Audience)
    register_references(Strategy, _l("Goals"), services.count_goals_of_strategy)
    register_references(Goal, _l("Key messages"), services.count_key_messages_of_goal)
    register_references(Audience, _l("Key messages"), services.count_key_messages_for_audience)
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
