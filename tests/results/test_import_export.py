"""CSV import on the web and on the command line, and export that imports back unchanged."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.results.models import Measurement
from tests.results.conftest import PART_TIME


@pytest.fixture
def indicator(two_municipalities, make_indicator):
    return make_indicator(two_municipalities["a"], "Sykefravær", unit="%", baseline_value=11)


def measurements_of(indicator) -> list[tuple[date, Decimal, str]]:
    db.session.expire_all()
    return [
        (m.measured_on, m.value, m.note)
        for m in db.session.scalars(
            sa.select(Measurement)
            .where(Measurement.indicator_id == indicator.id)
            .order_by(Measurement.measured_on)
        )
    ]


def upload(client, indicator, data: bytes, filename: str = "sykefravaer.csv"):
    return client.post(
        f"/m/alfa/results/indicators/{indicator.id}/import",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def test_import_page_has_a_file_upload_form(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    html = client.get(f"/m/alfa/results/indicators/{indicator.id}/import").text
    assert 'enctype="multipart/form-data"' in html
    assert (
        'type="file"' in html
        and 'id="file"' in html
        and '<label class="ds-label" for="file">' in html
    )


def test_editor_imports_a_norwegian_excel_file(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    data = (
        "dato;verdi;merknad\n"
        "30.06.2012;10,4;Første halvår\n"
        "31.12.2012;9.6;\n"
        "30.06.2014;7;Mål nådd\n"
    )
    response = upload(client, indicator, b"\xef\xbb\xbf" + data.encode("utf-8"))
    assert response.status_code == 302
    assert measurements_of(indicator) == [
        (date(2012, 6, 30), Decimal("10.4"), "Første halvår"),
        (date(2012, 12, 31), Decimal("9.6"), ""),
        (date(2014, 6, 30), Decimal(7), "Mål nådd"),
    ]
    page = client.get(response.location).text
    assert "The file is imported: 3 added, 0 updated, 0 unchanged." in page
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "measurements.imported")
    )
    assert event.object_id == indicator.id
    assert event.after == {
        "added": 3,
        "updated": 0,
        "unchanged": 0,
        "file": "sykefravaer.csv",
        # what each date got, so the audit log shows the values the import wrote
        "2012-06-30": "10.4 · Første halvår",
        "2012-12-31": "9.6",
        "2014-06-30": "7 · Mål nådd",
    }
    assert event.before == {}


def test_dates_that_have_a_measurement_are_updated_and_counted(
    client, auth, two_municipalities, make_indicator
):
    indicator = make_indicator(two_municipalities["a"], measurements=PART_TIME[:2])
    auth.login("editor@alfa.kommune.no")
    response = upload(client, indicator, b"2012-01-01,50\n2012-07-01,40\n2013-01-01,33\n")
    assert response.status_code == 302
    assert [m[1] for m in measurements_of(indicator)] == [50, 40, 33]
    assert "1 added, 1 updated, 1 unchanged" in client.get(response.location).text
    # The audit log keeps the value the import replaced.
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "measurements.imported")
    )
    assert event.before == {"2012-07-01": "41"}
    assert event.after["2012-07-01"] == "40" and event.after["2013-01-01"] == "33"


def test_a_file_with_bad_rows_imports_nothing_and_lists_every_problem(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    data = b"date,value,note\n2014-01-01,7\n2014-02-30,7\n2014-03-01,sju\n2014-01-01,6\n"
    response = upload(client, indicator, data)
    assert response.status_code == 200
    assert measurements_of(indicator) == []
    html = response.text
    assert "Nothing was imported" in html and "The file has 3 problems." in html
    errors = html.split('id="file-error"')[1].split("</div>")[0]
    assert "Line 3: “2014-02-30” is not a date." in errors
    assert "Line 4: “sju” is not a number." in errors
    assert "Line 5: The date 2014-01-01 is also on line 2." in errors
    assert 'aria-describedby="file-hint file-error"' in html and 'aria-invalid="true"' in html


def test_a_windows_1252_file_is_refused_with_advice(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    response = upload(client, indicator, "2014-01-01;7;Tromsø\n".encode("cp1252"))
    assert response.status_code == 200
    assert "CSV UTF-8" in response.text and measurements_of(indicator) == []


def test_utf16_with_bom_is_accepted(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    response = upload(client, indicator, "2014-01-01;7,5;Tromsø\n".encode("utf-16"))
    assert response.status_code == 302
    assert measurements_of(indicator) == [(date(2014, 1, 1), Decimal("7.5"), "Tromsø")]


def test_a_file_is_required_and_must_be_csv(client, auth, indicator):
    auth.login("editor@alfa.kommune.no")
    response = client.post(
        f"/m/alfa/results/indicators/{indicator.id}/import",
        data={},
        content_type="multipart/form-data",
    )
    assert "Choose a CSV file." in response.text
    assert "ends in .csv" in upload(client, indicator, b"%PDF-1.4", "rapport.pdf").text


def test_export_downloads_a_csv_that_excel_reads(client, auth, two_municipalities, make_indicator):
    indicator = make_indicator(
        two_municipalities["a"], "Sykefravær i Åfjord 2014", measurements=PART_TIME[:2]
    )
    auth.login("viewer@alfa.kommune.no")
    response = client.get(f"/m/alfa/results/indicators/{indicator.id}/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="sykefravaer-i-afjord-2014.csv"'
    )
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.data.decode("utf-8-sig").splitlines() == [
        "dato;verdi;merknad",
        "2012-01-01;50;",
        "2012-07-01;41;",
    ]


def test_export_round_trip_imports_unchanged(client, auth, two_municipalities, make_indicator):
    indicator = make_indicator(two_municipalities["a"], measurements=PART_TIME)
    for measurement, note in zip(
        indicator.measurements, ["Start", "Tromsø, «sitat»", 'Sa "ja"', "12", "", "Linje\nto"]
    ):
        measurement.note = note
    indicator.measurements[2].value = Decimal("33.125")
    db.session.commit()
    before = measurements_of(indicator)
    auth.login("editor@alfa.kommune.no")
    exported = client.get(f"/m/alfa/results/indicators/{indicator.id}/export.csv").data
    response = upload(client, indicator, exported)
    assert response.status_code == 302
    assert "0 added, 0 updated, 6 unchanged" in client.get(response.location).text
    assert measurements_of(indicator) == before


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_command_line_import(runner, tmp_path, indicator):
    path = write(
        tmp_path, "fravær.csv", "dato;verdi;merknad\n31.12.2012;9,6;\n30.06.2014;7;Mål\n".encode()
    )
    result = runner.invoke(
        args=["import-measurements", path, "--municipality", "alfa", "--indicator", "sykefravær"]
    )
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 unchanged" in result.output
    assert measurements_of(indicator) == [
        (date(2012, 12, 31), Decimal("9.6"), ""),
        (date(2014, 6, 30), Decimal(7), "Mål"),
    ]
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "measurements.imported")
    )
    assert event.actor_id is None and event.after["added"] == 2
    # By id too; the same file again changes nothing.
    again = runner.invoke(
        args=[
            "import-measurements",
            path,
            "--municipality",
            "alfa",
            "--indicator",
            str(indicator.id),
        ]
    )
    assert again.exit_code == 0 and "0 added, 0 updated, 2 unchanged" in again.output


def test_command_line_refuses_a_bad_file_and_saves_nothing(runner, tmp_path, indicator):
    path = write(tmp_path, "bad.csv", b"2014-01-01;7\n2014-02-01;x\n2014-01-01;8\n")
    result = runner.invoke(
        args=["import-measurements", path, "--municipality", "alfa", "--indicator", "Sykefravær"]
    )
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert "Line 2: “x” is not a number." in result.output
    assert "Line 3: The date 2014-01-01 is also on line 1." in result.output
    assert measurements_of(indicator) == []


def test_command_line_names_what_it_cannot_find(runner, tmp_path, indicator):
    path = write(tmp_path, "ok.csv", b"2014-01-01;7\n")
    unknown = runner.invoke(
        args=["import-measurements", path, "--municipality", "alfa", "--indicator", "Nærvær"]
    )
    assert unknown.exit_code != 0 and "no indicator 'Nærvær'" in unknown.output
    nowhere = runner.invoke(
        args=["import-measurements", path, "--municipality", "gamma", "--indicator", "1"]
    )
    assert nowhere.exit_code != 0 and "no municipality" in nowhere.output
