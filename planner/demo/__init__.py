"""The demo: the reputation municipalities of "Sammen om en bedre kommune" and their people."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The demo and generate commands."""
    from planner.demo import commands

    app.cli.add_command(commands.demo_command)
    app.cli.add_command(commands.generate_command)
