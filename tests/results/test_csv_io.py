"""Reading and writing measurement CSV files as Norwegian offices make them (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from planner.results.csv_io import CsvImportError, export_measurements, parse_measurements

D = Decimal


def rows_of(text: str | bytes) -> list[tuple[date, Decimal, str | None]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [(row.measured_on, row.value, row.note) for row in parse_measurements(data)]


def problems_of(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(CsvImportError) as caught:
        parse_measurements(data)
    return [str(problem) for problem in caught.value.problems]


def test_header_row_and_iso_dates():
    assert rows_of("date,value,note\n2012-01-01,50,Start\n2014-12-31,14,\n") == [
        (date(2012, 1, 1), D(50), "Start"),
        (date(2014, 12, 31), D(14), ""),
    ]


def test_no_header_row():
    assert rows_of("2012-01-01,50,Start\r\n2014-12-31,14,Slutt\r\n") == [
        (date(2012, 1, 1), D(50), "Start"),
        (date(2014, 12, 31), D(14), "Slutt"),
    ]


def test_norwegian_excel_semicolons_decimal_commas_and_dotted_dates():
    text = "dato;verdi;merknad\n01.01.2012;11;Oppstart\n30.06.2014;7,5;Ned fra 11 %\n"
    assert rows_of(text) == [
        (date(2012, 1, 1), D(11), "Oppstart"),
        (date(2014, 6, 30), D("7.5"), "Ned fra 11 %"),
    ]


def test_mixed_decimal_separators():
    assert rows_of("2013-01-01;9,5\n2014-01-01;7.25\n2015-01-01;1 234,5\n") == [
        (date(2013, 1, 1), D("9.5"), None),
        (date(2014, 1, 1), D("7.25"), None),
        (date(2015, 1, 1), D("1234.5"), None),
    ]
    # In a comma-separated file, a decimal comma is quoted.
    assert rows_of('date,value,note\n2013-01-01,"9,5",a\n2014-01-01,7.25,"b, c"\n') == [
        (date(2013, 1, 1), D("9.5"), "a"),
        (date(2014, 1, 1), D("7.25"), "b, c"),
    ]


def test_two_columns_leave_the_note_out():
    assert rows_of("2014-01-01,14\n") == [(date(2014, 1, 1), D(14), None)]
    # With a header that has a note column, an empty note is a note to clear.
    assert rows_of("date;value;note\n2014-01-01;14;\n") == [(date(2014, 1, 1), D(14), "")]


def test_utf8_with_bom_and_utf16_with_bom_are_accepted():
    text = "dato;verdi;merknad\n31.12.2014;14;Tromsø og Åfjord\n"
    expected = [(date(2014, 12, 31), D(14), "Tromsø og Åfjord")]
    assert rows_of(b"\xef\xbb\xbf" + text.encode("utf-8")) == expected
    assert rows_of(text.encode("utf-16")) == expected  # Python writes the BOM
    assert rows_of(b"\xfe\xff" + text.encode("utf-16-be")) == expected


def test_windows_1252_is_refused_with_advice_to_save_as_csv_utf8():
    problems = problems_of("2014-12-31;14;Tromsø\n".encode("cp1252"))
    assert len(problems) == 1
    assert "CSV UTF-8" in problems[0]


def test_utf16_without_bom_is_refused():
    assert "CSV UTF-8" in problems_of("2014-12-31;14\n".encode("utf-16-le"))[0]


def test_every_bad_row_is_reported_with_its_line_number():
    text = (
        "date;value;note\n"  # 1
        "2014-01-01;14;ok\n"  # 2
        "2014-13-01;14;\n"  # 3 bad date
        "\n"  # 4 blank, skipped
        "2014-02-01;fjorten;\n"  # 5 bad number
        "2014-03-01;;\n"  # 6 empty value
        "2014-01-01;15;\n"  # 7 same date as line 2
        f"2014-04-01;1;{'x' * 501}\n"  # 8 note too long
        "2014-05-01;1;2;3\n"  # 9 too many columns
        ";5;\n"  # 10 empty date
        "0001-01-01;5;\n"  # 11 before the years the product accepts
        "31.12.9999;5;\n"  # 12 after them
    )
    problems = problems_of(text)
    assert [problem.split(":")[0] for problem in problems] == [
        "Line 3",
        "Line 5",
        "Line 6",
        "Line 7",
        "Line 8",
        "Line 9",
        "Line 10",
        "Line 11",
        "Line 12",
    ]
    assert "“2014-13-01” is not a date" in problems[0]
    assert "“fjorten” is not a number" in problems[1]
    assert "The value is empty" in problems[2]
    assert "also on line 2" in problems[3]
    assert "501 characters; at most 500" in problems[4]
    assert "found 4" in problems[5]
    assert "The date is empty" in problems[6]
    assert all("Enter a date in the years 1900 to 2199." in p for p in problems[7:9])


def test_unquoted_decimal_comma_in_a_comma_file_is_refused_not_misread():
    problems = problems_of("date,value,note\n2014-01-01,7,5\n")
    assert problems[0].startswith("Line 2:")
    assert "quotes" in problems[0]
    assert "quotes" in problems_of("2014-01-01,7,5,note\n")[0]


def test_an_empty_file_has_no_measurements():
    assert problems_of("date,value,note\n") == ["The file has no measurements."]
    assert problems_of(b"") == ["The file has no measurements."]


def test_values_beyond_what_is_kept_are_refused():
    assert "more than four decimals" in problems_of("2014-01-01;1,23456\n")[0]
    assert "too large" in problems_of("2014-01-01;1000000000000\n")[0]


def measurement(on: date, value: str, note: str = ""):
    return SimpleNamespace(measured_on=on, value=D(value), note=note)


def test_export_is_what_norwegian_excel_opens():
    data = export_measurements(
        [
            measurement(date(2014, 6, 30), "7.5000", 'Ned, "endelig"'),
            measurement(date(2012, 1, 1), "11.0000"),
        ]
    )
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "dato;verdi;merknad",
        "2012-01-01;11;",
        '2014-06-30;7,5;"Ned, ""endelig"""',
    ]


def test_export_imports_back_unchanged():
    originals = [
        measurement(date(2012, 1, 1), "-12", "Tromsø; «sitat», og linjeskift\nher"),
        measurement(date(2013, 12, 31), "5", "12"),
        measurement(date(2014, 12, 31), "1234.5678", ""),
    ]
    again = parse_measurements(export_measurements(originals))
    assert [(r.measured_on, r.value, r.note) for r in again] == [
        (m.measured_on, m.value, m.note) for m in originals
    ]


def test_notes_that_look_like_formulas_are_exported_as_text_and_read_back():
    from datetime import date as _date
    from decimal import Decimal as _Decimal
    from types import SimpleNamespace

    from planner.results.csv_io import export_measurements, parse_measurements

    rows = [
        SimpleNamespace(
            measured_on=_date(2014, 1, 1),
            value=_Decimal(7),
            note='=HYPERLINK("http://evil.example","Klikk")',
        ),
        SimpleNamespace(measured_on=_date(2014, 7, 1), value=_Decimal(-3), note="-2 fra i fjor"),
    ]
    exported = export_measurements(rows)
    text = exported.decode("utf-8-sig")
    assert "\"'=HYPERLINK" in text and '"\'-2 fra i fjor"' in text
    parsed = parse_measurements(exported)
    assert [row.note for row in parsed] == [rows[0].note, rows[1].note]
    assert [row.value for row in parsed] == [_Decimal("7.0000"), _Decimal("-3.0000")]
