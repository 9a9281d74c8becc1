"""Measurements in and out of CSV files, the way Norwegian offices make them (pure functions).

Import reads three columns, date, value and note, with or without a header row (date,value,note
or dato,verdi,merknad), separated by commas or semicolons (Norwegian Excel writes semicolons),
dates as 2014-12-31 or 31.12.2014, values with a decimal comma or point, in UTF-8 (with or
without a byte order mark) or UTF-16 with a byte order mark. It is all or nothing: every row is
checked first and any problem refuses the whole file, with the line number and the reason.

Export writes what Norwegian Excel opens on a double-click: UTF-8 with a byte order mark (so æøå
read right), semicolons, the header dato;verdi;merknad, ISO dates and values with a decimal comma;
what it writes imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from planner.core.inputs import EARLIEST_DATE, LATEST_DATE, date_in_range
from planner.core.numbers import parse_local_decimal

MAX_NOTE_LENGTH = 500
#: The value column keeps four decimals and at most twelve digits before the point.
DECIMAL_PLACES = Decimal("0.0001")
MAX_ABSOLUTE_VALUE = Decimal(10) ** 12
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
HEADER_WORDS = (
    {"date", "dato"},
    {"value", "verdi"},
    {"note", "merknad", "notat", "kommentar"},
)
BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
BOM_UTF8 = b"\xef\xbb\xbf"
#: Date, then whole numbers on both sides of an unquoted comma: "2014-01-01,7,5" is surely 7,5.
_SPLIT_DECIMAL = re.compile(r'^\s*[^",]+,\s*[-+\u2212]?\d+,\d+\s*$')

NOT_UTF8_MESSAGE = _l(
    "The file is not saved as UTF-8, so letters such as æ, ø and å would come out wrong. "
    'In Excel, choose "Save as" and the file type "CSV UTF-8", then upload that file.'
)


@dataclass(frozen=True)
class CsvRow:
    """One good row: the line it starts on, and what to save."""

    line: int
    measured_on: date
    value: Decimal
    #: None when the file has no note column, so an existing note is kept.
    note: str | None


@dataclass(frozen=True)
class RowProblem:
    """Why a row (or, with no line, the whole file) cannot be imported."""

    line: int | None
    message: LazyString | str

    def __str__(self) -> str:
        if self.line is None:
            return str(self.message)
        return str(_l("Line %(line)s: %(problem)s", line=self.line, problem=self.message))


class CsvImportError(ValueError):
    """The file cannot be imported; nothing was saved. `problems` says why, row by row."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def decode(data: bytes) -> str:
    """The text of the file: UTF-8 with or without a BOM, or UTF-16 with a BOM; else refuse."""
    try:
        encoding = "utf-16" if data.startswith(BOMS_UTF16) else "utf-8-sig"
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise CsvImportError([RowProblem(None, NOT_UTF8_MESSAGE)]) from None
    if "\x00" in text:  # UTF-16 without a BOM, or not text at all
        raise CsvImportError([RowProblem(None, NOT_UTF8_MESSAGE)])
    return text


def parse_measurements(data: bytes) -> list[CsvRow]:
    """Read and check every row; raise CsvImportError listing every problem if any row is bad."""
    text = decode(data)
    delimiter = choose_delimiter(text)
    raw_lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[CsvRow] = []
    problems: list[RowProblem] = []
    first_line_of: dict[date, int] = {}
    #: Unknown without a header: then a row of two cells has no note, and keeps the saved one.
    has_note_column: bool | None = None
    previous_end = 0
    seen_first_row = False
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            cells = [cell.strip() for cell in cells]
            if not any(cells):
                continue
            if not seen_first_row:
                seen_first_row = True
                if is_header(cells):
                    has_note_column = len(cells) >= 3
                    continue
            raw = "\n".join(raw_lines[line - 1 : previous_end])
            result = parse_row(line, cells, raw, delimiter, note_column=has_note_column)
            if isinstance(result, RowProblem):
                problems.append(result)
                continue
            if result.measured_on in first_line_of:
                problems.append(
                    RowProblem(
                        line,
                        _l(
                            "The date %(date)s is also on line %(other)s. Keep only one of them.",
                            date=result.measured_on.isoformat(),
                            other=first_line_of[result.measured_on],
                        ),
                    )
                )
                continue
            first_line_of[result.measured_on] = line
            rows.append(result)
    except csv.Error:
        problems.append(
            RowProblem(
                previous_end + 1,
                _l("A quotation mark is not closed. Check the quotes on this line."),
            )
        )
    if problems:
        raise CsvImportError(problems)
    if not rows:
        raise CsvImportError([RowProblem(None, _l("The file has no measurements."))])
    return rows


def choose_delimiter(text: str) -> str:
    """Semicolon or comma, judged by the first non-empty line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    candidates = (";", ",")
    for delimiter in candidates:
        cells = _split(first, delimiter)
        if len(cells) >= 2 and (is_header(cells) or parse_date(cells[0]) is not None):
            return delimiter
    for delimiter in candidates:
        if 2 <= len(_split(first, delimiter)) <= 3:
            return delimiter
    return ","


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]
    except csv.Error:
        return []


def is_header(cells: list[str]) -> bool:
    words = [cell.strip().lstrip("\ufeff").lower() for cell in cells]
    return (
        2 <= len(words) <= 3
        and all(word in HEADER_WORDS[index] for index, word in enumerate(words[:3]) if word)
        and words[0] in HEADER_WORDS[0]
    )


def parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def parse_row(
    line: int, cells: list[str], raw: str, delimiter: str, *, note_column: bool | None = None
) -> CsvRow | RowProblem:
    """One row of cells (already stripped) as a CsvRow, or the first problem with it."""
    while len(cells) > 3 and not cells[-1]:
        cells = cells[:-1]
    if delimiter == "," and _SPLIT_DECIMAL.match(raw):
        return RowProblem(line, _QUOTE_DECIMAL_COMMA)
    if len(cells) not in (2, 3):
        message = _l(
            "Expected 2 or 3 columns (date, value, note) but found %(count)s.", count=len(cells)
        )
        if delimiter == ",":
            message = _l("%(problem)s %(hint)s", problem=message, hint=_QUOTE_DECIMAL_COMMA_OR_NOTE)
        return RowProblem(line, message)
    date_text, value_text = cells[0], cells[1]
    if not date_text:
        return RowProblem(line, _l("The date is empty."))
    measured_on = parse_date(date_text)
    if measured_on is None:
        return RowProblem(
            line,
            _l(
                "“%(text)s” is not a date. Write dates as 2014-12-31 or 31.12.2014.",
                text=date_text,
            ),
        )
    if not date_in_range(measured_on):
        return RowProblem(
            line,
            _l(
                "Enter a date in the years %(first)d to %(last)d.",
                first=EARLIEST_DATE.year,
                last=LATEST_DATE.year,
            ),
        )
    if not value_text:
        return RowProblem(line, _l("The value is empty."))
    try:
        value = parse_local_decimal(value_text)
    except ValueError:
        return RowProblem(
            line, _l("“%(text)s” is not a number. Write it like 7,5 or 7.5.", text=value_text)
        )
    if abs(value) >= MAX_ABSOLUTE_VALUE:
        return RowProblem(line, _l("“%(text)s” is too large.", text=value_text))
    if value != value.quantize(DECIMAL_PLACES):
        return RowProblem(line, _l("“%(text)s” has more than four decimals.", text=value_text))
    note: str | None = cells[2] if len(cells) == 3 else ("" if note_column else None)
    if note is not None:
        note = restore_formula_text(note)
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        return RowProblem(
            line,
            _l(
                "The note has %(length)s characters; at most %(max)s are allowed.",
                length=len(note),
                max=MAX_NOTE_LENGTH,
            ),
        )
    return CsvRow(
        line=line, measured_on=measured_on, value=value.quantize(DECIMAL_PLACES), note=note
    )


_QUOTE_DECIMAL_COMMA = _l(
    "The value looks like a number with a decimal comma that splits the columns. "
    'Put it in quotes ("7,5"), or separate the columns with semicolons.'
)
_QUOTE_DECIMAL_COMMA_OR_NOTE = _l(
    "A value with a decimal comma, or a note with a comma, must be in quotes; "
    "or separate the columns with semicolons."
)


def plain_number(value: Decimal) -> str:
    """A value with a decimal point and no exponent or trailing zeros: 14, 7.5, -12."""
    text = format(Decimal(value).normalize(), "f")
    return "0" if text in ("-0", "0") else text


#: A cell starting with one of these runs as a formula in Excel and other spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(text: str) -> str:
    """Keep a note from running as a spreadsheet formula: an apostrophe makes it plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore_formula_text(text: str) -> str:
    """Undo defuse_formula on import, so an export reads back unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def export_measurements(measurements: Iterable) -> bytes:
    """The measurements (with measured_on, value, note) as a CSV file Norwegian Excel opens.

    Excel with Norwegian settings splits a double-clicked .csv on semicolons and reads "7,5" as a
    number (and "7.5" as a date), so the export uses both, with ISO dates and a UTF-8 BOM.
    """
    lines = ["dato;verdi;merknad"]
    for measurement in sorted(measurements, key=lambda m: m.measured_on):
        note = defuse_formula(measurement.note or "")
        quoted_note = '"' + note.replace('"', '""') + '"' if note else ""
        value = plain_number(measurement.value).replace(".", ",")
        lines.append(f"{measurement.measured_on.isoformat()};{value};{quoted_note}")
    return BOM_UTF8 + ("\r\n".join(lines) + "\r\n").encode("utf-8")
