"""The report's matrices and gap list as CSV files Norwegian Excel opens on a double-click.

The same conventions as the measurements export (planner/results/csv_io.py): UTF-8 with a byte
order mark, semicolons, numbers with a decimal comma, and text that would run as a spreadsheet
formula made plain text with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from flask_babel import gettext as _

from planner.coverage import gaps
from planner.coverage.gaps import GapGroup
from planner.coverage.services import Matrix
from planner.results.csv_io import BOM_UTF8, defuse_formula, plain_number
from planner.strategy.models import REACH_LABELS, Reach


def cell(value) -> str:
    """One cell: whole numbers as they are, decimals with a comma, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        return plain_number(Decimal(str(value))).replace(".", ",")
    return defuse_formula(str(value))


def write_rows(rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return BOM_UTF8 + buffer.getvalue().encode("utf-8")


def goal_label(goal) -> str:
    return goal.title if goal is not None else _("No goal of the active strategy")


def audience_label(audience) -> str:
    if audience is None:
        return _("No audience named")
    return f"{audience.name} ({REACH_LABELS[Reach(audience.reach)]})"


def matrix_csv(matrix: Matrix, column_label) -> bytes:
    """Goals down, channels or audiences across, with the totals as on the page."""
    rows: list[list] = [
        [_("Goal"), *(column_label(column.item) for column in matrix.columns), _("Total")]
    ]
    for row in matrix.rows:
        rows.append([goal_label(row.goal), *row.cells, row.total])
    rows.append([_("Total"), *(column.total for column in matrix.columns), matrix.total])
    return write_rows(rows)


def gaps_csv(groups: list[GapGroup], period_kind: str) -> bytes:
    """Every gap on a row: its kind, what it concerns, the sentence, and its numbers."""
    rows: list[list] = [[_("Gap"), _("Concerning"), _("Details"), _("Count"), _("Target")]]
    for group in groups:
        for gap in group.gaps:
            rows.append(
                [
                    str(group.title),
                    gaps.subject_name(gap),
                    gaps.describe(gap, period_kind),
                    gap.count,
                    gap.target,
                ]
            )
    return write_rows(rows)
