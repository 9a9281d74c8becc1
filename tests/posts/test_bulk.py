"""Bulk actions on the selected posts of the list and the idea backlog: each post handled by the
rules of a single action, a report line per post, errors next to their fields, plain HTML forms."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.notifications.models import Notification
from planner.posts import bulk
from planner.posts.models import Revision
from tests.conftest import TEST_PASSWORD, reload
from tests.posts.helpers import Page, as_form, flashes, form_fields, section, validation_message

LIST = "/m/alfa/posts/"
BULK = "/m/alfa/posts/bulk"
CALENDAR = "/m/alfa/calendar/"


def events(post, action: str | None = None) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(
        AuditEvent.object_type == "post", AuditEvent.object_id == post.id
    )
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def notified(post) -> Counter:
    return Counter(
        (row.kind, row.user_id)
        for row in db.session.scalars(
            sa.select(Notification).where(Notification.post_id == post.id)
        )
    )


def list_form(client, url: str = LIST, form_id: str = "bulk-form") -> list:
    """The bulk form of a page as the browser would send it (no post selected yet)."""
    page = client.get(url)
    assert page.status_code == 200
    return form_fields(page.text, form_id=form_id)


def send(client, fields: list, posts, **changes):
    """Select the posts and send the form, as a browser without JavaScript does."""
    data = as_form(
        fields, posts=[str(post if isinstance(post, int) else post.id) for post in posts]
    )
    data.update(as_form([], **changes))
    return client.post(BULK, data=data)


def report_lines(html: str, prefix: str = "bulk") -> dict[str, str]:
    """The report's lines by the post's title: "Done" or "Not done: <reason>" (with any note)."""
    part = section(html, f'id="{prefix}-report"', "</section>")
    lines = {}
    for item in re.findall(r"<li\b[^>]*>(.*?)</li>", part, re.S):
        text = " ".join(Page.of(item).text.split())
        title, _, outcome = text.partition(": ")
        lines[title] = outcome.replace("✓ ", "").replace("✕ ", "")
    return lines


def options(html: str, select_id: str) -> list[str]:
    match = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match, select_id
    return re.findall(r'<option value="([^"]*)"', match.group(1))


def duplicate_ids(html: str) -> list[str]:
    ids = Counter(tag.attrs["id"] for tag in Page.of(html).tags if "id" in tag.attrs)
    return [name for name, count in ids.items() if count > 1]


# --- The list ------------------------------------------------------------------------------------


def test_editor_submits_three_posts_one_archived_is_refused_with_its_reason(
    client_as, make_post, plan
):
    first = make_post("draft", title="Første sak")
    second = make_post("idea", title="Andre sak")
    archived = make_post("archived", title="Gammel sak")
    editor = client_as("editor")
    fields = list_form(editor)

    response = send(editor, fields, [first, second, archived], bulk_action="submit")

    assert response.status_code == 302
    target = urlsplit(response.location)
    assert target.path == LIST and target.fragment == "bulk-report"
    page = editor.get(response.location).text
    assert report_lines(page) == {
        "Første sak": "Done",
        "Andre sak": "Done",
        "Gammel sak": "Not done: The post is archived. Restore it to change it.",
    }
    assert "Done for 2 of 3 selected posts." in page
    assert [reload(post).status for post in (first, second, archived)] == [
        "in_review",
        "in_review",
        "archived",
    ]
    # Audit events and notifications as a single submit records them, per post done.
    for post in (first, second):
        assert [event.after["status"] for event in events(post, "post.submit")] == ["in_review"]
    assert events(archived, "post.submit") == []
    alone = make_post("draft", title="Alene")
    assert editor.post(f"/m/alfa/posts/{alone.id}/status/submit").status_code == 302
    assert notified(first) == notified(second) == notified(alone) != Counter()
    assert notified(archived) == Counter()


def test_the_report_is_reached_again_and_a_second_sending_does_nothing_twice(client_as, make_post):
    post = make_post("draft", title="Første sak")
    editor = client_as("editor")
    fields = list_form(editor)
    first = send(editor, fields, [post], bulk_action="archive")
    assert editor.get(first.location).status_code == 200  # the report's page, once

    again = send(editor, fields, [post], bulk_action="archive")

    assert again.status_code == 302 and again.location == first.location
    page = editor.get(again.location).text
    assert "not saved twice" in flashes(page)
    assert report_lines(page) == {"Første sak": "Done"}
    assert len(events(post, "post.archive")) == 1
    # The list without the report's argument shows no report.
    assert 'id="bulk-report"' not in editor.get(LIST).text


def test_reviewer_bulk_approves_posts_in_review_and_is_told_why_not_the_draft(
    client_as, make_post, plan
):
    one = make_post("in_review", title="Til godkjenning 1")
    two = make_post("in_review", title="Til godkjenning 2")
    draft = make_post("draft", title="Kladd")
    reviewer = client_as("reviewer")
    page = reviewer.get(LIST).text
    # A reviewer may only approve here; there is no one to make responsible.
    assert options(page, "bulk-action") == ["", "approve"]
    assert 'id="bulk-owner"' not in page

    response = send(
        reviewer, form_fields(page, "bulk-form"), [one, two, draft], bulk_action="approve"
    )

    assert report_lines(reviewer.get(response.location).text) == {
        "Til godkjenning 1": "Done",
        "Til godkjenning 2": "Done",
        "Kladd": "Not done: Not possible while the post is “Draft”.",
    }
    for post in (one, two):
        post = reload(post)
        assert post.status == "approved"
        assert post.approved_by_id == plan.people["reviewer"].id
        assert len(events(post, "post.approve")) == 1
        assert notified(post)[("approved", plan.people["editor"].id)] == 1
    assert reload(draft).status == "draft"
    # The workflow has no rule against approving a post one wrote oneself (reviewers do not
    # write posts), so the bulk action adds none.


def test_an_editor_is_not_offered_approval_and_a_forged_one_is_refused(client_as, make_post, plan):
    post = make_post("in_review", title="Til godkjenning")
    editor = client_as("editor")
    fields = list_form(editor)
    assert "approve" not in options(editor.get(LIST).text, "bulk-action")

    response = send(editor, fields, [post], bulk_action="approve")

    assert response.status_code == 403
    assert reload(post).status == "in_review"
    assert events(post, "post.approve") == []
    # The service refuses each post itself, whoever calls it.
    results = bulk.apply_bulk(
        "approve", [post.id], actor=plan.people["editor"], municipality=plan.municipality
    )
    assert [(r.done, str(r.message)) for r in results] == [
        (False, "Your role does not allow this.")
    ]
    db.session.rollback()
    assert reload(post).status == "in_review"


def test_a_viewer_gets_no_selection_and_cannot_act(client_as, make_post):
    post = make_post("draft")
    viewer = client_as("viewer")
    page = viewer.get(LIST).text
    assert 'name="posts"' not in page and 'id="bulk-form"' not in page
    assert (
        viewer.post(BULK, data={"posts": [str(post.id)], "bulk_action": "archive"}).status_code
        == 403
    )
    assert reload(post).status == "draft"


def test_set_responsible_changes_only_the_responsible_member(client_as, make_post, plan):
    draft = make_post("draft", title="Kladd")
    approved = make_post("approved", title="Godkjent")
    admin = client_as("admin")
    reviewer = plan.people["reviewer"]

    response = send(
        admin, list_form(admin), [draft, approved], bulk_action="set_owner", owner=str(reviewer.id)
    )

    assert report_lines(admin.get(response.location).text) == {
        "Kladd": "Done",
        "Godkjent": "Done – The post is back in draft and needs a new approval.",
    }
    for post in (draft, approved):
        post = reload(post)
        assert post.owner_id == reviewer.id
        latest = db.session.scalars(
            sa.select(Revision).where(Revision.post_id == post.id).order_by(Revision.id.desc())
        ).first()
        assert latest.after == {"owner": reviewer.name}
        assert len(events(post, "post.updated")) == 1
    # As a save in the editor: an approved post needs a new approval.
    assert reload(approved).status == "draft"
    assert len(events(approved, "post.reopen")) == 1


def test_set_responsible_with_no_member_or_a_non_member_is_an_error_at_the_field(
    client_as, make_post, plan
):
    post = make_post("draft", title="Kladd")
    other = make_post("draft", title="Ikke valgt")
    editor = client_as("editor")
    fields = list_form(editor)

    for owner, message in (
        ("", "Choose who is to be responsible."),
        (str(plan.people["other"].id), "Choose a member of the municipality."),
    ):
        response = send(editor, fields, [post], bulk_action="set_owner", owner=owner)
        assert response.status_code == 302
        assert urlsplit(response.location).fragment == "bulk-controls"
        page = editor.get(response.location).text
        assert validation_message(page, "bulk-owner") == message
        # The selection and the choice are kept.
        checked = form_fields(page, "bulk-form")
        assert ("posts", str(post.id)) in checked and ("posts", str(other.id)) not in checked
        assert ("bulk_action", "set_owner") in checked
        # Shown once: the next page is as usual.
        assert "bulk-owner-error" not in editor.get(LIST).text
    assert reload(post).owner_id == plan.people["editor"].id
    assert events(post, "post.updated") == []


def test_nothing_selected_or_no_action_is_an_error_at_the_field(client_as, make_post):
    post = make_post("draft", title="Kladd")
    editor = client_as("editor")
    fields = list_form(editor)

    page = editor.get(send(editor, fields, [], bulk_action="archive").location).text
    assert validation_message(page, "bulk-posts") == "Select at least one post."
    assert ("bulk_action", "archive") in form_fields(page, "bulk-form")

    page = editor.get(send(editor, fields, [post], bulk_action="").location).text
    assert validation_message(page, "bulk-action") == "Choose what to do with the selected posts."
    assert ("posts", str(post.id)) in form_fields(page, "bulk-form")
    assert reload(post).status == "draft"


def test_another_municipalitys_post_is_reported_not_found_and_left_alone(
    client_as, make_post, plan
):
    own = make_post("draft", title="Egen sak")
    theirs = plan.b_post
    before = len(events(theirs))
    editor = client_as("editor")

    response = send(editor, list_form(editor), [own, theirs, 999999], bulk_action="archive")

    page = editor.get(response.location).text
    assert report_lines(page) == {
        "Egen sak": "Done",
        f"Post {theirs.id}": "Not done: There is no such post here.",
        "Post 999999": "Not done: There is no such post here.",
    }
    assert "Betas hemmelige sak" not in page
    assert reload(theirs).status == "draft"
    assert len(events(theirs)) == before


def test_a_post_refused_by_its_text_keeps_the_others_done(client_as, make_post):
    empty = make_post("draft", title="Tom", sections={"body": ""})
    full = make_post("draft", title="Full")
    editor = client_as("editor")

    response = send(editor, list_form(editor), [empty, full], bulk_action="submit")

    assert report_lines(editor.get(response.location).text) == {
        "Tom": "Not done: Write the text of the post before submitting it.",
        "Full": "Done",
    }
    assert (reload(empty).status, reload(full).status) == ("draft", "in_review")


def test_the_list_keeps_its_filters_and_has_no_duplicate_ids(client_as, make_post):
    make_post("draft", title="Kladd")
    editor = client_as("editor")
    url = LIST + "?status=draft&q=Kladd"
    page = editor.get(url).text
    fields = form_fields(page, "bulk-form")
    assert duplicate_ids(page) == []
    # Every checkbox has a label of its own.
    for tag in Page.of(page).find("input", type="checkbox", name="posts"):
        assert f'for="{tag.attrs["id"]}"' in page
    assert "Select “Kladd”" in page
    # The table stays in its scrolling region, inside the form.
    form = section(page, 'id="bulk-form"', "</form>")
    assert 'class="table-scroll" role="region"' in form

    response = send(editor, fields, [], bulk_action="archive")
    back = urlsplit(response.location)
    assert back.path == LIST
    assert parse_qs(back.query) == {"status": ["draft"], "q": ["Kladd"]}


class TestCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_the_form_carries_its_token(self, client, make_post):
        post = make_post("draft")
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        login = {"email": "editor@alfa.kommune.no", "password": TEST_PASSWORD, "csrf_token": token}
        assert client.post("/login", data=login).status_code == 302
        assert (
            client.post(BULK, data={"posts": [str(post.id)], "bulk_action": "archive"}).status_code
            == 400
        )
        fields = form_fields(client.get(LIST).text, "bulk-form")
        assert {name for name, _ in fields} == {
            "csrf_token",
            "submission_key",
            "next",
            "source",
            "bulk_action",
            "owner",
        }
        assert send(client, fields, [post], bulk_action="archive").status_code == 302
        assert reload(post).status == "archived"


# --- The idea backlog ----------------------------------------------------------------------------


def test_the_backlog_offers_the_selection_and_reports_there(client_as, make_post, plan):
    idea = make_post("idea", title="En idé")
    draft = make_post("draft", title="En kladd")
    editor = client_as("editor")
    page = editor.get(CALENDAR).text
    backlog = section(page, 'id="backlog-heading"')
    assert f'id="backlog-bulk-post-{idea.id}"' in backlog
    assert "Select “En idé”" in backlog
    assert options(page, "backlog-bulk-action") == ["", "submit", "set_owner", "archive"]
    assert duplicate_ids(page) == []
    fields = form_fields(page, "backlog-bulk-form")

    response = send(
        editor, fields, [idea, draft], bulk_action="set_owner", owner=str(plan.people["admin"].id)
    )

    back = urlsplit(response.location)
    assert back.path == CALENDAR and back.fragment == "backlog-bulk-report"
    page = editor.get(response.location).text
    assert report_lines(page, "backlog-bulk") == {"En idé": "Done", "En kladd": "Done"}
    assert reload(idea).owner_id == reload(draft).owner_id == plan.people["admin"].id
    assert reload(idea).status == "idea"


def test_the_backlog_does_not_approve_and_reports_errors_there(client_as, make_post):
    idea = make_post("idea", title="En idé")
    admin = client_as("admin")
    fields = list_form(admin, CALENDAR, "backlog-bulk-form")
    assert "approve" not in [value for name, value in fields if name == "bulk_action"]

    response = send(admin, fields, [idea], bulk_action="approve")

    page = admin.get(response.location).text
    assert urlsplit(response.location).path == CALENDAR
    assert validation_message(page, "backlog-bulk-action") == "Choose one of the actions shown."
    assert ("posts", str(idea.id)) in form_fields(page, "backlog-bulk-form")
    assert reload(idea).status == "idea"


def test_a_reviewer_sees_the_backlog_without_selection(client_as, make_post):
    make_post("idea", title="En idé")
    page = client_as("reviewer").get(CALENDAR).text
    assert "En idé" in page
    assert 'name="posts"' not in page
