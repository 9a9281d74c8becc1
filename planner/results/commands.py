"""Command line: import measurements of an indicator from a CSV file."""

from __future__ import annotations

import sys

import click

from planner.core.extensions import db
from planner.municipalities.services import find_municipality
from planner.results.csv_io import CsvImportError, parse_measurements
from planner.results.services import IndicatorArchived, find_indicator, import_measurements


@click.command("import-measurements")
@click.argument("file", type=click.File("rb"))
@click.option("--municipality", "slug", required=True, help="Slug of the municipality.")
@click.option("--indicator", "indicator_ref", required=True, help="The indicator's name or its id.")
def import_measurements_command(file, slug: str, indicator_ref: str) -> None:
    """Import measurements from a CSV file (date, value, note): all rows or none.

    The same rules as the web import: a header row is optional, commas or semicolons, dates as
    2014-12-31 or 31.12.2014, decimal comma or point, UTF-8 (or UTF-16 with a byte order mark).
    A date that already has a measurement is updated.
    """
    municipality = find_municipality(slug)
    if municipality is None:
        raise click.ClickException(f"no municipality with the slug {slug!r}")
    indicator = find_indicator(municipality, indicator_ref)
    if indicator is None:
        raise click.ClickException(
            f"no indicator {indicator_ref!r} in {municipality.name} (give its name or id)"
        )
    try:
        rows = parse_measurements(file.read())
    except CsvImportError as error:
        click.echo(f"Nothing was imported; {file.name} has these problems:", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    try:
        with click.progressbar(rows, label="Saving measurements", file=sys.stderr) as bar:
            counts = import_measurements(
                indicator, bar, actor=None, municipality=municipality, source=file.name
            )
    except IndicatorArchived as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"Imported {file.name} into {indicator.name}: {counts.added} added, "
        f"{counts.updated} updated, {counts.unchanged} unchanged."
    )
