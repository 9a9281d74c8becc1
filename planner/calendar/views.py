"""The planning calendar: month, week and agenda views, the idea backlog and rescheduling."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_skeleton
from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from planner.calendar import services
from planner.calendar.forms import MoveForm
from planner.core.errors import DomainError, StaleVersion
from planner.core.extensions import db
from planner.core.localtime import local_today, utcnow, zone_of
from planner.core.security import is_safe_next_url
from planner.core.urls import url_pattern
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint
from planner.posts import services as posts
from planner.posts.filters import PlanFilters

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
        },
    )


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


def _moved_message(publication, day: date) -> str:
    names = {"title": publication.post.title, "channel": publication.channel.name}
    when = format_date(day, "full")
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
    back = target or url_for("calendar.index", view=services.WEEK, date=day.isoformat())
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
        message = _("Someone else changed the publication just now. Reload and try again.")
        return _answer(False, message, 409, back)
    except DomainError as refused:  # NotAllowed: cancelled, published, or the post is archived
        db.session.rollback()
        return _answer(False, str(refused), refused.status_code, back)
    local = publication.publish_at.astimezone(zone_of(g.municipality))
    return _answer(
        True,
        _moved_message(publication, day),
        200,
        back,
        day=local.date().isoformat(),
        version=publication.version,
        time=None if publication.all_day else local.time().isoformat(timespec="minutes"),
    )
