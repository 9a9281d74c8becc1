"""Creating the demo's audiences, channels, strategies, goals and key messages.

The content is read from planner/demo/data/ (planner.demo.loader): each municipality's file has
its strategies and the sets of audiences and channels it uses.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.demo.content import DemoAudience, DemoChannel, DemoGoal, DemoPlan, DemoStrategy
from planner.demo.loader import demo_content
from planner.municipalities.models import Municipality
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy, StrategyStatus

#: The goals of each municipality's active strategies, by slug and theme (the first one of each).
GoalsByTheme = dict[str, dict[str, Goal]]


def audiences_from(
    audiences: Iterable[DemoAudience], tenant: dict[str, int]
) -> dict[str, Audience]:
    """The audiences as rows of the tenant (not yet added to the session), by name."""
    return {
        audience.name: Audience(
            **tenant,
            name=audience.name,
            reach=audience.reach,
            needs=audience.needs,
            barriers=audience.barriers,
            perception=audience.perception,
        )
        for audience in audiences
    }


def channels_from(channels: Iterable[DemoChannel], tenant: dict[str, int]) -> dict[str, Channel]:
    """The channels as rows of the tenant (not yet added to the session), by name."""
    return {
        channel.name: Channel(
            **tenant,
            name=channel.name,
            kind=channel.kind,
            reach=channel.reach,
            cadence_count=channel.cadence_count,
            cadence_period=channel.cadence_period,
            colour=channel.colour,
            character_limit=channel.character_limit,
        )
        for channel in channels
    }


def load_strategy_demo(
    municipalities: dict[str, Municipality], plans: Iterable[DemoPlan] | None = None
) -> GoalsByTheme:
    """Create the demo plans; return the goals of each active strategy by slug and theme.

    `plans` defaults to the demo's content; municipalities not in `municipalities` are skipped.
    """
    users = {user.email: user for user in db.session.scalars(sa.select(User))}
    goals: GoalsByTheme = {}
    for plan in demo_content().plans if plans is None else plans:
        municipality = municipalities.get(plan.slug)
        if municipality is None:
            continue
        tenant = {"municipality_id": municipality.id}
        audiences = audiences_from(plan.audiences, tenant)
        db.session.add_all(audiences.values())
        db.session.add_all(channels_from(plan.channels, tenant).values())
        for demo in plan.strategies:
            strategy = _strategy(demo, tenant)
            for position, demo_goal in enumerate(demo.goals, start=1):
                goal = _goal(demo_goal, strategy, position, audiences, users, tenant)
                if demo.status == StrategyStatus.ACTIVE.value:
                    goals.setdefault(plan.slug, {}).setdefault(demo_goal.theme, goal)
    db.session.flush()
    return goals


def _strategy(demo: DemoStrategy, tenant: dict[str, int]) -> Strategy:
    strategy = Strategy(
        **tenant,
        title=demo.title,
        vision=demo.vision,
        core_story=demo.core_story,
        period_start=demo.period_start,
        period_end=demo.period_end,
        status=demo.status,
    )
    db.session.add(strategy)
    return strategy


def _goal(
    demo: DemoGoal,
    strategy: Strategy,
    position: int,
    audiences: dict[str, Audience],
    users: dict[str, User],
    tenant: dict[str, int],
) -> Goal:
    """The goal with its key messages, in the strategy, ending when the strategy ends."""
    goal = Goal(
        **tenant,
        strategy=strategy,
        title=demo.title,
        description=demo.description,
        theme=demo.theme,
        priority=demo.priority,
        owner=users.get(demo.owner) if demo.owner else None,
        position=position,
        target_date=strategy.period_end,
    )
    for message in demo.key_messages:
        goal.key_messages.append(
            KeyMessage(
                **tenant,
                text=message.text,
                audience=audiences[message.audience] if message.audience else None,
            )
        )
    db.session.add(goal)
    return goal
