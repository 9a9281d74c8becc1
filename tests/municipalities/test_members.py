from __future__ import annotations

import re

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.auth.models import User
from planner.core.extensions import db
from planner.municipalities.models import Membership
from planner.municipalities.roles import Role
from tests.conftest import reload


def membership_of(user, municipality) -> Membership:
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    )


def audit_actions() -> list[str]:
    return db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()


def test_members_list(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    html = client.get("/m/alfa/members").text
    for role in Role:
        assert f"{role.value}@alfa.kommune.no" in html
    assert "admin@beta.kommune.no" not in html


def test_add_new_person_shows_the_password_once(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/members/new",
        data={"email": "Ny.Kollega@Alfa.Kommune.no", "name": "Ny Kollega", "role": "reviewer"},
    )
    assert response.status_code == 200
    password = re.search(r'id="generated-password">([^<]+)<', response.text).group(1)
    assert len(password) >= 12
    user = db.session.scalar(sa.select(User).where(User.email == "ny.kollega@alfa.kommune.no"))
    assert user.must_change_password
    assert membership_of(user, two_municipalities["a"]).role == "reviewer"
    assert "membership.added" in audit_actions()
    # The new person signs in with it and must choose their own.
    other = client.application.test_client()
    other.post("/login", data={"email": "ny.kollega@alfa.kommune.no", "password": password})
    assert other.get("/m/alfa/").location == "/account/password"
    # The password is never shown again.
    assert password not in client.get("/m/alfa/members").text


def test_add_existing_account_from_another_municipality(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/members/new",
        data={"email": "admin@beta.kommune.no", "name": "Whatever", "role": "viewer"},
    )
    assert response.status_code == 302
    other = two_municipalities["people"]["other"]
    assert membership_of(other, two_municipalities["a"]).role == "viewer"
    assert reload(other).name != "Whatever"  # an existing account keeps its name


def test_adding_a_member_twice_is_refused_with_input_kept(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/members/new",
        data={"email": "editor@alfa.kommune.no", "name": "Dup Licate", "role": "viewer"},
    )
    assert response.status_code == 200
    assert "already a member" in response.text
    assert 'value="Dup Licate"' in response.text


def test_add_member_validation(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    response = client.post(
        "/m/alfa/members/new", data={"email": "not-an-email", "name": "", "role": "god"}
    )
    assert response.status_code == 200
    for field in ("email", "name", "role"):
        assert f'id="{field}-error"' in response.text
    assert 'value="not-an-email"' in response.text


def test_change_role(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    membership = membership_of(editor, two_municipalities["a"])
    auth.login("admin@alfa.kommune.no")
    assert (
        client.post(f"/m/alfa/members/{membership.id}", data={"role": "reviewer"}).status_code
        == 302
    )
    assert reload(membership).role == "reviewer"
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "membership.role_changed")
    )
    assert event.before == {"role": "editor"} and event.after == {"role": "reviewer"}


def test_last_admin_cannot_be_demoted_or_deactivated(client, auth, two_municipalities):
    admin = two_municipalities["people"]["admin"]
    membership = membership_of(admin, two_municipalities["a"])
    auth.login("admin@alfa.kommune.no")
    response = client.post(f"/m/alfa/members/{membership.id}", data={"role": "viewer"})
    assert response.status_code == 200
    assert "The last administrator cannot be given another role." in response.text
    response = client.post(f"/m/alfa/members/{membership.id}/deactivate", follow_redirects=True)
    assert "The last administrator cannot be deactivated." in response.text
    membership = reload(membership)
    assert membership.role == "admin" and membership.active


def test_an_admin_can_step_down_when_another_admin_exists(client, auth, two_municipalities):
    a = two_municipalities["a"]
    reviewer_membership = membership_of(two_municipalities["people"]["reviewer"], a)
    admin_membership = membership_of(two_municipalities["people"]["admin"], a)
    auth.login("admin@alfa.kommune.no")
    client.post(f"/m/alfa/members/{reviewer_membership.id}", data={"role": "admin"})
    assert (
        client.post(f"/m/alfa/members/{admin_membership.id}", data={"role": "editor"}).status_code
        == 302
    )
    assert reload(admin_membership).role == "editor"
    # Now no longer an admin, the members page is closed to them.
    assert client.get("/m/alfa/members").status_code == 403


def test_deactivated_admins_do_not_count_as_remaining_admins(client, auth, two_municipalities):
    a = two_municipalities["a"]
    reviewer_membership = membership_of(two_municipalities["people"]["reviewer"], a)
    reviewer_membership.role = "admin"
    reviewer_membership.active = False
    db.session.commit()
    admin_membership = membership_of(two_municipalities["people"]["admin"], a)
    auth.login("admin@alfa.kommune.no")
    response = client.post(f"/m/alfa/members/{admin_membership.id}", data={"role": "editor"})
    assert response.status_code == 200
    assert reload(admin_membership).role == "admin"


def test_deactivate_and_reactivate(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    membership = membership_of(editor, two_municipalities["a"])
    auth.login("admin@alfa.kommune.no")
    assert client.post(f"/m/alfa/members/{membership.id}/deactivate").status_code == 302
    assert reload(membership).active is False
    assert "Deactivated" in client.get("/m/alfa/members").text
    assert client.post(f"/m/alfa/members/{membership.id}/reactivate").status_code == 302
    assert reload(membership).active is True
    assert audit_actions()[-2:] == ["membership.deactivated", "membership.reactivated"]


def test_membership_ids_of_another_municipality_are_404(client, auth, two_municipalities):
    other = two_municipalities["people"]["other"]
    foreign = membership_of(other, two_municipalities["b"])
    auth.login("admin@alfa.kommune.no")
    assert client.get(f"/m/alfa/members/{foreign.id}").status_code == 404
    assert client.post(f"/m/alfa/members/{foreign.id}/deactivate").status_code == 404
    assert reload(foreign).active


def test_admin_gives_a_new_one_time_password(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    membership = membership_of(editor, two_municipalities["a"])
    auth.login("admin@alfa.kommune.no")
    response = client.post(f"/m/alfa/members/{membership.id}/password")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'id="generated-password">([^<]+)<', response.text).group(1)
    editor = reload(editor)
    assert editor.must_change_password
    other = client.application.test_client()
    other.post("/login", data={"email": "editor@alfa.kommune.no", "password": password})
    assert other.get("/m/alfa/").location == "/account/password"
    assert "auth.password_reset" in audit_actions()


def test_no_new_password_for_someone_who_also_works_elsewhere(client, auth, two_municipalities):
    other = two_municipalities["people"]["other"]
    db.session.add(Membership(user=other, municipality=two_municipalities["a"], role="viewer"))
    db.session.commit()
    membership = membership_of(other, two_municipalities["a"])
    auth.login("admin@alfa.kommune.no")
    response = client.post(f"/m/alfa/members/{membership.id}/password", follow_redirects=True)
    assert "also works for another municipality" in response.text
    assert not reload(other).must_change_password


def test_adding_someone_shows_no_history_from_before(client, auth, two_municipalities):
    from tests.conftest import TEST_PASSWORD

    beta_browser = client.application.test_client()
    beta_browser.post("/login", data={"email": "admin@beta.kommune.no", "password": "wrong pw!!"})
    beta_browser.post("/login", data={"email": "admin@beta.kommune.no", "password": TEST_PASSWORD})
    auth.login("admin@alfa.kommune.no")
    client.post(
        "/m/alfa/members/new",
        data={"email": "admin@beta.kommune.no", "name": "X", "role": "viewer"},
    )
    log = client.get("/m/alfa/audit/").text
    assert "Failed sign-in" not in log
    assert log.count("Signed in") == 1  # only Alfa's own admin


def test_deactivation_keeps_sessions_of_someone_working_elsewhere(
    app, client, auth, two_municipalities
):
    from tests.conftest import TEST_PASSWORD

    other = two_municipalities["people"]["other"]
    db.session.add(Membership(user=other, municipality=two_municipalities["a"], role="viewer"))
    db.session.commit()
    beta_browser = app.test_client()
    beta_browser.post("/login", data={"email": "admin@beta.kommune.no", "password": TEST_PASSWORD})
    auth.login("admin@alfa.kommune.no")
    client.post(f"/m/alfa/members/{membership_of(other, two_municipalities['a']).id}/deactivate")
    assert beta_browser.get("/m/beta/").status_code == 200
    assert beta_browser.get("/m/alfa/").status_code == 404
