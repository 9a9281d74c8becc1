"""Indicators: create, edit, validation, the indicator page with its numbers and chart."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.results.models import Indicator
from tests.conftest import reload
from tests.forms import version_in
from tests.results.conftest import PART_TIME

VALID = {
    "name": "Sykefravær",
    "unit": "%",
    "direction": "lower",
    "baseline_value": "11",
    "baseline_date": "2012-01-01",
    "target_value": "6,5",
    "target_date": "2015-12-31",
    "source": "HR-system",
    "project_id": "",
}


def indicators() -> list[Indicator]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Indicator).order_by(Indicator.id)))


def test_reviewer_creates_an_indicator_for_a_project_and_goals(
    client, auth, two_municipalities, make_project, make_goal
):
    a = two_municipalities["a"]
    project = make_project(a, "Nærvær")
    goal = make_goal(a, "Høyere nærvær", "narvaer")
    auth.login("reviewer@alfa.kommune.no")
    form = client.get(f"/m/alfa/results/indicators/new?project_id={project.id}").text
    assert f'<option selected value="{project.id}">Nærvær</option>' in form
    response = client.post(
        "/m/alfa/results/indicators/new",
        data={**VALID, "project_id": str(project.id), "goals": [str(goal.id)]},
    )
    assert response.status_code == 302
    [indicator] = indicators()
    assert response.location == f"/m/alfa/results/indicators/{indicator.id}"
    assert indicator.target_value == Decimal("6.5") and indicator.baseline_value == 11
    assert indicator.project_id == project.id and [g.id for g in indicator.goals] == [goal.id]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "indicator.created"))
    assert event.after["project"] == project.id and event.after["target_value"] == "6.5"


def test_decimal_comma_and_point_are_both_accepted(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    client.post(
        "/m/alfa/results/indicators/new",
        data={**VALID, "baseline_value": "7,5", "target_value": "6.25"},
    )
    [indicator] = indicators()
    assert indicator.baseline_value == Decimal("7.5") and indicator.target_value == Decimal("6.25")
    # English shows a decimal point.
    page = client.get(f"/m/alfa/results/indicators/{indicator.id}/edit").text
    assert 'value="7.5"' in page and 'value="6.25"' in page


def test_numbers_are_shown_the_norwegian_way_in_a_norwegian_municipality(
    client, auth, make_municipality, make_user, make_indicator
):
    municipality = make_municipality("Vågå kommune", "vaga", language="nb")
    make_user("admin@vaga.kommune.no", municipality, "admin")
    indicator = make_indicator(
        municipality,
        "Sykefravær",
        unit="%",
        baseline_value=Decimal(11),
        measurements=[(date(2013, 1, 1), "7.5")],
    )
    auth.login("admin@vaga.kommune.no")
    page = client.get(f"/m/vaga/results/indicators/{indicator.id}").text
    result = page.split('id="result-heading"')[1].split("</dl>")[0]
    table = page.split('id="measurements-heading"')[1].split("</table>")[0]
    assert "7,5\u00a0%" in result and "<td>7,5</td>" in table and "7.5" not in result + table
    # The change is −3.5 points, −31.8 %, with a decimal comma and a space before the %.
    assert "-3,5" in result and "-31,8\u00a0%" in result


def test_target_date_must_come_after_the_baseline_date(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/results/indicators/new",
        data={**VALID, "baseline_date": "2015-12-31", "target_date": "31.12.2015"},
    )
    assert response.status_code == 200
    assert 'id="target_date-error"' in response.text
    assert "The target date must come after the baseline date." in response.text
    assert 'value="31.12.2015"' in response.text and 'value="6,5"' in response.text
    assert indicators() == []


def test_bad_numbers_are_explained_not_crashed_on(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/results/indicators/new",
        data={**VALID, "baseline_value": "elleve", "target_value": "1,23456"},
    )
    assert response.status_code == 200
    assert 'id="baseline_value-error"' in response.text and "Enter a number" in response.text
    assert "Use at most four decimals." in response.text
    assert 'value="elleve"' in response.text
    assert indicators() == []


def test_indicator_names_are_unique_ignoring_case(client, auth, two_municipalities, make_indicator):
    make_indicator(two_municipalities["a"], "Sykefravær")
    auth.login("admin@alfa.kommune.no")
    response = client.post("/m/alfa/results/indicators/new", data={**VALID, "name": "SYKEFRAVÆR"})
    assert response.status_code == 200 and 'id="name-error"' in response.text
    assert "Another indicator in Alfa kommune has this name" in response.text
    assert len(indicators()) == 1


def test_another_municipalitys_project_cannot_be_chosen(
    client, auth, two_municipalities, make_project
):
    foreign = make_project(two_municipalities["b"], "Beta-prosjekt")
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/results/indicators/new", data={**VALID, "project_id": str(foreign.id)}
    )
    assert response.status_code == 200 and indicators() == []


def test_editing_an_indicator_is_audited(client, auth, two_municipalities, make_indicator):
    indicator = make_indicator(two_municipalities["a"])
    auth.login("reviewer@alfa.kommune.no")
    response = client.post(
        f"/m/alfa/results/indicators/{indicator.id}/edit",
        data={
            **VALID,
            "name": "Ufrivillig deltid",
            "unit": "ansatte",
            "baseline_value": "50",
            "version": str(indicator.version),
        },
    )
    assert response.status_code == 302
    indicator = reload(indicator)
    assert indicator.target_value == Decimal("6.5")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "indicator.updated"))
    assert event.before["target_value"] is None and event.after["target_value"] == "6.5"


def test_indicator_page_shows_the_result_the_chart_and_the_table(
    client, auth, two_municipalities, make_project, make_indicator
):
    a = two_municipalities["a"]
    indicator = make_indicator(
        a,
        project=make_project(a),
        measurements=PART_TIME,
        target_value=Decimal(10),
        target_date=date(2016, 12, 31),
    )
    auth.login("viewer@alfa.kommune.no")
    html = client.get(f"/m/alfa/results/indicators/{indicator.id}").text
    facts = html.split('id="result-heading"')[1].split("</dl>")[0]
    assert "14\u00a0ansatte" in facts and '<time datetime="2014-12-31">' in facts
    assert "-36\u00a0ansatte (-72%)" in facts
    assert "90%" in facts and "Better" in facts
    # The sparkline: an image with a full text alternative.
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    for element_id in labelled_by:
        assert f'id="{element_id}"' in svg
    assert "<title " in svg and "<desc " in svg
    assert "Ufrivillig deltid fell from 50 to 14\u00a0ansatte between 2012 and 2014." in svg
    assert "Target 10\u00a0ansatte" in svg
    assert "<polyline" in svg and svg.count("<circle") == 6
    assert 'stroke-dasharray="6 4"' in svg and 'stroke-dasharray="2 3"' in svg
    main = html.split("<main")[1]
    assert "style=" not in main and "<style" not in main and "<script" not in main
    # The data table has every measurement.
    table = html.split('id="measurements-heading"')[1]
    assert '<caption id="measurements-caption">Measurements of Ufrivillig deltid' in table
    assert table.count('<th scope="row">') == 6
    # A reader sees no editing.
    assert "/edit" not in table and "Add a measurement" not in html


def test_indicator_without_measurements_says_what_to_do(
    client, auth, two_municipalities, make_indicator
):
    indicator = make_indicator(two_municipalities["a"])
    auth.login("editor@alfa.kommune.no")
    html = client.get(f"/m/alfa/results/indicators/{indicator.id}").text
    assert "No measurements yet." in html and "Add the first one below" in html
    assert "<svg" not in html


def test_indicator_with_measurements_is_archived_not_deleted(
    client, auth, two_municipalities, make_indicator
):
    indicator = make_indicator(two_municipalities["a"], measurements=PART_TIME[:2])
    auth.login("admin@alfa.kommune.no")
    assert "Measurements: 2" in client.get(f"/m/alfa/results/indicators/{indicator.id}/delete").text
    assert client.post(f"/m/alfa/results/indicators/{indicator.id}/delete").status_code == 409
    client.post(f"/m/alfa/results/indicators/{indicator.id}/archive")
    assert reload(indicator).archived
    page = client.get(f"/m/alfa/results/indicators/{indicator.id}").text
    assert "This indicator is archived" in page and "Add a measurement" not in page
    # Measurements of an archived indicator are kept as they are.
    response = client.post(
        f"/m/alfa/results/indicators/{indicator.id}/measurements",
        data={"measured_on": "2015-01-01", "value": "12"},
    )
    assert response.status_code == 302
    assert len(reload(indicator).measurements) == 2
    client.post(f"/m/alfa/results/indicators/{indicator.id}/restore")
    assert not reload(indicator).archived


def test_indicator_without_measurements_is_deleted_after_confirmation(
    client, auth, two_municipalities, make_project, make_indicator
):
    a = two_municipalities["a"]
    project = make_project(a)
    indicator = make_indicator(a, project=project)
    auth.login("admin@alfa.kommune.no")
    assert (
        "Nothing refers to" in client.get(f"/m/alfa/results/indicators/{indicator.id}/delete").text
    )
    response = client.post(f"/m/alfa/results/indicators/{indicator.id}/delete")
    assert response.location == f"/m/alfa/results/projects/{project.id}"
    assert indicators() == []
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "indicator.deleted"))


def test_an_unchanged_edit_keeps_large_numbers_in_english_and_norwegian(
    client, auth, two_municipalities, make_indicator, make_municipality, make_user
):
    """The edit form must not show "1,500" (which would read back as 1.5)."""
    indicator = make_indicator(
        two_municipalities["a"],
        "Søkere",
        baseline_value=Decimal(1500),
        direction="higher",
        unit="søkere",
    )
    auth.login("admin@alfa.kommune.no")
    form = client.get(f"/m/alfa/results/indicators/{indicator.id}/edit").text
    assert 'value="1500"' in form
    data = {
        **VALID,
        "version": version_in(form),
        "name": "Søkere",
        "direction": "higher",
        "unit": "søkere",
        "baseline_value": "1500",
        "target_value": "",
        "target_date": "",
    }
    assert (
        client.post(f"/m/alfa/results/indicators/{indicator.id}/edit", data=data).status_code == 302
    )
    assert reload(indicator).baseline_value == Decimal(1500)
    client.post("/language", data={"locale": "nb", "next": "/"})
    form = client.get(f"/m/alfa/results/indicators/{indicator.id}/edit").text
    assert 'value="1500"' in form


def test_the_target_must_lie_on_the_better_side(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/results/indicators/new",
        data={**VALID, "direction": "higher", "target_value": "6,5"},
    )
    assert response.status_code == 200
    assert "Higher is better, so the target must be above the baseline." in response.text
    assert indicators() == []


def test_target_reached_is_decided_from_the_values_not_the_rounding():
    from planner.results.services import progress_percent, target_reached

    assert progress_percent(Decimal(0), Decimal(10000), Decimal("9999.6")) == Decimal("100.0")
    assert not target_reached(Decimal(0), Decimal(10000), Decimal("9999.6"))
    assert target_reached(Decimal(50), Decimal(10), Decimal(10))
    assert target_reached(Decimal(50), Decimal(10), Decimal(9))
    assert not target_reached(Decimal(50), Decimal(10), Decimal(14))
