from __future__ import annotations

import secrets
import time

import click
from flask import current_app

from planner.auth.services import AccountError, check_password_length, generate_password
from planner.core.extensions import db
from planner.demo.generate import (
    GeneratedMunicipality,
    GenerateError,
    GenerateSettings,
    check,
    generate,
)
from planner.demo.loader import DemoDataError
from planner.demo.services import (
    DemoAlreadyLoaded,
    database_is_empty,
    demo_is_loaded,
    demo_logins,
    demo_password,
    load_demo,
)

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
    try:
        _load_or_print_logins(if_empty)
    except DemoDataError as error:
        raise click.ClickException(f"the demo data cannot be loaded: {error}") from None


def _load_or_print_logins(if_empty: bool) -> None:
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
    click.echo(f"\nDemo logins (password for all: {demo_password()}):")
    for person in demo_logins():
        roles = ", ".join(f"{ROLE_NAMES[role]} in {slug}" for slug, role in person.memberships)
        click.echo(f"  {person.email:<28} {person.name:<20} {roles}")


@click.command("generate")
@click.option(
    "--municipalities",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="How many municipalities: Testkommune 1, 2, … (slugs test-1, test-2, …).",
)
@click.option(
    "--posts",
    type=click.IntRange(1),
    default=100,
    show_default=True,
    help="Posts per municipality, each with one to three publications.",
)
@click.option(
    "--publications",
    type=click.IntRange(1),
    help="Exactly this many publications per municipality (between --posts and 3 × --posts).",
)
@click.option("--seed", type=int, help="The same seed on the same day gives the same data.")
@click.option(
    "--publications-in-window",
    "in_window",
    is_flag=True,
    help="Keep every time inside the feed window (FEED_WINDOW_DAYS back, a year ahead) instead "
    "of the past year and the next.",
)
@click.option(
    "--first",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Number of the first municipality, to add more next to earlier ones.",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Centre the data on this day (YYYY-MM-DD) instead of today.",
)
@click.option(
    "--password",
    envvar="PLANNER_GENERATE_PASSWORD",
    help="Password of the generated members (or PLANNER_GENERATE_PASSWORD); one is generated "
    "and printed when left out.",
)
def generate_command(municipalities, posts, publications, seed, in_window, first, today, password):
    """Generate realistic synthetic municipalities for benchmarks (refuses existing slugs)."""
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    generated_password = password is None
    password = password or generate_password()
    try:
        check_password_length(password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    settings = GenerateSettings(
        municipalities=municipalities,
        posts=posts,
        publications=publications,
        seed=seed,
        first=first,
        window_days=current_app.config["FEED_WINDOW_DAYS"] if in_window else None,
        today=today.date() if today else None,
        password=password,
    )
    started = time.perf_counter()
    try:
        check(settings)
        with click.progressbar(
            length=municipalities * posts, label="Generating posts", show_pos=True
        ) as bar:
            result = generate(settings, progress=bar.update)
        db.session.commit()
    except GenerateError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    elapsed = time.perf_counter() - started
    _print_generated(result, seed, elapsed)
    _print_generated_logins(result, password if generated_password else None)


def _print_generated(result: list[GeneratedMunicipality], seed: int, elapsed: float) -> None:
    total_posts = sum(m.posts for m in result)
    total_publications = sum(m.publications for m in result)
    click.echo(
        f"Generated {len(result)} {'municipality' if len(result) == 1 else 'municipalities'}, "
        f"{total_posts} posts and "
        f"{total_publications} publications in {elapsed:.1f} s (seed {seed})."
    )


def _print_generated_logins(result: list[GeneratedMunicipality], new_password: str | None) -> None:
    """The logins of the first three municipalities; a generated password is shown this once."""
    if new_password:
        click.echo(f"\nLogins (password for all, shown once: {new_password}):")
    else:
        click.echo("\nLogins (password for all: the one given with --password):")
    for municipality in result[:3]:
        click.echo(f"  {municipality.name} (/m/{municipality.slug}/):")
        for login in municipality.logins:
            role = ROLE_NAMES[login.role]
            click.echo(f"    {login.email:<28} {login.name:<22} {role}")
    if len(result) > 3:
        click.echo(f"  … and the same addresses for {result[3].slug} to {result[-1].slug}.")
