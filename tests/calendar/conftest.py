"""A plan to look at in the calendar: channels, a goal, audiences, posts and publications.

Everything is made through planner.posts.services, as the pages would, in municipality A of
`two_municipalities` (Europe/Oslo).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

import pytest

from planner.auth.models import User
from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.posts import services as posts
from planner.posts.models import Post, Publication
from planner.strategy.models import Audience, Channel, Goal, Strategy


@dataclass
class Plan:
    municipality: Municipality
    editor: User
    facebook: Channel
    web: Channel
    goal: Goal
    residents: Audience
    staff: Audience

    def post(
        self,
        title: str = "Fra vikar til fast",
        *,
        status: str = "draft",
        owner: User | None = None,
        goals: list[Goal] = (),
        audiences: list[Audience] = (),
    ) -> Post:
        post = posts.create_post(
            self.municipality,
            {
                "title": title,
                "kind": "story",
                "owner": owner.id if owner else None,
                "goals": [goal.id for goal in goals],
                "audiences": [audience.id for audience in audiences],
            },
            actor=self.editor,
            status="idea" if status == "idea" else "draft",
        )
        if status not in ("idea", "draft"):
            post.status = status
        db.session.commit()
        return post

    def publication(
        self,
        post: Post,
        day: date,
        at: time | None = time(9, 0),
        *,
        channel: Channel | None = None,
        status: str = "planned",
    ) -> Publication:
        publication = posts.add_publication(
            post,
            {"channel": (channel or self.facebook).id, "day": day, "at": at, "all_day": at is None},
            actor=self.editor,
            municipality=self.municipality,
        )
        if status != "planned":
            publication.status = status
        db.session.commit()
        return publication


def make_plan(municipality: Municipality, editor: User) -> Plan:
    strategy = Strategy(
        municipality_id=municipality.id,
        title="Sammen om en bedre kommune",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
        status="active",
    )
    goal = Goal(
        municipality_id=municipality.id, strategy=strategy, title="Heltid som norm", position=1
    )
    facebook = Channel(municipality_id=municipality.id, name="Facebook", colour="#1b5e9e")
    web = Channel(municipality_id=municipality.id, name="Nettsiden", colour="#7a1f5c")
    residents = Audience(municipality_id=municipality.id, name="Innbyggere")
    staff = Audience(municipality_id=municipality.id, name="Ansatte", reach="internal")
    db.session.add_all([strategy, goal, facebook, web, residents, staff])
    db.session.commit()
    return Plan(municipality, editor, facebook, web, goal, residents, staff)


@pytest.fixture
def plan(two_municipalities) -> Plan:
    return make_plan(two_municipalities["a"], two_municipalities["people"]["editor"])


@pytest.fixture
def as_editor(auth, two_municipalities) -> None:
    auth.login("editor@alfa.kommune.no")


@pytest.fixture
def calendar_page(client, as_editor) -> Callable[..., str]:
    """The text of a calendar page of municipality A, by query arguments."""

    def get(**args) -> str:
        response = client.get("/m/alfa/calendar/", query_string=args)
        assert response.status_code == 200, response.status_code
        return response.text

    return get
