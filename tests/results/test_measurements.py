"""Measurements by hand: add, edit, delete, one per date, and who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.results.models import Measurement
from tests.conftest import reload
from tests.forms import version_in
from tests.results.conftest import PART_TIME


@pytest.fixture
def indicator(two_municipalities, make_indicator):
    return make_indicator(two_municipalities["a"], measurements=PART_TIME[:2])


def measurements_of(indicator) -> list[tuple[date, Decimal, str]]:
    db.session.expire_all()
    return [
        (m.measured_on, m.value, m.note)
        for m in db.session.scalars(
            sa.select(Measurement)
            .where(Measurement.indicator_id == indicator.id)
            .order_by(Measurement.measured_on)
        )
    ]


def event(action: str) -> AuditEvent | None:
    return db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == action))


def add_url(indicator) -> str:
    return f"/m/alfa/results/indicators/{indicator.id}/measurements"


def test_editor_adds_a_measurement_with_a_decimal_comma(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    response = client.post(
        add_url(indicator),
        data={"measured_on": "31.12.2012", "value": "33,5", "note": "Vikarpool etablert"},
    )
    assert response.status_code == 302
    assert response.location == f"/m/alfa/results/indicators/{indicator.id}#measurements"
    assert measurements_of(indicator)[-1] == (
        date(2012, 12, 31),
        Decimal("33.5"),
        "Vikarpool etablert",
    )
    page = client.get(response.location).text
    assert "The measurement of December 31, 2012 is added." in page
    assert "<td>33.5</td>" in page
    recorded = event("measurement.added")
    assert recorded.after == {
        "indicator": indicator.id,
        "measured_on": "2012-12-31",
        "value": "33.5",
        "note": "Vikarpool etablert",
    }


def test_one_measurement_per_date_with_a_way_to_the_existing_one(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    existing = db.session.scalar(
        sa.select(Measurement).where(Measurement.measured_on == date(2012, 7, 1))
    )
    response = client.post(add_url(indicator), data={"measured_on": "2012-07-01", "value": "40"})
    assert response.status_code == 200
    assert 'id="measured_on-error"' in response.text
    assert "There is already a measurement for this date; edit it instead." in response.text
    edit_url = f"/m/alfa/results/indicators/{indicator.id}/measurements/{existing.id}/edit"
    assert f'href="{edit_url}"' in response.text
    assert 'value="40"' in response.text
    assert len(measurements_of(indicator)) == 2


def test_bad_input_is_explained_and_kept(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    response = client.post(
        add_url(indicator), data={"measured_on": "", "value": "mange", "note": "x" * 501}
    )
    assert response.status_code == 200
    assert "Enter the date of the measurement." in response.text
    assert "Enter a number, like 7,5 or 14." in response.text
    assert "Keep the note within 500 characters." in response.text
    assert 'value="mange"' in response.text
    assert len(measurements_of(indicator)) == 2


def test_editing_a_measurement(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    [first, second] = reload(indicator).measurements
    url = f"/m/alfa/results/indicators/{indicator.id}/measurements/{second.id}/edit"
    form = client.get(url).text
    assert 'value="2012-07-01"' in form and 'value="41"' in form
    # Moving it onto the other measurement's date is refused.
    response = client.post(
        url, data={"measured_on": "2012-01-01", "value": "41", "version": version_in(form)}
    )
    assert "There is already a measurement for this date" in response.text
    response = client.post(
        url,
        data={
            "measured_on": "2012-06-30",
            "value": "40.5",
            "note": "Rettet",
            "version": version_in(response.text),
        },
    )
    assert response.status_code == 302
    assert measurements_of(indicator)[1] == (date(2012, 6, 30), Decimal("40.5"), "Rettet")
    recorded = event("measurement.updated")
    assert recorded.before == {"measured_on": "2012-07-01", "value": "41", "note": ""}
    assert recorded.after == {"measured_on": "2012-06-30", "value": "40.5", "note": "Rettet"}


def test_deleting_a_measurement_asks_first(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    second = reload(indicator).measurements[1]
    url = f"/m/alfa/results/indicators/{indicator.id}/measurements/{second.id}/delete"
    page = client.get(url)
    assert page.status_code == 200 and "Delete the measurement of July 1, 2012?" in page.text
    assert len(measurements_of(indicator)) == 2
    assert client.post(url).status_code == 302
    assert [m[0] for m in measurements_of(indicator)] == [date(2012, 1, 1)]
    assert event("measurement.deleted").before["value"] == "41"


def test_a_measurement_is_reached_only_through_its_own_indicator(
    client, auth, two_municipalities, indicator, make_indicator
):
    other = make_indicator(two_municipalities["a"], "Sykefravær", measurements=PART_TIME[:1])
    foreign = reload(other).measurements[0]
    auth.login("admin@alfa.kommune.no")
    base = f"/m/alfa/results/indicators/{indicator.id}/measurements/{foreign.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/delete").status_code == 404
    assert len(measurements_of(other)) == 1


@pytest.mark.parametrize(
    ("role", "expected"), [("viewer", 403), ("editor", 302), ("reviewer", 302), ("admin", 302)]
)
def test_who_may_add_measurements(client, auth, indicator, role, expected):
    auth.login(f"{role}@alfa.kommune.no")
    response = client.post(add_url(indicator), data={"measured_on": "2013-01-01", "value": "33"})
    assert response.status_code == expected
    assert len(measurements_of(indicator)) == (3 if expected == 302 else 2)


@pytest.mark.parametrize(
    ("role", "expected"), [("viewer", 403), ("editor", 403), ("reviewer", 302), ("admin", 302)]
)
def test_who_may_create_indicators_and_projects(client, auth, two_municipalities, role, expected):
    auth.login(f"{role}@alfa.kommune.no")
    indicator = {
        "name": "Sykefravær",
        "unit": "%",
        "direction": "lower",
        "baseline_value": "11",
        "baseline_date": "2012-01-01",
    }
    assert client.post("/m/alfa/results/indicators/new", data=indicator).status_code == expected
    project = {"name": "Årsturnus", "theme": "heltid", "period_start": "2013-01-01"}
    assert client.post("/m/alfa/results/projects/new", data=project).status_code == expected
    page = client.get("/m/alfa/results/").text
    assert ("New indicator" in page) is (expected == 302)


def test_viewer_reads_but_sees_no_editing(client, auth, indicator):
    auth.login("viewer@alfa.kommune.no")
    page = client.get(f"/m/alfa/results/indicators/{indicator.id}").text
    assert "Add a measurement" not in page and "Import from CSV" not in page
    assert "Download CSV" in page
    second = reload(indicator).measurements[1]
    base = f"/m/alfa/results/indicators/{indicator.id}"
    assert client.get(f"{base}/measurements/{second.id}/edit").status_code == 403
    assert client.post(f"{base}/measurements/{second.id}/delete").status_code == 403
    assert client.get(f"{base}/import").status_code == 403
    assert client.get(f"{base}/export.csv").status_code == 200
