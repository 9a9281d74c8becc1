from __future__ import annotations

import click

from planner.demo.data import DEMO_PASSWORD
from planner.demo.services import (
    DemoAlreadyLoaded,
    database_is_empty,
    demo_is_loaded,
    demo_logins,
    load_demo,
)
from planner.extensions import db

ROLE_NAMES = {
    "admin": "administrator",
    "editor": "editor",
    "reviewer": "reviewer",
    "viewer": "reader",
}


@click.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load only into an empty database; otherwise just print the demo logins.",
)
def demo_command(if_empty: bool):
    """Load the demo municipalities and people (refuses to run twice over the same data)."""
    if if_empty and not database_is_empty():
        if demo_is_loaded():
            click.echo("The database has data already; the demo was not loaded again.")
            print_logins()
        else:
            click.echo("The database has data already; the demo was not loaded.")
        return
    try:
        load_demo()
    except DemoAlreadyLoaded as error:
        raise click.ClickException(f"{error}; use an empty database to load it again") from None
    db.session.commit()
    click.echo("Demo loaded.")
    print_logins()


def print_logins() -> None:
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for person in demo_logins():
        roles = ", ".join(f"{ROLE_NAMES[role]} in {slug}" for slug, role in person.memberships)
        click.echo(f"  {person.email:<28} {person.name:<20} {roles}")
