"""Commands for accounts: `flask --app planner reset-password`."""

from __future__ import annotations

import click

from planner.auth.services import find_user_by_email, issue_one_time_password
from planner.core.extensions import db


@click.command("reset-password")
@click.argument("email")
def reset_password_command(email):
    """Give an account a new one-time password (printed once; it must be changed at sign-in)."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with the e-mail address {email!r}")
    password = issue_one_time_password(user, actor=None)
    db.session.commit()
    click.echo(
        f"New password for {user.email} (shown once, must be changed at sign-in): {password}"
    )
