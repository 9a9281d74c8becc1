from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.strategy.colours import contrast_ratio
from planner.strategy.models import Audience, Channel, Goal, KeyMessage
from tests.conftest import reload

AUDIENCE = {
    "name": "Tillitsvalgte og verneombud",
    "reach": "internal",
    "needs": "Være med tidlig.",
    "barriers": "",
    "perception": "",
    "notes": "",
}
CHANNEL = {
    "name": "Facebook",
    "kind": "facebook",
    "reach": "external",
    "cadence_count": "3",
    "cadence_period": "week",
    "colour": "#1B5E9E",
    "character_limit": "500",
}


@pytest.fixture
def reviewer(client, auth, two_municipalities):
    auth.login("reviewer@alfa.kommune.no")


def test_add_and_list_audiences_by_reach(client, reviewer):
    assert client.post("/m/alfa/strategy/audiences/new", data=AUDIENCE).status_code == 302
    client.post(
        "/m/alfa/strategy/audiences/new",
        data={**AUDIENCE, "name": "Innbyggere", "reach": "external"},
    )
    page = client.get("/m/alfa/strategy/audiences/").text
    internal, external = page.split("External audiences")
    assert "Tillitsvalgte og verneombud" in internal and "Innbyggere" in external
    assert "Være med tidlig." in page


def test_audience_names_are_unique_in_the_municipality(client, reviewer, two_municipalities):
    client.post("/m/alfa/strategy/audiences/new", data=AUDIENCE)
    response = client.post(
        "/m/alfa/strategy/audiences/new", data={**AUDIENCE, "name": "TILLITSVALGTE og verneombud"}
    )
    assert "There is already an audience with this name." in response.text
    # Another municipality may use the same name.
    db.session.add(Audience(municipality_id=two_municipalities["b"].id, name="Innbyggere"))
    db.session.commit()
    assert (
        client.post(
            "/m/alfa/strategy/audiences/new", data={**AUDIENCE, "name": "Innbyggere"}
        ).status_code
        == 302
    )


def test_audience_in_a_key_message_is_archived_not_deleted(client, reviewer, two_municipalities):
    client.post("/m/alfa/strategy/audiences/new", data=AUDIENCE)
    audience = db.session.scalar(sa.select(Audience))
    from datetime import date

    from planner.strategy.models import Strategy

    strategy = Strategy(
        municipality_id=audience.municipality_id,
        title="S",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    goal = Goal(municipality_id=audience.municipality_id, strategy=strategy, title="Mål")
    db.session.add(
        KeyMessage(
            municipality_id=audience.municipality_id, goal=goal, audience=audience, text="Budskap"
        )
    )
    db.session.commit()
    assert client.post(f"/m/alfa/strategy/audiences/{audience.id}/delete").status_code == 409
    client.post(f"/m/alfa/strategy/audiences/{audience.id}/archive")
    assert reload(audience).archived
    page = client.get("/m/alfa/strategy/audiences/").text
    assert "Archived" in page and "Restore" in page
    # An archived audience is no longer offered for new key messages.
    form = client.get(f"/m/alfa/strategy/goals/{goal.id}/messages/new").text
    assert "Tillitsvalgte og verneombud" not in form


def test_add_channel(client, reviewer):
    assert client.post("/m/alfa/strategy/channels/new", data=CHANNEL).status_code == 302
    channel = db.session.scalar(sa.select(Channel))
    assert (
        channel.cadence_count,
        channel.cadence_period,
        channel.colour,
        channel.character_limit,
    ) == (3, "week", "#1b5e9e", 500)
    page = client.get("/m/alfa/strategy/channels/").text
    assert "3 per week" in page and 'fill="#1b5e9e"' in page


@pytest.mark.parametrize(
    ("changes", "error_field", "message"),
    [
        ({"cadence_count": "0"}, "cadence_count", "at least 1"),
        ({"cadence_count": ""}, "cadence_count", "how many publications"),
        ({"colour": "#ffff66"}, "colour", "too light"),
        ({"colour": "blue"}, "colour", "#0062ba"),
        ({"character_limit": "-5"}, "character_limit", "at least 1"),
        ({"kind": "carrier-pigeon"}, "kind", ""),
        ({"name": ""}, "name", "Name the channel."),
    ],
)
def test_channel_validation(client, reviewer, changes, error_field, message):
    response = client.post("/m/alfa/strategy/channels/new", data={**CHANNEL, **changes})
    assert response.status_code == 200
    assert f'id="{error_field}-error"' in response.text
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count(Channel.id))) == 0


@pytest.mark.parametrize(
    ("language", "contrast"), [("en", "contrast 1.0:1"), ("nb", "kontrast 1,0:1")]
)
def test_the_contrast_of_a_too_light_colour_is_written_as_the_language_writes_numbers(
    client, reviewer, language, contrast
):
    client.post("/language", data={"locale": language, "next": "/"})
    response = client.post("/m/alfa/strategy/channels/new", data={**CHANNEL, "colour": "#ffff66"})
    assert contrast in response.text


def test_channel_without_limit_and_archiving(client, reviewer):
    client.post("/m/alfa/strategy/channels/new", data={**CHANNEL, "character_limit": ""})
    channel = db.session.scalar(sa.select(Channel))
    assert channel.character_limit is None
    client.post(f"/m/alfa/strategy/channels/{channel.id}/archive")
    assert reload(channel).active is False
    client.post(f"/m/alfa/strategy/channels/{channel.id}/restore")
    assert reload(channel).active is True


def test_colour_contrast_rules():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#0062ba", "#ffffff"), 2) == 6.08  # by hand: 1.05 / (0.1228 + 0.05)
    assert contrast_ratio("#ffff66", "#ffffff") < 3


def test_names_with_norwegian_letters_are_unique_ignoring_case(client, reviewer):
    client.post("/m/alfa/strategy/channels/new", data={**CHANNEL, "name": "Ørland-avisa"})
    response = client.post(
        "/m/alfa/strategy/channels/new", data={**CHANNEL, "name": "øRLAND-AVISA"}
    )
    assert response.status_code == 200
    assert "There is already a channel with this name." in response.text
    assert db.session.scalar(sa.select(sa.func.count(Channel.id))) == 1
