"""A save over someone else's newer save is refused (409) on every strategy edit page."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.extensions import db
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy
from tests.conftest import reload
from tests.strategy.test_audiences_and_channels import AUDIENCE, CHANNEL
from tests.strategy.test_strategies import STRATEGY


@pytest.fixture
def objects(client, auth, two_municipalities) -> dict:
    auth.login("reviewer@alfa.kommune.no")
    tenant = {"municipality_id": two_municipalities["a"].id}
    strategy = Strategy(
        **tenant, title="Strategi", period_start=date(2026, 1, 1), period_end=date(2027, 12, 31)
    )
    goal = Goal(**tenant, strategy=strategy, title="Mål", theme="omdomme", position=1)
    message = KeyMessage(**tenant, goal=goal, text="Budskap")
    audience = Audience(**tenant, name="Innbyggere", reach="external")
    channel = Channel(**tenant, name="Facebook", kind="facebook", reach="external")
    db.session.add_all([strategy, goal, message, audience, channel])
    db.session.commit()
    return {
        "strategy": (strategy, f"/m/alfa/strategy/{strategy.id}/edit", STRATEGY, "vision"),
        "key_message": (
            message,
            f"/m/alfa/strategy/messages/{message.id}/edit",
            {"text": "Budskap", "audience_id": ""},
            "text",
        ),
        "audience": (audience, f"/m/alfa/strategy/audiences/{audience.id}/edit", AUDIENCE, "needs"),
        "channel": (channel, f"/m/alfa/strategy/channels/{channel.id}/edit", CHANNEL, "name"),
    }


@pytest.mark.parametrize("kind", ["strategy", "key_message", "audience", "channel"])
def test_a_save_over_someone_elses_newer_save_is_refused(client, objects, kind):
    obj, url, data, field = objects[kind]
    opened_version = obj.version
    # Someone else saves first.
    response = client.post(url, data={**data, field: "Their text", "version": str(opened_version)})
    assert response.status_code == 302
    # Our save, from the form opened before theirs, is refused and our text is kept.
    response = client.post(url, data={**data, field: "My text", "version": str(opened_version)})
    assert response.status_code == 409
    assert "Someone else saved this after you opened it" in response.text
    assert "My text" in response.text
    assert getattr(reload(obj), field) == "Their text"
    # The refused page carries their version now, so saving again replaces theirs with ours.
    newer = reload(obj).version
    assert newer != opened_version and f'value="{newer}"' in response.text
    response = client.post(url, data={**data, field: "My text", "version": str(newer)})
    assert response.status_code == 302
    assert getattr(reload(obj), field) == "My text"
