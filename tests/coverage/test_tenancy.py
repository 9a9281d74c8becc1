"""Another municipality's data never counts, and its report is never shown."""

from __future__ import annotations

from datetime import date, time

import pytest

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.coverage import gaps, periods, services
from planner.posts import services as posts
from planner.results.models import Measurement
from tests.coverage.fixtures import PERIOD, PERIOD_ARGS, Tables


@pytest.fixture
def beta_in_march(coverage_plan):
    """Beta's own post, serving Beta's goal for Beta's audience, with four publications in March
    2030 on Beta's channel, and a newer measurement of Beta's result."""
    plan = coverage_plan.plan
    b = plan.b
    other = plan.people["other"]
    editing = {"actor": other, "municipality": b.municipality}
    for day in (4, 11, 18, 31):
        posts.add_publication(
            plan.b_post,
            {"channel": b.channel.id, "day": date(2030, 3, day), "at": time(9), "all_day": False},
            **editing,
        )
    db.session.add(Measurement(indicator=b.indicator, measured_on=date(2016, 1, 1), value=5))
    db.session.commit()
    return b


def test_another_municipalitys_publications_never_count(coverage_plan, beta_in_march):
    report = services.build_report(
        coverage_plan.municipality, PERIOD, "both", now=utcnow(), review_days=3
    )
    assert report.total == 7
    assert [column.item.name for column in report.channels.columns] == [
        "Facebook Alfa",
        "Intranett",
        "Nettside",
    ]
    assert all(row.goal is None or row.goal.municipality_id == coverage_plan.municipality.id
               for row in report.channels.rows)  # fmt: skip
    subjects = {gaps.subject_name(gap) for group in report.gap_groups for gap in group.gaps}
    assert not any("Beta" in subject for subject in subjects), subjects


def test_beta_sees_only_its_own(coverage_plan, beta_in_march, client_as):
    client = client_as("admin@beta.kommune.no")
    page = client.get(f"/m/beta/coverage/?{PERIOD_ARGS}")
    assert page.status_code == 200
    assert Tables.of(page.text)["goals-channels"] == [
        ["Goal", "Facebook Beta (External)", "Total"],
        ["Heltidskultur Beta", "4", "4"],
        ["Total", "4", "4"],
    ]
    assert "Alfa" not in page.text.replace("alfa.kommune", "")
    report = services.build_report(
        beta_in_march.municipality,
        periods.ReportPeriod(periods.CUSTOM, date(2030, 3, 4), date(2030, 3, 31)),
        "both",
        now=utcnow(),
        review_days=3,
    )
    assert report.total == 4


@pytest.mark.parametrize("path", ["", "goals-channels.csv", "goals-audiences.csv", "gaps.csv"])
def test_another_municipalitys_report_is_not_found(coverage_plan, client_as, path):
    response = client_as("admin").get(f"/m/beta/coverage/{path}?{PERIOD_ARGS}")
    assert response.status_code == 404
    assert "Beta" not in response.text
