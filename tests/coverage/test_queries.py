"""The report takes the same number of SQL queries for an empty municipality, one with 10
publications and one with 10,000: counts are aggregates, lists are limited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from planner.core.db.query_counter import QueryCounter
from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.coverage import counts
from planner.posts.models import CitedResult, Post, Publication
from planner.results.models import Indicator, Measurement
from planner.strategy.models import Audience, Channel, Goal, Strategy

POST_STATUSES = ("draft", "in_review", "approved", "idea", "archived")
PUBLICATION_STATUSES = ("planned", "planned", "published", "cancelled")


def populate(municipality, editor, count: int) -> None:
    """A strategy with goals, audiences, channels and indicators, and `count` publications.

    Posts in every status serve goals and audiences (some none) and cite results, one measured
    again since; publications lie from four weeks back to eight weeks ahead, on every channel,
    in every state, so every kind of gap has entries at any size.
    """
    tenant = {"municipality_id": municipality.id}
    strategy = Strategy(
        **tenant,
        title="Strategi",
        period_start=date(2025, 1, 1),
        period_end=date(2028, 12, 31),
        status="active",
    )
    goals = [Goal(**tenant, strategy=strategy, title=f"Mål {n}", position=n) for n in range(1, 6)]
    audiences = [
        Audience(**tenant, name="Ansatte", reach="internal"),
        Audience(**tenant, name="Innbyggere", reach="external"),
        Audience(**tenant, name="Politikere", reach="external"),
    ]
    channels = [
        Channel(**tenant, name="Intranett", reach="internal", cadence_count=50),
        Channel(**tenant, name="Facebook", reach="external", cadence_count=50),
        Channel(**tenant, name="Nettside", reach="both", cadence_count=2, cadence_period="month"),
        Channel(**tenant, name="Gammel", reach="both", active=False),
    ]
    indicators = [
        Indicator(
            **tenant,
            name=f"Indikator {n}",
            unit="%",
            direction="lower" if n % 2 else "higher",
            baseline_value=Decimal(50),
            baseline_date=date(2020, 1, 1),
            goals=[goals[n % len(goals)]],
            measurements=[
                Measurement(measured_on=date(2021, 1, 1), value=Decimal(45 if n % 2 else 55)),
            ],
        )
        for n in range(4)
    ]
    db.session.add_all([strategy, *goals, *audiences, *channels, *indicators])
    db.session.flush()
    now = utcnow()
    posts = []
    for n in range(max(6, count // 20)):
        status = POST_STATUSES[n % len(POST_STATUSES)]
        posts.append(
            Post(
                **tenant,
                title=f"Sak {n:04}",
                status=status,
                owner_id=editor.id,
                body="Tekst.",
                submitted_at=now - timedelta(days=10) if status == "in_review" else None,
                approved_at=now - timedelta(days=9) if status == "approved" else None,
                goals=[goals[n % len(goals)]] if n % 7 else [],
                audiences=[audiences[n % len(audiences)]] if n % 5 else [],
                cited_results=[
                    CitedResult(
                        indicator=indicators[n % len(indicators)], cited_on=date(2020, 6, 1)
                    )
                ],
            )
        )
    db.session.add_all(posts)
    db.session.flush()
    # A newer measurement, after what the approved posts cite: results updated since.
    db.session.add(Measurement(indicator=indicators[0], measured_on=date(2022, 1, 1), value=40))
    rows = []
    for n in range(count):
        moment = now + timedelta(days=(n % 84) - 28, hours=n % 24)
        rows.append(
            {
                "municipality_id": municipality.id,
                "post_id": posts[n % len(posts)].id,
                "channel_id": channels[n % len(channels)].id,
                "publish_at": moment,
                "due_at": moment,
                "all_day": False,
                "text": "",
                "status": PUBLICATION_STATUSES[n % len(PUBLICATION_STATUSES)],
                "url": "",
                "sequence": 0,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    db.session.execute(sa.insert(Publication), rows)
    db.session.commit()


@pytest.fixture
def three_sizes(make_municipality, make_user):
    sizes = {"tom": 0, "liten": 10, "stor": 10_000}
    editor = None
    for slug in sizes:
        municipality = make_municipality(f"{slug.title()} kommune", slug)
        editor = make_user("editor@kommune.no", municipality, "editor")
        make_user("reviewer@kommune.no", municipality, "reviewer")
        if sizes[slug]:
            populate(municipality, editor, sizes[slug])
    counted = db.session.execute(
        sa.select(Post.municipality_id, sa.func.count(Publication.id))
        .join(Publication.post)
        .group_by(Post.municipality_id)
    ).all()
    assert sorted(count for _id, count in counted) == [10, 10_000]
    return sizes


URLS = (
    "/m/{slug}/coverage/",
    "/m/{slug}/coverage/?period=strategy&status=planned",
    "/m/{slug}/coverage/?period=quarter&status=published",
    "/m/{slug}/coverage/gaps.csv?period=month",
    "/m/{slug}/coverage/goals-channels.csv",
    "/m/{slug}/coverage/goals-audiences.csv?period=strategy",
    "/m/{slug}/",
)


def counted_afresh(client, url: str) -> int:
    """The SQL statements of one GET of the URL with no period counts kept (coverage/counts.py)."""
    assert client.get(url).status_code == 200, url
    counts.cache.clear()
    with QueryCounter(db.engine) as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_the_same_queries_at_any_size(app, auth, client, count_queries, three_sizes, role):
    auth.login(f"{role}@kommune.no")
    for template in URLS:
        urls = {slug: template.format(slug=slug) for slug in three_sizes}
        kept = {slug: count_queries(url) for slug, url in urls.items()}
        afresh = {slug: counted_afresh(client, url) for slug, url in urls.items()}
        assert len(set(kept.values())) == 1, (template, kept)
        assert len(set(afresh.values())) == 1, (template, afresh)
        print(f"queries: {role} {template} {afresh['stor']} (counts kept: {kept['stor']})")
    # The large report really has gaps of every kind and full tables.
    page = client.get("/m/stor/coverage/?period=strategy").text
    for heading in (
        "Overdue publications (",
        "Goals with no publication (",
        "Untold results (",
        "Posts waiting long for review (",
        "Stories citing a result updated since (",
    ):
        assert heading in page, heading
    assert "Overdue publications (0)" not in page
    assert "And " in page and " more." in page  # the long lists are cut, and say so
