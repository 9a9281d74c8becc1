"""Creating the demo's projects, indicators and measurements, linked to the goals that exist.

The content is read from planner/demo/data/ (planner.demo.loader). The headline figures are the
report's (involuntary part-time 50 → 14 employees in Innherred, sick leave 11 % → 7 % in Levanger
and Verdal, a theme evening in Austrheim with over ninety people); the points in between and the
other figures are plausible inventions for the demo.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.core.extensions import db
from planner.demo.content import DemoIndicator, DemoPlan, DemoProject, number
from planner.demo.loader import demo_content
from planner.municipalities.models import Municipality
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.models import Goal


def load_results_demo(
    municipalities: dict[str, Municipality],
    goals: dict[str, dict[str, Goal]],
    plans: Iterable[DemoPlan] | None = None,
) -> None:
    """Create the demo projects and indicators with measurements, linked to existing goals.

    `goals` maps a municipality's slug to its goals by theme; missing ones are simply not linked.
    `plans` defaults to the demo's content; municipalities not in `municipalities` are skipped.
    """
    for plan in demo_content().plans if plans is None else plans:
        municipality = municipalities.get(plan.slug)
        if municipality is None:
            continue
        own_goals = goals.get(plan.slug, {})
        for demo_project in plan.projects:
            db.session.add(_project(demo_project, municipality, own_goals))
        for demo in plan.indicators:
            db.session.add(_indicator(demo, municipality, own_goals))
    db.session.flush()


def _project(demo: DemoProject, municipality: Municipality, goals: dict[str, Goal]) -> Project:
    project = Project(
        municipality_id=municipality.id,
        name=demo.name,
        description=demo.description,
        theme=demo.theme,
        period_start=demo.period_start,
        period_end=demo.period_end,
        archived=demo.archived,
        goals=_goals_for(demo.goals, goals),
    )
    project.indicators = [
        _indicator(indicator, municipality, goals) for indicator in demo.indicators
    ]
    return project


def _indicator(
    demo: DemoIndicator, municipality: Municipality, goals: dict[str, Goal]
) -> Indicator:
    indicator = Indicator(
        municipality_id=municipality.id,
        name=demo.name,
        unit=demo.unit,
        direction=demo.direction,
        baseline_date=demo.baseline_date,
        baseline_value=number(demo.baseline_value),
        target_date=demo.target_date,
        target_value=number(demo.target_value) if demo.target_value is not None else None,
        source=demo.source,
        goals=_goals_for(demo.goals, goals),
    )
    indicator.measurements = [
        Measurement(measured_on=m.measured_on, value=number(m.value), note=m.note)
        for m in demo.measurements
    ]
    return indicator


def _goals_for(themes: Iterable[str], goals: dict[str, Goal]) -> list[Goal]:
    """The goals of these themes that the municipality has, each once."""
    found: list[Goal] = []
    for theme in themes:
        goal = goals.get(theme)
        if goal is not None and goal not in found:
            found.append(goal)
    return found
