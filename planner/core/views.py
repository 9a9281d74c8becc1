"""Pages outside any municipality's data: the language switch, /healthz, the error pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from gunicorn.http.errors import NoMoreData, ParseException
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import BadRequest, HTTPException

from planner.core import status
from planner.core.extensions import db
from planner.core.forms import LanguageForm
from planner.core.once import SubmittedForm
from planner.core.security import is_safe_next_url
from planner.core.signals import language_chosen

bp = Blueprint("core", __name__)

ERROR_TEMPLATES = {400, 403, 404, 405, 413, 429, 500}


@bp.route("/language", methods=["POST"])
def language():
    """Switch the interface language: kept on the account, or in the session before sign-in."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        language_chosen.send(
            user=current_user._get_current_object(),
            locale=form.locale.data,
        )
        db.session.commit()
    session["locale"] = form.locale.data
    target = form.next.data if is_safe_next_url(form.next.data) else url_for("home.index")
    return redirect(target)


@bp.route("/healthz")
def health():
    """Whether the app can serve: the database answers and takes writes.

    The write is a DELETE that matches no row, rolled back: both databases refuse it when they
    cannot write (a read-only SQLite file, a read-only PostgreSQL transaction or standby), where
    a SELECT would still answer. 503 names the part that is unhealthy.
    """
    try:
        db.session.execute(db.select(db.literal(1)))
    except DBAPIError:
        db.session.rollback()
        return {"status": "unhealthy", "database": "unreachable"}, 503
    try:
        db.session.execute(sa.delete(SubmittedForm).where(sa.false()))
    except DBAPIError:
        return {"status": "unhealthy", "database": "read-only"}, 503
    finally:
        db.session.rollback()
    return {"status": "ok", "database": "ok", **status.health_parts()}


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    return render_template("errors/csrf.html"), 400


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    template = (
        f"errors/{error.code}.html" if error.code in ERROR_TEMPLATES else "errors/generic.html"
    )
    response = error.get_response()
    response.data = render_template(template, error=error)
    response.content_type = "text/html; charset=utf-8"
    return response


@bp.app_errorhandler(ParseException)
@bp.app_errorhandler(NoMoreData)
def broken_request_body(error: Exception):
    """A body whose framing is broken (a bad chunk size, a missing chunk terminator, a body cut
    short): gunicorn reads a chunked body as the app asks for it, so the error reaches the app
    when a form is read. It is the client's request that is wrong: 400, not 500."""
    db.session.rollback()
    return http_error(BadRequest())


@bp.app_errorhandler(500)
def server_error(error):
    db.session.rollback()
    return render_template("errors/500.html"), 500


def language_form_for(path: str) -> LanguageForm:
    form = LanguageForm(formdata=None)
    form.next.data = path
    return form


@bp.app_context_processor
def inject_shell():
    """What the layout needs on every page: the language form."""
    return {"language_form": language_form_for(request.full_path.rstrip("?"))}
