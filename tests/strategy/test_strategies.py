from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.strategy.models import Goal, Strategy
from tests.conftest import reload
from tests.forms import version_in

STRATEGY = {
    "title": "Kommunikasjonsstrategi 2026–2028",
    "vision": "Jordnær lykke",
    "core_story": "Den felles historien om Åfjord.",
    "period_start": "2026-01-01",
    "period_end": "2028-12-31",
}


@pytest.fixture
def reviewer(client, auth, two_municipalities):
    auth.login("reviewer@alfa.kommune.no")
    return two_municipalities["people"]["reviewer"]


def strategies() -> list[Strategy]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Strategy).order_by(Strategy.id)))


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_empty_strategy_page_says_what_to_do(client, reviewer):
    html = client.get("/m/alfa/strategy/").text
    assert "There is no strategy yet." in html
    assert 'href="/m/alfa/strategy/new"' in html


def test_create_strategy_as_draft(client, reviewer):
    response = client.post("/m/alfa/strategy/new", data=STRATEGY)
    assert response.status_code == 302
    (strategy,) = strategies()
    assert response.location == f"/m/alfa/strategy/{strategy.id}"
    assert strategy.status == "draft" and strategy.vision == "Jordnær lykke"
    assert strategy.period_start == date(2026, 1, 1)
    assert "strategy.created" in actions()
    page = client.get(response.location).text
    assert "Jordnær lykke" in page and "Draft" in page


def test_period_must_end_after_it_starts_and_input_is_kept(client, reviewer):
    response = client.post("/m/alfa/strategy/new", data={**STRATEGY, "period_end": "2025-12-31"})
    assert response.status_code == 200
    assert "The period cannot end before it starts." in response.text
    assert 'id="period_end-error"' in response.text
    assert "Den felles historien om Åfjord." in response.text
    assert 'value="2025-12-31"' in response.text
    assert strategies() == []


def test_norwegian_dates_are_accepted(client, reviewer):
    data = {**STRATEGY, "period_start": "01.01.2026", "period_end": "31.12.2028"}
    assert client.post("/m/alfa/strategy/new", data=data).status_code == 302
    assert strategies()[0].period_end == date(2028, 12, 31)


def test_only_one_strategy_is_active(client, reviewer):
    client.post("/m/alfa/strategy/new", data=STRATEGY)
    client.post("/m/alfa/strategy/new", data={**STRATEGY, "title": "Neste strategi"})
    first, second = strategies()
    assert client.post(f"/m/alfa/strategy/{first.id}/activate").status_code == 302
    assert [s.status for s in strategies()] == ["active", "draft"]
    client.post(f"/m/alfa/strategy/{second.id}/activate")
    assert [s.status for s in strategies()] == ["archived", "active"]
    # The older one stays readable.
    assert client.get(f"/m/alfa/strategy/{first.id}").status_code == 200
    index = client.get("/m/alfa/strategy/").text
    assert "Neste strategi" in index and "Kommunikasjonsstrategi 2026–2028" in index


def test_database_refuses_two_active_strategies(app, two_municipalities):
    for title in ("A", "B"):
        db.session.add(
            Strategy(
                municipality_id=two_municipalities["a"].id,
                title=title,
                period_start=date(2026, 1, 1),
                period_end=date(2026, 12, 31),
                status="active",
            )
        )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_edit_strategy(client, reviewer):
    client.post("/m/alfa/strategy/new", data=STRATEGY)
    (strategy,) = strategies()
    form = client.get(f"/m/alfa/strategy/{strategy.id}/edit").text
    assert 'value="Kommunikasjonsstrategi 2026–2028"' in form
    client.post(
        f"/m/alfa/strategy/{strategy.id}/edit",
        data={**STRATEGY, "vision": "Ny visjon", "version": version_in(form)},
    )
    assert reload(strategy).vision == "Ny visjon"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "strategy.updated"))
    assert event.before == {"vision": "Jordnær lykke"} and event.after == {"vision": "Ny visjon"}


def test_delete_a_draft_without_goals_after_confirmation(client, reviewer):
    client.post("/m/alfa/strategy/new", data=STRATEGY)
    (strategy,) = strategies()
    confirm = client.get(f"/m/alfa/strategy/{strategy.id}/delete")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    assert strategies() != []  # a GET deletes nothing
    assert client.post(f"/m/alfa/strategy/{strategy.id}/delete").status_code == 302
    assert strategies() == []
    assert "strategy.deleted" in actions()


def test_a_strategy_with_goals_is_archived_not_deleted(client, reviewer):
    client.post("/m/alfa/strategy/new", data=STRATEGY)
    (strategy,) = strategies()
    db.session.add(Goal(municipality_id=strategy.municipality_id, strategy=strategy, title="Mål"))
    db.session.commit()
    response = client.post(f"/m/alfa/strategy/{strategy.id}/delete")
    assert response.status_code == 409
    assert "in use, so it cannot be deleted" in response.text and "Goals: 1" in response.text
    assert len(strategies()) == 1
    client.post(f"/m/alfa/strategy/{strategy.id}/archive")
    assert strategies()[0].status == "archived"
    client.post(f"/m/alfa/strategy/{strategy.id}/restore")
    assert strategies()[0].status == "draft"


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_editors_and_viewers_read_but_do_not_change_the_strategy(
    client, auth, two_municipalities, role
):
    auth.login(f"{role}@alfa.kommune.no")
    assert client.get("/m/alfa/strategy/").status_code == 200
    assert 'href="/m/alfa/strategy/new"' not in client.get("/m/alfa/strategy/").text
    assert client.post("/m/alfa/strategy/new", data=STRATEGY).status_code == 403
    assert strategies() == []


def test_admin_may_edit_the_strategy(client, auth, two_municipalities):
    auth.login("admin@alfa.kommune.no")
    assert client.post("/m/alfa/strategy/new", data=STRATEGY).status_code == 302


def test_text_is_escaped(client, reviewer):
    client.post("/m/alfa/strategy/new", data={**STRATEGY, "title": "<script>alert(1)</script>"})
    (strategy,) = strategies()
    html = client.get(f"/m/alfa/strategy/{strategy.id}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_archived_strategy_is_kept_as_it_was(client, reviewer):
    client.post("/m/alfa/strategy/new", data=STRATEGY)
    (strategy,) = strategies()
    client.post(f"/m/alfa/strategy/{strategy.id}/archive")
    page = client.get(f"/m/alfa/strategy/{strategy.id}").text
    assert f"/m/alfa/strategy/{strategy.id}/goals/new" not in page and "Restore" in page
    response = client.post(f"/m/alfa/strategy/{strategy.id}/goals/new", data={"title": "Nytt"})
    assert response.status_code == 302
    assert "archived. Restore it to change it." in client.get(response.location).text
    assert (
        client.post(
            f"/m/alfa/strategy/{strategy.id}/edit", data={**STRATEGY, "title": "Endret"}
        ).status_code
        == 302
    )
    assert strategies()[0].title == STRATEGY["title"]
