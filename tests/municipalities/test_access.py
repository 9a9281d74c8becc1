"""The access matrix over every tenant URL: anonymous, each role, another municipality's member."""

from __future__ import annotations

import pytest
from flask import Flask

from planner.municipalities.models import Membership
from planner.municipalities.roles import Permission, Role, role_allows
from planner.municipalities.tenancy import tenant_endpoints
from tests.conftest import TEST_PASSWORD
from tests.samples import populate


def tenant_rules(app: Flask):
    endpoints = set(tenant_endpoints(app))
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint in endpoints]


def url_for_rule(app: Flask, rule, slug: str, sample_ids: dict[str, int]) -> str:
    values = {"slug": slug}
    for argument in rule.arguments - {"slug"}:
        values[argument] = sample_ids[argument]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


#: Pages about one member's own object (a comment they wrote, a feed link they made): other
#: members whose role reaches the page are refused as its view says. The samples are the
#: administrator's, so only she reaches them.
OWNERS_ONLY = {"posts.edit_comment": 403, "feed_links.revoke": 404, "feed_links.rotate": 404}


@pytest.fixture
def sample_ids(two_municipalities) -> dict[str, dict[str, int]]:
    """Ids of real objects of each municipality, for URLs that name one."""
    return {key: populate(two_municipalities[key]) for key in ("a", "b")}


def login(client, email):
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.text


def test_every_tenant_view_declares_a_permission(app):
    for rule in tenant_rules(app):
        view = app.view_functions[rule.endpoint]
        assert isinstance(view.required_permission, Permission), rule.endpoint


def test_app_refuses_to_start_with_an_undeclared_tenant_view(database_url):
    from planner import create_app
    from planner.municipalities.tenancy import tenant_blueprint
    from tests.conftest import settings_for

    blueprint = tenant_blueprint("careless", __name__, url_prefix="/careless")
    blueprint.add_url_rule("/", "index", lambda: "data of every municipality")
    app = create_app(settings_for(database_url))
    with pytest.raises(RuntimeError, match="careless.index"):
        app.register_blueprint(blueprint)
        from planner.municipalities.tenancy import check_tenant_views_declare_permissions

        check_tenant_views_declare_permissions(app)


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_member_of_another_municipality_gets_404_everywhere(
    app, client, two_municipalities, sample_ids, role
):
    b = two_municipalities["b"]
    login(client, f"{role}@alfa.kommune.no")
    rules = tenant_rules(app)
    assert rules, "no tenant URLs found"
    for rule in rules:
        url = url_for_rule(app, rule, b.slug, sample_ids["b"])
        for method in ("GET", "POST"):
            response = client.open(url, method=method)
            assert response.status_code == 404, f"{method} {url} gave {response.status_code}"
            assert "Beta" not in response.text, f"{method} {url} leaked the municipality's name"


def test_unknown_municipality_is_404_like_a_foreign_one(client, two_municipalities):
    login(client, "admin@alfa.kommune.no")
    assert client.get("/m/gamma/").status_code == 404
    assert client.get("/m/beta/").status_code == 404


def test_anonymous_is_sent_to_sign_in_for_every_tenant_url(
    app, client, two_municipalities, sample_ids
):
    b = two_municipalities["b"]
    for rule in tenant_rules(app):
        url = url_for_rule(app, rule, b.slug, sample_ids["b"])
        for method in ("GET", "POST"):
            response = client.open(url, method=method)
            assert response.status_code == 302, f"{method} {url}"
            assert response.location.startswith("/login?next="), response.location


def test_own_administrator_reaches_every_url(app, client, two_municipalities, sample_ids):
    """The URLs used above are real: B's own administrator gets them."""
    b = two_municipalities["b"]
    login(client, "admin@beta.kommune.no")
    for rule in tenant_rules(app):
        url = url_for_rule(app, rule, b.slug, sample_ids["b"])
        if "GET" in rule.methods:
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_roles_within_the_municipality(app, client, two_municipalities, sample_ids, role):
    """Each role gets the pages its permissions allow, and 403 on the rest."""
    a = two_municipalities["a"]
    login(client, f"{role}@alfa.kommune.no")
    for rule in tenant_rules(app):
        if "GET" not in rule.methods:
            continue
        url = url_for_rule(app, rule, a.slug, sample_ids["a"])
        permission = app.view_functions[rule.endpoint].required_permission
        expected = 200 if role_allows(role, permission) else 403
        if expected == 200 and role != Role.ADMIN.value:
            expected = OWNERS_ONLY.get(rule.endpoint, 200)
        assert client.get(url).status_code == expected, f"{role} GET {url}"


@pytest.mark.parametrize("role", [role.value for role in Role if role != Role.ADMIN])
def test_roles_without_permission_cannot_post(app, client, two_municipalities, sample_ids, role):
    a = two_municipalities["a"]
    login(client, f"{role}@alfa.kommune.no")
    for rule in tenant_rules(app):
        permission = app.view_functions[rule.endpoint].required_permission
        if "POST" not in rule.methods or role_allows(role, permission):
            continue
        url = url_for_rule(app, rule, a.slug, sample_ids["a"])
        assert client.post(url, data={"role": "admin"}).status_code == 403, f"{role} POST {url}"


def test_deactivated_member_gets_404(client, two_municipalities):
    from planner.core.extensions import db

    editor = two_municipalities["people"]["editor"]
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == editor.id))
    membership.active = False
    db.session.commit()
    login(client, "editor@alfa.kommune.no")
    assert client.get("/m/alfa/").status_code == 404


def test_ids_of_another_municipality_under_your_own_slug_are_404(
    app, client, two_municipalities, sample_ids
):
    """/m/alfa/…/<id of a Beta object> must not reach Beta's object (no IDOR)."""
    login(client, "admin@alfa.kommune.no")
    for rule in tenant_rules(app):
        if rule.arguments == {"slug"}:
            continue
        url = url_for_rule(app, rule, "alfa", sample_ids["b"])
        for method in ("GET", "POST"):
            response = client.open(url, method=method)
            assert response.status_code in (404, 405), f"{method} {url} gave {response.status_code}"
            if response.status_code == 405:
                assert method not in rule.methods
