"""The demo's municipalities, people and password as constants, for tests and tools.

They are read from planner/demo/data/*.toml (see planner.demo.loader) when this module is first
imported; the demo's own code asks `demo_content()` instead, so that a broken data file stops only
the commands that read it.
"""

from __future__ import annotations

from planner.demo.content import DemoMunicipality, DemoPerson
from planner.demo.loader import demo_content

__all__ = [
    "DEMO_PASSWORD",
    "MUNICIPALITIES",
    "PEOPLE",
    "PUBLIC_FEED_MUNICIPALITIES",
    "DemoMunicipality",
    "DemoPerson",
]

DEMO_PASSWORD: str = demo_content().password
MUNICIPALITIES: tuple[DemoMunicipality, ...] = demo_content().municipalities
PEOPLE: tuple[DemoPerson, ...] = demo_content().people
#: Municipalities whose public feeds (calendar, RSS, Atom) are switched on in the demo.
PUBLIC_FEED_MUNICIPALITIES: tuple[str, ...] = tuple(
    m.slug for m in MUNICIPALITIES if m.public_feeds
)
