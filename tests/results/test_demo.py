"""The results demo: the report's figures, linked to the goals that exist."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from planner.core.extensions import db
from planner.demo.results import load_results_demo
from planner.results.models import Indicator, Project
from planner.results.services import latest_measurement, summarise


def test_results_demo(client, auth, make_municipality, make_user, make_goal):
    slugs = {
        "innherred": ("Innherred samkommune", "nb"),
        "levanger": ("Levanger kommune", "nb"),
        "afjord": ("Åfjord kommune", "nb"),
        "austrheim": ("Austrheim kommune", "nn"),
        "vaga": ("Vågå kommune", "nn"),
        "rissa": ("Rissa kommune", "nb"),
    }
    municipalities = {
        slug: make_municipality(name, slug, language=language)
        for slug, (name, language) in slugs.items()
    }
    heltid = make_goal(municipalities["innherred"], "Heltid som hovedregel", "heltid")
    narvaer = make_goal(municipalities["innherred"], "Høyere nærvær", "narvaer")
    goals = {"innherred": {"heltid": heltid, "narvaer": narvaer}}  # the others have none

    load_results_demo(municipalities, goals)
    db.session.commit()

    def indicator(slug: str, name: str) -> Indicator:
        return db.session.scalar(
            sa.select(Indicator).where(
                Indicator.municipality_id == municipalities[slug].id, Indicator.name == name
            )
        )

    part_time = indicator("innherred", "Ufrivillig deltid")
    assert part_time.project.name == "Fra vikar til fast"
    assert part_time.goals == [heltid] and part_time.project.goals == [heltid]
    summary = summarise(part_time, latest_measurement(part_time.measurements))
    assert summary.latest.value == 14 and summary.change == -36
    assert summary.change_percent == Decimal("-72.0") and summary.progress_percent == Decimal(
        "90.0"
    )
    for slug, name in [("innherred", "Sykefravær i Levanger"), ("levanger", "Sykefravær")]:
        sick_leave = indicator(slug, name)
        assert sick_leave.baseline_value == 11
        assert latest_measurement(sick_leave.measurements).value == 7
    assert indicator("levanger", "Sykefravær").goals == []
    assert db.session.scalar(
        sa.select(Project.id).where(
            Project.municipality_id == municipalities["innherred"].id, Project.name == "Årsturnus"
        )
    )
    assert (
        latest_measurement(indicator("austrheim", "Deltakarar på temakveld").measurements).value
        > 90
    )
    assert indicator("rissa", "Tilflytting").direction == "higher"
    assert indicator("vaga", "Sjukefråvær").unit == "%"
    # Verdal was not given, so nothing was made for it.
    assert db.session.scalar(sa.select(sa.func.count(Project.id))) == 12

    make_user("leser@innherred.demo", municipalities["innherred"], "viewer")
    make_user("leser@austrheim.demo", municipalities["austrheim"], "viewer")
    auth.login("leser@innherred.demo")
    html = client.get("/m/innherred/results/").text
    assert "Fra vikar til fast" in html and "Ufrivillig deltid" in html
    page = client.get(f"/m/innherred/results/indicators/{part_time.id}").text
    assert "<svg" in page and "14\u00a0ansatte" in page
    auth.logout()
    auth.login("leser@austrheim.demo")
    assert "Strategisk kompetanseplan" in client.get("/m/austrheim/results/").text
