"""@mentions in comments: "@Kari Nordmann" names an active member of the municipality.

Typed by hand (no JavaScript needed) or inserted by the post page's member picker; the name is
matched whole and without regard to case, the longest names first, so "@Kari Nordmann" is Kari
Nordmann and not a member called Kari.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.municipalities.models import Membership


def mentionable(municipality) -> list[tuple[int, str]]:
    """The active members one can mention, by name."""
    return [
        (user_id, name)
        for user_id, name in db.session.execute(
            sa.select(User.id, User.name)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.municipality_id == municipality.id,
                Membership.active.is_(True),
                User.active.is_(True),
            )
            .order_by(sa.func.lower(User.name))
        ).all()
        if name.strip()
    ]


def mentioned_in(text: str, members: list[tuple[int, str]]) -> set[int]:
    """The members whose name follows an @ in the text."""
    found: set[int] = set()
    rest = text
    for user_id, name in sorted(members, key=lambda member: -len(member[1])):
        pattern = re.compile(rf"(?<!\w)@{re.escape(name.strip())}(?!\w)", re.IGNORECASE)
        if pattern.search(rest):
            found.add(user_id)
            rest = pattern.sub(" ", rest)
    return found
