from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner import create_app
from planner.core.config import ConfigError, normalise_database_url

FLASK = str(Path(sys.executable).with_name("flask"))


def run_flask(args, tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    environment.update(PLANNER_INSTANCE_PATH=str(tmp_path / "instance"), **env)
    return subprocess.run(
        [FLASK, "--app", "planner", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://root@localhost/planner", "postgresql+psycopg://localhost:notaport/x"],
)
def test_bad_database_url_is_one_line_without_traceback(tmp_path, url):
    result = run_flask(["db", "upgrade"], tmp_path, DATABASE_URL=url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("planner: DATABASE_URL"), result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_flask(["routes"], tmp_path, PLANNER_ENV="production")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "planner: SECRET_KEY must be set in production (environment or instance/config.py). "
        'Make a good one with: python -c "import secrets; print(secrets.token_hex(32))"'
    )


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("secret", "a well-known placeholder"),
        ("changeme", "a well-known placeholder"),
        ("dev", "a well-known placeholder"),
        ("12345678", "a well-known placeholder"),
        ("a", "a well-known placeholder"),
        ("   ", "only spaces"),
        ("Your-Secret-Key ", "a well-known placeholder"),
        ("x" * 40, "a well-known placeholder"),
        ("short but not a placeholder", "shorter than 32 bytes"),
    ],
)
def test_production_refuses_a_weak_secret_key_with_how_to_make_one(tmp_path, key, reason):
    result = run_flask(["routes"], tmp_path, PLANNER_ENV="production", SECRET_KEY=key)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"planner: SECRET_KEY is {reason}."), line
    assert "secrets.token_hex(32)" in line
    assert len(key) < 20 or key not in line  # the key itself is never printed


def test_gunicorn_refuses_to_start_with_a_weak_secret_key(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    environment.update(
        PLANNER_INSTANCE_PATH=str(tmp_path), PLANNER_ENV="production", SECRET_KEY="changeme",
        PLANNER_BIND="127.0.0.1:0",
    )  # fmt: skip
    result = subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "gunicorn.conf.py",
         "planner:create_app()"],
        capture_output=True, text=True, env=environment, timeout=60, check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )  # fmt: skip
    assert result.returncode != 0
    assert "planner: SECRET_KEY is a well-known placeholder." in result.stderr


def test_production_accepts_a_strong_secret_key(tmp_path):
    import secrets

    key = secrets.token_hex(32)
    result = run_flask(["routes"], tmp_path, PLANNER_ENV="production", SECRET_KEY=key)
    assert result.returncode == 0, result.stderr


def test_development_keeps_its_generated_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = create_app().config["SECRET_KEY"]
    second = create_app().config["SECRET_KEY"]
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert (
        create_app().config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path / 'planner.sqlite3'}"
    )


def test_instance_config_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text('SECRET_KEY = "from instance"\nAUDIT_PAGE_SIZE = 7\n')
    monkeypatch.setenv("PLANNER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from instance" and app.config["AUDIT_PAGE_SIZE"] == 7
    monkeypatch.setenv("SECRET_KEY", "from environment")
    assert create_app().config["SECRET_KEY"] == "from environment"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
    ],
)
def test_database_urls_use_psycopg_3(given, expected):
    assert normalise_database_url(given) == expected


def test_postgresql_url_without_database_is_refused():
    with pytest.raises(ConfigError, match="names no database"):
        normalise_database_url("postgresql://u@h")


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("PLANNER_ENV", "staging")
    with pytest.raises(SystemExit, match="PLANNER_ENV must be one of"):
        create_app({"SECRET_KEY": "x"})
