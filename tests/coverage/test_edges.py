"""Period edges in the municipality's local time, across the daylight-saving switches, and the
period form read from the URL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from planner.core.localtime import utcnow
from planner.coverage import periods, services
from tests.coverage.fixtures import Tables
from tests.posts.helpers import Page, validation_message


def report_of(coverage_plan, first: date, last: date) -> services.CoverageReport:
    """The report for local days first … last, planned and published."""
    return services.build_report(
        coverage_plan.municipality,
        periods.ReportPeriod(periods.CUSTOM, first, last),
        "both",
        now=utcnow(),
        review_days=3,
    )


def counted(coverage_plan, first: date, last: date) -> dict[str, int]:
    report = report_of(coverage_plan, first, last)
    return {column.item.name: column.total for column in report.channels.columns if column.total}


def test_a_publication_at_2330_on_the_last_day_counts_and_0030_the_day_after_does_not(
    coverage_plan,
):
    """31 March 2030 is the day summer time starts: 23:30 local is 21:30 UTC."""
    publications = coverage_plan.publications
    assert publications["p3"].publish_at == datetime(2030, 3, 31, 21, 30, tzinfo=UTC)
    assert counted(coverage_plan, date(2030, 3, 25), date(2030, 3, 31)) == {"Facebook Alfa": 2}
    # The day after: only the 00:30 publication of 1 April (22:30 UTC on 31 March).
    assert publications["p6"].publish_at == datetime(2030, 3, 31, 22, 30, tzinfo=UTC)
    assert counted(coverage_plan, date(2030, 4, 1), date(2030, 4, 1)) == {"Facebook Alfa": 1}


def test_the_first_day_starts_at_local_midnight(coverage_plan):
    """00:30 on 4 March (23:30 UTC on the 3rd) is in a period from the 4th; 23:30 on the 3rd is
    not, though it is on the 3rd in UTC too."""
    assert counted(coverage_plan, date(2030, 3, 4), date(2030, 3, 4)) == {"Nettside": 1}
    assert counted(coverage_plan, date(2030, 3, 3), date(2030, 3, 3)) == {"Facebook Alfa": 1}


def test_autumn_switch(coverage_plan, make_post, make_publication):
    """27 October 2030 has 25 hours: 23:30 local is 22:30 UTC and belongs to the 27th."""
    post = make_post("draft", title="Høstsak", goals=[coverage_plan.heltid.id])
    late = make_publication(post, date(2030, 10, 27), time(23, 30), channel=coverage_plan.nettside)
    early = make_publication(post, date(2030, 10, 28), time(0, 30), channel=coverage_plan.nettside)
    assert late.publish_at == datetime(2030, 10, 27, 22, 30, tzinfo=UTC)
    assert early.publish_at == datetime(2030, 10, 27, 23, 30, tzinfo=UTC)
    assert counted(coverage_plan, date(2030, 10, 21), date(2030, 10, 27)) == {"Nettside": 1}
    assert counted(coverage_plan, date(2030, 10, 28), date(2030, 11, 3)) == {"Nettside": 1}


def test_weeks_of_the_trend_follow_local_mondays_across_the_switch(
    coverage_plan, make_post, make_publication
):
    """00:30 on Monday 1 April 2030 is still Sunday in UTC, but belongs to week 14."""
    report = report_of(coverage_plan, date(2030, 3, 25), date(2030, 4, 7))
    facebook = [channel.name for channel in report.trend.channels].index("Facebook Alfa")
    assert [(week.iso.week, week.counts[facebook]) for week in report.trend.weeks] == [
        (13, 2),
        (14, 1),
    ]


def test_weeks_begin_at_local_midnight_on_mondays_in_summer_and_in_winter(
    coverage_plan, make_post, make_publication
):
    """All-day items are stored at the very start of their local day: on the Mondays after each
    switch (1 April and 28 October 2030) they open the new week, not close the old one."""
    post = make_post("approved", title="Uke for uke")
    nettside = coverage_plan.nettside
    for day in (
        date(2030, 3, 31),  # Sunday, the switch to summer time: week 13
        date(2030, 4, 1),  # Monday: week 14
        date(2030, 10, 27),  # Sunday, the switch to winter time: week 43
        date(2030, 10, 28),  # Monday: week 44
    ):
        make_publication(post, day, channel=nettside, all_day=True)
    make_publication(post, date(2030, 10, 27), time(23, 59), channel=nettside)  # still week 43
    make_publication(post, date(2030, 4, 7), time(23, 59), channel=nettside)  # still week 14
    # From a Wednesday: the first week is a partial one.
    report = report_of(coverage_plan, date(2030, 3, 27), date(2030, 11, 3))
    column = [channel.name for channel in report.trend.channels].index(nettside.name)
    counts = {week.iso.week: week.counts[column] for week in report.trend.weeks}
    assert report.trend.weeks[0].days == 5
    assert {week: n for week, n in counts.items() if n} == {13: 1, 14: 2, 43: 2, 44: 1}
    totals = {column.item.name: column.total for column in report.channels.columns}
    assert totals[nettside.name] == 6


def test_the_period_is_in_the_url(coverage_plan, client_as):
    client = client_as("viewer")
    page = client.get("/m/alfa/coverage/?period=custom&start=2030-03-25&end=2030-03-31&status=both")
    assert page.status_code == 200
    assert Tables.of(page.text)["goals-channels"][-1] == ["Total", "2", "0", "0", "2"]
    # The export links keep the period.
    assert "/m/alfa/coverage/gaps.csv?period=custom&amp;status=both&amp;start=2030-03-25" in (
        page.text
    )
    text = Page.of(page.text).text
    assert "March 25, 2030 – March 31, 2030" in text
    assert "7 days, in Europe/Oslo; both ends included" in text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("period=custom&start=2030-03-31&end=2030-03-01", "end", "on or after the first day"),
        ("period=custom&end=2030-03-01", "start", "Enter the first day"),
        ("period=custom&start=2030-03-01", "end", "Enter the last day"),
        ("period=custom&start=31.02.2030&end=2030-03-01", "start", "Enter a date like"),
        ("period=custom&start=2020-01-01&end=2030-03-01", "end", "at most five years"),
    ],
)
def test_a_wrong_period_is_explained_and_the_default_shown(
    coverage_plan, client_as, query, field, message
):
    page = client_as("viewer").get(f"/m/alfa/coverage/?{query}")
    assert page.status_code == 200
    assert message in validation_message(page.text, field)
    assert "Next 4 weeks:" in Page.of(page.text).text


def test_dates_in_the_dd_mm_yyyy_form_are_read(coverage_plan, client_as):
    page = client_as("viewer").get(
        "/m/alfa/coverage/?period=custom&start=25.03.2030&end=31.03.2030&status=published"
    )
    assert Tables.of(page.text)["goals-channels"][-1] == ["Total", "1", "0", "0", "1"]
