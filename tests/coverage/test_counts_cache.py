"""The period's counts are kept per version of the plan: built once, and never served after the
plan has changed (coverage/counts.py; the version is planner.municipalities.content_version')."""

from __future__ import annotations

import pytest

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.coverage import counts, services
from planner.municipalities.models import Municipality
from tests.coverage.fixtures import PERIOD, PERIOD_ARGS, Tables


def numbers(coverage_plan, status="both") -> dict:
    """Every number of the report that comes from the period's counts."""
    municipality = db.session.get(Municipality, coverage_plan.municipality.id)
    report = services.build_report(municipality, PERIOD, status, now=utcnow(), review_days=3)

    def matrix(view):
        return (
            [(row.goal.id if row.goal else None, row.cells, row.total) for row in view.rows],
            [(column.item.id if column.item else None, column.total) for column in view.columns],
        )

    return {
        "channels": matrix(report.channels),
        "audiences": matrix(report.audiences),
        "reach": [(row.goal.id, row.counted) for row in report.reach],
        "trend": [week.counts for week in report.trend.weeks],
        "gaps": [(group.kind, group.total) for group in report.gap_groups],
    }


def fresh_numbers(coverage_plan, status="both") -> dict:
    """The numbers counted again from the database, with nothing kept."""
    counts.cache.clear()
    return numbers(coverage_plan, status)


def test_the_counts_are_built_once_per_period_and_version(coverage_plan, client_as):
    client = client_as("viewer")
    url = f"/m/alfa/coverage/?{PERIOD_ARGS}"
    first = client.get(url)
    assert counts.cache.builds == 1
    second = client.get(url)
    assert counts.cache.builds == 1, "the same period of the same plan is not counted again"
    assert Tables.of(first.text) == Tables.of(second.text)
    client.get(f"/m/alfa/coverage/?{PERIOD_ARGS}&status=planned")
    assert counts.cache.builds == 2, "another status is another count"
    client.get(f"/m/alfa/coverage/goals-channels.csv?{PERIOD_ARGS}")
    assert counts.cache.builds == 2, "the CSV of the same report uses the same counts"


def _move_to_intranet(plan):
    plan.publications["p5"].channel = plan.intranett


def _add_a_goal(plan):
    plan.posts["P3"].goals.append(plan.omdomme)


def _change_the_audiences(plan):
    plan.posts["P1"].audiences = [plan.politikere]


def _audience_changes_side(plan):
    plan.ansatte.reach = "external"


def _channel_changes_reach(plan):
    plan.nettside.reach = "internal"


def _archive_a_post(plan):
    plan.posts["P6"].status = "archived"


def _archive_a_channel(plan):
    plan.intranett.active = False


def _cancel_a_publication(plan):
    plan.publications["p1"].status = "cancelled"


@pytest.mark.parametrize(
    "change",
    [
        _move_to_intranet,
        _add_a_goal,
        _change_the_audiences,
        _audience_changes_side,
        _channel_changes_reach,
        _archive_a_post,
        _archive_a_channel,
        _cancel_a_publication,
    ],
)
def test_every_change_to_the_plan_shows_at_once(coverage_plan, change):
    before = numbers(coverage_plan)
    assert numbers(coverage_plan) == before  # kept
    change(coverage_plan)
    db.session.commit()
    after = numbers(coverage_plan)
    assert after != before, "the change moves some number of the report"
    assert after == fresh_numbers(coverage_plan), "what is kept is what the database counts now"


def test_another_municipality_never_sees_the_counts(coverage_plan, client_as):
    alfa = client_as("viewer").get(f"/m/alfa/coverage/?{PERIOD_ARGS}")
    beta = client_as("admin@beta.kommune.no").get(f"/m/beta/coverage/?{PERIOD_ARGS}")
    assert alfa.status_code == beta.status_code == 200
    assert Tables.of(alfa.text)["goals-channels"][-1][-1] == "7"
    assert Tables.of(beta.text)["goals-channels"][-1][-1] == "0"
    assert counts.cache.builds == 2
