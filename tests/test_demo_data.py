"""The demo's data files: read and checked, with errors that name the file and the entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

import planner.demo.services as demo_services
from planner.core.extensions import db
from planner.demo.loader import DATA_DIR, DemoDataError, load_content
from planner.municipalities.models import Municipality


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the demo's data files, to break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def error_of(data: Path) -> str:
    with pytest.raises(DemoDataError) as caught:
        load_content(data)
    return str(caught.value)


def test_the_files_hold_the_report_s_municipalities_and_their_content():
    content = load_content()
    slugs = [m.slug for m in content.municipalities]
    assert slugs[:2] == ["afjord", "innherred"] and "ovre-eiker" in slugs
    plans = {plan.slug: plan for plan in content.plans}
    part_time = plans["innherred"].projects[0].indicators[0]
    assert part_time.name == "Ufrivillig deltid"
    assert (part_time.baseline_value, part_time.measurements[-1].value) == ("50", "14")
    assert [a.name for a in plans["vaga"].audiences][:1] == ["Tilsette"]  # nynorsk set
    assert [c.name for c in plans["afjord"].channels][-1] == "Film"  # its own, after the set
    story = plans["innherred"].stories[0]
    assert "\n\n«Jeg vet nå" in story.sections["car_result"]  # paragraphs kept
    assert "en nedgang på 72 prosent." in story.sections["car_result"]  # lines joined
    assert content.password and all(p.memberships for p in content.people)


def test_an_unknown_channel_names_the_file_story_and_publication(data):
    replace(
        data / "afjord.toml",
        '{ channel = "Lokalavisa", day = 2 }',
        '{ channel = "Avisa", day = 2 }',
    )
    message = error_of(data)
    assert message.startswith("afjord.toml, story 1 ('Et sentrum folk vil være i'), publication 3")
    assert "unknown channel 'Avisa'" in message and "Lokalavisa" in message


def test_a_misspelt_key_is_refused(data):
    replace(data / "vaga.toml", "\nsummary = ", "\nsumary = ")
    message = error_of(data)
    assert message.startswith("vaga.toml, story 1")
    assert "unknown key 'sumary'" in message


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "innherred.toml",
            'indicators = ["Ufrivillig deltid"]',
            'indicators = ["Ufrivillig heltid"]',
            "innherred.toml, story 1 ('Fra vikar til fast: 36 færre i ufrivillig deltid'): "
            "unknown indicator 'Ufrivillig heltid'",
        ),
        (
            "innherred.toml",
            'baseline_value = "50"',
            'baseline_value = "femti"',
            "innherred.toml, project 1 ('Fra vikar til fast'), indicator 1 ('Ufrivillig deltid'): "
            "baseline_value is 'femti', not a number",
        ),
        (
            "rissa.toml",
            'anchor = "next 02-01"',
            'anchor = "next 02-30"',
            "rissa.toml, story 4 ('Jordnær lykke: Skiløypene naboene holder åpne'): anchor is",
        ),
        (
            "austrheim.toml",
            'theme = "kompetanse"',
            'theme = "kompetense"',
            "austrheim.toml, strategy 1 ('Kommunikasjonsstrategi 2025–2027'), "
            "goal 1 ('Ein strategisk kompetanseplan for alle einingar'): theme is 'kompetense'",
        ),
        (
            "people.toml",
            'roles = { afjord = "admin" }',
            'roles = { afjrod = "admin" }',
            "people.toml, person 1 ('admin@afjord.demo'): roles: no municipality has the slug",
        ),
        (
            "municipalities.toml",
            'language = "nn"',
            "language = 1",
            "municipalities.toml, municipality 5 ('austrheim'): language must be a string",
        ),
        (
            "ringerike.toml",
            'steps = ["submit"]',
            'steps = ["send"]',
            "ringerike.toml, story 1 ('Tre parter, én historie'), step 1: 'send' is no step",
        ),
    ],
)
def test_a_bad_entry_names_its_file_and_place(data, file, old, new, expected):
    replace(data / file, old, new)
    assert error_of(data).startswith(expected)


def test_broken_toml_and_stray_files_are_named(data):
    (data / "afjrod.toml").write_text("")
    assert error_of(data).startswith("afjrod.toml: no municipality has the slug 'afjrod'")
    (data / "afjrod.toml").unlink()
    replace(data / "verdal.toml", "[[project]]", "[[project]")
    message = error_of(data)
    assert message.startswith("verdal.toml: not valid TOML") and "line" in message


def test_flask_demo_reports_a_bad_file_and_loads_nothing(runner, data, monkeypatch):
    replace(data / "afjord.toml", 'template = "before_after"', 'template = "before-after"')
    monkeypatch.setattr(demo_services, "demo_content", lambda: load_content(data))
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert "the demo data cannot be loaded: afjord.toml, story 1" in result.output
    assert "template is 'before-after'" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0
