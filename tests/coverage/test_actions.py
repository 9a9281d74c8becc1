"""Each gap's action opens a new post filled in with what the gap is about; with a channel, the
saved post goes on to planning a publication on that channel."""

from __future__ import annotations

import re
from html import unescape

import sqlalchemy as sa

from planner.core.extensions import db
from planner.posts.models import Post
from tests.coverage.fixtures import PERIOD_ARGS
from tests.posts.helpers import Page, as_form, form_fields


def action_url(html: str, label: str, subject: str) -> str:
    """The address of the action button labelled `label` for `subject`."""
    pattern = (
        r'<a class="ds-button gap__action"[^>]*href="([^"]+)">'
        + re.escape(label)
        + r'<span class="ds-sr-only"> – '
        + re.escape(subject)
    )
    match = re.search(pattern, html)
    assert match, f"no {label} for {subject}"
    return unescape(match.group(1))


def checked(html: str, name: str) -> set[str]:
    return {
        tag.attrs["value"]
        for tag in Page.of(html).find("input", name=name)
        if "checked" in tag.attrs
    }


def report(client) -> str:
    page = client.get(f"/m/alfa/coverage/?{PERIOD_ARGS}")
    assert page.status_code == 200
    return page.text


def test_a_goal_without_publications_opens_a_post_for_the_goal(coverage_plan, client_as):
    editor = client_as("editor")
    url = action_url(report(editor), "Write a post for this goal", "Omdømme")
    form = editor.get(url)
    assert form.status_code == 200
    assert checked(form.text, "goals") == {str(coverage_plan.omdomme.id)}
    assert checked(form.text, "audiences") == set()


def test_an_audience_without_publications_opens_a_post_for_the_audience(coverage_plan, client_as):
    editor = client_as("editor")
    url = action_url(report(editor), "Write a post for this audience", "Politikere")
    assert checked(editor.get(url).text, "audiences") == {str(coverage_plan.politikere.id)}


def test_an_untold_result_opens_a_post_citing_it_for_its_goals(coverage_plan, client_as):
    indicator = coverage_plan.plan.a.indicator
    indicator.goals = [coverage_plan.heltid]
    db.session.commit()
    editor = client_as("editor")
    form = editor.get(action_url(report(editor), "Tell this result", indicator.name)).text
    assert checked(form, "indicators") == {str(indicator.id)}
    assert checked(form, "goals") == {str(coverage_plan.heltid.id)}


def test_a_one_sided_goal_opens_a_post_for_the_other_side_and_plans_it_there(
    coverage_plan, client_as
):
    """Rekruttering reaches only external readers: the post is for Ansatte (internal), and its
    form's first publication row has Intranett (internal) chosen, so one save plans it there."""
    editor = client_as("editor")
    url = action_url(report(editor), "Write a post for internal readers", "Rekruttering")
    form = editor.get(url)
    assert checked(form.text, "goals") == {str(coverage_plan.rekruttering.id)}
    assert checked(form.text, "audiences") == {str(coverage_plan.ansatte.id)}
    fields = form_fields(form.text, form_id="post-form")
    assert ("publications-0-channel", str(coverage_plan.intranett.id)) in fields
    saved = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            fields,
            title="Jobb hos oss",
            section_body="Vi trenger deg.",
            save_as="draft",
            **{"publications-0-day": "2099-03-02", "publications-0-at": "09:00"},
        ),
    )
    assert saved.status_code == 302
    post = db.session.scalar(sa.select(Post).where(Post.title == "Jobb hos oss"))
    assert [goal.title for goal in post.goals] == ["Rekruttering"]
    assert saved.location == f"/m/alfa/posts/{post.id}"
    assert [publication.channel for publication in post.publications] == [coverage_plan.intranett]


def test_a_channel_below_cadence_opens_a_post_to_plan_on_it(coverage_plan, client_as):
    editor = client_as("editor")
    url = action_url(report(editor), "Write a post for this channel", "Facebook Alfa")
    assert url.endswith(f"/posts/new?channel={coverage_plan.facebook.id}")
    fields = form_fields(editor.get(url).text, form_id="post-form")
    assert ("publications-0-channel", str(coverage_plan.facebook.id)) in fields
    saved = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            fields,
            title="Ukas bilde",
            section_body="Se her.",
            **{"publications-0-day": "2099-03-02", "publications-0-all_day": "y"},
        ),
    )
    post = db.session.scalar(sa.select(Post).where(Post.title == "Ukas bilde"))
    assert saved.location == f"/m/alfa/posts/{post.id}"
    assert [(p.channel, p.all_day) for p in post.publications] == [(coverage_plan.facebook, True)]


def test_without_a_channel_the_new_post_opens_as_before(coverage_plan, client_as):
    editor = client_as("editor")
    fields = form_fields(editor.get("/m/alfa/posts/new").text, form_id="post-form")
    saved = editor.post(
        "/m/alfa/posts/new", data=as_form(fields, title="Vanlig sak", section_body="Tekst.")
    )
    post = db.session.scalar(sa.select(Post).where(Post.title == "Vanlig sak"))
    assert saved.location == f"/m/alfa/posts/{post.id}"


def test_overdue_and_review_and_outdated_actions_go_to_the_post(coverage_plan, client_as):
    reviewer = client_as("reviewer")
    post = coverage_plan.posts["P7"]
    url = action_url(report(reviewer), "Review", "Venter lenge")
    assert url == f"/m/alfa/posts/{post.id}#workflow-heading"
    assert reviewer.get(url).status_code == 200


def test_readers_get_no_actions(coverage_plan, client_as):
    html = report(client_as("viewer"))
    assert "gap__action" not in html
