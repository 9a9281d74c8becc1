"""What refers to goals, projects and indicators, so they are archived rather than deleted."""

from __future__ import annotations

from planner.audit.changes import references_to
from tests.results.conftest import PART_TIME


def counts(obj) -> dict[str, int]:
    return {str(label): count for label, count in references_to(obj)}


def test_goals_count_the_projects_and_indicators_linked_to_them(
    two_municipalities, make_goal, make_project, make_indicator
):
    a = two_municipalities["a"]
    goal = make_goal(a, "Heltid som norm", "heltid")
    other_goal = make_goal(a, "Nærvær", "narvaer")
    assert "Projects" not in counts(goal) and "Indicators" not in counts(goal)
    project = make_project(a, goals=[goal])
    make_indicator(a, project=project, goals=[goal, other_goal])
    make_indicator(a, "Sykefravær", goals=[goal])
    assert counts(goal)["Projects"] == 1 and counts(goal)["Indicators"] == 2
    assert "Projects" not in counts(other_goal) and counts(other_goal)["Indicators"] == 1


def test_projects_count_indicators_and_indicators_count_measurements(
    two_municipalities, make_project, make_indicator
):
    a = two_municipalities["a"]
    project = make_project(a)
    assert counts(project) == {}
    indicator = make_indicator(a, project=project, measurements=PART_TIME)
    make_indicator(a, "Arkivert", project=project, archived=True)
    assert counts(project) == {"Indicators": 2}
    assert counts(indicator) == {"Measurements": 6}
