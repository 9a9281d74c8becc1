"""Channel colours that are hard to tell apart: CIEDE2000 and the channel form's warning."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.strategy.colours import (
    MIN_COLOUR_DIFFERENCE,
    cielab,
    colour_difference,
    lab_difference,
)
from planner.strategy.models import Channel
from tests.conftest import reload

#: The 34 test pairs of Sharma, Wu & Dalal, "The CIEDE2000 color-difference formula:
#: implementation notes, supplementary test data, and mathematical observations" (2005), table 1:
#: L*, a*, b* of each colour and ΔE00.
SHARMA_PAIRS = [
    ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
    ((50.0000, 3.1571, -77.2803), (50.0000, 0.0000, -82.7485), 2.8615),
    ((50.0000, 2.8361, -74.0200), (50.0000, 0.0000, -82.7485), 3.4412),
    ((50.0000, -1.3802, -84.2814), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, -1.1848, -84.8006), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, -0.9009, -85.5211), (50.0000, 0.0000, -82.7485), 1.0000),
    ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
    ((50.0000, -1.0000, 2.0000), (50.0000, 0.0000, 0.0000), 2.3669),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0009), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0010), 7.1792),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0011), 7.2195),
    ((50.0000, 2.4900, -0.0010), (50.0000, -2.4900, 0.0012), 7.2195),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0009, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0010, -2.4900), 4.8045),
    ((50.0000, -0.0010, 2.4900), (50.0000, 0.0011, -2.4900), 4.7461),
    ((50.0000, 2.5000, 0.0000), (50.0000, 0.0000, -2.5000), 4.3065),
    ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
    ((50.0000, 2.5000, 0.0000), (61.0000, -5.0000, 29.0000), 22.8977),
    ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),
    ((50.0000, 2.5000, 0.0000), (58.0000, 24.0000, 15.0000), 19.4535),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.1736, 0.5854), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.2972, 0.0000), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 1.8634, 0.5757), 1.0000),
    ((50.0000, 2.5000, 0.0000), (50.0000, 3.2592, 0.3350), 1.0000),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
    ((61.2901, 3.7196, -5.3901), (61.4292, 2.2480, -4.9620), 1.8731),
    ((35.0831, -44.1164, 3.7933), (35.0232, -40.0716, 1.5901), 1.8645),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
    ((36.4612, 47.8580, 18.3852), (36.2715, 50.5065, 21.2231), 1.4146),
    ((90.8027, -2.0831, 1.4410), (91.1528, -1.6435, 0.0447), 1.4441),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
    ((6.7747, -0.2908, -2.4247), (5.8714, -0.0985, -2.2286), 0.6377),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA_PAIRS)
def test_ciede2000_matches_sharmas_test_data(first, second, expected):
    assert round(lab_difference(first, second), 4) == expected
    assert round(lab_difference(second, first), 4) == expected  # symmetric


def test_srgb_to_cielab_d65():
    assert cielab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=1e-4)
    assert cielab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=1e-4)
    # Pure red under D65 (published: L* 53.24, a* 80.09, b* 67.20).
    assert cielab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.01)
    assert colour_difference("#000000", "#ffffff") == pytest.approx(100.0)
    assert colour_difference("#0062ba", "#0062ba") == 0


def test_the_old_intranett_and_facebook_blues_are_too_close():
    assert colour_difference("#0062ba", "#1b5e9e") < MIN_COLOUR_DIFFERENCE
    assert colour_difference("#0062ba", "#2a6b37") > MIN_COLOUR_DIFFERENCE


# The channel form -------------------------------------------------------------------------------

INTRANETT = {
    "name": "Intranett",
    "kind": "intranet",
    "reach": "internal",
    "cadence_count": "2",
    "cadence_period": "week",
    "colour": "#0062ba",
    "character_limit": "",
}
FACEBOOK = {**INTRANETT, "name": "Facebook", "kind": "facebook", "colour": "#1b5e9e"}


@pytest.fixture
def reviewer(client, auth, two_municipalities):
    auth.login("reviewer@alfa.kommune.no")


def channel_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Channel.id)))


def test_a_close_colour_comes_back_with_the_warning_and_the_input_kept(client, reviewer):
    assert client.post("/m/alfa/strategy/channels/new", data=INTRANETT).status_code == 302
    page = client.get("/m/alfa/strategy/channels/new").text
    assert 'name="keep_colour"' not in page  # only offered with the warning

    response = client.post("/m/alfa/strategy/channels/new", data=FACEBOOK)
    assert response.status_code == 200
    assert channel_count() == 1
    page = response.text
    error = page[page.index('id="colour-error"') :]
    error = error[: error.index("</div>")]
    assert "hard to tell apart from Intranett (difference 3.2)" in error
    assert "Keep this colour anyway" in error
    # The checkbox comes right after the colour, unticked; what was typed is kept.
    assert page.index('id="colour-error"') < page.index('name="keep_colour"')
    assert page.index('name="keep_colour"') < page.index('name="character_limit"')
    assert 'value="Facebook"' in page and 'value="#1b5e9e"' in page
    assert 'href="#colour"' in page  # the error summary leads to the field

    response = client.post("/m/alfa/strategy/channels/new", data={**FACEBOOK, "keep_colour": "y"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Channel.colour).where(Channel.name == "Facebook")) == (
        "#1b5e9e"
    )


def test_a_distinct_colour_saves_without_a_warning(client, reviewer):
    client.post("/m/alfa/strategy/channels/new", data=INTRANETT)
    response = client.post("/m/alfa/strategy/channels/new", data={**FACEBOOK, "colour": "#d0006f"})
    assert response.status_code == 302
    assert channel_count() == 2


def test_every_close_channel_is_named_closest_first(client, reviewer):
    client.post("/m/alfa/strategy/channels/new", data=INTRANETT)
    client.post(
        "/m/alfa/strategy/channels/new",
        data={**FACEBOOK, "name": "Nettsiden", "colour": "#1b5e9e", "keep_colour": "y"},
    )
    response = client.post("/m/alfa/strategy/channels/new", data={**FACEBOOK, "colour": "#1b5e9f"})
    assert channel_count() == 2
    assert "from Nettsiden (difference 0.1) and Intranett (difference 3.1)" in response.text


def test_archived_and_other_municipalities_channels_do_not_count(
    client, auth, reviewer, two_municipalities
):
    client.post("/m/alfa/strategy/channels/new", data=INTRANETT)
    intranett = db.session.scalar(sa.select(Channel))
    client.post(f"/m/alfa/strategy/channels/{intranett.id}/archive")
    assert reload(intranett).active is False
    assert client.post("/m/alfa/strategy/channels/new", data=FACEBOOK).status_code == 302

    db.session.add(
        Channel(municipality_id=two_municipalities["b"].id, name="Intranett", colour="#0062ba")
    )
    db.session.commit()
    auth.logout()
    auth.login("admin@beta.kommune.no")
    assert (
        client.post(
            "/m/beta/strategy/channels/new", data={**FACEBOOK, "colour": "#d0006f"}
        ).status_code
        == 302
    )
    # Beta's own Intranett does count in Beta.
    response = client.post("/m/beta/strategy/channels/new", data={**FACEBOOK, "name": "Nettsiden"})
    assert response.status_code == 200 and "from Intranett" in response.text


def test_editing_warns_only_when_the_colour_changes_to_a_close_one(client, reviewer):
    client.post("/m/alfa/strategy/channels/new", data=INTRANETT)
    client.post("/m/alfa/strategy/channels/new", data={**FACEBOOK, "keep_colour": "y"})
    facebook = db.session.scalar(sa.select(Channel).where(Channel.name == "Facebook"))
    url = f"/m/alfa/strategy/channels/{facebook.id}/edit"

    # An unchanged colour, already kept, does not warn again.
    response = client.post(url, data={**FACEBOOK, "cadence_count": "3", "version": "1"})
    assert response.status_code == 302
    facebook = reload(facebook)
    assert facebook.cadence_count == 3

    version = str(facebook.version)
    response = client.post(url, data={**FACEBOOK, "colour": "#0062bb", "version": version})
    assert response.status_code == 200
    assert 'id="colour-error"' in response.text and 'name="keep_colour"' in response.text
    assert reload(facebook).colour == "#1b5e9e"

    response = client.post(url, data={**FACEBOOK, "colour": "#d0006f", "version": version})
    assert response.status_code == 302
    assert reload(facebook).colour == "#d0006f"


def test_a_ticked_checkbox_stays_ticked_when_another_field_is_wrong(client, reviewer):
    client.post("/m/alfa/strategy/channels/new", data=INTRANETT)
    response = client.post(
        "/m/alfa/strategy/channels/new", data={**FACEBOOK, "name": "", "keep_colour": "y"}
    )
    assert response.status_code == 200
    checkbox = re.search(r'<input[^>]*name="keep_colour"[^>]*>', response.text)
    assert checkbox is not None and "checked" in checkbox.group()
    assert channel_count() == 1
