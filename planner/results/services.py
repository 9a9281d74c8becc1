"""The rules of programme results: projects, indicators, measurements, and what they add up to.

Services take explicit arguments, flush and never commit; every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from planner.audit.changes import create_object, ensure_unique, snapshot, update_object
from planner.audit.services import record_event
from planner.core.errors import FieldError, NotAllowed, check_version
from planner.core.extensions import db
from planner.municipalities.models import Municipality
from planner.results.csv_io import CsvRow
from planner.results.models import (
    Direction,
    Indicator,
    Measurement,
    Project,
    indicator_goal,
    project_goal,
)
from planner.strategy.models import Goal
from planner.strategy.services import goals_of

PROJECT_FIELDS = ("name", "description", "theme", "period_start", "period_end", "goals")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_date",
    "source",
    "project",
    "goals",
)
MEASUREMENT_FIELDS = ("measured_on", "value", "note")


# --- What refers to what, so that archive-instead-of-delete works (init_app registers these) ---


def count_indicators_of_project(project: Project) -> sa.Select:
    return sa.select(sa.func.count(Indicator.id)).where(Indicator.project_id == project.id)


def count_measurements_of_indicator(indicator: Indicator) -> sa.Select:
    return sa.select(sa.func.count(Measurement.id)).where(Measurement.indicator_id == indicator.id)


def count_projects_of_goal(goal: Goal) -> sa.Select:
    return (
        sa.select(sa.func.count())
        .select_from(project_goal)
        .where(project_goal.c.goal_id == goal.id)
    )


def count_indicators_of_goal(goal: Goal) -> sa.Select:
    return (
        sa.select(sa.func.count())
        .select_from(indicator_goal)
        .where(indicator_goal.c.goal_id == goal.id)
    )


# --- Errors with more to them than a message ---------------------------------------------------


class DuplicateMeasurement(FieldError):
    """The indicator has a measurement for this date already (the page links to it)."""

    def __init__(self, existing: Measurement) -> None:
        super().__init__(
            "measured_on", _l("There is already a measurement for this date; edit it instead.")
        )
        self.existing = existing


class IndicatorArchived(NotAllowed):
    """An archived indicator keeps its measurements as they are."""

    def __init__(self) -> None:
        super().__init__(_l("The indicator is archived. Restore it to change its measurements."))


# --- Pure rules: what the numbers say -----------------------------------------------------------

ONE_DECIMAL = Decimal("0.1")


def latest_measurement(measurements: Iterable[Measurement]) -> Measurement | None:
    """The measurement with the latest date, or None when there is none."""
    return max(measurements, key=lambda m: m.measured_on, default=None)


def change(baseline: Decimal, latest: Decimal | None) -> Decimal | None:
    """How far the value has moved from the baseline, in the indicator's unit."""
    if latest is None:
        return None
    return Decimal(latest) - Decimal(baseline)


def change_percent(baseline: Decimal, latest: Decimal | None) -> Decimal | None:
    """The change relative to the baseline, in per cent, to one decimal; None from a zero."""
    if latest is None or Decimal(baseline) == 0:
        return None
    ratio = (Decimal(latest) - Decimal(baseline)) / abs(Decimal(baseline)) * 100
    return ratio.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def progress_percent(
    baseline: Decimal, target: Decimal | None, latest: Decimal | None
) -> Decimal | None:
    """How much of the way from baseline to target is done, in per cent, to one decimal.

    100 means the target is reached; above 100 it is passed; below 0 the value went the wrong way.
    None without a latest value or a target, or when the target equals the baseline.
    """
    if latest is None or target is None or Decimal(target) == Decimal(baseline):
        return None
    ratio = (Decimal(latest) - Decimal(baseline)) / (Decimal(target) - Decimal(baseline)) * 100
    return ratio.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def target_reached(baseline: Decimal, target: Decimal | None, latest: Decimal | None) -> bool:
    """Whether the latest value has come as far as the target, in the target's direction."""
    if latest is None or target is None or Decimal(target) == Decimal(baseline):
        return False
    towards = 1 if Decimal(target) > Decimal(baseline) else -1
    return (Decimal(latest) - Decimal(target)) * towards >= 0


def improved(direction: str, baseline: Decimal, latest: Decimal | None) -> bool | None:
    """True if the value moved the better way since the baseline, False if worse, else None."""
    if latest is None or Decimal(latest) == Decimal(baseline):
        return None
    went_down = Decimal(latest) < Decimal(baseline)
    return went_down if direction == Direction.LOWER else not went_down


@dataclass(frozen=True)
class IndicatorSummary:
    latest: Measurement | None
    change: Decimal | None
    change_percent: Decimal | None
    progress_percent: Decimal | None
    improved: bool | None

    #: Whether the latest value is at or beyond the target (from the values, not the rounding).
    target_reached: bool = False


def summarise(indicator: Indicator, latest: Measurement | None) -> IndicatorSummary:
    value = latest.value if latest is not None else None
    return IndicatorSummary(
        latest=latest,
        change=change(indicator.baseline_value, value),
        change_percent=change_percent(indicator.baseline_value, value),
        progress_percent=progress_percent(indicator.baseline_value, indicator.target_value, value),
        improved=improved(indicator.direction, indicator.baseline_value, value),
        target_reached=target_reached(indicator.baseline_value, indicator.target_value, value),
    )


# --- Reading ------------------------------------------------------------------------------------


def get_project(municipality: Municipality, project_id: int) -> Project | None:
    return db.session.scalar(
        sa.select(Project)
        .where(Project.id == project_id, Project.municipality_id == municipality.id)
        .options(selectinload(Project.goals), selectinload(Project.indicators))
    )


def get_indicator(municipality: Municipality, indicator_id: int) -> Indicator | None:
    return db.session.scalar(
        sa.select(Indicator)
        .where(Indicator.id == indicator_id, Indicator.municipality_id == municipality.id)
        .options(
            selectinload(Indicator.measurements),
            selectinload(Indicator.goals),
            joinedload(Indicator.project),
        )
    )


def find_indicator(municipality: Municipality, name_or_id: str) -> Indicator | None:
    """An indicator by its id or its name (ignoring case), for the command line."""
    reference = name_or_id.strip()
    if reference.isdigit():
        found = get_indicator(municipality, int(reference))
        if found is not None:
            return found
    return db.session.scalar(
        sa.select(Indicator).where(
            Indicator.municipality_id == municipality.id,
            sa.func.lower(Indicator.name) == reference.lower(),
        )
    )


def get_measurement(indicator: Indicator, measurement_id: int) -> Measurement | None:
    return db.session.scalar(
        sa.select(Measurement).where(
            Measurement.id == measurement_id, Measurement.indicator_id == indicator.id
        )
    )


def latest_measurements(*conditions) -> dict[int, Measurement]:
    """The latest measurement of each indicator matching the conditions, in one query."""
    newest = (
        sa.select(
            Measurement.indicator_id.label("indicator_id"),
            sa.func.max(Measurement.measured_on).label("measured_on"),
        )
        .join(Indicator, Indicator.id == Measurement.indicator_id)
        .where(*conditions)
        .group_by(Measurement.indicator_id)
        .subquery()
    )
    found = db.session.scalars(
        sa.select(Measurement).join(
            newest,
            sa.and_(
                Measurement.indicator_id == newest.c.indicator_id,
                Measurement.measured_on == newest.c.measured_on,
            ),
        )
    )
    return {measurement.indicator_id: measurement for measurement in found}


@dataclass
class ResultsOverview:
    projects: list[Project] = field(default_factory=list)
    archived_projects: list[Project] = field(default_factory=list)
    #: Indicators that belong to no project.
    loose_indicators: list[Indicator] = field(default_factory=list)
    archived_indicators: list[Indicator] = field(default_factory=list)
    summaries: dict[int, IndicatorSummary] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (
            self.projects
            or self.archived_projects
            or self.loose_indicators
            or self.archived_indicators
        )

    def active_indicators(self, project: Project) -> list[Indicator]:
        return [indicator for indicator in project.indicators if not indicator.archived]


def results_overview(municipality: Municipality) -> ResultsOverview:
    """Projects with their indicators, indicators without a project, and the archived ones.

    A fixed number of queries however many there are: projects with their indicators, the
    indicators without a project, and the latest measurement of every indicator.
    """
    projects = db.session.scalars(
        sa.select(Project)
        .where(Project.municipality_id == municipality.id)
        .options(selectinload(Project.indicators))
        .order_by(sa.func.lower(Project.name))
    ).all()
    loose = db.session.scalars(
        sa.select(Indicator)
        .where(Indicator.municipality_id == municipality.id, Indicator.project_id.is_(None))
        .order_by(sa.func.lower(Indicator.name))
    ).all()
    latest = latest_measurements(Indicator.municipality_id == municipality.id)
    overview = ResultsOverview(
        projects=[p for p in projects if not p.archived],
        archived_projects=[p for p in projects if p.archived],
        loose_indicators=[i for i in loose if not i.archived],
        archived_indicators=sorted(
            [i for p in projects if not p.archived for i in p.indicators if i.archived]
            + [i for i in loose if i.archived],
            key=lambda i: i.name.lower(),
        ),
    )
    for indicator in [*loose, *(i for p in projects for i in p.indicators)]:
        overview.summaries[indicator.id] = summarise(indicator, latest.get(indicator.id))
    return overview


def project_summaries(project: Project) -> dict[int, IndicatorSummary]:
    """Summaries of a project's indicators (loaded with it), with one more query."""
    latest = latest_measurements(Indicator.project_id == project.id)
    return {i.id: summarise(i, latest.get(i.id)) for i in project.indicators}


@dataclass
class GoalResults:
    """The active indicators linked to each goal, with their summaries."""

    by_goal: dict[int, list[Indicator]] = field(default_factory=dict)
    summaries: dict[int, IndicatorSummary] = field(default_factory=dict)


def goal_results(goals: Sequence[Goal]) -> GoalResults:
    """Indicators of the goals, with the latest measurement of each, in two queries."""
    results = GoalResults()
    goal_ids = [goal.id for goal in goals]
    if not goal_ids:
        return results
    rows = db.session.execute(
        sa.select(indicator_goal.c.goal_id, Indicator)
        .join(Indicator, Indicator.id == indicator_goal.c.indicator_id)
        .where(indicator_goal.c.goal_id.in_(goal_ids), Indicator.archived.is_(False))
        .order_by(sa.func.lower(Indicator.name))
    ).all()
    latest = latest_measurements(
        Indicator.id.in_(
            sa.select(indicator_goal.c.indicator_id).where(indicator_goal.c.goal_id.in_(goal_ids))
        )
    )
    for goal_id, indicator in rows:
        results.by_goal.setdefault(goal_id, []).append(indicator)
        results.summaries[indicator.id] = summarise(indicator, latest.get(indicator.id))
    return results


def goal_options(municipality: Municipality, linked: Sequence[Goal] = ()) -> list[Goal]:
    """Goals to offer: those in use (as the strategy lists them), and any goal already linked."""
    offered = goals_of(municipality)
    offered_ids = {goal.id for goal in offered}
    return offered + [goal for goal in linked if goal.id not in offered_ids]


def project_options(municipality: Municipality, current: Project | None = None) -> list[Project]:
    """Projects to offer for an indicator: those in use, and its current one even if archived."""
    current_id = current.id if current is not None else None
    return list(
        db.session.scalars(
            sa.select(Project)
            .where(
                Project.municipality_id == municipality.id,
                sa.or_(Project.archived.is_(False), Project.id == current_id),
            )
            .order_by(sa.func.lower(Project.name))
        )
    )


# --- Projects and indicators --------------------------------------------------------------------


def _goals(municipality: Municipality, ids: Iterable[int]) -> list[Goal]:
    wanted = set(ids or ())
    if not wanted:
        return []
    found = list(
        db.session.scalars(
            sa.select(Goal)
            .where(Goal.municipality_id == municipality.id, Goal.id.in_(wanted))
            .order_by(Goal.position, Goal.id)
        )
    )
    if len(found) != len(wanted):
        raise FieldError("goals", _l("Choose only among the goals shown."))
    return found


def _project_values(municipality: Municipality, values: dict, current=None) -> dict:
    values = dict(values)
    values["name"] = values["name"].strip()
    if values.get("period_end") and values["period_end"] < values["period_start"]:
        raise FieldError("period_end", _l("The period cannot end before it starts."))
    ensure_unique(
        Project, "name", values["name"], scope={"municipality_id": municipality.id}, exclude=current
    )
    if "goals" in values:
        values["goals"] = _goals(municipality, values["goals"])
    return values


def create_project(municipality: Municipality, values: dict, *, actor) -> Project:
    """Create a project; raise NotUnique if the name is taken, FieldError on a broken rule."""
    values = _project_values(municipality, values)
    return create_object(
        Project, values, action="project.created", actor=actor, municipality=municipality
    )


def update_project(
    project: Project,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Project:
    """Change a project; StaleVersion if it was saved after `expected_version`."""
    check_version(project, expected_version)
    values = _project_values(municipality, values, current=project)
    return update_object(
        project,
        values,
        action="project.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )


def _indicator_values(municipality: Municipality, values: dict, current=None) -> dict:
    values = dict(values)
    values["name"] = values["name"].strip()
    target_date, baseline_date = values.get("target_date"), values.get("baseline_date")
    if target_date and baseline_date and target_date <= baseline_date:
        raise FieldError("target_date", _l("The target date must come after the baseline date."))
    ensure_unique(
        Indicator,
        "name",
        values["name"],
        scope={"municipality_id": municipality.id},
        exclude=current,
    )
    if "project_id" in values:
        project_id = values.pop("project_id")
        project = get_project(municipality, project_id) if project_id else None
        if project_id and project is None:
            raise FieldError("project_id", _l("Choose one of the projects shown."))
        values["project"] = project
    if "goals" in values:
        values["goals"] = _goals(municipality, values["goals"])
    return values


def create_indicator(municipality: Municipality, values: dict, *, actor) -> Indicator:
    """Create an indicator; raise NotUnique if the name is taken, FieldError on a broken rule."""
    values = _indicator_values(municipality, values)
    return create_object(
        Indicator, values, action="indicator.created", actor=actor, municipality=municipality
    )


def update_indicator(
    indicator: Indicator,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Indicator:
    """Change an indicator; StaleVersion if it was saved after `expected_version`."""
    check_version(indicator, expected_version)
    values = _indicator_values(municipality, values, current=indicator)
    return update_object(
        indicator,
        values,
        action="indicator.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )


# --- Measurements -------------------------------------------------------------------------------


def _measurement_on(indicator: Indicator, measured_on: date) -> Measurement | None:
    return db.session.scalar(
        sa.select(Measurement).where(
            Measurement.indicator_id == indicator.id, Measurement.measured_on == measured_on
        )
    )


def check_open(indicator: Indicator) -> None:
    """Refuse changes to the measurements of an archived indicator (IndicatorArchived)."""
    if indicator.archived:
        raise IndicatorArchived()


def add_measurement(
    indicator: Indicator, values: dict, *, actor, municipality: Municipality
) -> Measurement:
    """Add a measurement; raise DuplicateMeasurement if the date has one already."""
    check_open(indicator)
    existing = _measurement_on(indicator, values["measured_on"])
    if existing is not None:
        raise DuplicateMeasurement(existing)
    measurement = Measurement(
        indicator=indicator,
        measured_on=values["measured_on"],
        value=values["value"],
        note=(values.get("note") or "").strip(),
    )
    db.session.add(measurement)
    db.session.flush()
    record_event(
        "measurement.added",
        actor=actor,
        municipality=municipality,
        obj=measurement,
        after={"indicator": indicator.id, **snapshot(measurement, MEASUREMENT_FIELDS)},
    )
    return measurement


def update_measurement(
    measurement: Measurement,
    values: dict,
    *,
    actor,
    municipality: Municipality,
    expected_version: int | str | None,
) -> Measurement:
    """Change a measurement; raise DuplicateMeasurement if its new date has another one."""
    indicator = measurement.indicator
    check_open(indicator)
    check_version(measurement, expected_version)
    existing = _measurement_on(indicator, values["measured_on"])
    if existing is not None and existing.id != measurement.id:
        raise DuplicateMeasurement(existing)
    values = {**values, "note": (values.get("note") or "").strip()}
    return update_object(
        measurement,
        values,
        action="measurement.updated",
        actor=actor,
        municipality=municipality,
        expected_version=expected_version,
    )


def delete_measurement(measurement: Measurement, *, actor, municipality: Municipality) -> None:
    check_open(measurement.indicator)
    record_event(
        "measurement.deleted",
        actor=actor,
        municipality=municipality,
        obj=measurement,
        before={
            "indicator": measurement.indicator_id,
            **snapshot(measurement, MEASUREMENT_FIELDS),
        },
    )
    db.session.delete(measurement)
    db.session.flush()


@dataclass(frozen=True)
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def import_measurements(
    indicator: Indicator,
    rows: Iterable[CsvRow],
    *,
    actor,
    municipality: Municipality,
    source: str = "",
) -> ImportCounts:
    """Save checked rows: add new dates, update dates that have a measurement; audit once.

    `rows` is iterated once (the command line wraps it in a progress bar).
    """
    check_open(indicator)
    existing = {
        m.measured_on: m
        for m in db.session.scalars(
            sa.select(Measurement).where(Measurement.indicator_id == indicator.id)
        )
    }
    added = updated = unchanged = 0
    #: What the import changed, by date, for the audit log: "value · note".
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for row in rows:
        measurement = existing.get(row.measured_on)
        key = row.measured_on.isoformat()
        if measurement is None:
            after[key] = _audit_text(row.value, row.note or "")
            measurement = Measurement(
                indicator=indicator,
                measured_on=row.measured_on,
                value=row.value,
                note=row.note or "",
            )
            db.session.add(measurement)
            existing[row.measured_on] = measurement
            added += 1
            continue
        note = measurement.note if row.note is None else row.note
        if Decimal(measurement.value) == row.value and measurement.note == note:
            unchanged += 1
            continue
        before[key] = _audit_text(measurement.value, measurement.note)
        after[key] = _audit_text(row.value, note)
        measurement.value, measurement.note = row.value, note
        updated += 1
    db.session.flush()
    counts = ImportCounts(added=added, updated=updated, unchanged=unchanged)
    record_event(
        "measurements.imported",
        actor=actor,
        municipality=municipality,
        obj=indicator,
        before=before,
        after={
            "added": added,
            "updated": updated,
            "unchanged": unchanged,
            "file": source,
            **after,
        },
    )
    return counts


def _audit_text(value: Decimal, note: str) -> str:
    number = format(Decimal(value).normalize(), "f")
    return f"{number} · {note}" if note else number
