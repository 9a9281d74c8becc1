"""Migrations build the schema from nothing, match the models, and step down and up again."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import check, downgrade, upgrade

from planner import create_app
from planner.core.extensions import db
from tests.conftest import DATABASES, create_empty_database, settings_for


@pytest.fixture(params=DATABASES)
def empty_database_app(request, tmp_path_factory):
    url, drop = create_empty_database(request.param, tmp_path_factory)
    app = create_app(settings_for(url))
    with app.app_context():
        yield app
        db.engine.dispose()
    drop()


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_to_head_matches_the_models(empty_database_app):
    upgrade()
    assert table_names() == set(db.metadata.tables)
    check()  # raises if autogenerate finds any difference between models and schema


def test_check_notices_a_model_the_migrations_lack(empty_database_app):
    upgrade()
    extra = sa.Table("not_migrated", db.metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        with pytest.raises(SystemExit):  # Flask-Migrate reports the difference and exits 1
            check()
    finally:
        db.metadata.remove(extra)


def test_downgrade_to_base_and_back(empty_database_app):
    upgrade()
    downgrade(revision="base")
    assert table_names() == set()
    upgrade()
    assert table_names() == set(db.metadata.tables)


#: Migrations applied before hand review was required; they are never rewritten (issue #12).
APPLIED_BEFORE_REVIEW = {
    "f2a3e4901eff",
    "d441e432bf8d",
    "205ec1f636bb",
    "ec29dd0373f7",
    "d310204d4797",
    "58737be29278",
    "9ffb6dc1171b",
}


def test_new_migrations_are_reviewed_by_hand():
    """A migration written since carries no autogenerate banner: someone read every line."""
    versions = Path(__file__).resolve().parent.parent / "migrations" / "versions"
    unreviewed = [
        path.name
        for path in sorted(versions.glob("*.py"))
        if path.name.split("_", 1)[0] not in APPLIED_BEFORE_REVIEW
        and "please adjust" in path.read_text(encoding="utf-8")
    ]
    assert unreviewed == []
