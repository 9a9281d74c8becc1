"""The coverage report's contents and a heat-map legend that names every level in words."""

from __future__ import annotations

import re

import pytest

from planner.coverage.services import Matrix, Row
from tests.coverage.fixtures import PERIOD_ARGS
from tests.posts.helpers import Page, section


def page_of(client_as) -> str:
    response = client_as("viewer").get(f"/m/alfa/coverage/?{PERIOD_ARGS}&status=both")
    assert response.status_code == 200
    return response.text


def test_the_contents_link_to_every_section(coverage_plan, client_as):
    html = page_of(client_as)
    nav = section(html, '<nav class="coverage-contents', "</nav>")
    assert 'aria-labelledby="contents-heading"' in nav
    assert '<h2 class="ds-heading" data-size="xs" id="contents-heading">Contents</h2>' in nav
    targets = re.findall(r'href="#([^"]+)"', nav)
    top = [t for t in targets if not t.startswith("gap-")]
    assert top == [
        "summary-heading",
        "gaps-heading",
        "channels-heading",
        "audiences-heading",
        "reach-heading",
        "trend-heading",
        "definitions-heading",
    ]
    # Every link leads to a heading on the page, the gap groups too, and the nav comes first.
    for target in targets:
        assert f'id="{target}"' in html
        assert html.index(f'id="{target}"') > html.index("</nav>")
    assert any(t.startswith("gap-") for t in targets)
    text = Page.of(nav).text
    assert "Goals and channels" in text and "How the report counts" in text


def test_the_legend_names_every_level_with_its_counts(coverage_plan, client_as):
    html = page_of(client_as)
    legend = section(html, 'id="goals-audiences-legend"', "</ul>")
    text = " ".join(Page.of(legend).text.split())
    # The largest cell of goals × audiences is 5 (see test_report): levels of 1, 1, 1 and 2.
    assert "Shading, by the share of the largest cell (5 publications):" in text
    assert "0 – none no publications" in text
    assert "1 – few up to a quarter of the largest cell (1 publication)" in text
    assert "2 – some more than a quarter, up to half of the largest cell (2 publications)" in text
    assert (
        "3 – many more than half, up to three quarters of the largest cell (3 publications)" in text
    )
    assert "4 – most more than three quarters of the largest cell (4 to 5 publications)" in text
    assert 'aria-labelledby="goals-audiences-legend"' in legend
    assert 'id="goals-channels-legend"' in html


@pytest.mark.parametrize("largest", [0, 1, 2, 3, 4, 5, 7, 8, 13, 100])
def test_the_levels_hold_exactly_the_counts_their_bucket_gives(largest):
    matrix = Matrix(
        columns=[], rows=[Row(goal=None, cells=[largest], total=largest)], total=largest
    )
    levels = matrix.levels()
    assert [level.level for level in levels] == [0, 1, 2, 3, 4]
    for count in range(1, largest + 1):
        (holding,) = [level for level in levels[1:] if level.low <= count <= level.high]
        assert holding.level == matrix.bucket(count)
    if largest:
        assert levels[-1].high == largest


def test_a_level_without_counts_says_so():
    matrix = Matrix(columns=[], rows=[Row(goal=None, cells=[2], total=2)], total=2)
    assert [(level.low, level.high, level.empty) for level in matrix.levels()[1:]] == [
        (1, 0, True),
        (1, 1, False),
        (2, 1, True),
        (2, 2, False),
    ]
