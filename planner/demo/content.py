"""What the demo holds, as the loader (planner.demo.loader) reads it from planner/demo/data/*.toml.

The facts come from shared/DEMO-DATA.md: the reputation municipalities of "Sammen om en bedre
kommune", their goals, results and stories. People are invented; their roles are real. Numbers
are kept as written in the files (Norwegian style, "10,4" or "4 200"); `number()` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Literal, NamedTuple


@dataclass(frozen=True)
class DemoMunicipality:
    name: str
    slug: str
    number: str | None
    language: str
    #: Its public feeds (calendar, RSS, Atom) are switched on.
    public_feeds: bool = False


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    #: (municipality slug, role) pairs.
    memberships: tuple[tuple[str, str], ...]


# --- Strategy ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAudience:
    name: str
    #: internal | external
    reach: str
    needs: str
    barriers: str
    perception: str


@dataclass(frozen=True)
class DemoChannel:
    name: str
    kind: str
    reach: str
    cadence_count: int
    #: week | month
    cadence_period: str
    colour: str
    character_limit: int | None = None


@dataclass(frozen=True)
class DemoKeyMessage:
    text: str
    #: The audience's name, or None for all audiences.
    audience: str | None = None


@dataclass(frozen=True)
class DemoGoal:
    theme: str
    title: str
    description: str
    priority: int = 2
    #: E-mail of the demo person who owns the goal.
    owner: str | None = None
    key_messages: tuple[DemoKeyMessage, ...] = ()


@dataclass(frozen=True)
class DemoStrategy:
    title: str
    vision: str
    core_story: str
    period_start: date
    period_end: date
    status: str
    goals: tuple[DemoGoal, ...] = ()


# --- Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoMeasurement:
    measured_on: date
    value: str
    note: str = ""


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    #: lower | higher
    direction: str
    baseline_date: date
    baseline_value: str
    measurements: tuple[DemoMeasurement, ...] = ()
    target_date: date | None = None
    target_value: str | None = None
    source: str = ""
    #: Themes of the goals the indicator measures (linked where the municipality has them).
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoProject:
    name: str
    description: str
    theme: str
    period_start: date
    period_end: date | None
    indicators: tuple[DemoIndicator, ...] = ()
    #: Themes of the goals the project serves (linked where the municipality has them).
    goals: tuple[str, ...] = ()
    archived: bool = False


def number(text: str) -> Decimal:
    """A number as the demo writes it: "10,4", "4 200", "-12"."""
    return Decimal(text.replace(" ", "").replace(",", "."))


# --- Stories -------------------------------------------------------------------------------------


class Season(NamedTuple):
    """A day of the year: the next one to come (direction 1) or the last one gone (-1)."""

    month: int
    day: int
    direction: int


PLANNED, PUBLISHED, CANCELLED = "planned", "published", "cancelled"


@dataclass(frozen=True)
class DemoPublication:
    channel: str
    #: Days from the story's anchor day, or a day in a season of its own.
    day: int | Season
    #: Local time of day; None for all day.
    at: time | None = None
    text: str = ""
    #: planned | published | cancelled (published needs the post approved).
    outcome: str = PLANNED


@dataclass(frozen=True)
class Say:
    """A comment by the municipality's editor, reviewer or admin."""

    who: str
    text: str


@dataclass(frozen=True)
class Reject:
    """The reviewer sends the post back to draft with this reason."""

    reason: str


#: A step that saves the story's final text over its first draft (a revision with a diff).
EDIT = "edit"

#: A transition's name (submit, approve, archive, …), EDIT, a comment or a rejection.
Step = str | Say | Reject


@dataclass(frozen=True)
class DemoEvent:
    """When an event happens, in days from the story's anchor and local times."""

    day: int
    starts: time
    end_day: int
    ends: time


@dataclass(frozen=True)
class NewerResult:
    """A measurement that arrives after the story was approved."""

    indicator: str
    measured_on: date
    value: str
    note: str = ""


Owner = Literal["editor", "reviewer", "admin"]


@dataclass(frozen=True)
class DemoStory:
    title: str
    summary: str
    template: str
    sections: dict[str, str]
    kind: str = "story"
    #: Themes of the municipality's goals.
    goals: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    #: editor | reviewer | admin, or None for nobody yet.
    owner: Owner | None = "editor"
    #: idea | draft: how the story is created.
    start: str = "draft"
    #: In order: transition names, Say, Reject, EDIT. Publications are settled (published or
    #: cancelled as their outcome says) before "archive", or else after the last step.
    steps: tuple[Step, ...] = ()
    publications: tuple[DemoPublication, ...] = ()
    #: The day offsets count from; None for the day the demo is loaded.
    anchor: Season | None = None
    location: str = ""
    event: DemoEvent | None = None
    #: Fields as first written, before the EDIT step saved the final text.
    first_draft: dict[str, str] = field(default_factory=dict)
    newer_result: NewerResult | None = None


# --- Everything ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPlan:
    """One municipality's content: its plan, its results and its stories."""

    slug: str
    audiences: tuple[DemoAudience, ...] = ()
    channels: tuple[DemoChannel, ...] = ()
    strategies: tuple[DemoStrategy, ...] = ()
    projects: tuple[DemoProject, ...] = ()
    #: Indicators followed outside any project.
    indicators: tuple[DemoIndicator, ...] = ()
    stories: tuple[DemoStory, ...] = ()


@dataclass(frozen=True)
class DemoContent:
    #: In the order they are created.
    municipalities: tuple[DemoMunicipality, ...]
    people: tuple[DemoPerson, ...]
    #: The password of every demo person (printed by `flask demo`).
    password: str
    #: The shared audience sets by name ("nb", "nn"), as municipalities' files refer to them.
    audience_sets: dict[str, tuple[DemoAudience, ...]]
    #: The municipalities' content, in the order of `municipalities` (those with a file).
    plans: tuple[DemoPlan, ...]

    @property
    def stories(self) -> tuple[DemoStory, ...]:
        return tuple(story for plan in self.plans for story in plan.stories)
