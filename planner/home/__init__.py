"""Pages composed of several features: the start page, a municipality's front page and the
strategy overview (a strategy with its results).

The top of the layers: it may import every feature, and none imports it.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The start page, the municipalities' front pages and the strategy overview."""
    from planner.home import strategy_overview
    from planner.home.views import municipality_bp, start_bp

    app.register_blueprint(start_bp)
    app.register_blueprint(municipality_bp)
    app.register_blueprint(strategy_overview.bp)
