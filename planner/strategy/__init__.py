"""The communication strategy: vision, core story, goals, audiences, channels and key messages."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """The strategy pages and their label globals; goals, audiences and channels as plan
    content; what refers to strategies, goals and audiences; audit labels."""
    import sqlalchemy as sa
    from flask import url_for

    from planner.audit.changes import register_references
    from planner.audit.labels import (
        describe_rows,
        register_id_field,
        register_object_labels,
        register_object_link,
        register_value_labels,
    )
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
        KeyMessage,
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
    # The audit log: codes by their labels, objects by their names with a link to their page.
    register_value_labels("status", STATUS_LABELS, object_type="strategy")
    register_value_labels("theme", THEME_LABELS)
    register_value_labels("reach", REACH_LABELS)
    register_value_labels("kind", CHANNEL_KIND_LABELS, object_type="channel")
    register_value_labels("cadence_period", CADENCE_LABELS)
    register_value_labels("priority", PRIORITY_LABELS)
    register_object_link(
        "strategy",
        describe_rows(
            sa.select(Strategy.id, Strategy.title),
            tenant_column=Strategy.municipality_id,
            name=lambda row: row.title,
            url=lambda row: url_for("strategy.show", strategy_id=row.id),
        ),
    )
    register_object_link(
        "goal",
        describe_rows(
            sa.select(Goal.id, Goal.title, Goal.strategy_id),
            tenant_column=Goal.municipality_id,
            name=lambda row: row.title,
            url=lambda row: url_for(
                "strategy.show", strategy_id=row.strategy_id, _anchor=f"goal-{row.id}"
            ),
        ),
    )
    register_object_link(
        "key_message",
        describe_rows(
            sa.select(
                KeyMessage.id, KeyMessage.text, Goal.id.label("goal_id"), Goal.strategy_id
            ).join(Goal, KeyMessage.goal_id == Goal.id),
            tenant_column=KeyMessage.municipality_id,
            name=lambda row: row.text if len(row.text) <= 80 else row.text[:79] + "…",
            url=lambda row: url_for(
                "strategy.show", strategy_id=row.strategy_id, _anchor=f"goal-{row.goal_id}"
            ),
        ),
    )
    register_object_link(
        "audience",
        describe_rows(
            sa.select(Audience.id, Audience.name),
            tenant_column=Audience.municipality_id,
            name=lambda row: row.name,
            url=lambda row: url_for("strategy.audiences", _anchor=f"audience-{row.id}"),
        ),
    )
    register_object_link(
        "channel",
        describe_rows(
            sa.select(Channel.id, Channel.name),
            tenant_column=Channel.municipality_id,
            name=lambda row: row.name,
            url=lambda row: url_for("strategy.channels", _anchor=f"channel-{row.id}"),
        ),
    )
