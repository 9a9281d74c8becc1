"""Rules the strategy's services keep themselves, whichever page or caller asks."""

from __future__ import annotations

from datetime import date

import pytest

from planner import create_app
from planner.audit.changes import references_to
from planner.core.errors import NotAllowed
from planner.core.extensions import db
from planner.results.models import Indicator, Project
from planner.strategy import services
from planner.strategy.models import Goal, KeyMessage, Strategy, StrategyStatus
from tests.conftest import reload, settings_for


@pytest.fixture
def goal(app, two_municipalities) -> Goal:
    strategy = Strategy(
        municipality_id=two_municipalities["a"].id,
        title="Strategi",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    goal = Goal(
        municipality_id=strategy.municipality_id,
        strategy=strategy,
        title="Mål",
        theme="omdomme",
        position=1,
    )
    message = KeyMessage(municipality_id=strategy.municipality_id, goal=goal, text="Budskap")
    db.session.add_all([strategy, goal, message])
    db.session.commit()
    return goal


def test_an_archived_strategy_refuses_changes(goal, two_municipalities):
    editing = {"actor": None, "municipality": two_municipalities["a"]}
    strategy, message = goal.strategy, goal.key_messages[0]
    strategy.status = StrategyStatus.ARCHIVED.value
    db.session.commit()
    changes = [
        lambda: services.update_strategy(
            strategy, {"title": "Ny"}, **editing, expected_version=strategy.version
        ),
        lambda: services.create_goal(strategy, {"title": "Nytt mål"}, **editing),
        lambda: services.update_goal(
            goal, {"title": "Nytt"}, **editing, expected_version=goal.version
        ),
        lambda: services.move_goal(goal, up=True, **editing),
        lambda: services.create_key_message(goal, {"text": "Nytt"}, **editing),
        lambda: services.update_key_message(
            message, {"text": "Nytt"}, **editing, expected_version=message.version
        ),
    ]
    for change in changes:
        with pytest.raises(NotAllowed, match="This strategy is archived"):
            change()
    db.session.rollback()
    assert (strategy.title, goal.title, message.text) == ("Strategi", "Mål", "Budskap")


def test_each_reference_is_counted_once_however_many_apps_are_made(
    goal, database_url, two_municipalities
):
    tenant = {"municipality_id": two_municipalities["a"].id}
    project = Project(**tenant, name="Tiltak", period_start=date(2026, 1, 1), goals=[goal])
    indicator = Indicator(
        **tenant,
        name="Indikator",
        unit="%",
        direction="lower",
        baseline_value=1,
        baseline_date=date(2026, 1, 1),
        goals=[goal],
    )
    db.session.add_all([project, indicator])
    db.session.commit()
    create_app(settings_for(database_url))
    create_app(settings_for(database_url))
    assert [(str(label), count) for label, count in references_to(goal)] == [
        ("Key messages", 1),
        ("Projects", 1),
        ("Indicators", 1),
    ]


@pytest.mark.parametrize("version", [None, "", " ", "abc", "-1", "1e3", "١", str(2**64)])
def test_a_missing_or_malformed_version_is_refused_never_taken_as_no_conflict(
    goal, two_municipalities, version
):
    from planner.core.errors import VersionMissing

    title = goal.title
    with pytest.raises(VersionMissing):
        services.update_goal(
            goal,
            {"title": "Nytt"},
            actor=None,
            municipality=two_municipalities["a"],
            expected_version=version,
        )
    db.session.rollback()
    assert reload(goal).title == title
