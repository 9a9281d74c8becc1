"""The session cookie: renewed by pages, never by static files."""

from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface


class PageSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that static files leave the cookie alone: no
    Set-Cookie and no `Vary: Cookie` (a file is the same for everyone).

    A signed-in session is permanent and renewed on every response (Flask's default
    SESSION_REFRESH_EACH_REQUEST). Renewed from a stylesheet, script or icon, it would arrive
    after the page itself: a late asset could sign a browser in again just after its cookies were
    cleared or it signed out in another tab, and a response with Set-Cookie is no use to a
    shared cache.
    """

    def save_session(self, app, session, response) -> None:
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)
