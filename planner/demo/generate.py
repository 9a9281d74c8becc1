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
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.localtime import to_utc
from planner.core.security import hash_password
from planner.demo.content import DemoChannel
from planner.demo.loader import demo_content
from planner.demo.strategy import audiences_from, channels_from
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
    Channel,
    Goal,
    KeyMessage,
    Reach,
    Strategy,
    StrategyStatus,
    Theme,
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
    slugs = planned_slugs(settings)
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
    emails = [f"{prefix}@{slug}.example" for slug in slugs for prefix, _ in MEMBER_ROLES]
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


# --- What a municipality holds -------------------------------------------------------------------

#: (e-mail prefix, role), as in the demo.
MEMBER_ROLES = (
    ("admin", Role.ADMIN.value),
    ("redaktor", Role.EDITOR.value),
    ("leder", Role.REVIEWER.value),
    ("leser", Role.VIEWER.value),
)

PROGRAMME_THEMES = (
    Theme.REPUTATION.value,
    Theme.FULL_TIME.value,
    Theme.ATTENDANCE.value,
    Theme.COMPETENCE.value,
    Theme.RECRUITMENT.value,
)

#: theme: (title, description, priority, key messages as (text, audience name or None))
GOALS = {
    Theme.REPUTATION.value: (
        "Et godt omdømme som arbeidsgiver og tjenesteyter",
        "Innbyggere, folkevalgte og jobbsøkere skal kjenne til det vi får til.",
        2,
        (
            ("Vi gjør det vi sier.", None),
            ("Tjenestene blir bedre år for år, og du kan se det.", "Innbyggere"),
        ),
    ),
    Theme.FULL_TIME.value: (
        "Heltid som hovedregel",
        "Flere ansatte i hele, faste stillinger, og færre i ufrivillig deltid.",
        1,
        (
            ("Hos oss kan du få en hel stilling.", "Jobbsøkere"),
            ("Ny turnus lages sammen med dere.", "Ansatte"),
        ),
    ),
    Theme.ATTENDANCE.value: (
        "Høyere nærvær",
        "Lavere sykefravær gjennom godt arbeidsmiljø og tett oppfølging.",
        1,
        (
            ("Nærvær bygges i hverdagen, sammen med tillitsvalgte og verneombud.", None),
            ("Den som er syk, blir fulgt opp tidlig og tett.", "Ledere"),
        ),
    ),
    Theme.COMPETENCE.value: (
        "Riktig kompetanse i alle tjenester",
        "Flere fagarbeidere, flere med fagbrev og flere med videreutdanning.",
        2,
        (("Vi betaler utdanningen, du tar fagbrevet.", "Ansatte"),),
    ),
    Theme.RECRUITMENT.value: (
        "Rekruttere og beholde fagfolk",
        "Et førstevalg for sykepleiere, lærere og fagarbeidere.",
        2,
        (
            ("Her får du bruke hele faget ditt.", "Jobbsøkere"),
            ("Det er godt å bo her, og det er jobb til deg.", "Potensielle tilflyttere"),
        ),
    ),
}

#: The channels of every generated municipality.
CHANNELS = (
    DemoChannel("Intranett", "intranet", "internal", 3, "week", "#0062ba"),
    DemoChannel("Facebook", "facebook", "external", 4, "week", "#1b5e9e", 500),
    DemoChannel("Nettsiden", "web", "both", 2, "week", "#2a6b37"),
    DemoChannel("Nyhetsbrev", "newsletter", "internal", 2, "month", "#6b3fa0"),
    DemoChannel("Lokalavisa", "press", "external", 2, "month", "#8a4b00"),
)

#: Which channels a post goes out on, by who it is for: channel name → weight.
CHANNEL_WEIGHTS = {
    Reach.INTERNAL.value: {"Intranett": 6, "Nyhetsbrev": 3, "Nettsiden": 1},
    Reach.EXTERNAL.value: {"Facebook": 6, "Nettsiden": 4, "Lokalavisa": 2},
    Reach.BOTH.value: {
        "Intranett": 4,
        "Facebook": 4,
        "Nettsiden": 3,
        "Nyhetsbrev": 1,
        "Lokalavisa": 1,
    },
}

#: Audiences a story of each theme is usually for, most likely first.
THEME_AUDIENCES = {
    Theme.REPUTATION.value: ("Innbyggere", "Folkevalgte", "Potensielle tilflyttere", "Ansatte"),
    Theme.FULL_TIME.value: ("Ansatte", "Tillitsvalgte og verneombud", "Jobbsøkere", "Ledere"),
    Theme.ATTENDANCE.value: ("Ansatte", "Ledere", "Tillitsvalgte og verneombud", "Folkevalgte"),
    Theme.COMPETENCE.value: ("Ansatte", "Ledere", "Jobbsøkere", "Nabokommuner"),
    Theme.RECRUITMENT.value: ("Jobbsøkere", "Potensielle tilflyttere", "Ansatte", "Innbyggere"),
}


class IndicatorPlan(NamedTuple):
    name: str
    unit: str
    #: lower | higher
    direction: str
    #: The baseline is drawn between these; the series moves part of the way to the target.
    baseline: tuple[float, float]
    target: float
    decimals: int
    source: str


#: (project name, description, theme, indicators); the project None holds indicators followed
#: outside any project. Indicators measure the goal of the project's theme.
PROJECTS = (
    (
        "Heltidsprosjektet",
        "Ny turnus med lengre vakter i helgene, og faste stillinger i stedet for vikariater.",
        Theme.FULL_TIME.value,
        (
            IndicatorPlan("Ufrivillig deltid", "ansatte", "lower", (35, 60), 12, 0, "HR-system"),
            IndicatorPlan("Andel heltid", "%", "higher", (38, 52), 70, 1, "HR-system"),
        ),
    ),
    (
        "Nærværsprosjektet",
        "Tett oppfølging av sykmeldte, tilrettelegging og et bedre arbeidsmiljø i alle enheter.",
        Theme.ATTENDANCE.value,
        (IndicatorPlan("Sykefravær", "%", "lower", (8.5, 11.5), 6.5, 1, "HR-system (fravær)"),),
    ),
    (
        "Kompetanseløftet",
        "Fagbrev på jobb for assistenter og videreutdanning for sykepleiere og lærere.",
        Theme.COMPETENCE.value,
        (IndicatorPlan("Ansatte med fagbrev", "%", "higher", (55, 68), 85, 1, "HR-system"),),
    ),
    (
        "Rekruttering av fagfolk",
        "Bedre stillingsannonser, sommerjobb for studenter og fadder for alle nyansatte.",
        Theme.RECRUITMENT.value,
        (IndicatorPlan("Søkere per stilling", "søkere", "higher", (1.4, 2.6), 5, 1, "Webcruiter"),),
    ),
    (
        None,
        "",
        Theme.REPUTATION.value,
        (
            IndicatorPlan(
                "Innbyggertilfredshet", "poeng", "higher", (58, 68), 75, 0, "Undersøkelse"
            ),
        ),
    ),
)

VISIONS = (
    "Sammen skaper vi framtida.",
    "Godt å bo, godt å jobbe.",
    "Nær folk – hver dag.",
    "Raus, modig og framtidsrettet.",
)
CORE_STORIES = (
    "Vi har gått fra vikar til fast: flere har hele stillinger, fraværet går ned, og vi løser "
    "utfordringene sammen med tillitsvalgte og verneombud. Det er historien vi forteller.",
    "Vi er en kommune som gjør det den sier. Trepartssamarbeidet har gitt oss bedre turnuser, "
    "lavere sykefravær og flere fagarbeidere, og nå forteller vi det videre.",
)

FIRST_NAMES = (
    "Kari", "Ola", "Ingrid", "Lars", "Marte", "Jon", "Sigrid", "Per", "Hanne", "Anders",
    "Solveig", "Eirik", "Nina", "Geir", "Hilde", "Tor", "Åse", "Øystein", "Liv", "Bjørn",
    "Maja", "Jonas", "Emma", "Sofie", "Ahmed", "Fatima", "Tomasz", "Aisha", "Mikkel", "Ragnhild",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Berg", "Haugen", "Hagen", "Bakken", "Solberg", "Strand", "Lie", "Dahl", "Lunde", "Moen",
    "Sæther", "Aas", "Holm", "Ødegård", "Fjeld", "Vik", "Brekke",
)  # fmt: skip
UNITS = (
    "hjemmetjenesten", "sykehjemmet", "Helsehuset", "barnehagene", "skolene", "legevakta",
    "teknisk drift", "renholdet", "bo- og avlastningstjenesten", "psykisk helse og rus",
    "kjøkkenet", "servicetorget", "kulturskolen", "helsestasjonen",
)  # fmt: skip
PLACES = (
    "Sentrum", "Nordbygda", "Sørvika", "Åsen", "Fjellstad", "Strand", "Vollan", "Brekka",
    "Husby", "Elvetun",
)  # fmt: skip
PROFESSIONS = (
    "sykepleier", "helsefagarbeider", "vernepleier", "lærer", "barnehagelærer", "ergoterapeut",
    "fysioterapeut", "miljøterapeut", "renholder", "kokk",
)  # fmt: skip
LOCATIONS = (
    "Kulturhuset", "Rådhuset, kommunestyresalen", "Helsehuset, kantina", "Biblioteket",
    "Ungdomsskolen, aulaen", "Samfunnshuset på {place}",
)  # fmt: skip

TITLES = {
    Theme.FULL_TIME.value: (
        "Fra vikar til fast: {name} fikk hel stilling i {unit}",
        "Heltid som hovedregel i {unit}",
        "Færre ufrivillige deltidsstillinger i {unit}",
        "Ny turnus gir flere hele stillinger på {place}",
        "Slik fikk {unit} {n} flere heltidsansatte",
    ),
    Theme.ATTENDANCE.value: (
        "Sykefraværet i {unit} er nede i {pct} prosent",
        "Nærværsarbeid som virker i {unit}",
        "Tett oppfølging ga lavere fravær på {place}",
        "Tilrettelegging holdt {name} i jobb",
        "Trepartssamarbeid om nærvær i {unit}",
    ),
    Theme.COMPETENCE.value: (
        "{n} nye fagbrev i {unit}",
        "Fra assistent til {profession}: {name} tok fagbrev",
        "Kompetanseløft for ansatte i {unit}",
        "Lærlingene i {unit} forteller",
        "Desentralisert utdanning gir nye fagfolk på {place}",
    ),
    Theme.RECRUITMENT.value: (
        "Vi søker {profession} til {unit}",
        "Møt {name}, ny {profession} i {unit}",
        "Sommerjobb i {unit}: søk nå",
        "Slik er det å jobbe i {unit}",
        "Rekordmange søkere til {unit}",
    ),
    Theme.REPUTATION.value: (
        "Innbyggerundersøkelsen: {share} av 10 er fornøyde med {unit}",
        "Pris til {unit} på {place}",
        "Ny møteplass åpnet på {place}",
        "Dette har vi fått til i {unit}",
        "Åpen dag i {unit}",
    ),
}
EVENT_TITLES = (
    "Temakveld om heltidskultur på {place}",
    "Åpent møte: {unit} i framtiden",
    "Nettverkssamling for tillitsvalgte og verneombud",
    "Jobbmesse i kulturhuset",
    "Informasjonsmøte om {unit} på {place}",
    "Folkemøte om nærvær og arbeidsmiljø",
)
SUMMARIES = (
    "{Unit} har fått til noe mange har prøvd lenge: {result}",
    "Historien om hvordan {unit} på {place} løste det sammen med de ansatte.",
    "{name}, {profession}, forteller hva som er annerledes nå.",
    "Resultatene etter to år: {result}",
    "Slik jobber vi for at flere skal ville jobbe i {unit}.",
)
RESULTS = (
    "ufrivillig deltid er mer enn halvert.",
    "sykefraværet har gått ned fra {high} til {low} prosent.",
    "{n} nye fagarbeidere er på plass.",
    "{share} av 10 innbyggere er fornøyde med tjenesten.",
    "alle nyansatte har fått en fast fadder.",
)
#: Sentences for the parts of a story, by the part they tell.
BEFORE = (
    "For to år siden hadde {unit} {n} ansatte i små deltidsstillinger.",
    "Mange i {unit} jobbet hver tredje helg og fikk likevel ikke hel stilling.",
    "Sykefraværet var høyt, og vikarbruken kostet mye.",
    "Det var vanskelig å få fagfolk til å søke seg til {place}.",
    "Innbyggerne visste lite om hva {unit} faktisk gjør.",
)
ACTION = (
    "Ledere, tillitsvalgte og verneombud satte seg sammen og laget en ny turnus.",
    "{Unit} innførte lengre vakter i helgene etter ønske fra de ansatte.",
    "Alle nyansatte fikk en fast fadder det første halvåret.",
    "Kommunen betalte utdanningen, og de ansatte tok fagbrev ved siden av jobben.",
    "Vi begynte å følge opp alle sykmeldte i løpet av den første uka.",
)
RESULT = (
    "Nå har {pct} prosent av de ansatte hel stilling.",
    "Fraværet gikk ned fra {high} til {low} prosent på ett år.",
    "– Arbeidsdagen er blitt mer forutsigbar, sier {name}, {profession} i {unit}.",
    "{n} nye fagarbeidere er på plass, og flere er i gang.",
    "Stillingsannonsene får nå dobbelt så mange søkere som før.",
)
TEMPLATE_PARTS = {
    "car": (("car_challenge", BEFORE), ("car_action", ACTION), ("car_result", RESULT)),
    "star": (
        ("star_situation", BEFORE),
        ("star_task", ACTION),
        ("star_action", ACTION),
        ("star_result", RESULT),
    ),
    "before_after": (("bab_before", BEFORE), ("bab_after", RESULT), ("bab_bridge", ACTION)),
    "spine": (
        ("spine_once", BEFORE),
        ("spine_every_day", BEFORE),
        ("spine_one_day", ACTION),
        ("spine_because", ACTION),
        ("spine_finally", RESULT),
        ("spine_ever_since", RESULT),
    ),
}
REJECTIONS = (
    "Kan du få med tallene fra siste måling?",
    "Teksten er for lang for Facebook; kort ned til det viktigste.",
    "Husk å spørre {name} om det er greit å bli sitert.",
)
COMMENTS = (
    "Fint! Jeg har bilder fra {place} vi kan bruke.",
    "Skal vi vente til etter kommunestyremøtet?",
    "Tillitsvalgte har lest og er positive.",
)


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _sample_weighted(rng: random.Random, weights: dict, k: int) -> list:
    """k different keys, each drawn by weight among those left."""
    left = dict(weights)
    chosen = []
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


class _Municipality:
    """Builds one municipality; keeps the random source and what later rows refer to."""

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
        self._members()
        self._strategy()
        self._results()
        db.session.flush()
        self._posts()
        return self.result

    def _members(self) -> None:
        self.members: dict[str, User] = {}
        for prefix, role in MEMBER_ROLES:
            email = f"{prefix}@{self.result.slug}.example"
            name = self._person()
            user = User(
                email=email,
                name=name,
                password_hash=self.password_hash,
                created_at=self.municipality.created_at,
            )
            db.session.add(user)
            db.session.add(
                Membership(
                    user=user,
                    municipality=self.municipality,
                    role=role,
                    created_at=self.municipality.created_at,
                )
            )
            self.members[role] = user
            self.result.logins.append(Login(email, name, role))

    def _strategy(self) -> None:
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
        self.goals: dict[str, Goal] = {}
        for position, theme in enumerate(PROGRAMME_THEMES, start=1):
            title, description, priority, messages = GOALS[theme]
            goal = Goal(
                **tenant,
                strategy=self.strategy,
                title=title,
                description=description,
                theme=theme,
                priority=priority,
                owner=rng.choice(owners),
                position=position,
                target_date=self.strategy.period_end,
            )
            for text, audience in messages:
                goal.key_messages.append(
                    KeyMessage(
                        **tenant,
                        text=text,
                        audience=self.audiences[audience] if audience else None,
                    )
                )
            self.goals[theme] = goal
        db.session.add_all([self.strategy, *self.audiences.values(), *self.channels.values()])

    def _results(self) -> None:
        """Projects and indicators with quarterly measurements over the last two years."""
        rng, tenant = self.rng, self.tenant
        start = _quarter_start(self.today - timedelta(days=2 * 365))
        ends = _quarter_ends(start, self.today)
        target_date = self.today + timedelta(days=365)
        #: One indicator per municipality took a turn for the worse at the last measurement.
        plans = [plan for *_, plans in PROJECTS for plan in plans]
        worse = rng.choice(plans).name
        #: indicator theme → (indicator, measurements by date)
        self.indicators: dict[str, list[tuple[Indicator, list[tuple[date, Decimal]]]]] = {}
        for name, description, theme, indicator_plans in PROJECTS:
            project = None
            if name is not None:
                project = Project(
                    **tenant,
                    name=name,
                    description=description,
                    theme=theme,
                    period_start=start,
                    period_end=None if rng.random() < 0.5 else target_date,
                )
                project.goals = [self.goals[theme]]
                db.session.add(project)
            for plan in indicator_plans:
                baseline = rng.uniform(*plan.baseline)
                values = _series(rng, baseline, plan.target, len(ends), worse == plan.name)
                quantum = Decimal(1).scaleb(-plan.decimals)
                series = [
                    (day, Decimal(str(value)).quantize(quantum))
                    for day, value in zip([start, *ends], [baseline, *values], strict=True)
                ]
                indicator = Indicator(
                    **tenant,
                    project=project,
                    name=plan.name,
                    unit=plan.unit,
                    direction=plan.direction,
                    baseline_value=series[0][1],
                    baseline_date=start,
                    target_value=Decimal(str(plan.target)).quantize(quantum),
                    target_date=target_date,
                    source=plan.source,
                )
                indicator.goals = [self.goals[theme]]
                indicator.measurements = [
                    Measurement(measured_on=day, value=value, note="") for day, value in series
                ]
                db.session.add(indicator)
                self.indicators.setdefault(theme, []).append((indicator, series))

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
        rng = self.rng
        theme = rng.choice(PROGRAMME_THEMES)
        kind = _weighted(rng, POST_KINDS)
        goals = [self.goals[theme]]
        if rng.random() < 0.3:
            other = rng.choice([t for t in PROGRAMME_THEMES if t != theme])
            goals.append(self.goals[other])
        audience_names = rng.sample(THEME_AUDIENCES[theme], rng.choice((1, 1, 2, 2, 3)))
        audiences = [self.audiences[name] for name in audience_names]

        # When: the first publication on a day in range, the others within days after it.
        span = (self.last_day - self.first_day).days
        first_day = self.first_day + timedelta(days=rng.randint(0, span))
        reaches = {audience.reach for audience in audiences}
        reach = reaches.pop() if len(reaches) == 1 else Reach.BOTH.value
        channel_names = _sample_weighted(rng, CHANNEL_WEIGHTS[reach], publication_count)
        while len(channel_names) < publication_count:  # more than the reach's channels
            channel_names += _sample_weighted(
                rng,
                {
                    n: w
                    for n, w in CHANNEL_WEIGHTS[Reach.BOTH.value].items()
                    if n not in channel_names
                },
                publication_count - len(channel_names),
            )
        moments = []
        for index in range(publication_count):
            day = (
                first_day if index == 0 else first_day + timedelta(days=rng.randint(0, SPREAD_DAYS))
            )
            day = min(day, self.last_day)
            all_day = rng.random() < ALL_DAY_SHARE
            at = None if all_day else time(rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
            moments.append((to_utc(day, at, self.zone), all_day))
        first_moment = min(moment for moment, _ in moments)
        status = _weighted(rng, PAST_STATUSES if first_moment < self.anchor else COMING_STATUSES)

        owner = self.members[
            _weighted(rng, {Role.EDITOR.value: 60, Role.ADMIN.value: 25, Role.REVIEWER.value: 15})
        ]
        template = _weighted(rng, TEMPLATES)
        if status == IDEA and rng.random() < 0.5:
            template, sections = "free", {}
        elif template == "free":
            sentences = [self._fill(rng.choice(pool)) for pool in (BEFORE, ACTION, RESULT)]
            sections = {"body": " ".join(sentences[:2]) + "\n\n" + sentences[2]}
        else:
            sections = {
                name: " ".join(self._fill(s) for s in rng.sample(pool, rng.randint(1, 2)))
                for name, pool in TEMPLATE_PARTS[template]
            }
        title = self._fill(rng.choice(EVENT_TITLES if kind == "event" else TITLES[theme]))

        # The story's history, all before the anchor: created, submitted, approved, archived.
        limit = min(first_moment, self.anchor)
        created = min(
            first_moment - _seconds(rng, timedelta(days=5), timedelta(days=60)),
            self.anchor - _seconds(rng, timedelta(hours=1), timedelta(days=30)),
        )
        submitted = approved = None
        if status in (IN_REVIEW, APPROVED) or (status == ARCHIVED and rng.random() < 0.5):
            submitted = _between(rng, created, limit)
        if status == APPROVED:
            approved = _between(rng, submitted, limit)
        changed = approved or submitted or created
        if status == ARCHIVED:
            changed = _between(rng, changed, self.anchor)

        post = Post(
            **self.tenant,
            title=title,
            kind=kind,
            summary=self._fill(rng.choice(SUMMARIES)),
            language="nb",
            owner=owner,
            template=template,
            sections=sections,
            body=compose_body(template, sections),
            status=status,
            submitted_at=submitted,
            approved_at=approved,
            approved_by_id=self.members[Role.REVIEWER.value].id if approved else None,
            created_by_id=owner.id,
            created_at=created,
            updated_at=changed,
        )
        post.goals = goals
        post.audiences = audiences
        if kind == "event":
            event_day = min(first_day + timedelta(days=rng.randint(3, 21)), self.last_day)
            starts = to_utc(event_day, time(rng.choice((10, 18, 19))), self.zone)
            post.location = rng.choice(LOCATIONS).format(place=rng.choice(PLACES))
            post.event_starts_at = starts
            post.event_ends_at = starts + timedelta(hours=rng.choice((2, 3)))
        self._cite(post, theme, approved)
        self._comments(post, status, created, changed)
        for (moment, all_day), channel_name in zip(moments, channel_names, strict=True):
            post.publications.append(
                self._publication(post, self.channels[channel_name], moment, all_day, created)
            )
        after = {
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
        return post, after

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
        rng = self.rng
        reviewer = self.members[Role.REVIEWER.value]
        if status == DRAFT and rng.random() < 0.15:
            post.comments.append(
                Comment(
                    author_id=reviewer.id,
                    kind=CommentKind.REJECTION.value,
                    body=self._fill(rng.choice(REJECTIONS)),
                    created_at=_between(rng, created, changed),
                )
            )
        if rng.random() < 0.1:
            post.comments.append(
                Comment(
                    author_id=rng.choice(list(self.members.values())).id,
                    kind=CommentKind.COMMENT.value,
                    body=self._fill(rng.choice(COMMENTS)),
                    created_at=_between(rng, created, changed),
                )
            )

    def _publication(
        self, post: Post, channel: Channel, moment: datetime, all_day: bool, created: datetime
    ) -> Publication:
        rng = self.rng
        past = moment < self.anchor
        if post.status == APPROVED:
            weights = (
                {PUBLISHED: 88, CANCELLED: 7, PLANNED: 5} if past else {PLANNED: 95, CANCELLED: 5}
            )
        else:
            weights = {PLANNED: 92, CANCELLED: 8}
        status = _weighted(rng, weights)
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
        # SEQUENCE went up with each step of the post and with the publication's own change.
        steps = {IDEA: 0, DRAFT: 1, IN_REVIEW: 2, APPROVED: 3, ARCHIVED: 2}[post.status]
        sequence = steps + (status != PLANNED) + (rng.random() < 0.1)
        return Publication(
            **self.tenant,
            channel=channel,
            publish_at=moment,
            all_day=all_day,
            text=text,
            status=status,
            url=url,
            published_at=published_at,
            sequence=sequence,
            created_at=created,
            updated_at=updated,
        )


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarter_ends(start: date, until: date) -> list[date]:
    """The last days of the quarters after `start`, up to `until`."""
    ends = []
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
