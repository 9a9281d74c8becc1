from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.core.extensions import db
from planner.results.models import Indicator, Measurement
from planner.strategy.models import Audience, Channel, Goal, KeyMessage, Strategy


def build_strategy(municipality, items: int, prefix: str = "") -> Strategy:
    """A strategy with `items` goals, key messages, audiences, channels and indicators."""
    tenant = {"municipality_id": municipality.id}
    strategy = Strategy(
        **tenant,
        title="Strategi",
        vision="Jordnær lykke",
        core_story="Den felles historien.",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
        status="active",
    )
    db.session.add(strategy)
    for number in range(items):
        audience = Audience(
            **tenant,
            name=f"{prefix}Målgruppe {number}",
            reach="internal" if number % 2 else "external",
        )
        goal = Goal(
            **tenant,
            strategy=strategy,
            title=f"{prefix}Mål {number}",
            position=number,
            theme="heltid",
        )
        goal.key_messages.append(KeyMessage(**tenant, text=f"Budskap {number}", audience=audience))
        indicator = Indicator(
            **tenant,
            name=f"{prefix}Indikator {number}",
            unit="%",
            direction="lower",
            baseline_value=Decimal(11),
            baseline_date=date(2012, 1, 1),
            target_value=Decimal(6),
            target_date=date(2016, 1, 1),
            source="HR-system",
            goals=[goal],
        )
        indicator.measurements.append(Measurement(measured_on=date(2014, 12, 31), value=Decimal(7)))
        db.session.add_all(
            [
                audience,
                goal,
                indicator,
                Channel(**tenant, name=f"{prefix}Kanal {number}", cadence_count=2),
            ]
        )
    db.session.commit()
    return strategy


@pytest.fixture
def reader(client, auth, two_municipalities):
    auth.login("viewer@alfa.kommune.no")


def test_overview_shows_the_whole_strategy(client, reader, two_municipalities):
    strategy = build_strategy(two_municipalities["a"], 2)
    html = client.get(f"/m/alfa/strategy/{strategy.id}/overview").text
    for text in (
        "Jordnær lykke",
        "Den felles historien.",
        "1. Mål 0",
        "2. Mål 1",
        "Budskap 1",
        "Målgruppe 0",
        "Kanal 1",
        "2 per week",
        "Indikator 0",
        "Results for “Mål 1”",
        "7\u00a0%",  # the latest value
        "80%",  # progress: (7 − 11) / (6 − 11)
        "Better",
    ):
        assert text in html, text
    # Laid out for print: the stylesheet has an A4 page and hides the navigation.
    css = client.get("/static/css/planner.css")
    assert "@page { size: A4" in css.text and "@media print" in css.text
    css.close()


@pytest.mark.parametrize("page", ["overview", ""])
def test_strategy_pages_use_the_same_number_of_queries_for_3_and_300_items(
    client, reader, two_municipalities, count_queries, page
):
    small = build_strategy(two_municipalities["a"], 3, prefix="small ")
    few = count_queries(f"/m/alfa/strategy/{small.id}/{page}".rstrip("/"))
    small.status = "archived"
    db.session.commit()
    large = build_strategy(two_municipalities["a"], 300, prefix="large ")
    many = count_queries(f"/m/alfa/strategy/{large.id}/{page}".rstrip("/"))
    assert few == many, (few, many)
