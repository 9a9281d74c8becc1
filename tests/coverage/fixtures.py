"""A small hand-built plan for the coverage tests, on top of the posts tests' municipalities.

Alfa (see tests/posts/conftest.py) gets four goals, three audiences and four channels, and posts
with publications around March 2030: Monday 4 March to Sunday 31 March, the day summer time
starts. Every number the tests expect is worked out in the docstring of `coverage_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from html.parser import HTMLParser

import pytest

from planner.core.extensions import db
from planner.core.localtime import utcnow
from planner.coverage import periods
from planner.posts import services, workflow
from planner.posts.models import Post, Publication
from planner.strategy.models import Audience, Channel, Goal

FIRST = date(2030, 3, 4)
LAST = date(2030, 3, 31)
PERIOD = periods.ReportPeriod(periods.CUSTOM, FIRST, LAST)
PERIOD_ARGS = "period=custom&start=2030-03-04&end=2030-03-31"


@dataclass
class CoveragePlan:
    plan: object
    heltid: Goal
    naervaer: Goal
    omdomme: Goal
    rekruttering: Goal
    innbyggere: Audience
    politikere: Audience
    ansatte: Audience
    facebook: Channel
    intranett: Channel
    nettside: Channel
    posts: dict[str, Post]
    publications: dict[str, Publication]

    @property
    def municipality(self):
        return self.plan.municipality


def _archive(post: Post, tenant_plan) -> None:
    workflow.apply_transition(
        post,
        "archive",
        role="admin",
        actor=tenant_plan.people["admin"],
        municipality=tenant_plan.municipality,
    )
    db.session.commit()


@pytest.fixture
def coverage_plan(plan, make_post, make_publication) -> CoveragePlan:
    """Alfa's plan for March 2030 (4–31 March, 28 days).

    Goals (active strategy, in order): Heltidskultur Alfa, Nærvær, Omdømme, Rekruttering; the
    archived goal "Gammelt mål" is left out. Audiences: Innbyggere Alfa (external), Politikere
    (external), Ansatte (internal); "Hytteeiere" is archived. Channels: Facebook Alfa (external,
    8 a month), Intranett (internal, 2 a week), Nettside (both, 2 a month); SMS-varsel archived.

    Publications (local time):

    ====  ==========  ===============  ==============  ===================  ==================
    pub   post        goals            audiences       channel, when        counted?
    ====  ==========  ===============  ==============  ===================  ==================
    p1    P1 approv.  heltid           ansatte         intranett 6.3 09:00  planned
    p2    P1          heltid           ansatte         intranett 13.3       published
    p3    P1          heltid           ansatte         facebook 31.3 23:30  planned (last day)
    p4    P2 draft    heltid, nærvær   ansatte, innb.  nettside 4.3 00:30   planned (first day)
    p5    P2          heltid, nærvær   ansatte, innb.  facebook 18.3 12:00  planned
    p6    P2                                           facebook 1.4 00:30   no: the day after
    p7    P2                                           facebook 3.3 23:30   no: the day before
    p8    P3 draft    –                innbyggere      nettside 23.3 all d. planned
    p9    P4 draft    nærvær           politikere      facebook 20.3        no: cancelled
    p10   P5 archiv.  omdømme          politikere      nettside 21.3        no: post archived
    p11   P6 approv.  rekruttering     innbyggere      facebook 27.3 13:00  published
    ====  ==========  ===============  ==============  ===================  ==================

    Goal × channel (Facebook, Intranett, Nettside | total): heltid 2, 2, 1 | 5; nærvær 1, 0, 1
    | 2; omdømme 0, 0, 0 | 0; rekruttering 1, 0, 0 | 1; no goal 0, 0, 1 | 1; totals 3, 2, 2 | 7.

    Goal × audience (Innbyggere, Politikere, Ansatte | total): heltid 2, 0, 5 | 5; nærvær
    2, 0, 2 | 2; omdømme 0, 0, 0 | 0; rekruttering 1, 0, 0 | 1; no goal 1, 0, 0 | 1;
    totals 4, 0, 5 | 7.

    Reach (internal, external, neither): heltid 3, 2, 1 (p3 is for employees on external-only
    Facebook); nærvær 1, 2, 0; rekruttering 0, 1, 0 (only external: a gap).

    Cadence over 28 days: Facebook 8 × 28/31 = 7.2 → 7, has 3; Intranett 2 × 4 = 8, has 2;
    Nettside 2 × 28/31 = 1.8 → 2, has 2 (no gap). Review: P7 submitted 5 days ago (a gap), P8
    one day ago (not yet).
    """
    a = plan.a
    municipality_id = plan.municipality.id
    tenant = {"municipality_id": municipality_id}
    facebook = a.channel
    facebook.cadence_count, facebook.cadence_period = 8, "month"
    plan.sms.active = False
    heltid = a.goal
    naervaer = Goal(**tenant, strategy=a.strategy, title="Nærvær", theme="narvaer", position=2)
    omdomme = Goal(**tenant, strategy=a.strategy, title="Omdømme", theme="omdomme", position=3)
    rekruttering = Goal(
        **tenant, strategy=a.strategy, title="Rekruttering", theme="rekruttering", position=4
    )
    old = Goal(**tenant, strategy=a.strategy, title="Gammelt mål", position=5, archived=True)
    politikere = Audience(**tenant, name="Politikere", reach="external")
    ansatte = Audience(**tenant, name="Ansatte", reach="internal")
    hytteeiere = Audience(**tenant, name="Hytteeiere", reach="external", archived=True)
    intranett = Channel(
        **tenant, name="Intranett", kind="intranet", reach="internal", cadence_count=2,
        cadence_period="week", colour="#0b7a3b",
    )  # fmt: skip
    nettside = Channel(
        **tenant, name="Nettside", kind="web", reach="both", cadence_count=2,
        cadence_period="month", colour="#7a0b5b",
    )  # fmt: skip
    db.session.add_all(
        [naervaer, omdomme, rekruttering, old, politikere, ansatte, hytteeiere, intranett, nettside]
    )
    db.session.commit()
    innbyggere = a.audience

    def post(title, status, goals, audiences):
        return make_post(
            status,
            title=title,
            goals=[goal.id for goal in goals],
            audiences=[audience.id for audience in audiences],
        )

    p1 = post("Heltid for alle", "approved", [heltid], [ansatte])
    p2 = post("Nærvær i helsesektoren", "draft", [heltid, naervaer], [ansatte, innbyggere])
    p3 = post("Nyhetsbrev for mars", "draft", [], [innbyggere])
    p4 = post("Avlyst sak", "draft", [naervaer], [politikere])
    p5 = post("Arkivert sak", "draft", [omdomme], [politikere])
    p6 = post("Rekrutteringsfilm", "approved", [rekruttering], [innbyggere])
    p7 = post("Venter lenge", "in_review", [heltid], [ansatte])
    p8 = post("Venter litt", "in_review", [heltid], [ansatte])
    p7.submitted_at = utcnow() - timedelta(days=5)
    p8.submitted_at = utcnow() - timedelta(days=1)
    db.session.commit()

    pub = {
        "p1": make_publication(p1, date(2030, 3, 6), time(9), channel=intranett),
        "p2": make_publication(p1, date(2030, 3, 13), time(9), channel=intranett),
        "p3": make_publication(p1, date(2030, 3, 31), time(23, 30), channel=facebook),
        "p4": make_publication(p2, date(2030, 3, 4), time(0, 30), channel=nettside),
        "p5": make_publication(p2, date(2030, 3, 18), time(12), channel=facebook),
        "p6": make_publication(p2, date(2030, 4, 1), time(0, 30), channel=facebook),
        "p7": make_publication(p2, date(2030, 3, 3), time(23, 30), channel=facebook),
        "p8": make_publication(p3, date(2030, 3, 23), channel=nettside, all_day=True),
        "p9": make_publication(p4, date(2030, 3, 20), time(10), channel=facebook),
        "p10": make_publication(p5, date(2030, 3, 21), time(10), channel=nettside),
        "p11": make_publication(p6, date(2030, 3, 27), time(13), channel=facebook),
    }
    editing = {"actor": plan.people["editor"], "municipality": plan.municipality}
    services.mark_published(pub["p2"], "https://intranett.example/heltid", **editing)
    services.mark_published(pub["p11"], "https://facebook.example/film", **editing)
    services.cancel_publication(pub["p9"], **editing)
    db.session.commit()
    _archive(p5, plan)
    return CoveragePlan(
        plan,
        heltid,
        naervaer,
        omdomme,
        rekruttering,
        innbyggere,
        politikere,
        ansatte,
        facebook,
        intranett,
        nettside,
        {"P1": p1, "P2": p2, "P3": p3, "P4": p4, "P5": p5, "P6": p6, "P7": p7, "P8": p8},
        pub,
    )


class Tables(HTMLParser):
    """The tables of a page as rows of cell texts (th and td), by the table's id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._current: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._count = 0

    @classmethod
    def of(cls, html: str) -> dict[str, list[list[str]]]:
        parser = cls()
        parser.feed(html)
        return parser.tables

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self._count += 1
            self._current = self.tables.setdefault(
                dict(attrs).get("id") or f"table-{self._count}", []
            )
        elif tag == "tr" and self._current is not None:
            self._current.append([])
        elif tag in ("td", "th") and self._current is not None:
            self._cell = []

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self._cell is not None and self._current is not None:
            self._current[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._current = None

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell.append(data)
