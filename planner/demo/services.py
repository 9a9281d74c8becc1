"""Loading the demo into an empty database."""

from __future__ import annotations

import sqlalchemy as sa

from planner.auth.services import create_user, find_user_by_email
from planner.core.extensions import db
from planner.demo.content import DemoContent, DemoPerson
from planner.demo.loader import demo_content
from planner.demo.posts import load_posts_demo
from planner.demo.results import load_results_demo
from planner.demo.strategy import load_strategy_demo
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Role
from planner.municipalities.services import create_municipality
from planner.notifications.services import unmail_history


class DemoAlreadyLoaded(RuntimeError):
    pass


def database_is_empty() -> bool:
    return db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0


def demo_is_loaded(content: DemoContent | None = None) -> bool:
    slugs = [m.slug for m in (content or demo_content()).municipalities]
    return bool(db.session.scalar(sa.select(Municipality.id).where(Municipality.slug.in_(slugs))))


def load_demo(content: DemoContent | None = None) -> None:
    """Create the demo municipalities, people and content; refuse if any of them exists already.

    `content` defaults to the demo's data files (planner.demo.loader).
    """
    content = content or demo_content()
    if demo_is_loaded(content):
        raise DemoAlreadyLoaded("the demo is already loaded in this database")
    municipalities = {
        m.slug: create_municipality(m.name, m.slug, m.number, language=m.language)
        for m in content.municipalities
    }
    for m in content.municipalities:
        if m.public_feeds:
            municipalities[m.slug].public_feeds = True
    for person in content.people:
        _add_person(person, municipalities, content.password)
    db.session.flush()
    goals = load_strategy_demo(municipalities, content.plans)
    load_results_demo(municipalities, goals, content.plans)
    load_posts_demo(municipalities, goals, plans=content.plans)
    # The demo's history is told in the app; nobody is mailed about what happened before.
    unmail_history(m.id for m in municipalities.values())


def _add_person(person: DemoPerson, municipalities: dict[str, Municipality], password: str) -> None:
    if find_user_by_email(person.email) is not None:
        raise DemoAlreadyLoaded(f"{person.email} exists already")
    user, _ = create_user(person.email, person.name, password)
    for slug, role in person.memberships:
        db.session.add(Membership(user=user, municipality=municipalities[slug], role=Role(role)))


def demo_logins() -> list[DemoPerson]:
    return list(demo_content().people)


def demo_password() -> str:
    """The password of every demo person."""
    return demo_content().password
