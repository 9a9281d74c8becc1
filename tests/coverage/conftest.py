"""The coverage tests use the posts tests' municipalities, members and post helpers, and a small
hand-built plan of their own (fixtures.py)."""

from tests.coverage.fixtures import coverage_plan  # noqa: F401  (a fixture, found by name)
from tests.posts.conftest import (  # noqa: F401  (fixtures, found by pytest by name)
    client_as,
    make_post,
    make_publication,
    plan,
)
