"""The audit log page: who did what and when, for the municipality's administrators, filtered by
person, kind of object, object and dates, a page at a time or all of it as a CSV file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from flask import Flask, Response, current_app, g, render_template, request
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from planner.audit.labels import action_label, object_kinds
from planner.audit.models import AuditEvent
from planner.audit.reading import (
    NOBODY,
    AuditFilter,
    Change,
    changes_as_text,
    concerning,
    describe_change,
    describe_objects,
)
from planner.core.extensions import db
from planner.core.inputs import page_number
from planner.core.localtime import zone_of
from planner.municipalities.models import Municipality
from planner.municipalities.roles import Permission, requires
from planner.municipalities.services import (
    audit_events_after,
    audit_log_page,
    audit_people,
    names_in_events,
)
from planner.municipalities.tenancy import tenant_blueprint

bp = tenant_blueprint("audit", __name__, url_prefix="/audit")

BOM_UTF8 = "\ufeff"
#: Entries read for one piece of the export.
EXPORT_BATCH = 500
#: Cells that a spreadsheet would run as a formula start with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = (
    _l("When"),
    _l("What"),
    _l("Who"),
    _l("Kind of object"),
    _l("Object"),
    _l("Change"),
    _l("Address"),
)


def _filters(municipality: Municipality) -> tuple[AuditFilter, list[tuple[int, str]]]:
    people = audit_people(municipality)
    filters = AuditFilter.from_args(
        request.args, people={user_id for user_id, _name in people}, kinds=object_kinds()
    )
    return filters, people


@bp.route("/")
@requires(Permission.VIEW_AUDIT)
def events():
    """The audit log of the municipality, newest first, a page at a time."""
    municipality = g.municipality
    filters, people = _filters(municipality)
    page = audit_log_page(
        municipality,
        page=page_number(request.args),
        per_page=current_app.config["AUDIT_PAGE_SIZE"],
        filters=filters,
    )
    zone = zone_of(municipality)
    names = names_in_events(page.items, municipality)
    objects = describe_objects(page.items, municipality.id)
    return render_template(
        "audit/events.html",
        page=page,
        filters=filters,
        people=people,
        nobody=NOBODY,
        kinds=object_kinds(),
        action_label=action_label,
        concerning=lambda event: concerning(event, objects),
        describe_change=lambda event: describe_change(event, names, zone),
    )


@bp.route("/export.csv")
@requires(Permission.VIEW_AUDIT)
def export():
    """Every entry the filters match, as a CSV file (UTF-8 with a byte order mark, semicolons,
    as Norwegian Excel opens it), written as it is read."""
    municipality = g.municipality
    filters, _people = _filters(municipality)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    lines = _csv_lines(app, municipality.id, filters, str(get_locale()))
    return Response(
        lines,
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="audit-log-{municipality.slug}.csv"'
        },
    )


def _csv_lines(
    app: Flask, municipality_id: int, filters: AuditFilter, locale: str
) -> Iterator[bytes]:
    """The file, a batch of entries at a time. The server writes it after the request is done,
    so each batch is read in an application context of its own, opened and closed between two
    pieces of the file (none is held while the client reads), for the municipality and in the
    language of the request."""
    after: tuple[datetime, int] | None = None
    first = True
    while True:
        with app.app_context():
            municipality = db.session.get(Municipality, municipality_id)
            if municipality is None:  # deleted in between: the file ends here
                return
            g.municipality = municipality  # its time zone, for the times that names hold
            with force_locale(locale):
                text, batch = _csv_batch(municipality, filters, after, header=first)
        yield text.encode("utf-8")
        if len(batch) < EXPORT_BATCH:
            return
        first, after = False, batch[-1]


def _csv_batch(
    municipality: Municipality,
    filters: AuditFilter,
    after: tuple[datetime, int] | None,
    *,
    header: bool,
) -> tuple[str, list[tuple[datetime, int]]]:
    """One piece of the file (the header first), and the (time, id) of the entries in it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if header:
        buffer.write(BOM_UTF8)
        writer.writerow([str(label) for label in EXPORT_COLUMNS])
    zone = zone_of(municipality)
    batch = audit_events_after(municipality, filters, after=after, size=EXPORT_BATCH)
    names = names_in_events(batch, municipality)
    objects = describe_objects(batch, municipality.id, links=False)
    for event in batch:
        writer.writerow([_cell(value) for value in _export_row(event, names, objects, zone)])
    return buffer.getvalue(), [(event.created_at, event.id) for event in batch]


def _export_row(event: AuditEvent, names, objects, zone) -> list[Any]:
    about = concerning(event, objects)
    if about is None:
        name = ""
    elif about.deleted:
        name = f"{about.name} ({_l('deleted')})" if about.name else str(_l("deleted"))
    else:
        name = about.name
    changes: list[Change] = describe_change(event, names, zone)
    return [
        event.created_at.astimezone(zone).isoformat(timespec="seconds"),
        action_label(event.action),
        event.actor.name if event.actor else "",
        about.kind if about else "",
        name,
        changes_as_text(changes),
        event.address or "",
    ]


def _cell(value: Any) -> str:
    """Text a spreadsheet would run as a formula is written as text (a leading apostrophe)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
