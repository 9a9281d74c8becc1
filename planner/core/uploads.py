"""An upload over the size limit comes back to its own form, with the error at the file field.

MAX_CONTENT_LENGTH (2 MB) refuses a larger request body before anything reads it, with
RequestEntityTooLarge (413). Left alone, that is the generic 413 page, and the person loses the
form they were on. A view that takes a file registers, with `answers_oversized_upload`, the
function that shows its form again with a message at the file field; every other page of the
blueprint, and every other blueprint, keeps the generic 413 page.

The body is never read, so neither its CSRF token nor its other fields are known: the function
gets the message and the view's arguments, shows a form filled from nothing and must not change
anything. Before it runs, the blueprint's URL-value preprocessors do what they do before the view
(for a tenant page: load the municipality and check the view's permission); what they refuse
gets the page it would have had.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, current_app, has_request_context, request
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from planner.core.views import http_error

#: Shows an upload form again with the message at its file field, given the message and the
#: view's arguments (as the view gets them); answers 413.
OversizedPage = Callable[..., ResponseReturnValue]

#: Endpoint ("results.import_view") → the page it answers an oversized upload with.
_pages: dict[str, OversizedPage] = {}
_blueprints: set[str] = set()

KIB = 1024
MIB = 1024 * 1024


def upload_limit() -> int | None:
    """The largest request body taken, in bytes (None: no limit)."""
    if has_request_context():
        return request.max_content_length  # the app's MAX_CONTENT_LENGTH unless a view set one
    return current_app.config["MAX_CONTENT_LENGTH"]


def format_size(size: int) -> str:
    """A size for people, in the current language: "2 MB", "1,5 MB", "512 kB"."""
    if size >= MIB:
        return _("%(size)s MB", size=format_decimal(size / MIB, format="#,##0.#"))
    if size >= KIB:
        return _("%(size)s kB", size=format_decimal(size / KIB, format="#,##0.#"))
    return _("%(size)s bytes", size=format_decimal(size, format="#,##0"))


def too_large_message() -> str:
    limit = upload_limit()
    return _(
        "The file is larger than %(limit)s, the most that can be uploaded, so nothing was "
        "imported. Choose a smaller file, or split it into several and import them one by one.",
        limit=format_size(limit) if limit else "–",
    )


def answers_oversized_upload(
    blueprint: Blueprint, view: str
) -> Callable[[OversizedPage], OversizedPage]:
    """Register the page that `blueprint`'s view `view` answers an oversized upload with."""

    def register(page: OversizedPage) -> OversizedPage:
        _pages[f"{blueprint.name}.{view}"] = page
        if blueprint.name not in _blueprints:
            _blueprints.add(blueprint.name)
            blueprint.register_error_handler(RequestEntityTooLarge, _oversized)
        return page

    return register


def _oversized(error: RequestEntityTooLarge) -> ResponseReturnValue:
    page = _pages.get(request.endpoint or "")
    if page is None:
        return http_error(error)  # not an upload form: the generic 413 page
    try:
        view_args = _prepare_view()
        return page(too_large_message(), **view_args)
    except HTTPException as refused:  # not signed in, not a member, not allowed, not found
        return http_error(refused)


def _prepare_view() -> dict:
    """Do for the view what the URL-value preprocessors of its blueprint would have done.

    The limit is hit by the first code that reads the body, an app-wide check that runs before
    them, so the municipality is not loaded yet nor the permission checked: the tenant
    blueprint's preprocessor does both (and takes the slug out of the arguments), as it does
    before every view.
    """
    view_args = dict(request.view_args or {})
    for name in request.blueprints:
        for preprocess in current_app.url_value_preprocessors.get(name, ()):
            preprocess(request.endpoint, view_args)
    return view_args
