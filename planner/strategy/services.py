"""The rules of the strategy: strategies and their status, goals and their order, audiences,
channels and key messages. Services flush and audit; the views commit."""

from __future__ import annotations

import sqlalchemy as sa
from babel.lists import format_list
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from planner.audit.changes import (
    create_named,
    create_object,
    ensure_unique,
    record_change,
    snapshot,
    update_named,
    update_object,
)
from planner.auth.models import User
from planner.core.errors import FieldError, NotAllowed, check_version
from planner.core.extensions import db
from planner.municipalities.models import Membership, Municipality
from planner.strategy.colours import MIN_COLOUR_DIFFERENCE, colour_difference
from planner.strategy.models import (
    Audience,
    Channel,
    Goal,
    KeyMessage,
    Strategy,
    StrategyStatus,
)

STRATEGY_FIELDS = ("title", "vision", "core_story", "period_start", "period_end")
GOAL_FIELDS = ("title", "description", "theme", "priority", "owner_id", "target_date")
AUDIENCE_FIELDS = ("name", "reach", "needs", "barriers", "perception", "notes")
CHANNEL_FIELDS = (
    "name",
    "kind",
    "reach",
    "cadence_count",
    "cadence_period",
    "colour",
    "character_limit",
)
KEY_MESSAGE_FIELDS = ("text", "audience_id")


# What refers to what, so that archive-instead-of-delete works (init_app registers these) -----


def count_goals_of_strategy(strategy: Strategy) -> sa.Select:
    return sa.select(sa.func.count(Goal.id)).where(Goal.strategy_id == strategy.id)


def count_key_messages_of_goal(goal: Goal) -> sa.Select:
    return sa.select(sa.func.count(KeyMessage.id)).where(KeyMessage.goal_id == goal.id)


def count_key_messages_for_audience(audience: Audience) -> sa.Select:
    return sa.select(sa.func.count(KeyMessage.id)).where(KeyMessage.audience_id == audience.id)


# Reading ---------------------------------------------------------------------------------------


def _one(model, municipality: Municipality, object_id: int):
    return db.session.scalar(
        sa.select(model).where(model.id == object_id, model.municipality_id == municipality.id)
    )


def get_strategy(municipality: Municipality, strategy_id: int) -> Strategy | None:
    return _one(Strategy, municipality, strategy_id)


def get_goal(municipality: Municipality, goal_id: int) -> Goal | None:
    return _one(Goal, municipality, goal_id)


def get_audience(municipality: Municipality, audience_id: int) -> Audience | None:
    return _one(Audience, municipality, audience_id)


def get_channel(municipality: Municipality, channel_id: int) -> Channel | None:
    return _one(Channel, municipality, channel_id)


def get_key_message(municipality: Municipality, message_id: int) -> KeyMessage | None:
    return _one(KeyMessage, municipality, message_id)


def strategies_of(municipality: Municipality) -> list[Strategy]:
    """Active first, then drafts, then archived; newest period first within each."""
    order = sa.case(
        (Strategy.status == StrategyStatus.ACTIVE.value, 0),
        (Strategy.status == StrategyStatus.DRAFT.value, 1),
        else_=2,
    )
    return list(
        db.session.scalars(
            sa.select(Strategy)
            .where(Strategy.municipality_id == municipality.id)
            .order_by(order, Strategy.period_start.desc(), Strategy.id.desc())
        )
    )


def active_strategy(municipality: Municipality) -> Strategy | None:
    return db.session.scalar(
        sa.select(Strategy).where(
            Strategy.municipality_id == municipality.id,
            Strategy.status == StrategyStatus.ACTIVE.value,
        )
    )


def strategy_with_goals(municipality: Municipality, strategy_id: int) -> Strategy | None:
    """A strategy with its goals, owners and key messages, in a fixed number of queries."""
    return db.session.scalar(
        sa.select(Strategy)
        .where(Strategy.id == strategy_id, Strategy.municipality_id == municipality.id)
        .options(
            selectinload(Strategy.goals).selectinload(Goal.owner),
            selectinload(Strategy.goals)
            .selectinload(Goal.key_messages)
            .selectinload(KeyMessage.audience),
        )
    )


def audiences_of(municipality: Municipality, *, include_archived: bool = True) -> list[Audience]:
    query = sa.select(Audience).where(Audience.municipality_id == municipality.id)
    if not include_archived:
        query = query.where(Audience.archived.is_(False))
    return list(db.session.scalars(query.order_by(Audience.reach, sa.func.lower(Audience.name))))


def channels_of(municipality: Municipality, *, include_archived: bool = True) -> list[Channel]:
    query = sa.select(Channel).where(Channel.municipality_id == municipality.id)
    if not include_archived:
        query = query.where(Channel.active.is_(True))
    return list(db.session.scalars(query.order_by(sa.func.lower(Channel.name))))


def goals_of(municipality: Municipality, *, include_archived: bool = False) -> list[Goal]:
    """Goals of every strategy that is not archived, the active strategy's first."""
    query = (
        sa.select(Goal)
        .join(Strategy)
        .where(
            Goal.municipality_id == municipality.id,
            Strategy.status != StrategyStatus.ARCHIVED.value,
        )
    )
    if not include_archived:
        query = query.where(Goal.archived.is_(False))
    active_first = sa.case((Strategy.status == StrategyStatus.ACTIVE.value, 0), else_=1)
    return list(db.session.scalars(query.order_by(active_first, Strategy.id, Goal.position)))


def owner_choices(municipality: Municipality) -> list[tuple[int, str]]:
    """Active members who may own a goal, by name."""
    rows = db.session.execute(
        sa.select(User.id, User.name)
        .join(Membership)
        .where(Membership.municipality_id == municipality.id, Membership.active.is_(True))
        .order_by(sa.func.lower(User.name))
    )
    return [(user_id, name) for user_id, name in rows]


# Strategies ------------------------------------------------------------------------------------


def create_strategy(municipality: Municipality, values: dict, *, actor) -> Strategy:
    return create_object(
        Strategy, values, action="strategy.created", actor=actor, municipality=municipality
    )


def check_open_for_changes(strategy: Strategy) -> None:
    """An archived strategy is kept as it was: its text, goals and key messages cannot change
    until it is restored."""
    if strategy.archived:
        raise NotAllowed(_l("This strategy is archived. Restore it to change it."))


def update_strategy(
    strategy: Strategy,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Strategy:
    check_open_for_changes(strategy)
    return update_object(
        strategy,
        values,
        action="strategy.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )


def activate_strategy(strategy: Strategy, *, actor, municipality: Municipality) -> None:
    """Make this the active strategy; the one active before is archived (still readable)."""
    if strategy.status == StrategyStatus.ACTIVE.value:
        return
    current = active_strategy(municipality)
    if current is not None:
        _set_status(current, StrategyStatus.ARCHIVED, actor=actor, municipality=municipality)
        db.session.flush()
    _set_status(strategy, StrategyStatus.ACTIVE, actor=actor, municipality=municipality)
    db.session.flush()


def _set_status(strategy: Strategy, status: StrategyStatus, *, actor, municipality) -> None:
    before = snapshot(strategy, ["status"])
    strategy.status = status.value
    record_change(
        "strategy.status_changed",
        strategy,
        before,
        snapshot(strategy, ["status"]),
        actor=actor,
        municipality=municipality,
    )


# Goals -----------------------------------------------------------------------------------------


def create_goal(strategy: Strategy, values: dict, *, actor, municipality) -> Goal:
    check_open_for_changes(strategy)
    ensure_unique(Goal, "title", values["title"], scope={"strategy_id": strategy.id})
    last = db.session.scalar(
        sa.select(sa.func.max(Goal.position)).where(Goal.strategy_id == strategy.id)
    )
    return create_object(
        Goal,
        values,
        action="goal.created",
        actor=actor,
        municipality=municipality,
        strategy=strategy,
        position=(last or 0) + 1,
    )


def update_goal(
    goal: Goal,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Goal:
    check_open_for_changes(goal.strategy)
    check_version(goal, expected_version)
    ensure_unique(
        Goal, "title", values["title"], scope={"strategy_id": goal.strategy_id}, exclude=goal
    )
    return update_object(
        goal,
        values,
        action="goal.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )


def move_goal(goal: Goal, *, up: bool, actor, municipality) -> bool:
    """Swap the goal with its neighbour above or below; tell whether it moved."""
    check_open_for_changes(goal.strategy)
    neighbour_query = sa.select(Goal).where(Goal.strategy_id == goal.strategy_id)
    if up:
        neighbour_query = neighbour_query.where(Goal.position < goal.position).order_by(
            Goal.position.desc()
        )
    else:
        neighbour_query = neighbour_query.where(Goal.position > goal.position).order_by(
            Goal.position
        )
    neighbour = db.session.scalars(neighbour_query.limit(1)).first()
    if neighbour is None:
        return False
    before = goal.position
    goal.position, neighbour.position = neighbour.position, goal.position
    record_change(
        "goal.moved",
        goal,
        {"position": before},
        {"position": goal.position},
        actor=actor,
        municipality=municipality,
    )
    db.session.flush()
    return True


# Audiences, channels and key messages ----------------------------------------------------------


def create_audience(municipality: Municipality, values: dict, *, actor) -> Audience:
    return create_named(Audience, municipality, values, action="audience.created", actor=actor)


def update_audience(
    audience: Audience,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Audience:
    return update_named(
        audience,
        values,
        action="audience.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )


class ColourTooClose(FieldError):
    """The colour is hard to tell apart from another active channel's (CIEDE2000 ΔE under 20).

    A warning the person may override: the save goes through when they confirm the colour.
    """

    def __init__(self, close: list[tuple[Channel, float]]) -> None:
        self.close = close
        locale = get_locale() or "en"
        named = format_list(
            [
                _l(
                    "%(channel)s (difference %(difference)s)",
                    channel=channel.name,
                    difference=format_decimal(difference, format="0.0"),
                )
                for channel, difference in close
            ],
            locale=locale,
        )
        super().__init__(
            "colour",
            _l(
                "This colour is hard to tell apart from %(channels)s in the calendar "
                "(a colour difference of at least %(minimum)s is clear). Choose another colour, "
                "or tick “Keep this colour anyway” to save it.",
                channels=named,
                minimum=format_decimal(MIN_COLOUR_DIFFERENCE, format="0"),
            ),
        )


def close_colours(
    municipality: Municipality, colour: str, *, exclude: Channel | None = None
) -> list[tuple[Channel, float]]:
    """The municipality's active channels whose colour is too close to `colour`, closest first."""
    close = []
    for channel in channels_of(municipality, include_archived=False):
        if exclude is not None and channel.id == exclude.id:
            continue
        difference = colour_difference(colour, channel.colour)
        if difference < MIN_COLOUR_DIFFERENCE:
            close.append((channel, difference))
    return sorted(close, key=lambda item: item[1])


def _check_colour(
    municipality: Municipality,
    colour: str | None,
    *,
    channel: Channel | None = None,
    keep_close_colour: bool,
) -> None:
    """Refuse a colour close to another active channel's unless the person keeps it anyway.

    Only a new channel's colour or a changed one is checked, and only for an active channel:
    saving an unchanged colour or an archived channel does not warn again.
    """
    if keep_close_colour or not colour:
        return
    if channel is not None and (not channel.active or colour == channel.colour):
        return
    if close := close_colours(municipality, colour, exclude=channel):
        raise ColourTooClose(close)


def create_channel(
    municipality: Municipality, values: dict, *, actor, keep_close_colour: bool = False
) -> Channel:
    # A taken name is an error to fix whatever the colour, so it is checked before the warning.
    ensure_unique(Channel, "name", values["name"], scope={"municipality_id": municipality.id})
    _check_colour(municipality, values.get("colour"), keep_close_colour=keep_close_colour)
    return create_named(Channel, municipality, values, action="channel.created", actor=actor)


def update_channel(
    channel: Channel,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
    keep_close_colour: bool = False,
) -> Channel:
    check_version(channel, expected_version)
    ensure_unique(
        Channel,
        "name",
        values["name"],
        scope={"municipality_id": municipality.id},
        exclude=channel,
    )
    _check_colour(
        municipality,
        values.get("colour"),
        channel=channel,
        keep_close_colour=keep_close_colour,
    )
    return update_named(
        channel,
        values,
        action="channel.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )


def create_key_message(goal: Goal, values: dict, *, actor, municipality) -> KeyMessage:
    check_open_for_changes(goal.strategy)
    return create_object(
        KeyMessage,
        values,
        action="key_message.created",
        actor=actor,
        municipality=municipality,
        goal=goal,
    )


def update_key_message(
    message: KeyMessage,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> KeyMessage:
    check_open_for_changes(message.goal.strategy)
    return update_object(
        message,
        values,
        action="key_message.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )
