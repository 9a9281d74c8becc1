"""The numbers a user reads off an indicator, against hand-computed values (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from planner.results.charts import sparkline, svg_number
from planner.results.services import (
    change,
    change_percent,
    improved,
    latest_measurement,
    progress_percent,
    summarise,
)

D = Decimal


def test_part_time_from_50_to_14_with_target_10():
    # Innherred: involuntary part-time 50 → 14 employees, target 10.
    assert change(D(50), D(14)) == D(-36)
    assert change_percent(D(50), D(14)) == D("-72.0")
    # (14 − 50) / (10 − 50) × 100 = −36 / −40 × 100 = 90
    assert progress_percent(D(50), D(10), D(14)) == D("90.0")
    assert improved("lower", D(50), D(14)) is True
    assert improved("higher", D(50), D(14)) is False


def test_sick_leave_from_11_to_7_rounds_to_one_decimal():
    # (7 − 11) / 11 × 100 = −36.36… → −36.4
    assert change(D(11), D(7)) == D(-4)
    assert change_percent(D(11), D(7)) == D("-36.4")
    # Towards a target of 6.5: −4 / −4.5 × 100 = 88.88… → 88.9
    assert progress_percent(D(11), D("6.5"), D(7)) == D("88.9")


def test_progress_can_pass_the_target_or_go_the_wrong_way():
    assert progress_percent(D(0), D(80), D(94)) == D("117.5")
    assert progress_percent(D(50), D(10), D(60)) == D("-25.0")


def test_no_progress_without_a_target_or_when_the_target_is_the_baseline():
    assert progress_percent(D(50), None, D(14)) is None
    assert progress_percent(D(50), D(50), D(14)) is None
    assert progress_percent(D(50), D(10), None) is None


def test_no_relative_change_from_a_zero_baseline_and_negative_baselines_count_by_size():
    assert change_percent(D(0), D(94)) is None
    # Rissa: net in-migration from −12 to 18 is a rise of 30, i.e. 250 % of 12.
    assert change(D(-12), D(18)) == D(30)
    assert change_percent(D(-12), D(18)) == D("250.0")
    assert improved("higher", D(-12), D(18)) is True


def test_unchanged_is_neither_better_nor_worse():
    assert improved("lower", D(50), D(50)) is None
    assert improved("lower", D(50), None) is None


def test_latest_measurement_is_the_latest_date_whatever_the_order():
    older = SimpleNamespace(measured_on=date(2013, 1, 1), value=D(33))
    newer = SimpleNamespace(measured_on=date(2014, 12, 31), value=D(14))
    assert latest_measurement([newer, older]) is newer
    assert latest_measurement([]) is None


def test_summary_of_an_indicator():
    indicator = SimpleNamespace(baseline_value=D(50), target_value=D(10), direction="lower")
    latest = SimpleNamespace(measured_on=date(2014, 12, 31), value=D(14))
    summary = summarise(indicator, latest)
    assert (summary.change, summary.change_percent, summary.progress_percent) == (
        D(-36),
        D("-72.0"),
        D("90.0"),
    )
    assert summary.improved is True and not summary.target_reached
    empty = summarise(indicator, None)
    assert empty.latest is None and empty.change is None and empty.progress_percent is None


def test_sparkline_points_in_a_known_viewbox():
    # 100 × 50 with 5 of padding: x from 5 to 95, y from 5 (highest) to 45 (lowest).
    chart = sparkline(
        [(date(2020, 1, 11), D(20)), (date(2020, 1, 1), D(10)), (date(2020, 1, 21), D(0))],
        baseline=D(10),
        width=100,
        height=50,
        padding=5,
    )
    assert chart.view_box == "0 0 100 50"
    assert [(p.x, p.y) for p in chart.points] == [(5, 25), (50, 5), (95, 45)]
    assert chart.polyline == "5,25 50,5 95,45"
    assert chart.baseline_y == 25 and chart.target_y is None
    assert chart.last.value == D(0)


def test_sparkline_of_the_part_time_story_in_the_default_viewbox():
    chart = sparkline(
        [(date(2012, 1, 1), D(50)), (date(2013, 1, 1), D(30)), (date(2014, 1, 1), D(14))],
        baseline=D(50),
        target=D(10),
    )
    # 320 × 80, padding 8: inner 304 × 64; the value range is 10 … 50 (the target is lowest).
    # 2012 has 366 days of the 731: x = 8 + 366 / 731 × 304 = 160.21…
    # y(30) = 8 + (50 − 30) / 40 × 64 = 40; y(14) = 8 + 36 / 40 × 64 = 65.6
    assert [(p.x, p.y) for p in chart.points] == [(8, 8), (160.21, 40), (312, 65.6)]
    assert chart.baseline_y == 8 and chart.target_y == 72


def test_sparkline_with_one_point_or_flat_values_draws_in_the_middle():
    one = sparkline([(date(2014, 1, 1), D(7))], width=100, height=50, padding=5)
    assert [(p.x, p.y) for p in one.points] == [(50, 25)]
    flat = sparkline(
        [(date(2014, 1, 1), D(7)), (date(2015, 1, 1), D(7))], width=100, height=50, padding=5
    )
    assert [(p.x, p.y) for p in flat.points] == [(5, 25), (95, 25)]
    assert sparkline([]) is None


def test_svg_numbers_are_short():
    assert [svg_number(v) for v in (8, 40.5, 12.25, 160.2134, -0.0)] == [
        "8",
        "40.5",
        "12.25",
        "160.21",
        "0",
    ]
