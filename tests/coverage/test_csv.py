"""The matrices and the gap list as CSV: what Norwegian Excel opens on a double-click."""

from __future__ import annotations

import csv
import io

from planner.core.extensions import db
from tests.coverage.fixtures import PERIOD_ARGS


def rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads æøå right
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_goal_channel_matrix(coverage_plan, client_as):
    response = client_as("viewer").get(f"/m/alfa/coverage/goals-channels.csv?{PERIOD_ARGS}")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="coverage-goals-channels-2030-03-04-2030-03-31.csv"'
    )
    assert rows(response) == [
        ["Goal", "Facebook Alfa", "Intranett", "Nettside", "Total"],
        ["Heltidskultur Alfa", "2", "2", "1", "5"],
        ["Nærvær", "1", "0", "1", "2"],
        ["Omdømme", "0", "0", "0", "0"],
        ["Rekruttering", "1", "0", "0", "1"],
        ["No goal of the active strategy", "0", "0", "1", "1"],
        ["Total", "3", "2", "2", "7"],
    ]


def test_goal_audience_matrix_with_the_status_filter(coverage_plan, client_as):
    response = client_as("viewer").get(
        f"/m/alfa/coverage/goals-audiences.csv?{PERIOD_ARGS}&status=published"
    )
    assert rows(response) == [
        [
            "Goal",
            "Innbyggere Alfa (External)",
            "Politikere (External)",
            "Ansatte (Internal)",
            "Total",
        ],
        ["Heltidskultur Alfa", "0", "0", "1", "1"],
        ["Nærvær", "0", "0", "0", "0"],
        ["Omdømme", "0", "0", "0", "0"],
        ["Rekruttering", "1", "0", "0", "1"],
        ["Total", "1", "0", "1", "2"],
    ]


def test_gap_list(coverage_plan, client_as):
    found = rows(client_as("viewer").get(f"/m/alfa/coverage/gaps.csv?{PERIOD_ARGS}"))
    assert found[0] == ["Gap", "Concerning", "Details", "Count", "Target"]
    assert found[1:] == [
        ["Goals with no publication", "Omdømme", "No publication serves this goal in the period.",
         "0", ""],
        ["Untold results", "Ufrivillig deltid Alfa",
         "From 50 to 14 ansatte (measured Dec 31, 2014): better than the baseline, and no "
         "approved story tells it yet.", "", ""],
        ["Audiences with no publication", "Politikere",
         "No publication is for this audience in the period.", "0", ""],
        ["Channels below their cadence", "Facebook Alfa",
         "Facebook Alfa: 3 of 7 in the period (agreed: 8 per month).", "3", "7"],
        ["Channels below their cadence", "Intranett",
         "Intranett: 2 of 8 in the period (agreed: 2 per week).", "2", "8"],
        ["Posts waiting long for review", "Venter lenge",
         found[6][2], "", ""],
        ["Goals reaching only one side", "Rekruttering",
         "1 publication reaches external readers in the period; none reach internal readers.",
         "1", ""],
    ]  # fmt: skip
    assert found[6][2].startswith("Submitted ") and found[6][2].endswith("in review for 5 days.")


def test_text_that_would_run_as_a_formula_is_written_as_text(coverage_plan, client_as):
    coverage_plan.omdomme.title = '=HYPERLINK("https://evil.example";"Klikk")'
    coverage_plan.intranett.name = "+47 Intranett; internt"
    db.session.commit()
    matrix = rows(client_as("viewer").get(f"/m/alfa/coverage/goals-channels.csv?{PERIOD_ARGS}"))
    assert matrix[0][1] == "'+47 Intranett; internt"  # sorted first now
    assert matrix[3][0] == '\'=HYPERLINK("https://evil.example";"Klikk")'
    found = rows(client_as("viewer").get(f"/m/alfa/coverage/gaps.csv?{PERIOD_ARGS}"))
    assert (found[1][:2]) == [
        "Goals with no publication",
        '\'=HYPERLINK("https://evil.example";"Klikk")',
    ]
    assert found[4][2].startswith("'+47 Intranett; internt: 2 of 8")


def test_norwegian_headers(coverage_plan, client_as):
    client = client_as("viewer")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nb"
    coverage_plan.municipality.language = "nb"
    db.session.commit()
    response = client.get(f"/m/alfa/coverage/goals-channels.csv?{PERIOD_ARGS}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-2030-03-04-2030-03-31.csv"')
