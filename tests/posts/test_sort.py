"""The posts list's order: next publication by default, or last changed, title or status."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.localtime import local_today

OSLO = ZoneInfo("Europe/Oslo")


def titles(html: str) -> list[str]:
    return re.findall(
        r'<th scope="row"><a class="ds-link" href="/m/alfa/posts/\d+">([^<]+)</a>', html
    )


@pytest.fixture
def four_posts(make_post, make_publication):
    """Made in this order (so last changed: Delta, Charlie, Bravo, Alfa)."""
    today = local_today(OSLO)
    later = make_post("draft", title="Alfa senere")
    make_publication(later, today + timedelta(days=3))
    soon = make_post("approved", title="Bravo i morgen")
    make_publication(soon, today + timedelta(days=1))
    late = make_post("draft", title="Charlie for sent")
    make_publication(late, today - timedelta(days=1))
    make_post("idea", title="Delta uten plan")


def test_by_default_the_next_publication_first_and_the_unplanned_last(four_posts, client_as):
    html = client_as("editor").get("/m/alfa/posts/").text
    assert titles(html) == ["Charlie for sent", "Bravo i morgen", "Alfa senere", "Delta uten plan"]
    assert '<option value="next" selected>Next publication</option>' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("changed", ["Delta uten plan", "Charlie for sent", "Bravo i morgen", "Alfa senere"]),
        ("title", ["Alfa senere", "Bravo i morgen", "Charlie for sent", "Delta uten plan"]),
        ("status", ["Delta uten plan", "Charlie for sent", "Alfa senere", "Bravo i morgen"]),
        ("no-such-sort", ["Charlie for sent", "Bravo i morgen", "Alfa senere", "Delta uten plan"]),
    ],
)
def test_the_sort_control(four_posts, client_as, sort, expected):
    response = client_as("editor").get("/m/alfa/posts/", query_string={"sort": sort})
    assert response.status_code == 200
    assert titles(response.text) == expected


def test_the_sort_is_kept_by_the_filters_and_the_filters_by_the_sort(four_posts, plan, client_as):
    html = (
        client_as("editor")
        .get("/m/alfa/posts/", query_string={"sort": "title", "status": "draft"})
        .text
    )
    assert titles(html) == ["Alfa senere", "Charlie for sent"]
    filters = html[html.index('class="plan-filters"') :].split("</form>")[0]
    assert '<input type="hidden" name="sort" value="title">' in filters
    sorting = html[html.index('class="sort-form"') :].split("</form>")[0]
    assert '<input type="hidden" name="status" value="draft">' in sorting
    assert '<option value="title" selected>Title</option>' in sorting
