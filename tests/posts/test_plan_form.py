"""The post form plans its publications too: rows of channel, date, time or all day, and text.

Everything here is a plain form POST, as a browser without JavaScript sends it.
"""

from __future__ import annotations

from datetime import date, time

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.posts.models import Post, Publication
from tests.posts.conftest import SMS_LIMIT, publication_form
from tests.posts.helpers import (
    as_form,
    form_fields,
    has_validation_message,
    section,
    validation_message,
)

FUTURE = "2099-03-02"


def new_form(client, query: str = "") -> list:
    return form_fields(client.get(f"/m/alfa/posts/new{query}").text, form_id="post-form")


def row(index: int, **values) -> dict:
    return {f"publications-{index}-{name}": value for name, value in values.items()}


def reload(post: Post) -> Post:
    db.session.expire_all()
    return db.session.get(Post, post.id)


def post_titled(title: str) -> Post | None:
    return db.session.scalar(sa.select(Post).where(Post.title == title))


def add_rows(client, fields: list, *, times: int = 1) -> list:
    """Press "Add a channel" (without JavaScript) `times` times; the fields of the page after."""
    for _ in range(times):
        page = client.post("/m/alfa/posts/new", data=as_form(fields, add_publication="1"))
        assert page.status_code == 200
        fields = form_fields(page.text, form_id="post-form")
    return fields


def test_one_save_writes_the_post_and_plans_it_on_two_channels(plan, client_as):
    editor = client_as("editor")
    fields = add_rows(editor, new_form(editor))
    saved = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            fields,
            title="To kanaler",
            section_body="Historien.",
            save_as="draft",
            **row(0, channel=str(plan.a.channel.id), day=FUTURE, at="09:00"),
            **row(1, channel=str(plan.sms.id), day=FUTURE, all_day="y", text="Kort SMS."),
        ),
    )
    post = post_titled("To kanaler")
    assert saved.status_code == 302 and saved.location == f"/m/alfa/posts/{post.id}"
    planned = sorted(post.publications, key=lambda publication: publication.channel.name)
    assert [(p.channel, p.all_day, p.text) for p in planned] == [
        (plan.a.channel, False, ""),
        (plan.sms, True, "Kort SMS."),
    ]
    created = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.action == "publication.created")
    ).all()
    assert len(created) == 2 + 1  # the fixture's Beta publication is the third


def test_add_a_channel_keeps_everything_and_saves_nothing(plan, client_as):
    editor = client_as("editor")
    fields = new_form(editor)
    page = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            fields,
            title="Ikke lagret ennå",
            section_body="Utkast til tekst.",
            add_publication="1",
            **row(0, channel=str(plan.sms.id), day=FUTURE, at="10:30", text="Hei"),
        ),
    )
    assert page.status_code == 200
    after = dict(form_fields(page.text, form_id="post-form"))
    assert after["title"] == "Ikke lagret ennå"
    assert after["publications-0-channel"] == str(plan.sms.id)
    assert after["publications-0-day"] == FUTURE and after["publications-0-at"] == "10:30"
    assert after["publications-0-text"] == "Hei"
    assert after["publications-1-channel"] in ("", "None")  # the new, empty row
    assert post_titled("Ikke lagret ennå") is None


def test_an_error_in_one_row_saves_nothing_keeps_all_and_stands_at_its_row(plan, client_as):
    editor = client_as("editor")
    fields = add_rows(editor, new_form(editor))
    too_long = "x" * (SMS_LIMIT + 1)
    page = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            fields,
            title="Feil i rad to",
            section_body="Historien.",
            save_as="draft",
            **row(0, channel=str(plan.a.channel.id), day=FUTURE, at="09:00"),
            **row(1, channel=str(plan.sms.id), day=FUTURE, at="12:00", text=too_long),
        ),
    )
    assert page.status_code == 200
    assert post_titled("Feil i rad to") is None
    assert db.session.scalar(sa.select(sa.func.count(Publication.id))) == 1  # Beta's only
    assert f"at most {SMS_LIMIT} characters" in validation_message(page.text, "publications-1-text")
    assert not has_validation_message(page.text, "publications-0-text")
    summary = section(page.text, 'id="error-summary"', "</ul>")
    assert "Publication 2, Text for this channel:" in summary
    kept = dict(form_fields(page.text, form_id="post-form"))
    assert kept["title"] == "Feil i rad to" and kept["publications-1-text"] == too_long
    assert kept["publications-0-at"] == "09:00"


def test_a_row_without_time_or_channel_gets_its_errors_and_blank_rows_are_ignored(plan, client_as):
    editor = client_as("editor")
    fields = add_rows(editor, new_form(editor), times=2)
    page = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            fields,
            title="Halv rad",
            section_body="Tekst.",
            **row(1, day=FUTURE),  # row 0 and row 2 stay empty
        ),
    )
    assert "Choose a channel." in validation_message(page.text, "publications-1-channel")
    assert "Enter a time" in validation_message(page.text, "publications-1-at")
    assert not has_validation_message(page.text, "publications-0-channel")
    assert post_titled("Halv rad") is None
    saved = editor.post(
        "/m/alfa/posts/new",
        data=as_form(fields, title="Bare tekst", section_body="Tekst."),
    )
    assert saved.status_code == 302
    assert post_titled("Bare tekst").publications == []


def test_a_time_that_has_passed_asks_for_confirmation(plan, client_as):
    editor = client_as("editor")
    fields = new_form(editor)
    data = as_form(
        fields,
        title="For sent",
        section_body="Tekst.",
        **row(0, channel=str(plan.a.channel.id), day="2020-01-06", at="09:00"),
    )
    page = editor.post("/m/alfa/posts/new", data=data)
    assert "This time has passed" in validation_message(page.text, "publications-0-confirm_past")
    assert 'id="publications-0-confirm_past"' in page.text  # the checkbox appears
    assert post_titled("For sent") is None
    confirmed = editor.post(
        "/m/alfa/posts/new", data={**data, "publications-0-confirm_past": ["y"]}
    )
    assert confirmed.status_code == 302
    (publication,) = post_titled("For sent").publications
    assert publication.publish_at.date() == date(2020, 1, 6)


def test_the_edit_form_changes_cancels_and_adds_publications_in_one_save(
    plan, client_as, make_post, make_publication
):
    post = make_post("draft", title="Endres")
    moved = make_publication(post, date(2099, 1, 5), time(9))
    cancelled = make_publication(post, date(2099, 1, 6), time(9), channel=plan.sms)
    editor = client_as("editor")
    fields = form_fields(editor.get(f"/m/alfa/posts/{post.id}/edit").text, form_id="post-form")
    rows = dict(fields)
    assert rows["publications-0-publication"] == str(moved.id)
    assert rows["publications-1-publication"] == str(cancelled.id)
    assert rows["publications-2-publication"] == ""  # one empty row to add with
    saved = editor.post(
        f"/m/alfa/posts/{post.id}/edit",
        data=as_form(
            fields,
            **row(0, at="14:15"),
            **row(1, cancel="y"),
            **row(2, channel=str(plan.sms.id), day="2099-01-07", all_day="y"),
        ),
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert moved.publish_at.astimezone(moved.publish_at.tzinfo).hour in (13, 14)  # 14:15 local
    assert moved.status == "planned" and cancelled.status == "cancelled"
    assert len(post.publications) == 3
    actions = set(
        db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_type == "publication")
        )
    )
    assert {"publication.updated", "publication.cancelled", "publication.created"} <= actions


def test_a_row_changed_by_someone_else_meanwhile_is_refused_at_its_row(
    plan, client_as, make_post, make_publication
):
    post = make_post("draft", title="Samtidig")
    publication = make_publication(post, date(2099, 1, 5), time(9))
    editor = client_as("editor")
    fields = form_fields(editor.get(f"/m/alfa/posts/{post.id}/edit").text, form_id="post-form")
    admin = client_as("admin")
    admin_fields = form_fields(
        admin.get(f"/m/alfa/posts/publications/{publication.id}/edit").text,
        form_id="publication-form",
    )
    assert (
        admin.post(
            f"/m/alfa/posts/publications/{publication.id}/edit",
            data=as_form(admin_fields, at="11:00"),
        ).status_code
        == 302
    )
    page = editor.post(
        f"/m/alfa/posts/{post.id}/edit",
        data=as_form(fields, title="Samtidig endret", **row(0, at="15:00")),
    )
    assert "Someone else changed this publication" in validation_message(
        page.text, "publications-0-channel"
    )
    db.session.expire_all()
    assert post.title == "Samtidig"  # the post's own change rolled back with the row
    kept = dict(form_fields(page.text, form_id="post-form"))
    assert kept["publications-0-at"] == "15:00"
    assert kept["publications-0-version"] == str(publication.version)  # the next try may save


def test_a_row_cannot_reach_another_posts_or_municipalitys_publication(plan, client_as, make_post):
    post = make_post("draft", title="Min sak")
    editor = client_as("editor")
    fields = form_fields(editor.get(f"/m/alfa/posts/{post.id}/edit").text, form_id="post-form")
    page = editor.post(
        f"/m/alfa/posts/{post.id}/edit",
        data=as_form(
            fields,
            **row(
                0,
                publication=str(plan.b_publication.id),
                version="1",
                channel=str(plan.a.channel.id),
                day=FUTURE,
                at="09:00",
            ),
        ),
    )
    assert "no longer part of the post" in page.text
    db.session.expire_all()
    assert plan.b_publication.post == plan.b_post and plan.b_publication.channel == plan.b.channel


def test_save_and_submit_plans_the_rows_in_the_same_step(plan, client_as):
    editor = client_as("editor")
    saved = editor.post(
        "/m/alfa/posts/new",
        data=as_form(
            new_form(editor),
            title="Rett til godkjenning",
            template="free",
            section_body="Historien.",
            then="submit",
            **row(0, channel=str(plan.a.channel.id), day=FUTURE, at="08:00"),
        ),
    )
    assert saved.status_code == 302
    post = post_titled("Rett til godkjenning")
    assert post.status == "in_review" and len(post.publications) == 1


def test_the_publication_page_asks_too_and_not_when_only_the_text_changes(
    plan, client_as, make_post, make_publication
):
    post = make_post("draft", title="Egen side")
    editor = client_as("editor")
    url = f"/m/alfa/posts/{post.id}/publications/new"
    data = publication_form(plan.a.channel, "2020-01-06", confirm_past=None)
    page = editor.post(url, data=data)
    assert "This time has passed" in validation_message(page.text, "confirm_past")
    assert post.publications == []
    assert editor.post(url, data={**data, "confirm_past": "y"}).status_code == 302
    (overdue,) = reload(post).publications
    edit_url = f"/m/alfa/posts/publications/{overdue.id}/edit"
    fields = form_fields(editor.get(edit_url).text, action=edit_url)
    assert "confirm_past" not in dict(fields)  # not asked again until the time changes
    changed = editor.post(edit_url, data=as_form(fields, text="Ny tekst"))
    assert changed.status_code == 302
    moved = editor.post(
        edit_url,
        data=as_form(form_fields(editor.get(edit_url).text, action=edit_url), day="2020-01-07"),
    )
    assert "This time has passed" in validation_message(moved.text, "confirm_past")
