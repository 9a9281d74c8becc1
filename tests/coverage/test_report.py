"""The matrices, the reach per goal, the trend and every gap rule against the hand-built plan
(see coverage_plan in conftest.py for how each number comes about)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.localtime import local_today, utcnow
from planner.coverage import gaps, services
from tests.coverage.fixtures import PERIOD, PERIOD_ARGS, Tables
from tests.posts.helpers import Page, section


def report(coverage_plan, status="both", review_days=3, now=None):
    return services.build_report(
        coverage_plan.municipality,
        PERIOD,
        status,
        now=now or utcnow(),
        review_days=review_days,
    )


def names(matrix) -> list[str]:
    return [column.item.name if column.item else "–" for column in matrix.columns]


def rows(matrix) -> dict[str, tuple[list[int], int]]:
    return {(row.goal.title if row.goal else "–"): (row.cells, row.total) for row in matrix.rows}


def test_goal_channel_matrix(coverage_plan):
    matrix = report(coverage_plan).channels
    assert names(matrix) == ["Facebook Alfa", "Intranett", "Nettside"]
    assert rows(matrix) == {
        "Heltidskultur Alfa": ([2, 2, 1], 5),
        "Nærvær": ([1, 0, 1], 2),
        "Omdømme": ([0, 0, 0], 0),
        "Rekruttering": ([1, 0, 0], 1),
        "–": ([0, 0, 1], 1),
    }
    assert [column.total for column in matrix.columns] == [3, 2, 2]
    assert matrix.total == 7


def test_goal_audience_matrix(coverage_plan):
    matrix = report(coverage_plan).audiences
    assert names(matrix) == ["Innbyggere Alfa", "Politikere", "Ansatte"]
    assert rows(matrix) == {
        "Heltidskultur Alfa": ([2, 0, 5], 5),
        "Nærvær": ([2, 0, 2], 2),
        "Omdømme": ([0, 0, 0], 0),
        "Rekruttering": ([1, 0, 0], 1),
        "–": ([1, 0, 0], 1),
    }
    assert [column.total for column in matrix.columns] == [4, 0, 5]
    assert matrix.total == 7


@pytest.mark.parametrize(
    ("status", "channel_rows", "total"),
    [
        (
            "published",
            {
                "Heltidskultur Alfa": ([0, 1, 0], 1),
                "Nærvær": ([0, 0, 0], 0),
                "Omdømme": ([0, 0, 0], 0),
                "Rekruttering": ([1, 0, 0], 1),
            },
            2,
        ),
        (
            "planned",
            {
                "Heltidskultur Alfa": ([2, 1, 1], 4),
                "Nærvær": ([1, 0, 1], 2),
                "Omdømme": ([0, 0, 0], 0),
                "Rekruttering": ([0, 0, 0], 0),
                "–": ([0, 0, 1], 1),
            },
            5,
        ),
    ],
)
def test_the_status_filter(coverage_plan, status, channel_rows, total):
    matrix = report(coverage_plan, status).channels
    assert rows(matrix) == channel_rows
    assert matrix.total == total


def test_reach_per_goal(coverage_plan):
    reach = {row.goal.title: row.counted for row in report(coverage_plan).reach}
    counts = {title: (c.total, c.internal, c.external, c.neither) for title, c in reach.items()}
    assert counts == {
        "Heltidskultur Alfa": (5, 3, 2, 1),
        "Nærvær": (2, 1, 2, 0),
        "Omdømme": (0, 0, 0, 0),
        "Rekruttering": (1, 0, 1, 0),
    }


def test_heat_buckets_are_shares_of_the_largest_cell(coverage_plan):
    matrix = report(coverage_plan).audiences  # largest cell: 5
    assert [matrix.bucket(n) for n in (0, 1, 2, 3, 4, 5)] == [0, 1, 2, 3, 4, 4]


def gap_table(result) -> dict[str, list[tuple[str, int | None, int | None]]]:
    return {
        group.kind: [(gaps.subject_name(gap), gap.count, gap.target) for gap in group.gaps]
        for group in result.gap_groups
    }


def test_every_gap_rule(coverage_plan):
    result = report(coverage_plan)
    assert [group.kind for group in result.gap_groups] == list(gaps.ORDER)
    assert gap_table(result) == {
        gaps.OVERDUE: [],
        gaps.GOAL_WITHOUT: [("Omdømme", 0, None)],
        gaps.UNTOLD: [("Ufrivillig deltid Alfa", None, None)],
        gaps.AUDIENCE_WITHOUT: [("Politikere", 0, None)],
        gaps.CADENCE: [("Facebook Alfa", 3, 7), ("Intranett", 2, 8)],
        gaps.REVIEW: [("Venter lenge", None, None)],
        gaps.ONE_SIDED: [("Rekruttering", 1, None)],
        gaps.OUTDATED: [],
    }
    one_sided = result.gap_groups[gaps.ORDER.index(gaps.ONE_SIDED)].gaps[0]
    assert one_sided.side == "external"
    assert one_sided.prefill == {
        "goal": [coverage_plan.rekruttering.id],
        "audience": [coverage_plan.ansatte.id],
        "channel": coverage_plan.intranett.id,
    }


def test_review_days_is_configurable(coverage_plan):
    waiting = report(coverage_plan, review_days=0).gap_groups[gaps.ORDER.index(gaps.REVIEW)]
    assert [post.subject.title for post in waiting.gaps] == ["Venter lenge", "Venter litt"]
    assert waiting.total == 2


def test_posts_waiting_for_review_show_their_approval_deadline(
    coverage_plan, make_publication, client_as
):
    """Two working days before the first publication: "Venter lenge" goes out tomorrow and is
    past it, "Venter litt" goes out in two months and is not."""
    today = local_today(ZoneInfo("Europe/Oslo"))
    make_publication(coverage_plan.posts["P7"], today + timedelta(days=1))
    make_publication(coverage_plan.posts["P8"], today + timedelta(days=60))
    waiting = report(coverage_plan, review_days=0).gap_groups[gaps.ORDER.index(gaps.REVIEW)]
    deadlines = {gap.subject.title: gap.deadline for gap in waiting.gaps}
    assert deadlines["Venter lenge"].passed and not deadlines["Venter litt"].passed
    html = client_as("reviewer").get(f"/m/alfa/coverage/?{PERIOD_ARGS}").text
    gap = section(html, "gap-review-heading", "gap-one-sided")
    assert "Venter lenge" in gap and "Approval deadline passed:" in gap


def test_overdue_publications_are_a_gap_whatever_the_period(coverage_plan):
    """On 2 April 2030 the drafts' planned publications up to then are overdue, in the period or
    not; the approved posts' are not, nor the cancelled one, nor the archived post's."""
    later = utcnow().replace(year=2030, month=4, day=2)
    overdue = report(coverage_plan, now=later).gap_groups[0]
    assert overdue.kind == gaps.OVERDUE
    found = sorted((gap.subject.post.title, gap.subject.id) for gap in overdue.gaps)
    publications = coverage_plan.publications
    assert found == sorted(
        [
            ("Nærvær i helsesektoren", publications["p4"].id),
            ("Nærvær i helsesektoren", publications["p5"].id),
            ("Nærvær i helsesektoren", publications["p6"].id),
            ("Nærvær i helsesektoren", publications["p7"].id),
            ("Nyhetsbrev for mars", publications["p8"].id),
        ]
    )
    assert overdue.total == 5


def test_cadence_counts_only_active_channels(coverage_plan):
    """SMS-varsel (archived, 1 a week) owes nothing; archived with publications it is shown in
    the matrix, marked, but still owes nothing."""
    result = report(coverage_plan)
    cadence = [gap.subject.name for gap in result.gap_groups[4].gaps]
    assert "SMS-varsel" not in cadence
    assert "SMS-varsel" not in names(result.channels)


def test_the_trend_counts_per_iso_week_and_channel(coverage_plan):
    trend = report(coverage_plan).trend
    assert [channel.name for channel in trend.channels] == [
        "Facebook Alfa",
        "Intranett",
        "Nettside",
    ]
    weeks = [(week.iso.week, week.counts, week.days) for week in trend.weeks]
    assert weeks == [
        (10, [0, 1, 1], 7),  # 4–10 March: p4 (Nettside, 00:30 on the 4th), p1
        (11, [0, 1, 0], 7),  # 11–17 March: p2
        (12, [1, 0, 1], 7),  # 18–24 March: p5, p8 (all day on the 23rd)
        (13, [2, 0, 0], 7),  # 25–31 March: p11, p3 (23:30 on the 31st, summer time)
    ]
    chart = trend.chart
    assert [line.counts for line in chart.lines] == [(0, 0, 1, 2), (1, 1, 0, 0), (1, 0, 1, 0)]
    assert chart.highest == 2


def test_the_page_shows_the_same_numbers(coverage_plan, client_as):
    page = client_as("viewer").get(f"/m/alfa/coverage/?{PERIOD_ARGS}")
    assert page.status_code == 200
    tables = Tables.of(page.text)
    assert tables["goals-channels"] == [
        ["Goal", "Facebook Alfa (External)", "Intranett (Internal)",
         "Nettside (Internal and external)", "Total"],
        ["Heltidskultur Alfa", "2", "2", "1", "5"],
        ["Nærvær", "1", "0", "1", "2"],
        ["Omdømme", "0", "0", "0", "0"],
        ["Rekruttering", "1", "0", "0", "1"],
        ["No goal of the active strategy", "0", "0", "1", "1"],
        ["Total", "3", "2", "2", "7"],
    ]  # fmt: skip
    assert tables["goals-audiences"][-1] == ["Total", "4", "0", "5", "7"]
    text = Page.of(page.text).text
    assert "Facebook Alfa: 3 of 7 in the period (agreed: 8 per month)." in text
    assert "Intranett: 2 of 8 in the period (agreed: 2 per week)." in text
    # Heat-map classes follow the buckets; the number is in every cell.
    cells = section(page.text, 'id="goals-channels"', "</table>")
    assert '<td class="heat heat-4">2</td>' in cells
    assert '<td class="heat heat-0">0</td>' in cells
    # A reader sees the gaps but no actions.
    assert "Write a post for this goal" not in page.text


def test_the_page_explains_the_totals_and_the_shares(coverage_plan, client_as):
    text = Page.of(client_as("viewer").get(f"/m/alfa/coverage/?{PERIOD_ARGS}").text).text
    assert "the totals count each publication once" in text
    assert (
        "A publication reaches internal readers when its channel reaches internal readers" in text
    )
    assert "3 (60%)" in text  # Heltidskultur: 3 of 5 reach internal readers


def test_an_editor_sees_an_action_on_each_gap_that_has_one(coverage_plan, client_as):
    html = client_as("editor").get(f"/m/alfa/coverage/?{PERIOD_ARGS}").text
    for label in (
        "Write a post for this goal",
        "Write a post for this audience",
        "Write a post for this channel",
        "Tell this result",
        "Write a post for internal readers",
    ):
        assert label in html, label
    assert "Review</a>" not in html  # editors do not review
    assert "Review<span" in client_as("reviewer").get(f"/m/alfa/coverage/?{PERIOD_ARGS}").text


def test_no_active_strategy(coverage_plan, client_as):
    coverage_plan.plan.a.strategy.status = "archived"
    from planner.core.extensions import db

    db.session.commit()
    page = client_as("viewer").get("/m/alfa/coverage/?period=strategy")
    assert page.status_code == 200
    text = Page.of(page.text).text
    assert "There is no active strategy" in text
    assert "The strategy's period" not in text  # not offered without a strategy
    assert "Next 4 weeks:" in text  # the default instead
    assert "Not a valid choice" in text


def test_future_review_waits_do_not_count_before_their_time(coverage_plan):
    before = utcnow() - timedelta(days=10)
    waiting = report(coverage_plan, now=before).gap_groups[gaps.ORDER.index(gaps.REVIEW)]
    assert waiting.gaps == []
