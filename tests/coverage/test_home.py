"""The municipality's home shows the three most important kinds of gap, linking to the report."""

from __future__ import annotations

from datetime import timedelta

from planner.core.extensions import db
from planner.core.localtime import local_today, utcnow, zone_of
from planner.coverage import services
from tests.posts.helpers import Page, section


def test_the_three_most_important_gaps_in_order(plan, make_post, make_publication, client_as):
    """Alfa now: a draft with a publication yesterday (overdue), a goal with nothing in the next
    4 weeks, an untold result, an audience with nothing, a channel below cadence, and more."""
    today = local_today(zone_of(plan.municipality))
    post = make_post("draft", title="Glemt sak")
    make_publication(post, today - timedelta(days=1))
    summary = services.gap_summary(plan.municipality, today=today, now=utcnow(), review_days=3)
    assert [group.kind for group in summary.groups] == ["overdue", "goals", "untold"]
    assert summary.kinds >= 4

    home = client_as("viewer").get("/m/alfa/")
    assert home.status_code == 200
    part = section(home.text, 'id="coverage-home-heading"', "</section>")
    text = " ".join(Page.of(part).text.split())
    assert "Overdue publications (1): Glemt sak" in text
    assert "Goals with no publication (1): Heltidskultur Alfa" in text
    assert "Untold results (1): Ufrivillig deltid Alfa" in text
    assert "Audiences with no publication" not in text  # only three
    assert 'href="/m/alfa/coverage/#gap-overdue"' in part
    assert 'href="/m/alfa/coverage/"' in part


def test_no_gaps(plan, client_as):
    """Without a strategy's goals, audiences, channels or results there is nothing to miss."""
    plan.a.strategy.status = "archived"
    plan.a.audience.archived = True
    plan.a.channel.active = False
    plan.sms.active = False
    plan.a.indicator.archived = True
    db.session.commit()
    text = Page.of(client_as("viewer").get("/m/alfa/").text).text
    assert "No gaps in the next 4 weeks" in text
