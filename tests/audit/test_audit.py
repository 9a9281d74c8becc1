from __future__ import annotations

from planner.audit.services import record_event
from planner.core.extensions import db
from tests.conftest import TEST_PASSWORD


def test_admin_sees_member_sign_ins_but_not_other_municipalities(
    app, client, auth, two_municipalities
):
    other_browser = app.test_client()
    other_browser.post("/login", data={"email": "admin@beta.kommune.no", "password": TEST_PASSWORD})
    auth.login("editor@alfa.kommune.no", "wrong password!!")
    auth.login("admin@alfa.kommune.no")
    html = client.get("/m/alfa/audit/").text
    assert "Failed sign-in" in html and "Signed in" in html
    assert "127.0.0.1" in html
    # Beta's administrator signed in too, but is no member of Alfa.
    assert "Bente Beta" not in html


def test_role_changes_read_as_before_and_after(client, auth, two_municipalities):
    editor = two_municipalities["people"]["editor"]
    auth.login("admin@alfa.kommune.no")
    client.post(f"/m/alfa/members/{editor.memberships[0].id}", data={"role": "reviewer"})
    html = client.get("/m/alfa/audit/").text
    assert "Role changed" in html
    assert "Role: Editor → Reviewer" in html


def test_audit_log_pages(app, client, auth, two_municipalities):
    app.config["AUDIT_PAGE_SIZE"] = 5
    for _ in range(12):
        record_event("membership.added", municipality=two_municipalities["a"])
    db.session.commit()
    auth.login("admin@alfa.kommune.no")
    first = client.get("/m/alfa/audit/").text
    assert "Page 1 of 3" in first
    assert "Page 3 of 3" in client.get("/m/alfa/audit/?page=3").text


def test_empty_audit_log_says_what_will_appear(client, auth, make_municipality, make_user):
    municipality = make_municipality("Tom kommune", "tom")
    make_user("admin@tom.kommune.no", municipality, "admin")
    # The sign-in itself is the first event; without it the log would be empty.
    auth.login("admin@tom.kommune.no")
    assert "Signed in" in client.get("/m/tom/audit/").text


def test_changes_show_names_not_ids(client, auth, two_municipalities):
    from datetime import date

    from planner.strategy.models import Goal, Strategy

    a = two_municipalities["a"]
    editor = two_municipalities["people"]["editor"]
    strategy = Strategy(
        municipality_id=a.id,
        title="S",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    goal = Goal(municipality_id=a.id, strategy=strategy, title="Heltid som norm")
    db.session.add(goal)
    db.session.commit()
    auth.login("admin@alfa.kommune.no")
    client.post(
        f"/m/alfa/strategy/goals/{goal.id}/edit",
        data={
            "title": "Heltid som norm",
            "theme": "heltid",
            "priority": "2",
            "owner_id": str(editor.id),
            "version": str(goal.version),
        },
    )
    html = client.get("/m/alfa/audit/").text
    assert "Owner: – → editor Alfa" in html
