from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from tests.conftest import TEST_PASSWORD, reload
from tests.forms import opened, version_in

VALID = {
    "name": "Alfa kommune",
    "language": "nn",
    "timezone": "Europe/Oslo",
    "public_feeds": "y",
    "review_working_days": "2",
}
#: Keeps the pages in English (the municipality's language) for the tests that read them.
ENGLISH = {**VALID, "language": "en"}


def test_admin_saves_settings_and_they_are_audited(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post("/m/alfa/settings", data={**VALID, **opened_settings(client)})
    assert response.status_code == 302
    municipality = reload(two_municipalities["a"])
    assert municipality.language == "nn" and municipality.public_feeds is True
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "municipality.settings_changed")
    )
    assert event.before["language"] == "en" and event.after["language"] == "nn"


@pytest.mark.parametrize(
    "zone", ["Europe/Atlantis", "localtime", "../../etc/passwd", "Europe/" + "x" * 100_000]
)
def test_a_time_zone_outside_the_list_is_refused(client, auth, two_municipalities, zone):
    """The zone is chosen from a list; anything else (even 100,000 characters, which the zone
    lookup on disk once failed on) is the field's error and the other input is kept."""
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/settings", data={**VALID, "name": "Alfa kommune ny", "timezone": zone}
    )
    assert response.status_code == 200
    assert 'id="timezone-error"' in response.text
    assert 'value="Alfa kommune ny"' in response.text
    assert reload(two_municipalities["a"]).timezone == "Europe/Oslo"


def test_the_time_zone_is_offered_as_a_list_with_oslo_first(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    page = client.get("/m/alfa/settings").text
    options = re.findall(r'<option[^>]*value="([^"]+)"', page.split('id="timezone"')[1])
    assert options[0] == "Europe/Oslo"
    assert "Arctic/Longyearbyen" in options and "America/New_York" in options
    assert "localtime" not in options and len(options) > 300


def test_times_follow_the_municipality_time_zone(client, auth, two_municipalities):
    from datetime import UTC, datetime

    auth.login("admin@alfa.kommune.no")
    event = AuditEvent(
        action="auth.login",
        municipality_id=two_municipalities["a"].id,
        created_at=datetime(2026, 7, 1, 10, 0, tzinfo=UTC),
    )
    db.session.add(event)
    db.session.commit()
    assert "Jul 1, 2026, 12:00:00\u202fPM" in client.get("/m/alfa/audit/").text  # CEST, UTC+2
    client.post(
        "/m/alfa/settings",
        data={**VALID, "language": "en", "timezone": "America/New_York", **opened_settings(client)},
    )
    assert "Jul 1, 2026, 6:00:00\u202fAM" in client.get("/m/alfa/audit/").text


def test_time_zones_babel_cannot_use_are_refused(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post("/m/alfa/settings", data={**VALID, "timezone": "localtime"})
    assert 'id="timezone-error"' in response.text
    assert client.get("/m/alfa/").status_code == 200


def opened_settings(client) -> dict[str, str]:
    """The version field of the settings form as the page shows it now."""
    return opened(client, "/m/alfa/settings")


def settings_events() -> list[AuditEvent]:
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "municipality.settings_changed")
    ).all()


def test_settings_changes_read_as_before_and_after_in_the_audit_log(
    client, auth, two_municipalities
):
    auth.login("admin@alfa.kommune.no")
    client.post(
        "/m/alfa/settings", data={**ENGLISH, "name": "Alfa herad", **opened_settings(client)}
    )
    html = client.get("/m/alfa/audit/").text
    assert "Settings changed" in html
    assert "Name: Alfa kommune → Alfa herad" in html
    assert "Public feeds: no → yes" in html
    assert "admin Alfa" in html  # who did it


def test_saving_unchanged_settings_records_nothing(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    unchanged = {
        "name": "Alfa kommune",
        "language": "en",
        "timezone": "Europe/Oslo",
        "review_working_days": "2",
    }
    assert (
        client.post("/m/alfa/settings", data={**unchanged, **opened_settings(client)}).status_code
        == 302
    )
    assert settings_events() == []


def test_a_stale_settings_form_is_refused_with_409_and_input_kept(
    app, client, auth, two_municipalities
):
    auth.login("admin@alfa.kommune.no")
    opened = version_in(client.get("/m/alfa/settings").text)
    # Someone else saves the settings in the meantime.
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    other.post("/login", data={"email": "admin@alfa.kommune.no", "password": TEST_PASSWORD})
    other_form = other.get("/m/alfa/settings").text
    assert version_in(other_form) == opened
    saved = other.post("/m/alfa/settings", data={**ENGLISH, "version": opened})
    assert saved.status_code == 302

    response = client.post(
        "/m/alfa/settings",
        data={**ENGLISH, "name": "Mitt namn", "timezone": "Europe/Berlin", "version": opened},
    )
    assert response.status_code == 409
    assert "Someone else saved this after you opened it" in response.text
    assert 'value="Mitt namn"' in response.text and 'value="Europe/Berlin"' in response.text
    municipality = reload(two_municipalities["a"])
    assert municipality.name == "Alfa kommune" and municipality.timezone == "Europe/Oslo"
    assert municipality.public_feeds is True  # what the other save changed
    assert len(settings_events()) == 1
    # The page now carries the saved version: saving again replaces the settings.
    assert version_in(response.text) == str(municipality.version)
    again = client.post(
        "/m/alfa/settings",
        data={**ENGLISH, "name": "Mitt namn", "version": version_in(response.text)},
    )
    assert again.status_code == 302
    assert reload(two_municipalities["a"]).name == "Mitt namn"


def test_the_settings_version_goes_up_with_each_save(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    first = version_in(client.get("/m/alfa/settings").text)
    client.post("/m/alfa/settings", data={**VALID, "version": first})
    assert version_in(client.get("/m/alfa/settings").text) == str(int(first) + 1)


@pytest.mark.parametrize("version", [None, "", "junk", "-3", str(2**70)])
def test_settings_without_a_valid_version_are_refused_and_nothing_is_saved(
    client, auth, two_municipalities, version
):
    """A form that lost its version (or carries junk) cannot tell whether someone else saved in
    between: it comes back with the error above it and the input kept; nothing is saved."""
    auth.login("admin@alfa.kommune.no")
    data = {**ENGLISH, "name": "Mitt namn"}
    if version is not None:
        data["version"] = version
    response = client.post("/m/alfa/settings", data=data)
    assert response.status_code == 200
    assert "came without the version" in response.text
    assert 'value="Mitt namn"' in response.text
    assert reload(two_municipalities["a"]).name == "Alfa kommune"
