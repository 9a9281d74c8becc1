"""The gaps of a plan, in the order a manager should act on them, and how each is put in words.

Order (most urgent first), used on the report and for the three gaps on the municipality's home:

1. overdue publications: planned, past their time, and still not approved: going wrong now;
2. goals with no publication in the period: the plan does not tell that part of the strategy;
3. untold results: results that improved and that no approved story tells yet;
4. audiences with no publication in the period;
5. channels below their agreed cadence in the period;
6. posts waiting for review longer than COVERAGE_REVIEW_DAYS;
7. goals reaching only internal or only external readers in the period;
8. approved stories citing a result that has been measured again since.

Gaps 2, 4, 5 and 7 depend on the period and the status filter; the others are about now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from flask_babel import LazyString, format_date, format_datetime, format_decimal, ngettext
from flask_babel import lazy_gettext as _l

from planner.coverage import periods
from planner.coverage.queries import OutdatedCitation
from planner.posts.deadlines import ReviewDeadline
from planner.posts.models import Post, Publication
from planner.results.models import Indicator
from planner.results.services import IndicatorSummary
from planner.strategy.models import CADENCE_LABELS, Audience, CadencePeriod, Channel, Goal, Reach

OVERDUE = "overdue"
GOAL_WITHOUT = "goals"
UNTOLD = "untold"
AUDIENCE_WITHOUT = "audiences"
CADENCE = "cadence"
REVIEW = "review"
ONE_SIDED = "one-sided"
OUTDATED = "outdated"
ORDER = (OVERDUE, GOAL_WITHOUT, UNTOLD, AUDIENCE_WITHOUT, CADENCE, REVIEW, ONE_SIDED, OUTDATED)
#: The gaps that count publications in the period (the others are about now).
PERIOD_GAPS = frozenset({GOAL_WITHOUT, AUDIENCE_WITHOUT, CADENCE, ONE_SIDED})

TITLES: dict[str, LazyString] = {
    OVERDUE: _l("Overdue publications"),
    GOAL_WITHOUT: _l("Goals with no publication"),
    UNTOLD: _l("Untold results"),
    AUDIENCE_WITHOUT: _l("Audiences with no publication"),
    CADENCE: _l("Channels below their cadence"),
    REVIEW: _l("Posts waiting long for review"),
    ONE_SIDED: _l("Goals reaching only one side"),
    OUTDATED: _l("Stories citing a result updated since"),
}

#: A moment in a sentence, as on the post pages: "Mon 23. Mar 2026 09:00".
MOMENT = "EEE d. MMM y HH:mm"

#: "… this month": the period in a sentence.
WHEN: dict[str, LazyString] = {
    periods.NEXT_WEEKS: _l("in the next 4 weeks"),
    periods.MONTH: _l("this month"),
    periods.QUARTER: _l("this quarter"),
    periods.STRATEGY: _l("in the strategy period"),
    periods.CUSTOM: _l("in the period"),
}


#: What a gap is about, by kind: OVERDUE a Publication, GOAL_WITHOUT and ONE_SIDED a Goal,
#: UNTOLD an Indicator, AUDIENCE_WITHOUT an Audience, CADENCE a Channel, REVIEW a Post, OUTDATED a
#: citation.
Subject = Goal | Audience | Channel | Indicator | Post | Publication | OutdatedCitation

#: Query arguments of a new post: ids by field ("goal": [3], "channel": 5).
Prefill = dict[str, int | list[int]]


@dataclass(frozen=True)
class Gap:
    kind: str
    #: What the gap is about (see Subject).
    subject: Subject
    #: Publications counted, where the gap is about a number.
    count: int | None = None
    #: The cadence target in the period.
    target: int | None = None
    #: ONE_SIDED: the side the goal reaches (internal or external), None for neither.
    side: str | None = None
    #: REVIEW: days in review; UNTOLD: the indicator's summary.
    days: int | None = None
    summary: IndicatorSummary | None = None
    #: REVIEW: the post's approval deadline, when it has a planned publication (the page marks
    #: one that has passed).
    deadline: ReviewDeadline | None = None
    #: Query arguments of the new post that fills the gap: goal, audience, indicator, channel.
    prefill: Prefill = field(default_factory=dict)


@dataclass
class GapGroup:
    kind: str
    gaps: list[Gap]
    #: How many there are in all; lists of posts and publications show only the first ones.
    total: int

    @property
    def title(self) -> LazyString:
        return TITLES[self.kind]

    @property
    def more(self) -> int:
        return self.total - len(self.gaps)

    @property
    def depends_on_period(self) -> bool:
        return self.kind in PERIOD_GAPS


def ordered(groups: dict[str, GapGroup]) -> list[GapGroup]:
    return [groups[kind] for kind in ORDER if kind in groups]


def most_important(groups: list[GapGroup], count: int = 3) -> list[GapGroup]:
    """The first `count` kinds of gap that have any, in the order of ORDER."""
    return [group for group in groups if group.total][:count]


# --- Words ----------------------------------------------------------------------------------------


def _number(value) -> str:
    return format_decimal(value)


def subject_name(gap: Gap) -> str:
    """The name of what the gap is about, for lists and the CSV file."""
    subject = gap.subject
    if gap.kind == OVERDUE:
        return cast(Publication, subject).post.title
    if gap.kind in (REVIEW,):
        return cast(Post, subject).title
    if gap.kind == OUTDATED:
        return cast(OutdatedCitation, subject).post.title
    for attribute in ("title", "name"):
        if hasattr(subject, attribute):
            return getattr(subject, attribute)
    return str(subject)


def describe(gap: Gap, period_kind: str) -> str:
    """The gap in one sentence, the same on the page and in the CSV file."""
    when = WHEN.get(period_kind, WHEN[periods.CUSTOM])
    if gap.kind == GOAL_WITHOUT:
        return str(_l("No publication serves this goal %(when)s.", when=when))
    if gap.kind == AUDIENCE_WITHOUT:
        return str(_l("No publication is for this audience %(when)s.", when=when))
    if gap.kind == CADENCE:
        channel = cast(Channel, gap.subject)
        cadence = CADENCE_LABELS[CadencePeriod(channel.cadence_period)]
        return str(
            _l(
                "%(channel)s: %(count)s of %(target)s %(when)s (agreed: %(agreed)s %(cadence)s).",
                channel=channel.name,
                count=_number(gap.count),
                target=_number(gap.target),
                when=when,
                agreed=_number(channel.cadence_count),
                cadence=cadence,
            )
        )
    if gap.kind == ONE_SIDED:
        if gap.side == Reach.INTERNAL.value:
            return ngettext(
                "%(num)s publication reaches internal readers %(when)s; none reach external "
                "readers.",
                "%(num)s publications reach internal readers %(when)s; none reach external "
                "readers.",
                gap.count,
                when=when,
            )
        if gap.side == Reach.EXTERNAL.value:
            return ngettext(
                "%(num)s publication reaches external readers %(when)s; none reach internal "
                "readers.",
                "%(num)s publications reach external readers %(when)s; none reach internal "
                "readers.",
                gap.count,
                when=when,
            )
        return ngettext(
            "Its %(num)s publication %(when)s is on a channel that does not reach its audiences.",
            "None of its %(num)s publications %(when)s is on a channel that reaches its audiences.",
            gap.count,
            when=when,
        )
    if gap.kind == UNTOLD:
        indicator = cast(Indicator, gap.subject)
        # An untold result is one measured better than its baseline: it has a latest measurement.
        assert gap.summary is not None and gap.summary.latest is not None
        latest = gap.summary.latest
        return str(
            _l(
                "From %(baseline)s to %(latest)s %(unit)s (measured %(date)s): better than the "
                "baseline, and no approved story tells it yet.",
                baseline=_number(indicator.baseline_value.normalize()),
                latest=_number(latest.value.normalize()),
                unit=indicator.unit,
                date=format_date(latest.measured_on, "medium"),
            )
        )
    if gap.kind == OVERDUE:
        publication = cast(Publication, gap.subject)
        if publication.all_day:
            when = format_date(publication.publish_at, "medium")
        else:
            when = format_datetime(publication.publish_at, MOMENT)
        return str(
            _l(
                "On %(channel)s, due %(when)s; the post is not approved.",
                channel=publication.channel.name,
                when=when,
            )
        )
    if gap.kind == REVIEW:
        return ngettext(
            "Submitted %(when)s: in review for %(num)s day.",
            "Submitted %(when)s: in review for %(num)s days.",
            gap.days,
            when=format_datetime(cast(Post, gap.subject).submitted_at, MOMENT),
        )
    if gap.kind == OUTDATED:
        citation = cast(OutdatedCitation, gap.subject)
        cited = (
            format_date(citation.cited_on, "medium")
            if citation.cited_on
            else str(_l("no measurement"))
        )
        return str(
            _l(
                "Cites %(indicator)s as measured %(cited)s; a newer measurement is from "
                "%(latest)s.",
                indicator=citation.indicator.name,
                cited=cited,
                latest=format_date(citation.latest_on, "medium"),
            )
        )
    raise ValueError(gap.kind)
