"""What the features above core add to the app's own status: parts of `GET /healthz`, and alerts
shown at the top of every page (e.g. "background work has stopped" for administrators).

Core owns the registries; a feature fills them in its `init_app`, so core imports no feature.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

#: name → a function giving that part's state for /healthz (JSON-able; it never fails the check).
_health_parts: dict[str, Callable[[], Any]] = {}
#: Functions giving the alerts for the page being shown, each a dict of `colour` (a
#: Designsystemet alert colour), `text` and optionally `link` and `link_text`; or none.
_page_alerts: list[Callable[[], list[dict[str, str]]]] = []


def register_health_part(name: str, state: Callable[[], Any]) -> None:
    _health_parts[name] = state


def register_page_alerts(alerts: Callable[[], list[dict[str, str]]]) -> None:
    if alerts not in _page_alerts:
        _page_alerts.append(alerts)


def health_parts() -> dict[str, Any]:
    """Each registered part's state; a part that cannot tell is reported as an error, logged."""
    parts: dict[str, Any] = {}
    for name, state in _health_parts.items():
        try:
            parts[name] = state()
        except Exception:  # noqa: BLE001  (one part's failure must not hide the others)
            log.exception("The %s part of /healthz could not tell its state", name)
            parts[name] = {"state": "unknown"}
    return parts


def page_alerts() -> list[dict[str, str]]:
    return [alert for alerts in _page_alerts for alert in alerts()]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["page_alerts"] = page_alerts
