from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.strategy.models import Audience, Goal, KeyMessage, Strategy
from tests.conftest import reload
from tests.forms import version_in

GOAL = {
    "title": "Flere hele stillinger",
    "description": "Heltidskultur.",
    "theme": "heltid",
    "priority": "1",
    "owner_id": "",
    "target_date": "2027-12-31",
}


@pytest.fixture
def strategy(client, auth, two_municipalities) -> Strategy:
    auth.login("reviewer@alfa.kommune.no")
    strategy = Strategy(
        municipality_id=two_municipalities["a"].id,
        title="Strategi",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
    )
    db.session.add(strategy)
    db.session.commit()
    return strategy


def goals_of(strategy) -> list[Goal]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Goal).where(Goal.strategy_id == strategy.id).order_by(Goal.position)
        )
    )


def add_goal(client, strategy, **changes):
    return client.post(f"/m/alfa/strategy/{strategy.id}/goals/new", data={**GOAL, **changes})


def test_add_goal_with_owner(client, strategy, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    response = add_goal(client, strategy, owner_id=str(editor.id))
    assert response.status_code == 302
    (goal,) = goals_of(strategy)
    assert goal.owner_id == editor.id and goal.priority == 1 and goal.position == 1
    assert goal.target_date == date(2027, 12, 31)
    page = client.get(f"/m/alfa/strategy/{strategy.id}").text
    assert "Flere hele stillinger" in page and "Full-time culture" in page
    assert "editor Alfa" in page


def test_owner_must_be_a_member(client, strategy, two_municipalities):
    outsider = two_municipalities["people"]["other"]
    response = add_goal(client, strategy, owner_id=str(outsider.id))
    assert response.status_code == 200 and 'id="owner_id-error"' in response.text
    assert goals_of(strategy) == []


def test_goal_titles_are_unique_within_a_strategy(client, strategy):
    add_goal(client, strategy)
    response = add_goal(client, strategy, title="flere HELE stillinger")
    assert response.status_code == 200
    assert "The strategy already has a goal with this title." in response.text
    assert 'value="flere HELE stillinger"' in response.text
    assert len(goals_of(strategy)) == 1


def test_move_goals_up_and_down(client, strategy):
    for title in ("Først", "Så", "Til slutt"):
        add_goal(client, strategy, title=title)
    first, second, third = goals_of(strategy)
    client.post(f"/m/alfa/strategy/goals/{third.id}/move", data={"direction": "up"})
    assert [g.title for g in goals_of(strategy)] == ["Først", "Til slutt", "Så"]
    client.post(f"/m/alfa/strategy/goals/{first.id}/move", data={"direction": "down"})
    assert [g.title for g in goals_of(strategy)] == ["Til slutt", "Først", "Så"]
    # The top goal cannot move further up; nothing changes.
    top = goals_of(strategy)[0]
    client.post(f"/m/alfa/strategy/goals/{top.id}/move", data={"direction": "up"})
    assert [g.title for g in goals_of(strategy)] == ["Til slutt", "Først", "Så"]
    assert (
        client.post(
            f"/m/alfa/strategy/goals/{top.id}/move", data={"direction": "sideways"}
        ).status_code
        == 400
    )
    # The page offers the buttons as plain forms (no JavaScript needed).
    page = client.get(f"/m/alfa/strategy/{strategy.id}").text
    assert page.count('name="direction" value="up"') == 2
    assert page.count('name="direction" value="down"') == 2


def test_key_messages_for_a_goal_and_an_audience(client, strategy, two_municipalities):
    add_goal(client, strategy)
    (goal,) = goals_of(strategy)
    audience = Audience(municipality_id=two_municipalities["a"].id, name="Jobbsøkere")
    foreign = Audience(municipality_id=two_municipalities["b"].id, name="Beta-folk")
    db.session.add_all([audience, foreign])
    db.session.commit()
    form = client.get(f"/m/alfa/strategy/goals/{goal.id}/messages/new").text
    assert "Jobbsøkere" in form and "Beta-folk" not in form
    client.post(
        f"/m/alfa/strategy/goals/{goal.id}/messages/new",
        data={"text": "Hos oss får du en hel stilling.", "audience_id": str(audience.id)},
    )
    client.post(
        f"/m/alfa/strategy/goals/{goal.id}/messages/new",
        data={"text": "Vi gjør det vi sier.", "audience_id": ""},
    )
    refused = client.post(
        f"/m/alfa/strategy/goals/{goal.id}/messages/new",
        data={"text": "Lekk", "audience_id": str(foreign.id)},
    )
    assert refused.status_code == 200 and 'id="audience_id-error"' in refused.text
    messages = db.session.scalars(sa.select(KeyMessage).order_by(KeyMessage.id)).all()
    assert [(m.text, m.audience_id) for m in messages] == [
        ("Hos oss får du en hel stilling.", audience.id),
        ("Vi gjør det vi sier.", None),
    ]
    page = client.get(f"/m/alfa/strategy/{strategy.id}").text
    assert "Hos oss får du en hel stilling." in page and "All audiences" in page


def test_goal_with_key_messages_is_archived_not_deleted(client, strategy):
    add_goal(client, strategy)
    (goal,) = goals_of(strategy)
    client.post(f"/m/alfa/strategy/goals/{goal.id}/messages/new", data={"text": "Budskap"})
    response = client.post(f"/m/alfa/strategy/goals/{goal.id}/delete")
    assert response.status_code == 409 and "Key messages: 1" in response.text
    client.post(f"/m/alfa/strategy/goals/{goal.id}/archive")
    assert reload(goal).archived
    # A key message itself can be deleted after confirmation.
    message = db.session.scalar(sa.select(KeyMessage))
    assert client.get(f"/m/alfa/strategy/messages/{message.id}/delete").status_code == 200
    client.post(f"/m/alfa/strategy/messages/{message.id}/delete")
    assert db.session.scalar(sa.select(sa.func.count(KeyMessage.id))) == 0
    # Now unreferenced, the goal can be deleted.
    client.post(f"/m/alfa/strategy/goals/{goal.id}/delete")
    assert goals_of(strategy) == []
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert {
        "goal.created",
        "key_message.created",
        "goal.archived",
        "key_message.deleted",
        "goal.deleted",
    } <= set(actions)


def test_editor_cannot_add_goals(client, auth, strategy):
    auth.logout()
    auth.login("editor@alfa.kommune.no")
    assert add_goal(client, strategy).status_code == 403


def test_a_deactivated_owner_is_kept_when_the_goal_is_edited(client, strategy, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    add_goal(client, strategy, owner_id=str(editor.id))
    (goal,) = goals_of(strategy)
    editor.memberships[0].active = False
    db.session.commit()
    form = client.get(f"/m/alfa/strategy/goals/{goal.id}/edit").text
    assert f'<option selected value="{editor.id}">' in form
    client.post(
        f"/m/alfa/strategy/goals/{goal.id}/edit",
        data={
            **GOAL,
            "owner_id": str(editor.id),
            "description": "Endret",
            "version": version_in(form),
        },
    )
    assert reload(goal).owner_id == editor.id and reload(goal).description == "Endret"


def test_a_save_over_someone_elses_newer_save_is_refused(client, strategy):
    add_goal(client, strategy)
    (goal,) = goals_of(strategy)
    opened_version = goal.version
    # Someone else saves first.
    client.post(
        f"/m/alfa/strategy/goals/{goal.id}/edit",
        data={**GOAL, "description": "Their text", "version": str(opened_version)},
    )
    # Our save, from the form opened before theirs, is refused and our text is kept.
    response = client.post(
        f"/m/alfa/strategy/goals/{goal.id}/edit",
        data={**GOAL, "description": "My text", "version": str(opened_version)},
    )
    assert response.status_code == 409
    assert "Someone else saved this after you opened it" in response.text
    assert "My text" in response.text
    assert reload(goal).description == "Their text"
    # The refused page carries their version now, so saving again replaces theirs with ours.
    newer = reload(goal).version
    assert f'value="{newer}"' in response.text
    client.post(
        f"/m/alfa/strategy/goals/{goal.id}/edit",
        data={**GOAL, "description": "My text", "version": str(newer)},
    )
    assert reload(goal).description == "My text"
