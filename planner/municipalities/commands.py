"""Commands for municipalities and their members: `flask --app planner create-municipality`, …"""

from __future__ import annotations

import sys

import click

from planner.core.errors import DomainError
from planner.core.extensions import db
from planner.municipalities.roles import Role
from planner.municipalities.services import add_member, create_municipality, find_municipality


@click.command("create-municipality")
@click.argument("name")
@click.option("--slug", required=True, help="Lower-case ASCII for URLs, e.g. ovre-eiker.")
@click.option("--number", help="Kommunenummer, four digits.")
@click.option("--timezone", default="Europe/Oslo", show_default=True)
@click.option("--language", type=click.Choice(["nb", "nn", "en"]), default="nb", show_default=True)
def create_municipality_command(name, slug, number, timezone, language):
    """Create a municipality."""
    try:
        municipality = create_municipality(name, slug, number, timezone=timezone, language=language)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created {municipality.name} at /m/{municipality.slug}/")


@click.command("create-user")
@click.argument("email")
@click.option("--municipality", "slug", required=True, help="Slug of the municipality.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", help="Full name (defaults to the part of the e-mail before @).")
def create_user_command(email, slug, role, name):
    """Add a user to a municipality.

    The password is read from standard input when one is piped in; otherwise one is generated
    and printed, and the user must change it at first sign-in.
    """
    municipality = find_municipality(slug)
    if municipality is None:
        raise click.ClickException(f"no municipality with the slug {slug!r}")
    password = None
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n") or None
    try:
        membership, generated = add_member(
            municipality,
            email,
            name or email.split("@", 1)[0],
            Role(role),
            actor=None,
            password=password,
        )
    except DomainError as error:  # already a member, or the account cannot be made
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Added {membership.user.email} to {municipality.name} as {role}.")
    if generated:
        click.echo(f"Password (shown once, must be changed at first sign-in): {generated}")
