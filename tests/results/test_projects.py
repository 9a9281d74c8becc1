"""Projects (tiltak): create, edit, validation, archive instead of delete, audit, escaping."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.results.models import Project
from tests.conftest import reload
from tests.forms import version_in

VALID = {
    "name": "Fra vikar til fast",
    "description": "Faste stillinger i stedet for vikariater.",
    "theme": "heltid",
    "period_start": "2012-01-01",
    "period_end": "2015-12-31",
}


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def projects() -> list[Project]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Project).order_by(Project.id)))


def test_reviewer_creates_a_project_serving_goals(client, auth, two_municipalities, make_goal):
    a = two_municipalities["a"]
    goal = make_goal(a, "Heltid som norm", "heltid")
    archived_goal = make_goal(a, "Gammelt mål", "heltid", archived=True)
    auth.login("reviewer@alfa.kommune.no")
    form = client.get("/m/alfa/results/projects/new").text
    assert "Heltid som norm" in form and "Gammelt mål" not in form
    response = client.post("/m/alfa/results/projects/new", data={**VALID, "goals": [str(goal.id)]})
    assert response.status_code == 302
    [project] = projects()
    assert response.location == f"/m/alfa/results/projects/{project.id}"
    assert project.period_end == date(2015, 12, 31)
    assert [g.title for g in project.goals] == ["Heltid som norm"]
    page = client.get(response.location).text
    assert "Fra vikar til fast" in page and "Heltid som norm" in page
    assert "Full-time culture" in page
    [event] = events("project.created")
    assert event.after["name"] == "Fra vikar til fast" and event.after["goals"] == [goal.id]
    # An archived goal cannot be slipped in by hand.
    response = client.post(
        "/m/alfa/results/projects/new",
        data={**VALID, "name": "Årsturnus", "goals": [str(archived_goal.id)]},
    )
    assert response.status_code == 200 and len(projects()) == 1


def test_period_ending_before_it_starts_is_refused_with_input_kept(
    client, auth, two_municipalities
):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/results/projects/new",
        data={**VALID, "period_start": "2014-06-01", "period_end": "31.12.2013"},
    )
    assert response.status_code == 200
    assert 'id="period_end-error"' in response.text
    assert "The end date cannot be before the start date." in response.text
    assert 'value="31.12.2013"' in response.text and 'value="Fra vikar til fast"' in response.text
    assert projects() == []


def test_missing_and_malformed_dates_are_explained(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/results/projects/new",
        data={**VALID, "period_start": "", "period_end": "in the spring"},
    )
    assert "Enter the date the project starts." in response.text
    assert "Enter a date like" in response.text
    assert projects() == []


def test_project_names_are_unique_in_the_municipality_ignoring_case(
    client, auth, two_municipalities, make_project
):
    make_project(two_municipalities["a"], "Fra vikar til fast")
    make_project(two_municipalities["b"], "Årsturnus")
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/results/projects/new", data={**VALID, "name": "  FRA VIKAR TIL FAST "}
    )
    assert response.status_code == 200
    assert 'id="name-error"' in response.text
    assert "Another project in Alfa kommune has this name" in response.text
    # Another municipality's project of the same name is no obstacle.
    response = client.post("/m/alfa/results/projects/new", data={**VALID, "name": "Årsturnus"})
    assert response.status_code == 302


def test_editing_a_project_is_audited_and_keeps_its_name_free(
    client, auth, two_municipalities, make_project, make_goal
):
    a = two_municipalities["a"]
    goal = make_goal(a, "Nærvær", "narvaer")
    project = make_project(a, "Årsturnus")
    auth.login("reviewer@alfa.kommune.no")
    form = client.get(f"/m/alfa/results/projects/{project.id}/edit").text
    assert 'value="Årsturnus"' in form and 'value="2012-01-01"' in form
    response = client.post(
        f"/m/alfa/results/projects/{project.id}/edit",
        data={
            **VALID,
            "name": "årsturnus",
            "theme": "narvaer",
            "goals": [str(goal.id)],
            "version": version_in(form),
        },
    )
    assert response.status_code == 302
    project = reload(project)
    assert project.name == "årsturnus" and project.theme == "narvaer"
    [event] = events("project.updated")
    assert event.before["name"] == "Årsturnus" and event.after["goals"] == [goal.id]


def test_project_without_indicators_is_deleted_after_confirmation(
    client, auth, two_municipalities, make_project
):
    project = make_project(two_municipalities["a"], "Årsturnus")
    auth.login("admin@alfa.kommune.no")
    page = client.get(f"/m/alfa/results/projects/{project.id}/delete")
    assert page.status_code == 200 and "Nothing refers to Årsturnus" in page.text
    assert projects() != []
    response = client.post(f"/m/alfa/results/projects/{project.id}/delete")
    assert response.status_code == 302 and response.location == "/m/alfa/results/"
    assert projects() == []
    assert events("project.deleted")[0].before["name"] == "Årsturnus"


def test_project_with_an_indicator_is_archived_not_deleted(
    client, auth, two_municipalities, make_project, make_indicator
):
    a = two_municipalities["a"]
    project = make_project(a)
    make_indicator(a, project=project)
    auth.login("admin@alfa.kommune.no")
    page = client.get(f"/m/alfa/results/projects/{project.id}/delete").text
    assert "is in use" in page and "Indicators: 1" in page
    assert client.post(f"/m/alfa/results/projects/{project.id}/delete").status_code == 409
    assert len(projects()) == 1

    assert client.post(f"/m/alfa/results/projects/{project.id}/archive").status_code == 302
    assert reload(project).archived
    index = client.get("/m/alfa/results/").text
    assert 'id="archived-heading"' in index
    archived_section = index.split('id="archived-heading"')[1]
    assert "Fra vikar til fast" in archived_section and "Ufrivillig deltid" in archived_section
    # No longer offered for new indicators, but still readable.
    assert "Fra vikar til fast" not in client.get("/m/alfa/results/indicators/new").text
    assert client.get(f"/m/alfa/results/projects/{project.id}").status_code == 200

    assert client.post(f"/m/alfa/results/projects/{project.id}/restore").status_code == 302
    assert not reload(project).archived
    assert [e.action for e in events("project.archived") + events("project.restored")] == [
        "project.archived",
        "project.restored",
    ]


def test_project_names_are_escaped(client, auth, two_municipalities, make_project):
    project = make_project(two_municipalities["a"], "<script>alert(1)</script>")
    auth.login("viewer@alfa.kommune.no")
    for url in ("/m/alfa/results/", f"/m/alfa/results/projects/{project.id}"):
        html = client.get(url).text
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_empty_results_page_says_what_to_do(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    html = client.get("/m/alfa/results/").text
    assert "No results yet" in html and "Create the first project" in html
    auth.logout()
    auth.login("viewer@alfa.kommune.no")
    html = client.get("/m/alfa/results/").text
    assert "No results yet" in html and "Create the first project" not in html
    assert "/results/projects/new" not in html
