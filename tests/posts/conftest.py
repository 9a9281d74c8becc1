"""A municipality with a strategy to write posts for, its members, and helpers to make posts.

`plan` builds on `two_municipalities` (Alfa with one member per role, Beta with its admin): Alfa
gets a strategy with a goal, an audience, two channels (SMS with a character limit), an indicator
with measurements; Beta gets its own goal, audience, channel, indicator and a post with a
publication, for the tenant tests. `make_post` and `make_publication` go through the services, as
the pages do; `client_as` gives a signed-in client per member, so two people can work at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from planner.auth.models import User
from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.posts import services, workflow
from planner.posts.models import Post, Publication
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.models import Audience, Channel, Goal, Strategy
from tests.conftest import TEST_PASSWORD

#: The roles of Alfa's members, by the e-mail prefix two_municipalities gives them.
ROLES = ("admin", "editor", "reviewer", "viewer")

#: The statuses a post passes through, and the transitions (as admin) that take a new draft there.
PATH_TO = {
    "idea": (),
    "draft": (),
    "in_review": ("submit",),
    "approved": ("submit", "approve"),
    "archived": ("archive",),
}


@dataclass
class Tenant:
    municipality: Municipality
    strategy: Strategy
    goal: Goal
    audience: Audience
    channel: Channel
    indicator: Indicator

    @property
    def slug(self) -> str:
        return self.municipality.slug


@dataclass
class Plan:
    a: Tenant
    b: Tenant
    people: dict[str, User]
    #: Alfa's SMS channel, with a character limit.
    sms: Channel
    #: Beta's post and publication, for the tenant tests.
    b_post: Post
    b_publication: Publication

    @property
    def municipality(self) -> Municipality:
        return self.a.municipality


SMS_LIMIT = 40


def build_tenant(municipality: Municipality, suffix: str) -> Tenant:
    tenant = {"municipality_id": municipality.id}
    strategy = Strategy(
        **tenant,
        title=f"Kommunikasjonsstrategi {suffix}",
        period_start=date(2026, 1, 1),
        period_end=date(2027, 12, 31),
        status="active",
    )
    goal = Goal(
        **tenant, strategy=strategy, title=f"Heltidskultur {suffix}", theme="heltid", position=1
    )
    audience = Audience(**tenant, name=f"Innbyggere {suffix}", reach="external")
    channel = Channel(**tenant, name=f"Facebook {suffix}", kind="facebook", reach="external")
    project = Project(**tenant, name=f"Fra vikar til fast {suffix}", period_start=date(2012, 1, 1))
    indicator = Indicator(
        **tenant,
        project=project,
        name=f"Ufrivillig deltid {suffix}",
        unit="ansatte",
        direction="lower",
        baseline_value=Decimal(50),
        baseline_date=date(2012, 1, 1),
        source="HR",
    )
    indicator.measurements = [
        Measurement(measured_on=date(2013, 1, 1), value=Decimal(33)),
        Measurement(measured_on=date(2014, 12, 31), value=Decimal(14)),
    ]
    db.session.add_all([strategy, goal, audience, channel, project, indicator])
    db.session.commit()
    return Tenant(municipality, strategy, goal, audience, channel, indicator)


def post_values(tenant: Tenant | None = None, **overrides) -> dict:
    """What the post form gives the services, for a short story by default."""
    values = {
        "title": "Fra vikar til fast",
        "kind": "story",
        "summary": "",
        "language": "en",
        "owner": None,
        "template": "free",
        "sections": {"body": "Femti ansatte jobbet ufrivillig deltid."},
        "goals": [tenant.goal.id] if tenant else [],
        "audiences": [tenant.audience.id] if tenant else [],
        "indicators": [],
        "location": "",
        "event_starts_at": None,
        "event_ends_at": None,
    }
    values.update(overrides)
    return values


@pytest.fixture
def plan(two_municipalities) -> Plan:
    a = build_tenant(two_municipalities["a"], "Alfa")
    b = build_tenant(two_municipalities["b"], "Beta")
    sms = Channel(
        municipality_id=a.municipality.id,
        name="SMS-varsel",
        kind="sms",
        reach="external",
        character_limit=SMS_LIMIT,
    )
    db.session.add(sms)
    db.session.commit()
    other = two_municipalities["people"]["other"]
    b_post = services.create_post(
        b.municipality,
        post_values(b, title="Betas hemmelige sak", owner=other.id),
        actor=other,
        status="draft",
    )
    b_publication = services.add_publication(
        b_post,
        {"channel": b.channel.id, "day": date(2026, 5, 4), "at": time(9), "all_day": False},
        actor=other,
        municipality=b.municipality,
    )
    db.session.commit()
    return Plan(a, b, two_municipalities["people"], sms, b_post, b_publication)


@pytest.fixture
def make_post(plan) -> Callable[..., Post]:
    """A post in Alfa, written by the editor (who owns it) and taken to `status` by the admin."""

    def make(status: str = "draft", *, actor: User | None = None, **overrides) -> Post:
        actor = actor or plan.people["editor"]
        overrides.setdefault("owner", plan.people["editor"].id)
        start = "idea" if status == "idea" else "draft"
        post = services.create_post(
            plan.municipality, post_values(plan.a, **overrides), actor=actor, status=start
        )
        db.session.flush()
        for name in PATH_TO[status]:
            workflow.apply_transition(
                post,
                name,
                role="admin",
                actor=plan.people["admin"],
                municipality=plan.municipality,
                reason="Trenger mer." if name == "reject" else "",
            )
        db.session.commit()
        assert post.status == status
        return post

    return make


@pytest.fixture
def make_publication(plan) -> Callable[..., Publication]:
    """A publication of a post in Alfa, at a local day and time (09:00 unless told)."""

    def make(
        post: Post,
        day: date,
        at: time | None = time(9),
        *,
        channel: Channel | None = None,
        all_day: bool = False,
        text: str = "",
    ) -> Publication:
        publication = services.add_publication(
            post,
            {
                "channel": (channel or plan.a.channel).id,
                "day": day,
                "at": None if all_day else at,
                "all_day": all_day,
                "text": text,
            },
            actor=plan.people["editor"],
            municipality=plan.municipality,
        )
        db.session.commit()
        return publication

    return make


@pytest.fixture
def client_as(app: Flask, plan) -> Callable[[str], FlaskClient]:
    """A client signed in as a member: a role of Alfa ("editor"), or an e-mail address."""
    clients: dict[str, FlaskClient] = {}

    def get(who: str) -> FlaskClient:
        if who not in clients:
            client = app.test_client()
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
            email = who if "@" in who else f"{who}@alfa.kommune.no"
            response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
            assert response.status_code == 302, response.text
            clients[who] = client
        return clients[who]

    return get


def post_form(plan: Plan, **overrides) -> dict:
    """The fields the post form posts, filled for a short story owned by the editor."""
    data = {
        "title": "Fra vikar til fast",
        "kind": "story",
        "summary": "Slik fikk vi flere heltidsstillinger.",
        "language": "en",
        "owner": str(plan.people["editor"].id),
        "template": "free",
        "section_body": "Femti ansatte jobbet ufrivillig deltid.",
        "goals": [str(plan.a.goal.id)],
        "audiences": [str(plan.a.audience.id)],
        "save_as": "draft",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def publication_form(channel: Channel, day: str, at: str = "09:00", **overrides) -> dict:
    """The publication form's fields. Many tests plan on fixed dates that have since passed:
    they confirm a past time ("Plan it anyway"); tests of that question send `confirm_past=None`.
    """
    data = {"channel": str(channel.id), "day": day, "at": at, "text": "", "confirm_past": "y"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
