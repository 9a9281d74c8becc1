"""No N+1: month, week and agenda take as many SQL queries for 1,000 publications as for 10."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from planner.core.extensions import db
from planner.posts.models import Post, Publication
from tests.calendar.conftest import make_plan

#: A Monday; the month view of 2030-06 and the four weeks from here cover every publication.
FIRST_DAY = datetime(2030, 6, 3, 7, 0, tzinfo=UTC)


def populate(plan, count: int) -> None:
    """`count` publications over four weeks, on two channels, of posts with owners and goals,
    some overdue, cancelled and published; and as many ideas without publications."""
    members = [plan.editor, None]
    statuses = ["idea", "draft", "in_review", "approved"]
    posts = []
    for n in range(max(1, count // 5)):
        post = Post(
            municipality_id=plan.municipality.id,
            title=f"Sak {n}",
            status=statuses[n % len(statuses)],
            owner=members[n % 2],
            goals=[plan.goal],
            audiences=[plan.residents] if n % 2 else [plan.staff],
        )
        posts.append(post)
        idea = Post(
            municipality_id=plan.municipality.id,
            title=f"Idé {n}",
            owner=members[n % 2],
            goals=[plan.goal],
        )
        db.session.add_all([post, idea])
    for n in range(count):
        db.session.add(
            Publication(
                municipality_id=plan.municipality.id,
                post=posts[n % len(posts)],
                channel=(plan.facebook, plan.web)[n % 2],
                publish_at=FIRST_DAY + timedelta(minutes=37 * n % (27 * 24 * 60)),
                all_day=n % 7 == 0,
                status=("planned", "planned", "cancelled", "published")[n % 4],
            )
        )
    db.session.commit()


def test_calendar_views_do_not_query_per_publication(
    app, auth, client, count_queries, make_municipality, make_user
):
    small = make_municipality("Liten kommune", "liten")
    large = make_municipality("Stor kommune", "stor")
    editor = make_user("redaktor@kommune.no", small, "editor")
    make_user("redaktor@kommune.no", large, "editor")
    small_plan, large_plan = make_plan(small, editor), make_plan(large, editor)
    populate(small_plan, 10)
    populate(large_plan, 1000)
    auth.login("redaktor@kommune.no")

    counts = {}
    for view in ("month", "week", "agenda"):
        query = f"?view={view}&date=2030-06-05"
        filtered = f"{query}&channel={{channel}}&status=draft&status=overdue&owner={editor.id}"
        counts[view] = (
            count_queries(f"/m/liten/calendar/{query}"),
            count_queries(f"/m/stor/calendar/{query}"),
        )
        counts[f"{view}, filtered"] = (
            count_queries(f"/m/liten/calendar/{filtered.format(channel=small_plan.web.id)}"),
            count_queries(f"/m/stor/calendar/{filtered.format(channel=large_plan.web.id)}"),
        )
    page = client.get("/m/stor/calendar/?view=agenda&date=2030-06-05").text
    assert page.count('<li class="calendar-item') == 1000  # the large plan is really on the page
    assert all(small == large for small, large in counts.values()), counts
    print("queries (10 and 1,000 publications):", counts)
