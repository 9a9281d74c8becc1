"""Factories for the results tests: goals, projects, indicators with measurements."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.models import Goal, Strategy


@pytest.fixture
def make_goal(app) -> Callable[..., Goal]:
    strategies: dict[int, Strategy] = {}

    def make(municipality: Municipality, title: str, theme: str = "omdomme", **kwargs) -> Goal:
        strategy = strategies.get(municipality.id)
        if strategy is None:
            strategy = Strategy(
                municipality_id=municipality.id,
                title="Strategi",
                period_start=date(2012, 1, 1),
                period_end=date(2016, 12, 31),
            )
            strategies[municipality.id] = strategy
        goal = Goal(
            municipality_id=municipality.id,
            strategy=strategy,
            title=title,
            theme=theme,
            position=len(strategy.goals) + 1,
            **kwargs,
        )
        db.session.add(goal)
        db.session.commit()
        return goal

    return make


@pytest.fixture
def make_project(app) -> Callable[..., Project]:
    def make(municipality: Municipality, name: str = "Fra vikar til fast", **kwargs) -> Project:
        kwargs.setdefault("period_start", date(2012, 1, 1))
        kwargs.setdefault("theme", "heltid")
        project = Project(municipality_id=municipality.id, name=name, **kwargs)
        db.session.add(project)
        db.session.commit()
        return project

    return make


@pytest.fixture
def make_indicator(app) -> Callable[..., Indicator]:
    def make(
        municipality: Municipality,
        name: str = "Ufrivillig deltid",
        *,
        measurements: list[tuple[date, Decimal | int | str]] = (),
        commit: bool = True,
        **kwargs,
    ) -> Indicator:
        kwargs.setdefault("unit", "ansatte")
        kwargs.setdefault("direction", "lower")
        kwargs.setdefault("baseline_value", Decimal(50))
        kwargs.setdefault("baseline_date", date(2012, 1, 1))
        indicator = Indicator(municipality_id=municipality.id, name=name, **kwargs)
        for measured_on, value in measurements:
            indicator.measurements.append(
                Measurement(measured_on=measured_on, value=Decimal(str(value)))
            )
        db.session.add(indicator)
        if commit:
            db.session.commit()
        return indicator

    return make


#: The Innherred story: involuntary part-time from 50 to 14 employees, 2012 → 2014.
PART_TIME = [
    (date(2012, 1, 1), 50),
    (date(2012, 7, 1), 41),
    (date(2013, 1, 1), 33),
    (date(2013, 7, 1), 26),
    (date(2014, 1, 1), 19),
    (date(2014, 12, 31), 14),
]
