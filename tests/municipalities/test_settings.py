from __future__ import annotations

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from tests.conftest import reload

VALID = {"name": "Alfa kommune", "language": "nn", "timezone": "Europe/Oslo", "public_feeds": "y"}


def test_admin_saves_settings_and_they_are_audited(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post("/m/alfa/settings", data=VALID)
    assert response.status_code == 302
    municipality = reload(two_municipalities["a"])
    assert municipality.language == "nn" and municipality.public_feeds is True
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "municipality.settings_changed")
    )
    assert event.before["language"] == "en" and event.after["language"] == "nn"


def test_invalid_time_zone_is_refused_with_input_kept(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post("/m/alfa/settings", data={**VALID, "timezone": "Europe/Atlantis"})
    assert response.status_code == 200
    assert 'id="timezone-error"' in response.text
    assert 'value="Europe/Atlantis"' in response.text
    assert reload(two_municipalities["a"]).timezone == "Europe/Oslo"


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
    assert "7/1/26, 12:00" in client.get("/m/alfa/audit/").text  # CEST, UTC+2
    client.post(
        "/m/alfa/settings", data={**VALID, "language": "en", "timezone": "America/New_York"}
    )
    assert "7/1/26, 6:00" in client.get("/m/alfa/audit/").text


def test_time_zones_babel_cannot_use_are_refused(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post("/m/alfa/settings", data={**VALID, "timezone": "localtime"})
    assert 'id="timezone-error"' in response.text
    assert client.get("/m/alfa/").status_code == 200
