"""Synthetic municipalities at realistic scale, for benchmarks: `flask --app planner generate`.

Each generated municipality ("Testkommune 1", slug ``test-1``, …) gets what a real one has after
two years of use: an active strategy with a goal in each programme theme and key messages,
internal and external audiences, five channels with their cadence and reach, projects and
indicators with quarterly measurements, one member per role, and posts with one to three
publications each on different channels. Texts are bokmål.

The data is centred on a day (today by default): posts and their publications are spread over the
past year and the next (or, with ``window_days``, over the feed window: the last days a feed shows
and the next year), at working hours in the municipality's time zone, about one in ten all day.
Statuses follow time the way they do in use: most past posts are approved and their publications
published, coming posts are spread over idea, draft, in review and approved; a publication is
published only when its post is approved, and a few are cancelled. Every timestamp (created,
submitted, approved, published, cancelled) lies before the start of that day, so the same seed
on the same day gives the same data.

Rows are added through the ORM session in batches and flushed together (SQLAlchemy sends each
batch as a few multi-row INSERTs), so the mapper events still run: every publication gets its
``due_at`` from the event in :mod:`planner.posts.models`. The caller commits.

What a municipality is made of (its goals, channels, projects, and the names and sentences its
posts are written from) is in :mod:`planner.demo.synthetic`. The steps of `_Municipality` draw
from one random source per municipality, in a fixed order: reordering the draws changes what a
seed gives.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import to_utc
from planner.core.security import hash_password
from planner.demo.loader import demo_content
from planner.demo.strategy import audiences_from, channels_from
from planner.demo.synthetic import (
    ACTION,
    BEFORE,
    CHANNEL_WEIGHTS,
    CHANNELS,
    COMMENTS,
    CORE_STORIES,
    EVENT_TITLES,
    FIRST_NAMES,
    GOALS,
    LAST_NAMES,
    LOCATIONS,
    MEMBER_ROLES,
    PLACES,
    PROFESSIONS,
    PROGRAMME_THEMES,
    PROJECTS,
    REJECTIONS,
    RESULT,
    RESULTS,
    SUMMARIES,
    TEMPLATE_PARTS,
    THEME_AUDIENCES,
    TITLES,
    UNITS,
    VISIONS,
    IndicatorPlan,
)
from planner.municipalities.models import Membership, Municipality
from planner.municipalities.roles import Role
from planner.posts.models import (
    CitedResult,
    Comment,
    CommentKind,
    Post,
    PostKind,
    PostStatus,
    Publication,
    PublicationStatus,
    Revision,
)
from planner.posts.story_templates import compose_body
from planner.results.models import Indicator, Measurement, Project
from planner.strategy.models import (
    Audience,
    Channel,
    Goal,
    KeyMessage,
    Reach,
    Strategy,
    StrategyStatus,
)

#: Posts added to the session before each flush.
BATCH_SIZE = 500
TIMEZONE = "Europe/Oslo"
#: How far ahead posts are planned.
FUTURE_DAYS = 365
#: How far back they go without a feed window.
PAST_DAYS = 365
#: Publications of one post fall within this many days of its first one.
SPREAD_DAYS = 10

IDEA, DRAFT, IN_REVIEW, APPROVED, ARCHIVED = (s.value for s in PostStatus)
PLANNED, PUBLISHED, CANCELLED = (s.value for s in PublicationStatus)

#: Post statuses of stories whose first publication has passed, and of those still to come.
PAST_STATUSES = {APPROVED: 80, ARCHIVED: 11, IN_REVIEW: 3, DRAFT: 4, IDEA: 2}
COMING_STATUSES = {IDEA: 15, DRAFT: 25, IN_REVIEW: 20, APPROVED: 35, ARCHIVED: 5}
POST_KINDS = {PostKind.STORY.value: 70, PostKind.ANNOUNCEMENT.value: 18, PostKind.EVENT.value: 12}
TEMPLATES = {"car": 30, "star": 15, "before_after": 15, "spine": 10, "free": 30}
PUBLICATIONS_PER_POST = {1: 40, 2: 40, 3: 20}
ALL_DAY_SHARE = 0.10


class GenerateError(ValueError):
    """The data cannot be generated as asked; the message says why."""


@dataclass(frozen=True)
class GenerateSettings:
    municipalities: int
    #: Posts per municipality.
    posts: int
    #: Password of every generated member (hashed once, shared).
    password: str
    #: Exactly this many publications per municipality; otherwise one to three per post.
    publications: int | None = None
    seed: int = 1
    #: Number of the first municipality: "Testkommune <first>", slug test-<first>.
    first: int = 1
    #: Keep every time within a feed window of this many days back (and the next year).
    window_days: int | None = None
    #: The day the data is centred on (in the municipality's zone); today when None.
    today: date | None = None


@dataclass(frozen=True)
class Login:
    email: str
    name: str
    role: str


@dataclass
class GeneratedMunicipality:
    name: str
    slug: str
    posts: int = 0
    publications: int = 0
    logins: list[Login] = field(default_factory=list)


def slug_of(number: int) -> str:
    return f"test-{number}"


def name_of(number: int) -> str:
    return f"Testkommune {number}"


def planned_slugs(settings: GenerateSettings) -> list[str]:
    return [slug_of(n) for n in range(settings.first, settings.first + settings.municipalities)]


def check(settings: GenerateSettings) -> None:
    """Refuse settings that cannot be met, and municipalities or members that exist already."""
    _check_numbers(settings)
    slugs = planned_slugs(settings)
    _check_slugs_free(slugs)
    _check_emails_free([f"{prefix}@{slug}.example" for slug in slugs for prefix, _ in MEMBER_ROLES])


def _check_numbers(settings: GenerateSettings) -> None:
    if settings.municipalities < 1 or settings.posts < 1:
        raise GenerateError("give at least one municipality and one post")
    if settings.publications is not None and not (
        settings.posts <= settings.publications <= 3 * settings.posts
    ):
        raise GenerateError(
            "with one to three publications per post, the publications must be between "
            f"{settings.posts} and {3 * settings.posts}"
        )
    if settings.window_days is not None and settings.window_days < 3:
        raise GenerateError("the feed window must be at least three days")


def _check_slugs_free(slugs: list[str]) -> None:
    taken = list(
        db.session.scalars(
            sa.select(Municipality.slug)
            .where(Municipality.slug.in_(slugs))
            .order_by(Municipality.id)
        )
    )
    if taken:
        raise GenerateError(
            f"generated municipalities exist already ({', '.join(taken)}); use another database "
            "or another --first"
        )


def _check_emails_free(emails: list[str]) -> None:
    for chunk in range(0, len(emails), 500):
        existing = db.session.scalar(
            sa.select(User.email).where(User.email.in_(emails[chunk : chunk + 500])).limit(1)
        )
        if existing:
            raise GenerateError(f"the account {existing} already exists")


def generate(
    settings: GenerateSettings, *, progress: Callable[[int], None] | None = None
) -> list[GeneratedMunicipality]:
    """Create the municipalities and everything in them; flushes, never commits.

    `progress` is called with the number of posts added after each batch.
    """
    check(settings)
    password_hash = hash_password(settings.password)
    generated = []
    for number in range(settings.first, settings.first + settings.municipalities):
        rng = random.Random(f"{settings.seed}:{number}")  # noqa: S311 (reproducible on purpose)
        generated.append(_Municipality(number, settings, rng, password_hash, progress).create())
    return generated


def publication_counts(rng: random.Random, posts: int, total: int | None) -> list[int]:
    """One to three publications per post; exactly `total` of them when given."""
    sizes = list(PUBLICATIONS_PER_POST)
    weights = list(PUBLICATIONS_PER_POST.values())
    counts = rng.choices(sizes, weights, k=posts)
    if total is None:
        return counts
    difference = total - sum(counts)
    while difference > 0:
        index = rng.randrange(posts)
        if counts[index] < 3:
            counts[index] += 1
            difference -= 1
    while difference < 0:
        index = rng.randrange(posts)
        if counts[index] > 1:
            counts[index] -= 1
            difference += 1
    return counts


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _sample_weighted(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    """k different keys, each drawn by weight among those left."""
    left = dict(weights)
    chosen: list[str] = []
    while left and len(chosen) < k:
        key = _weighted(rng, left)
        chosen.append(key)
        del left[key]
    return chosen


def _seconds(rng: random.Random, low: timedelta, high: timedelta) -> timedelta:
    """A whole number of seconds between low and high (high when the span is empty)."""
    low_s, high_s = int(low.total_seconds()), int(high.total_seconds())
    return timedelta(seconds=rng.randint(low_s, high_s) if high_s > low_s else high_s)


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between start and end (end when they are the wrong way round)."""
    if end <= start:
        return end
    return start + _seconds(rng, timedelta(0), end - start)


class _History(NamedTuple):
    """A post's moments, all before the anchor: created, submitted, approved, last changed."""

    created: datetime
    submitted: datetime | None
    approved: datetime | None
    changed: datetime


class _Municipality:
    """Builds one municipality; keeps the random source and what later rows refer to.

    The steps draw from one random source, in a fixed order: the same seed gives the same data.
    """

    def __init__(
        self,
        number: int,
        settings: GenerateSettings,
        rng: random.Random,
        password_hash: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.number = number
        self.settings = settings
        self.rng = rng
        self.password_hash = password_hash
        self.progress = progress or (lambda count: None)
        self.zone = ZoneInfo(TIMEZONE)
        self.today = settings.today or datetime.now(self.zone).date()
        #: The start of the day the data is centred on: every recorded moment is before it.
        self.anchor = to_utc(self.today, None, self.zone)
        back = PAST_DAYS if settings.window_days is None else settings.window_days - 2
        self.first_day = self.today - timedelta(days=back)
        self.last_day = self.today + timedelta(days=FUTURE_DAYS)
        self.result = GeneratedMunicipality(name_of(number), slug_of(number))

    # --- Fill-ins ---------------------------------------------------------------------------------

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _fill(self, text: str) -> str:
        rng = self.rng
        unit = rng.choice(UNITS)
        high = rng.randint(85, 115) / 10
        values = {
            "unit": unit,
            "Unit": unit[0].upper() + unit[1:],
            "place": rng.choice(PLACES),
            "name": self._person(),
            "profession": rng.choice(PROFESSIONS),
            "n": rng.randint(3, 25),
            "share": rng.randint(6, 9),
            "pct": rng.randint(55, 95),
            "high": f"{high:.1f}".replace(".", ","),
            "low": f"{high - rng.randint(15, 40) / 10:.1f}".replace(".", ","),
        }
        if "{result}" in text:
            values["result"] = rng.choice(RESULTS).format(**values)
        return text.format(**values)

    # --- The municipality, its people and its plan ----------------------------------------------

    def create(self) -> GeneratedMunicipality:
        self._add_municipality()
        self._members()
        self._strategy()
        self._results()
        db.session.flush()
        self._posts()
        return self.result

    def _add_municipality(self) -> None:
        self.municipality = Municipality(
            name=self.result.name,
            slug=self.result.slug,
            number=None,
            timezone=TIMEZONE,
            language="nb",
            created_at=self.anchor - timedelta(days=PAST_DAYS + 60),
        )
        db.session.add(self.municipality)
        db.session.flush()
        self.tenant = {"municipality_id": self.municipality.id}

    def _members(self) -> None:
        """One member per role, with the shared password."""
        self.members: dict[str, User] = {}
        for prefix, role in MEMBER_ROLES:
            self.members[role] = self._member(f"{prefix}@{self.result.slug}.example", role)

    def _member(self, email: str, role: str) -> User:
        name = self._person()
        joined = self.municipality.created_at
        user = User(email=email, name=name, password_hash=self.password_hash, created_at=joined)
        db.session.add(user)
        db.session.add(
            Membership(user=user, municipality=self.municipality, role=role, created_at=joined)
        )
        self.result.logins.append(Login(email, name, role))
        return user

    def _strategy(self) -> None:
        """The active strategy of these years, with a goal per programme theme."""
        rng, tenant = self.rng, self.tenant
        year = self.today.year
        self.strategy = Strategy(
            **tenant,
            title=f"Kommunikasjonsstrategi {year - 1}–{year + 1}",
            vision=rng.choice(VISIONS),
            core_story=rng.choice(CORE_STORIES),
            period_start=date(year - 1, 1, 1),
            period_end=date(year + 1, 12, 31),
            status=StrategyStatus.ACTIVE.value,
        )
        self.audiences = audiences_from(demo_content().audience_sets["nb"], tenant)
        self.channels = channels_from(CHANNELS, tenant)
        owners = (self.members[Role.ADMIN.value], self.members[Role.REVIEWER.value], None)
        self.goals: dict[str, Goal] = {
            theme: self._goal(position, theme, owners)
            for position, theme in enumerate(PROGRAMME_THEMES, start=1)
        }
        db.session.add_all([self.strategy, *self.audiences.values(), *self.channels.values()])

    def _goal(self, position: int, theme: str, owners: tuple[User | None, ...]) -> Goal:
        title, description, priority, messages = GOALS[theme]
        goal = Goal(
            **self.tenant,
            strategy=self.strategy,
            title=title,
            description=description,
            theme=theme,
            priority=priority,
            owner=self.rng.choice(owners),
            position=position,
            target_date=self.strategy.period_end,
        )
        for text, audience in messages:
            goal.key_messages.append(
                KeyMessage(
                    **self.tenant,
                    text=text,
                    audience=self.audiences[audience] if audience else None,
                )
            )
        return goal

    def _results(self) -> None:
        """Projects and indicators with quarterly measurements over the last two years."""
        start = _quarter_start(self.today - timedelta(days=2 * 365))
        days = [start, *_quarter_ends(start, self.today)]
        target_date = self.today + timedelta(days=365)
        #: One indicator per municipality took a turn for the worse at the last measurement.
        worse = self.rng.choice([plan for *_, plans in PROJECTS for plan in plans]).name
        #: indicator theme → (indicator, measurements by date)
        self.indicators: dict[str, list[tuple[Indicator, list[tuple[date, Decimal]]]]] = {}
        for name, description, theme, indicator_plans in PROJECTS:
            project = None
            if name is not None:
                project = self._project(name, description, theme, start, target_date)
            for plan in indicator_plans:
                indicator, series = self._indicator(
                    plan, project, theme, days, target_date, worse == plan.name
                )
                self.indicators.setdefault(theme, []).append((indicator, series))

    def _project(
        self, name: str, description: str, theme: str, start: date, target_date: date
    ) -> Project:
        project = Project(
            **self.tenant,
            name=name,
            description=description,
            theme=theme,
            period_start=start,
            period_end=None if self.rng.random() < 0.5 else target_date,
        )
        project.goals = [self.goals[theme]]
        db.session.add(project)
        return project

    def _indicator(
        self,
        plan: IndicatorPlan,
        project: Project | None,
        theme: str,
        days: list[date],
        target_date: date,
        turns_worse: bool,
    ) -> tuple[Indicator, list[tuple[date, Decimal]]]:
        """The indicator measured on each of `days`, the first one its baseline."""
        baseline = self.rng.uniform(*plan.baseline)
        values = _series(self.rng, baseline, plan.target, len(days) - 1, turns_worse)
        quantum = Decimal(1).scaleb(-plan.decimals)
        series = [
            (day, Decimal(str(value)).quantize(quantum))
            for day, value in zip(days, [baseline, *values], strict=True)
        ]
        indicator = Indicator(
            **self.tenant,
            project=project,
            name=plan.name,
            unit=plan.unit,
            direction=plan.direction,
            baseline_value=series[0][1],
            baseline_date=days[0],
            target_value=Decimal(str(plan.target)).quantize(quantum),
            target_date=target_date,
            source=plan.source,
        )
        indicator.goals = [self.goals[theme]]
        indicator.measurements = [
            Measurement(measured_on=day, value=value, note="") for day, value in series
        ]
        db.session.add(indicator)
        return indicator, series

    # --- Posts and publications -----------------------------------------------------------------

    def _posts(self) -> None:
        settings = self.settings
        counts = publication_counts(self.rng, settings.posts, settings.publications)
        batch: list[Post] = []
        revisions: list[tuple[Post, dict]] = []
        for count in counts:
            post, after = self._post(count)
            batch.append(post)
            revisions.append((post, after))
            if len(batch) >= BATCH_SIZE:
                self._flush(batch, revisions)
                batch, revisions = [], []
        if batch:
            self._flush(batch, revisions)

    def _flush(self, batch: list[Post], revisions: list[tuple[Post, dict]]) -> None:
        db.session.add_all(batch)
        db.session.flush()
        # The first revision needs the post's id; it goes in with the next flush.
        db.session.add_all(
            Revision(
                post_id=post.id,
                author_id=post.created_by_id,
                version=1,
                after=after,
                created_at=post.created_at,
            )
            for post, after in revisions
        )
        self.result.posts += len(batch)
        self.result.publications += sum(len(post.publications) for post in batch)
        db.session.flush()
        self.progress(len(batch))

    def _post(self, publication_count: int) -> tuple[Post, dict]:
        """A post with its publications, and the fields of its first revision."""
        rng = self.rng
        theme = rng.choice(PROGRAMME_THEMES)
        kind = _weighted(rng, POST_KINDS)
        goals = self._goals_for(theme)
        audiences = self._audiences_for(theme)
        # When: the first publication on a day in range, the others within days after it.
        first_day = self.first_day + timedelta(
            days=rng.randint(0, (self.last_day - self.first_day).days)
        )
        channel_names = self._channel_names(audiences, publication_count)
        moments = [self._moment(first_day, index) for index in range(publication_count)]
        first_moment = min(moment for moment, _ in moments)
        status = _weighted(rng, PAST_STATUSES if first_moment < self.anchor else COMING_STATUSES)
        owner = self.members[
            _weighted(rng, {Role.EDITOR.value: 60, Role.ADMIN.value: 25, Role.REVIEWER.value: 15})
        ]
        template, sections = self._text(status)
        title = self._fill(rng.choice(EVENT_TITLES if kind == "event" else TITLES[theme]))
        history = self._history(status, first_moment)
        post = self._new_post(title, kind, owner, template, sections, status, history)
        post.goals = goals
        post.audiences = audiences
        if kind == "event":
            self._make_event(post, first_day)
        self._cite(post, theme, history.approved)
        self._comments(post, status, history.created, history.changed)
        for (moment, all_day), channel_name in zip(moments, channel_names, strict=True):
            channel = self.channels[channel_name]
            post.publications.append(
                self._publication(post, channel, moment, all_day, history.created)
            )
        return post, _first_revision(post, owner, goals, audiences)

    def _goals_for(self, theme: str) -> list[Goal]:
        """The theme's goal, and now and then another one."""
        goals = [self.goals[theme]]
        if self.rng.random() < 0.3:
            other = self.rng.choice([t for t in PROGRAMME_THEMES if t != theme])
            goals.append(self.goals[other])
        return goals

    def _audiences_for(self, theme: str) -> list[Audience]:
        """One to three of the audiences a story of the theme is usually for."""
        count = self.rng.choice((1, 1, 2, 2, 3))
        return [self.audiences[name] for name in self.rng.sample(THEME_AUDIENCES[theme], count)]

    def _channel_names(self, audiences: list[Audience], count: int) -> list[str]:
        """`count` different channels, drawn by who the post is for."""
        reaches = {audience.reach for audience in audiences}
        reach = reaches.pop() if len(reaches) == 1 else Reach.BOTH.value
        names = _sample_weighted(self.rng, CHANNEL_WEIGHTS[reach], count)
        while len(names) < count:  # more than the reach's channels
            others = {n: w for n, w in CHANNEL_WEIGHTS[Reach.BOTH.value].items() if n not in names}
            names += _sample_weighted(self.rng, others, count - len(names))
        return names

    def _moment(self, first_day: date, index: int) -> tuple[datetime, bool]:
        """When the index-th publication goes out (the first on `first_day`), and if all day."""
        rng = self.rng
        day = first_day if index == 0 else first_day + timedelta(days=rng.randint(0, SPREAD_DAYS))
        day = min(day, self.last_day)
        all_day = rng.random() < ALL_DAY_SHARE
        at = None if all_day else time(rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
        return to_utc(day, at, self.zone), all_day

    def _text(self, status: str) -> tuple[str, dict[str, str]]:
        """The story template and its sections; half the ideas have no text yet."""
        rng = self.rng
        template = _weighted(rng, TEMPLATES)
        if status == IDEA and rng.random() < 0.5:
            return "free", {}
        if template == "free":
            sentences = [self._fill(rng.choice(pool)) for pool in (BEFORE, ACTION, RESULT)]
            return template, {"body": " ".join(sentences[:2]) + "\n\n" + sentences[2]}
        return template, {
            name: " ".join(self._fill(s) for s in rng.sample(pool, rng.randint(1, 2)))
            for name, pool in TEMPLATE_PARTS[template]
        }

    def _history(self, status: str, first_moment: datetime) -> _History:
        """The story's history, all before the anchor: created, submitted, approved, archived."""
        rng = self.rng
        limit = min(first_moment, self.anchor)
        created = min(
            first_moment - _seconds(rng, timedelta(days=5), timedelta(days=60)),
            self.anchor - _seconds(rng, timedelta(hours=1), timedelta(days=30)),
        )
        submitted = approved = None
        if status in (IN_REVIEW, APPROVED) or (status == ARCHIVED and rng.random() < 0.5):
            submitted = _between(rng, created, limit)
        if status == APPROVED:
            approved = _between(rng, submitted or created, limit)
        changed = approved or submitted or created
        if status == ARCHIVED:
            changed = _between(rng, changed, self.anchor)
        return _History(created, submitted, approved, changed)

    def _new_post(
        self,
        title: str,
        kind: str,
        owner: User,
        template: str,
        sections: dict[str, str],
        status: str,
        history: _History,
    ) -> Post:
        return Post(
            **self.tenant,
            title=title,
            kind=kind,
            summary=self._fill(self.rng.choice(SUMMARIES)),
            language="nb",
            owner=owner,
            template=template,
            sections=sections,
            body=compose_body(template, sections),
            status=status,
            submitted_at=history.submitted,
            approved_at=history.approved,
            approved_by_id=self.members[Role.REVIEWER.value].id if history.approved else None,
            created_by_id=owner.id,
            created_at=history.created,
            updated_at=history.changed,
        )

    def _make_event(self, post: Post, first_day: date) -> None:
        """An event some days after the first publication, somewhere in the municipality."""
        rng = self.rng
        event_day = min(first_day + timedelta(days=rng.randint(3, 21)), self.last_day)
        starts = to_utc(event_day, time(rng.choice((10, 18, 19))), self.zone)
        post.location = rng.choice(LOCATIONS).format(place=rng.choice(PLACES))
        post.event_starts_at = starts
        post.event_ends_at = starts + timedelta(hours=rng.choice((2, 3)))

    def _cite(self, post: Post, theme: str, approved: datetime | None) -> None:
        """Some stories link the theme's results; approved ones keep the value they cited."""
        candidates = self.indicators.get(theme, [])
        if not candidates or self.rng.random() > 0.4:
            return
        indicator, series = self.rng.choice(candidates)
        cited_on = cited_value = None
        if approved is not None:
            day = approved.astimezone(self.zone).date()
            known = [(d, v) for d, v in series if d <= day]
            if known:
                cited_on, cited_value = known[-1]
        post.cited_results.append(
            CitedResult(indicator=indicator, cited_on=cited_on, cited_value=cited_value)
        )

    def _comments(self, post: Post, status: str, created: datetime, changed: datetime) -> None:
        """Now and then a reviewer's reason for sending a draft back, and a comment."""
        rng = self.rng
        if status == DRAFT and rng.random() < 0.15:
            reviewer = self.members[Role.REVIEWER.value]
            text = self._fill(rng.choice(REJECTIONS))
            post.comments.append(
                self._comment(reviewer, CommentKind.REJECTION, text, created, changed)
            )
        if rng.random() < 0.1:
            author = rng.choice(list(self.members.values()))
            text = self._fill(rng.choice(COMMENTS))
            post.comments.append(self._comment(author, CommentKind.COMMENT, text, created, changed))

    def _comment(
        self, author: User, kind: CommentKind, body: str, created: datetime, changed: datetime
    ) -> Comment:
        return Comment(
            author_id=author.id,
            kind=kind.value,
            body=body,
            created_at=_between(self.rng, created, changed),
        )

    def _publication(
        self, post: Post, channel: Channel, moment: datetime, all_day: bool, created: datetime
    ) -> Publication:
        """The publication, in a status that fits its post's and its time."""
        rng = self.rng
        status = _weighted(rng, _publication_weights(post.status, past=moment < self.anchor))
        updated = post.updated_at
        published_at = None
        url = ""
        if status == PUBLISHED:
            published_at = min(
                moment + _seconds(rng, timedelta(0), timedelta(hours=2)), self.anchor
            )
            updated = max(updated, published_at)
            url = f"https://www.{self.result.slug}.example/aktuelt/{rng.randint(1000, 99999)}"
        elif status == CANCELLED:
            updated = max(updated, _between(rng, created, min(moment, self.anchor)))
        text = ""
        if channel.character_limit and rng.random() < 0.3:
            text = f"{post.summary} Les mer på nettsiden."[: channel.character_limit]
        return Publication(
            **self.tenant,
            channel=channel,
            publish_at=moment,
            all_day=all_day,
            text=text,
            status=status,
            url=url,
            published_at=published_at,
            sequence=self._sequence(post.status, status),
            created_at=created,
            updated_at=updated,
        )

    def _sequence(self, post_status: str, status: str) -> int:
        """SEQUENCE went up with each step of the post and with the publication's own change."""
        steps = {IDEA: 0, DRAFT: 1, IN_REVIEW: 2, APPROVED: 3, ARCHIVED: 2}[post_status]
        return steps + (status != PLANNED) + (self.rng.random() < 0.1)


def _publication_weights(post_status: str, *, past: bool) -> dict[str, int]:
    """Published only when the post is approved; a few planned ones cancelled."""
    if post_status == APPROVED:
        return {PUBLISHED: 88, CANCELLED: 7, PLANNED: 5} if past else {PLANNED: 95, CANCELLED: 5}
    return {PLANNED: 92, CANCELLED: 8}


def _first_revision(
    post: Post, owner: User, goals: list[Goal], audiences: list[Audience]
) -> dict[str, Any]:
    """The fields the first revision records, as the posts feature writes them."""
    return {
        "title": post.title,
        "kind": post.kind,
        "summary": post.summary,
        "language": post.language,
        "owner": owner.name,
        "template": post.template,
        "body": post.body,
        "location": post.location,
        "event_starts_at": _iso(post.event_starts_at),
        "event_ends_at": _iso(post.event_ends_at),
        "goals": sorted(goal.title for goal in goals),
        "audiences": sorted(audience.name for audience in audiences),
        "indicators": sorted(cited.indicator.name for cited in post.cited_results),
    }


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter_ends(start: date, until: date) -> list[date]:
    """The last days of the quarters after `start`, up to `until`."""
    ends: list[date] = []
    year, quarter = start.year, (start.month - 1) // 3
    while True:
        month = 3 * quarter + 3
        end = date(year, month, 31 if month in (3, 12) else 30)
        if end > until:
            return ends
        if end > start:
            ends.append(end)
        quarter += 1
        if quarter == 4:
            year, quarter = year + 1, 0


def _series(
    rng: random.Random, baseline: float, target: float, count: int, turns_worse: bool
) -> list[float]:
    """Values moving from the baseline towards the target with some noise."""
    reach = rng.uniform(0.4, 0.8)  # how far towards the target the series gets
    step = (target - baseline) * reach / max(count, 1)
    values = []
    value = baseline
    for index in range(count):
        value += step + rng.gauss(0, abs(step) * 0.5)
        if turns_worse and index == count - 1:
            value = baseline - (target - baseline) * 0.05
        values.append(value)
    return values


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
