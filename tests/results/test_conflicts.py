"""A save over someone else's newer save is refused (409) on the project, indicator and
measurement edit pages."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import reload
from tests.results.conftest import PART_TIME
from tests.results.test_indicators import VALID as INDICATOR
from tests.results.test_projects import VALID as PROJECT


@pytest.fixture
def objects(client, auth, two_municipalities, make_project, make_indicator) -> dict:
    a = two_municipalities["a"]
    project = make_project(a, "Fra vikar til fast")
    indicator = make_indicator(a, "Sykefravær", measurements=PART_TIME[:1])
    measurement = indicator.measurements[0]
    auth.login("reviewer@alfa.kommune.no")
    return {
        "project": (project, f"/m/alfa/results/projects/{project.id}/edit", PROJECT, "description"),
        "indicator": (
            indicator,
            f"/m/alfa/results/indicators/{indicator.id}/edit",
            INDICATOR,
            "source",
        ),
        "measurement": (
            measurement,
            f"/m/alfa/results/indicators/{indicator.id}/measurements/{measurement.id}/edit",
            {"measured_on": date(2012, 1, 1).isoformat(), "value": "50"},
            "note",
        ),
    }


@pytest.mark.parametrize("kind", ["project", "indicator", "measurement"])
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
