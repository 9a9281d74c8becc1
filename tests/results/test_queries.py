"""No N+1: the results pages take as many SQL queries for 300 indicators as for 3."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from planner.core.extensions import db
from planner.results.models import Indicator, Measurement, Project


def populate(municipality, goal, count: int) -> Project:
    """`count` indicators, a third in one project, a third in others, a third without one."""
    main = Project(
        municipality_id=municipality.id, name="Hovedprosjekt", period_start=date(2012, 1, 1)
    )
    others = [
        Project(
            municipality_id=municipality.id, name=f"Prosjekt {n}", period_start=date(2012, 1, 1)
        )
        for n in range(max(1, count // 30))
    ]
    db.session.add_all([main, *others])
    for n in range(count):
        project = (main, others[n % len(others)], None)[n % 3]
        indicator = Indicator(
            municipality_id=municipality.id,
            project=project,
            name=f"Indikator {n:03}",
            unit="%",
            direction="lower" if n % 2 else "higher",
            baseline_value=Decimal(50),
            baseline_date=date(2012, 1, 1),
            target_value=Decimal(10) if n % 4 else None,
            archived=n % 10 == 9,
            goals=[goal],
        )
        indicator.measurements = [
            Measurement(measured_on=date(2013, 1, 1), value=Decimal(40)),
            Measurement(measured_on=date(2014, 1, 1), value=Decimal(n % 50)),
        ]
        db.session.add(indicator)
    db.session.commit()
    return main


def test_results_pages_do_not_query_per_indicator(
    app, auth, count_queries, make_municipality, make_user, make_goal
):
    small = make_municipality("Liten kommune", "liten")
    large = make_municipality("Stor kommune", "stor")
    make_user("admin@kommune.no", small, "admin")
    make_user("admin@kommune.no", large, "admin")
    small_project = populate(small, make_goal(small, "Mål"), 3)
    large_project = populate(large, make_goal(large, "Mål"), 300)
    auth.login("admin@kommune.no")

    index = (count_queries("/m/liten/results/"), count_queries("/m/stor/results/"))
    assert index[0] == index[1], index
    project = (
        count_queries(f"/m/liten/results/projects/{small_project.id}"),
        count_queries(f"/m/stor/results/projects/{large_project.id}"),
    )
    assert project[0] == project[1], project
    print(f"queries: results index {index[0]}, project page {project[0]} (3 and 300 indicators)")
