"""Crawl the site as every Åfjord and Innherred role, and anonymously, and check each page:
status, console, axe-core (WCAG 2.1 A/AA) and the Nu Html Checker. New pages are covered as
soon as something links to them. The figures go to test-artifacts/crawl-summary.txt.
"""

from __future__ import annotations

import pytest

from planner.demo.data import PEOPLE, DemoPerson

CRAWLED_MUNICIPALITIES = {"afjord", "innherred"}
CRAWLED_PEOPLE = [
    person
    for person in PEOPLE
    if any(slug in CRAWLED_MUNICIPALITIES for slug, _role in person.memberships)
]
#: Not one of the crawled people, so a failed sign-in there cannot disturb a crawl.
FAILED_LOGIN_EMAIL = "admin@ovre-eiker.demo"


def describe(person: DemoPerson) -> str:
    roles = ", ".join(f"{role} in {slug}" for slug, role in person.memberships)
    return f"{person.email} ({roles})"


@pytest.mark.parametrize("person", CRAWLED_PEOPLE, ids=lambda person: person.email)
def test_crawl_signed_in(page, sign_in, site_audit, person: DemoPerson) -> None:
    response = sign_in(person.email)
    assert response is not None and response.status == 200, f"sign-in gave {response}"
    assert "/login" not in page.url, f"{person.email} was not signed in (at {page.url})"
    audit = site_audit(describe(person))
    audit.crawl("/")
    audit.finish()


def test_crawl_anonymous(site_audit) -> None:
    audit = site_audit("anonymous")
    audit.crawl("/login")
    audit.finish()


def test_failed_login_page(page, sign_in, site_audit) -> None:
    audit = site_audit("failed sign-in")
    response = sign_in(FAILED_LOGIN_EMAIL, "not the password")
    report = audit.check(response, expected_status=200)
    assert report.url.endswith("/login"), f"a failed sign-in should stay on /login: {report.url}"
    assert page.locator("#error-summary").is_visible(), "the failed sign-in shows no error summary"
    audit.finish()


def test_not_found_page(sign_in, site_audit) -> None:
    sign_in("admin@afjord.demo")
    audit = site_audit("404 page (signed in)")
    audit.visit("/m/afjord/does-not-exist", expected_status=404)
    audit.finish()
