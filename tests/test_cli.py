from __future__ import annotations

import sqlalchemy as sa

from planner.auth.models import User
from planner.core.extensions import db
from planner.core.security import verify_password
from planner.demo.data import DEMO_PASSWORD, MUNICIPALITIES, PEOPLE
from planner.municipalities.models import Membership, Municipality


def test_create_municipality(runner):
    result = runner.invoke(
        args=[
            "create-municipality",
            "Øvre Eiker kommune",
            "--slug",
            "ovre-eiker",
            "--number",
            "3314",
        ]
    )
    assert result.exit_code == 0, result.output
    municipality = db.session.scalar(
        sa.select(Municipality).where(Municipality.slug == "ovre-eiker")
    )
    assert municipality.name == "Øvre Eiker kommune" and municipality.number == "3314"


def test_create_municipality_refuses_bad_input(runner, make_municipality):
    make_municipality("Rissa kommune", "rissa", number="1624")
    assert (
        "four digits"
        in runner.invoke(
            args=["create-municipality", "X", "--slug", "x", "--number", "12a4"]
        ).output
    )
    assert (
        "slug"
        in runner.invoke(
            args=["create-municipality", "X", "--slug", "Øy", "--number", "1111"]
        ).output
    )
    duplicate = runner.invoke(
        args=["create-municipality", "R", "--slug", "rissa", "--number", "2222"]
    )
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output


def test_create_user_reads_a_piped_password(runner, make_municipality):
    make_municipality("Rissa kommune", "rissa")
    result = runner.invoke(
        args=[
            "create-user",
            "Radgiver@Rissa.kommune.no",
            "--municipality",
            "rissa",
            "--role",
            "editor",
            "--name",
            "Rådgiver Rissa",
        ],
        input="a piped-in password\n",
    )
    assert result.exit_code == 0, result.output
    assert "a piped-in password" not in result.output
    user = db.session.scalar(sa.select(User).where(User.email == "radgiver@rissa.kommune.no"))
    assert verify_password(user.password_hash, "a piped-in password")
    assert user.memberships[0].role == "editor" and not user.must_change_password


def test_create_user_generates_and_prints_a_password_without_input(runner, make_municipality):
    make_municipality("Rissa kommune", "rissa")
    result = runner.invoke(
        args=[
            "create-user",
            "leder@rissa.kommune.no",
            "--municipality",
            "rissa",
            "--role",
            "reviewer",
        ],
        input="",
    )
    assert result.exit_code == 0, result.output
    password = result.output.rsplit(": ", 1)[1].strip()
    user = db.session.scalar(sa.select(User).where(User.email == "leder@rissa.kommune.no"))
    assert len(password) >= 12 and verify_password(user.password_hash, password)
    assert user.must_change_password


def test_create_user_refuses_short_password_and_unknown_municipality(runner, make_municipality):
    make_municipality("Rissa kommune", "rissa")
    short = runner.invoke(
        args=["create-user", "a@rissa.kommune.no", "--municipality", "rissa", "--role", "viewer"],
        input="short\n",
    )
    assert short.exit_code != 0 and "at least 12" in short.output
    unknown = runner.invoke(
        args=["create-user", "a@rissa.kommune.no", "--municipality", "nowhere", "--role", "viewer"],
        input="long enough password\n",
    )
    assert unknown.exit_code != 0 and "nowhere" in unknown.output


def test_demo_loads_once_and_refuses_twice(runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert DEMO_PASSWORD in first.output and "redaktor@afjord.demo" in first.output
    slugs = set(db.session.scalars(sa.select(Municipality.slug)))
    assert slugs == {m.slug for m in MUNICIPALITIES}
    second = runner.invoke(args=["demo"])
    assert second.exit_code != 0 and "already loaded" in second.output
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == len(MUNICIPALITIES)


def test_demo_if_empty_skips_a_database_with_data(runner, make_municipality):
    make_municipality("Egen kommune", "egen")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0 and "not loaded" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 1


def test_demo_has_every_role_in_afjord_and_innherred(runner, client):
    runner.invoke(args=["demo"])
    for slug in ("afjord", "innherred"):
        roles = set(
            db.session.scalars(
                sa.select(Membership.role).join(Municipality).where(Municipality.slug == slug)
            )
        )
        assert roles == {"admin", "editor", "reviewer", "viewer"}, slug
    # Every demo person can sign in with the printed password.
    for person in PEOPLE:
        response = client.post("/login", data={"email": person.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, person.email
        client.post("/logout")
    # Austrheim and Vågå write nynorsk.
    languages = dict(db.session.execute(sa.select(Municipality.slug, Municipality.language)).all())
    assert languages["austrheim"] == languages["vaga"] == "nn"
