"""The feeds tests use the posts tests' municipality, members and post helpers."""

from tests.posts.conftest import (  # noqa: F401  (fixtures, found by pytest by name)
    client_as,
    make_post,
    make_publication,
    plan,
)
