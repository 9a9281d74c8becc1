"""Two people edit the same thing: the later save is refused with 409 and nothing is lost."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from tests.conftest import reload
from tests.posts.helpers import (
    Page,
    as_form,
    form_fields,
    input_value,
    section,
    textarea,
)

THEIRS = "Kari fikk fast stilling etter tolv år som vikar."
MINE = "Tolv år som vikar – nå har Kari fått fast stilling i hjemmetjenesten."


def compare_cells(html: str) -> dict[str, tuple[str, str]]:
    """The side-by-side table: field label → (your version, the saved version)."""
    table = section(html, 'class="conflict-compare"', "</table>")
    rows = {}
    for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", section(table, "<tbody>"), re.S):
        label = Page.of(re.search(r"<th.*?</th>", row, re.S).group(0)).text
        cells = [Page.of(cell).text.strip() for cell in re.findall(r"<td.*?</td>", row, re.S)]
        rows[" ".join(label.split())] = tuple(cells)
    return rows


def test_the_second_save_gets_409_and_sees_both_texts(plan, make_post, client_as):
    post = make_post("draft", title="Fra vikar til fast", sections={"body": "Første utkast."})
    url = f"/m/alfa/posts/{post.id}/edit"
    editor, admin = client_as("editor"), client_as("admin")
    # Both open the edit page of the same version.
    editor_fields = form_fields(editor.get(url).text, form_id="post-form")
    admin_fields = form_fields(admin.get(url).text, form_id="post-form")
    opened = post.version
    assert dict(admin_fields)["version"] == str(opened)

    # The editor saves first.
    response = editor.post(url, data=as_form(editor_fields, section_body=THEIRS))
    assert response.status_code == 302
    assert reload(post).version == opened + 1

    # The admin's save, of the version they opened, is refused.
    response = admin.post(
        url, data=as_form(admin_fields, section_body=MINE, title="Kari fikk fast stilling")
    )
    assert response.status_code == 409
    page = response.text
    assert "Someone else saved this post after you opened it" in page
    # The admin's unsaved text is still in the form …
    assert textarea(page, "section_body") == MINE
    assert input_value(page, "title") == "Kari fikk fast stilling"
    # … and both texts are side by side.
    rows = compare_cells(page)
    assert rows["Text differs"] == (MINE, THEIRS)
    assert rows["Title differs"] == ("Kari fikk fast stilling", "Fra vikar til fast")
    assert rows["Summary"] == ("", "")
    assert f"Saved version (version {opened + 1})" in page
    # The form now carries the version that is saved.
    assert input_value(page, "version") == str(opened + 1)

    # Nothing of the admin's was saved.
    post = reload(post)
    assert post.body == THEIRS and post.title == "Fra vikar til fast"
    assert post.version == opened + 1
    updates = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.action == "post.updated", AuditEvent.object_id == post.id
        )
    ).all()
    assert [event.actor_id for event in updates] == [plan.people["editor"].id]

    # Saving again from that page (with the new version) replaces the text with the admin's.
    response = admin.post(url, data=as_form(form_fields(page, form_id="post-form")))
    assert response.status_code == 302
    post = reload(post)
    assert post.body == MINE and post.title == "Kari fikk fast stilling"
    assert post.version == opened + 2


def test_a_switch_of_template_is_not_refused_as_a_conflict(make_post, client_as):
    """Showing another template's fields saves nothing, so it never conflicts."""
    post = make_post("draft")
    url = f"/m/alfa/posts/{post.id}/edit"
    editor, admin = client_as("editor"), client_as("admin")
    admin_fields = form_fields(admin.get(url).text, form_id="post-form")
    fields = form_fields(editor.get(url).text, form_id="post-form")
    editor.post(url, data=as_form(fields, section_body=THEIRS))
    response = admin.post(url, data=as_form(admin_fields, template="car", switch_template="1"))
    assert response.status_code == 200
    assert reload(post).body == THEIRS


def test_a_stale_publication_form_is_refused_with_409(make_post, make_publication, client_as):
    post = make_post("draft")
    publication = make_publication(post, date(2026, 5, 4))
    url = f"/m/alfa/posts/publications/{publication.id}/edit"
    editor, admin = client_as("editor"), client_as("admin")
    editor_fields = form_fields(editor.get(url).text, action=url)
    admin_fields = form_fields(admin.get(url).text, action=url)
    assert dict(admin_fields)["version"] == str(publication.version)

    # May 2026 has passed: each form confirms the past time ("Plan it anyway").
    response = editor.post(url, data=as_form(editor_fields, day="2026-05-06", confirm_past="y"))
    assert response.status_code == 302
    response = admin.post(
        url, data=as_form(admin_fields, day="2026-05-08", at="12:00", confirm_past="y")
    )
    assert response.status_code == 409
    page = response.text
    assert "Someone else saved this after you opened it" in page
    # The admin's choice is kept in the form, and the page tells what it was changed to.
    assert input_value(page, "day") == "2026-05-08"
    assert input_value(page, "at") == "12:00"
    assert "It was changed to" in page and "6. May 2026 09:00" in page

    publication = reload(publication)
    assert publication.publish_at == datetime(2026, 5, 6, 7, 0, tzinfo=UTC)  # 09:00 in Oslo
    # Saving again with the version the page now carries goes through.
    response = admin.post(url, data=as_form(form_fields(page, action=url)))
    assert response.status_code == 302
    assert reload(publication).publish_at == datetime(2026, 5, 8, 10, 0, tzinfo=UTC)
