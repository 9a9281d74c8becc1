"""Untold results: improved in the indicator's direction, and cited by no approved or published
story at the latest measurement; and approved stories citing a result updated since."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.coverage import gaps, services
from planner.posts import services as posts
from planner.posts import workflow
from planner.results.models import Indicator, Measurement


@pytest.fixture
def indicator(plan):
    def make(name, direction, baseline, latest=None, *, archived=False):
        found = Indicator(
            municipality_id=plan.municipality.id,
            name=name,
            unit="%",
            direction=direction,
            baseline_value=Decimal(baseline),
            baseline_date=date(2020, 1, 1),
            archived=archived,
        )
        if latest is not None:
            found.measurements = [
                Measurement(measured_on=date(2021, 1, 1), value=Decimal(baseline)),
                Measurement(measured_on=date(2022, 12, 31), value=Decimal(latest)),
            ]
        db.session.add(found)
        db.session.commit()
        return found

    return make


def untold(plan) -> list[str]:
    return [gap.subject.name for gap in services.untold_results(plan.municipality)]


def test_improved_in_the_indicators_direction(plan, indicator):
    indicator("Sykefravær", "lower", 11, 7)  # lower is better, went down: told? no: untold
    indicator("Heltid", "higher", 40, 55)  # higher is better, went up
    indicator("Klager", "lower", 10, 12)  # worse
    indicator("Nærvær", "higher", 90, 85)  # worse
    indicator("Uendret", "higher", 5, 5)  # unchanged
    indicator("Ikke målt", "higher", 5)  # no measurement
    indicator("Arkivert", "higher", 5, 9, archived=True)
    # Alfa's own indicator from the posts tests: lower is better, 50 → 14.
    assert untold(plan) == ["Heltid", "Sykefravær", "Ufrivillig deltid Alfa"]


def approve(post, plan):
    for name in ("submit", "approve"):
        workflow.apply_transition(
            post, name, role="admin", actor=plan.people["admin"], municipality=plan.municipality
        )
    db.session.commit()


def transition(post, name, plan):
    workflow.apply_transition(
        post, name, role="admin", actor=plan.people["admin"], municipality=plan.municipality
    )
    db.session.commit()


def test_only_approved_or_published_stories_at_the_latest_measurement_tell_it(
    plan, make_post, make_publication
):
    result = plan.a.indicator  # 50 → 14 on 2014-12-31, lower is better
    story = make_post("draft", title="Fra 50 til 14", indicators=[result.id])
    assert untold(plan) == ["Ufrivillig deltid Alfa"]  # a draft tells nothing
    transition(story, "submit", plan)
    assert untold(plan) == ["Ufrivillig deltid Alfa"]  # nor does one in review
    transition(story, "approve", plan)
    assert untold(plan) == []  # approved: cites 14 of 2014-12-31

    # A newer, better measurement: the story was approved before it, so it is untold again, and
    # the story cites a result updated since.
    db.session.add(Measurement(indicator=result, measured_on=date(2015, 6, 30), value=10))
    db.session.commit()
    assert untold(plan) == ["Ufrivillig deltid Alfa"]
    outdated, total = services.queries.outdated_citations(plan.municipality.id, 20)
    assert [(c.post.title, c.cited_on, c.latest_on) for c in outdated] == [
        ("Fra 50 til 14", date(2014, 12, 31), date(2015, 6, 30))
    ]
    assert total == 1

    # A new story approved now cites the 2015 measurement: told, and not outdated.
    newer = make_post("approved", title="Nå 10", indicators=[result.id])
    assert newer.cited_results[0].cited_on == date(2015, 6, 30)
    assert untold(plan) == []
    # Archived, it tells nothing any more.
    transition(newer, "archive", plan)
    assert untold(plan) == ["Ufrivillig deltid Alfa"]


def test_a_published_story_tells_it_even_when_reopened(plan, make_post, make_publication):
    result = plan.a.indicator
    story = make_post("approved", title="Fra 50 til 14", indicators=[result.id])
    publication = make_publication(story, date(2026, 5, 4), time(9))
    posts.mark_published(
        publication, "", actor=plan.people["editor"], municipality=plan.municipality
    )
    db.session.commit()
    transition(story, "reopen", plan)
    assert story.status == "draft"
    assert untold(plan) == []
    # Reopened, it is no longer approved: the "updated since" warning does not apply to it.
    db.session.add(Measurement(indicator=result, measured_on=date(2015, 6, 30), value=10))
    db.session.commit()
    assert services.queries.outdated_citations(plan.municipality.id, 20) == ([], 0)
    assert untold(plan) == ["Ufrivillig deltid Alfa"]


def test_a_worsening_result_is_never_untold_even_if_cited(plan, indicator, make_post):
    worse = indicator("Klager", "lower", 10, 12)
    make_post("approved", indicators=[worse.id])
    db.session.add(Measurement(indicator=worse, measured_on=date(2023, 6, 30), value=8))
    db.session.commit()
    # Now it is better than the baseline (8 < 10) and the story cited 12: untold.
    assert "Klager" in untold(plan)


def test_the_untold_gap_offers_a_post_with_the_result_and_its_goals(plan):
    result = plan.a.indicator
    result.goals = [plan.a.goal]
    db.session.commit()
    group = services.current_gaps(plan.municipality, now=utcnow(), review_days=3)[gaps.UNTOLD]
    assert [(gap.subject.name, gap.prefill) for gap in group.gaps] == [
        ("Ufrivillig deltid Alfa", {"indicator": [result.id], "goal": [plan.a.goal.id]})
    ]
    assert gaps.describe(group.gaps[0], "custom") == (
        "From 50 to 14 ansatte (measured Dec 31, 2014): better than the baseline, and no "
        "approved story tells it yet."
    )
