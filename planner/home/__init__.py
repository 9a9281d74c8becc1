"""Pages composed of several features: the start page and a municipality's front page.

The top of the layers: it may import every feature, and none imports it.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The start page and the municipalities' front pages."""
    from planner.home.views import municipality_bp, start_bp

    app.register_blueprint(start_bp)
    app.register_blueprint(municipality_bp)
