"""Loading the demo into an empty database."""

from __future__ import annotations

import sqlalchemy as sa

from planner.auth.services import create_user, find_user_by_email
from planner.core.extensions import db
from planner.demo.data import (
    DEMO_PASSWORD,
    MUNICIPALITIES,
    PEOPLE,
    PUBLIC_FEED_MUNICIPALITIES,
    DemoPerson,
)
from planner.demo.posts import load_posts_demo
from planner.demo.results import load_results_demo
from planner.demo.strategy import load_strategy_demo
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Role
from planner.municipalities.services import create_municipality


class DemoAlreadyLoaded(RuntimeError):
    pass


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0


def demo_is_loaded() -> bool:
    slugs = [m.slug for m in MUNICIPALITIES]
    return bool(db.session.scalar(sa.select(Municipality.id).where(Municipality.slug.in_(slugs))))


def load_demo() -> None:
    """Create the demo municipalities and people; refuse if any of them exists already."""
    if demo_is_loaded():
        raise DemoAlreadyLoaded("the demo is already loaded in this database")
    municipalities = {
        m.slug: create_municipality(m.name, m.slug, m.number, language=m.language)
        for m in MUNICIPALITIES
    }
    for slug in PUBLIC_FEED_MUNICIPALITIES:
        municipalities[slug].public_feeds = True
    for person in PEOPLE:
        if find_user_by_email(person.email) is not None:
            raise DemoAlreadyLoaded(f"{person.email} exists already")
        user, _ = create_user(person.email, person.name, DEMO_PASSWORD)
        for slug, role in person.memberships:
            db.session.add(
                Membership(user=user, municipality=municipalities[slug], role=Role(role))
            )
    db.session.flush()
    goals = load_strategy_demo(municipalities)
    load_results_demo(municipalities, goals)
    load_posts_demo(municipalities, goals)


def demo_logins() -> list[DemoPerson]:
    return list(PEOPLE)
