"""The planning calendar: month, week and agenda views, the idea backlog and rescheduling."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_skeleton
from flask import abort, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from planner.calendar import services
from planner.calendar.forms import MoveForm
from planner.core.errors import DomainError, StaleVersion
from planner.core.extensions import db
from planner.core.inputs import parse_id
from planner.core.localtime import local_today, utcnow, zone_of
from planner.core.security import is_safe_next_url
from planner.core.urls import url_pattern
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import can, tenant_blueprint
from planner.posts import services as posts
from planner.posts.filters import PlanFilters
from planner.posts.models import Publication

bp = tenant_blueprint("calendar", __name__, url_prefix="/calendar")

#: Times of day on the 24-hour clock, as on the post pages: 09:00, 23:30.
CLOCK = "HH:mm"


def _day_skeleton(skeleton: str):
    """A date formatter from a CLDR skeleton, so each language orders and spells it its own way."""
    return lambda day: format_skeleton(skeleton, day, locale=get_locale())


@bp.context_processor
def calendar_formatting() -> dict:
    return {
        "format_time": format_time,
        "CLOCK": CLOCK,
        #: "mars 2026", "March 2026"
        "month_title": _day_skeleton("yMMMM"),
        #: "man. 23. mars", "Mon, March 23"
        "short_day": _day_skeleton("MMMMEEEEd"),
        "VIEWS": services.VIEWS,
        "AGENDA_WEEKS": services.AGENDA_WEEKS,
    }


def _calendar_url(view: str, day: date, filters: PlanFilters) -> str:
    """A calendar address that keeps the filters."""
    args: dict[str, Any] = {"view": view, "date": day.isoformat(), **filters.query_args()}
    return url_for("calendar.index", **args)


@bp.route("/")
@requires(Permission.VIEW)
def index():
    today = local_today(zone_of(g.municipality))
    view = services.parse_view(request.args.get("view"))
    day = services.parse_day(request.args.get("date"), today)
    filters = PlanFilters.from_args(request.args)
    now = utcnow()
    calendar = services.build_calendar(g.municipality, view, day, filters, today=today, now=now)
    here = _calendar_url(view, day, filters)
    moving = _publication_to_move(request.args.get("move"))
    args: dict[str, Any] = {"view": view, "date": day.isoformat(), **filters.query_args()}
    return render_template(
        "calendar/index.html",
        calendar=calendar,
        day=day,
        filters=filters,
        filter_options=services.FilterOptions.of(g.municipality),
        backlog=services.idea_backlog(g.municipality, filters, now=now),
        now=now,
        here=here,
        calendar_url=lambda view=view, day=day: _calendar_url(view, day, filters),
        links={
            "post": url_pattern("posts.show", "post_id"),
            "move": url_pattern("calendar.move_publication", "publication_id"),
            "reschedule": url_pattern("posts.edit_publication", "publication_id", next=here),
            #: This calendar with the form that moves one publication to another day.
            "move_form": url_pattern("calendar.index", "move", **args),
        },
        moving=moving,
        #: The local day it is on now, the move form's first value.
        moving_day=moving.publish_at.astimezone(zone_of(g.municipality)).date() if moving else None,
        undo=_pending_undo(),
    )


def _publication_to_move(value: str | None) -> Publication | None:
    """The publication `?move=<id>` asks to move without the script: one of this municipality's
    that may be moved, for someone who may move it; otherwise None (and no form)."""
    publication_id = parse_id(value)
    if publication_id is None or not can(Permission.EDIT_POSTS):
        return None
    publication = posts.get_publication(g.municipality, publication_id)
    return publication if publication is not None and services.is_movable(publication) else None


#: The session key of the Undo a plain form move offers on the page it goes back to.
UNDO_KEY = "calendar_undo"


def _pending_undo() -> tuple[services.MoveUndo, Publication] | None:
    """The Undo of the last plain form move, shown once: (undo, publication), or None.

    Left in the session for another municipality's calendar; dropped once shown, and when the
    publication is gone or changed since (an Undo then would be refused anyway).
    """
    if UNDO_KEY not in session:
        return None
    undo = services.MoveUndo.from_session(session[UNDO_KEY])
    if undo is not None and undo.municipality_id != g.municipality.id:
        return None
    del session[UNDO_KEY]
    if undo is None or not can(Permission.EDIT_POSTS):
        return None
    publication = posts.get_publication(g.municipality, undo.publication_id)
    if publication is None or publication.version != undo.version:
        return None
    return undo, publication


# --- Rescheduling --------------------------------------------------------------------------------


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _answer(ok: bool, message: str, status: int, back: str, **data):
    """JSON for a fetch from the page's script; a redirect with a flash for a plain form."""
    if _wants_json():
        return jsonify({"ok": ok, "message": message, **data}), status
    flash(message, "success" if ok else "danger")
    return redirect(back)


def _moved_message(publication, day: date, *, undone: bool = False) -> str:
    names = {"title": publication.post.title, "channel": publication.channel.name}
    when = format_date(day, "full")
    if undone:
        if publication.all_day:
            return _("“%(title)s” on %(channel)s is back on %(day)s, all day.", day=when, **names)
        return _(
            "“%(title)s” on %(channel)s is back on %(day)s at %(time)s.",
            day=when,
            time=format_time(publication.publish_at, CLOCK),
            **names,
        )
    if publication.all_day:
        return _("“%(title)s” on %(channel)s is moved to %(day)s, all day.", day=when, **names)
    return _(
        "“%(title)s” on %(channel)s is moved to %(day)s at %(time)s.",
        day=when,
        time=format_time(publication.publish_at, CLOCK),
        **names,
    )


@bp.route("/publications/<int:publication_id>/move", methods=["POST"])
@requires(Permission.EDIT_POSTS)
def move_publication(publication_id: int):
    """Move a publication to another day, keeping its time of day: from a drag (JSON), the
    calendar's move form, or an Undo (a move back to the day it came from, `undo=1`)."""
    publication = posts.get_publication(g.municipality, publication_id)
    if publication is None:
        abort(404)
    form = MoveForm()
    target = form.next.data if is_safe_next_url(form.next.data) else None
    if not form.validate():
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _answer(False, message, 400, target or url_for("calendar.index"))
    day = form.day.data
    if day is None:  # never after validate (the date is required); narrows the type
        abort(400)
    undoing = form.undo.data == "1"
    back = target or url_for("calendar.index", view=services.WEEK, date=day.isoformat())
    before = publication.publish_at
    try:
        posts.move_publication(
            publication,
            day,
            actor=current_user,
            municipality=g.municipality,
            expected_version=form.version.data,
        )
        db.session.commit()
    except (StaleVersion, StaleDataError):
        db.session.rollback()
        if undoing:
            message = _(
                "Someone else changed the publication after your move, so it was not moved back."
                " Reload to see where it is now."
            )
        else:
            message = _("Someone else changed the publication just now. Reload and try again.")
        return _answer(False, message, 409, back)
    except DomainError as refused:  # NotAllowed: cancelled, published, or the post is archived
        db.session.rollback()
        return _answer(False, str(refused), refused.status_code, back)
    undo = (
        None
        if undoing or publication.publish_at == before
        else services.undo_of_move(publication, before, g.municipality)
    )
    message = _moved_message(publication, day, undone=undoing)
    if undo is not None:
        message = f"{message} {_('Undo is available.')}"
        if not _wants_json():
            session[UNDO_KEY] = undo.as_session()
    local = publication.publish_at.astimezone(zone_of(g.municipality))
    return _answer(
        True,
        message,
        200,
        back,
        day=local.date().isoformat(),
        version=publication.version,
        time=None if publication.all_day else local.time().isoformat(timespec="minutes"),
        undo=None if undo is None else {"day": undo.day.isoformat(), "version": undo.version},
    )
