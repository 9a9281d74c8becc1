"""Writing posts: templates, validation, links within the municipality, search, history, comments,
and tenant isolation of every posts URL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.errors import FieldError
from planner.core.extensions import db
from planner.municipalities.models import Membership
from planner.posts import services
from planner.posts.models import Comment, Post, Publication, Revision
from planner.results.models import Measurement
from tests.conftest import reload
from tests.posts.conftest import post_form, post_values
from tests.posts.helpers import (
    Page,
    as_form,
    flashes,
    form_fields,
    has_validation_message,
    section,
    textarea,
    validation_message,
)

CAR = {
    "section_car_challenge": "Femti ansatte jobbet ufrivillig deltid.",
    "section_car_action": "Tillitsvalgte og ledere laget turnus sammen.",
    "section_car_result": "Nå jobber bare fjorten ufrivillig deltid.",
}
STAR = {
    "section_star_situation": "Hjemmetjenesten i Innherred, 2012.",
    "section_star_result": "Flere hele stillinger.",
}


def alfa_posts() -> list[Post]:
    return list(
        db.session.scalars(
            sa.select(Post).where(Post.title != "Betas hemmelige sak").order_by(Post.id)
        )
    )


def only_post() -> Post:
    db.session.expire_all()
    [post] = alfa_posts()
    return post


# --- Writing with a template ---------------------------------------------------------------------


def test_create_with_a_template_composes_the_body_in_order(plan, client_as):
    editor = client_as("editor")
    response = editor.post(
        "/m/alfa/posts/new",
        data=post_form(
            plan, template="car", section_body=None, indicators=[str(plan.a.indicator.id)], **CAR
        ),
    )
    assert response.status_code == 302, response.text
    post = only_post()
    assert response.headers["Location"].endswith(f"/m/alfa/posts/{post.id}")
    assert post.status == "draft"
    assert post.template == "car"
    assert post.body == "\n\n".join(CAR.values())
    assert post.sections == {key.removeprefix("section_"): text for key, text in CAR.items()}
    assert post.owner_id == plan.people["editor"].id
    assert post.created_by_id == plan.people["editor"].id
    assert [goal.id for goal in post.goals] == [plan.a.goal.id]
    assert [audience.id for audience in post.audiences] == [plan.a.audience.id]
    assert [indicator.id for indicator in post.indicators] == [plan.a.indicator.id]
    [revision] = db.session.scalars(sa.select(Revision).where(Revision.post_id == post.id))
    assert revision.after["body"] == post.body and revision.author_id == plan.people["editor"].id
    assert (
        db.session.scalar(
            sa.select(AuditEvent).where(
                AuditEvent.action == "post.created", AuditEvent.object_id == post.id
            )
        ).actor_id
        == plan.people["editor"].id
    )

    page = editor.get(response.headers["Location"]).text
    assert "The post is saved." in flashes(page)
    story = section(page, 'class="post-body"', "</article>")
    paragraphs = re.findall(r"<p>(.*?)</p>", story)
    assert paragraphs == list(CAR.values())
    # The linked result is shown live, from its baseline to its latest measurement.
    chip = Page.of(section(page, '<span class="result-chip', "</span>")).text
    assert re.sub(r"\s+", " ", chip).strip() == (
        "Ufrivillig deltid Alfa 50 ansatte → 14 ansatte (2012–2014, source: HR)"
    )


def test_save_as_idea(plan, client_as):
    response = client_as("editor").post("/m/alfa/posts/new", data=post_form(plan, save_as="idea"))
    assert response.status_code == 302
    assert only_post().status == "idea"


def test_new_post_page_lists_every_template_with_its_hints(plan, client_as):
    page = client_as("editor").get("/m/alfa/posts/new").text
    for key in ("car", "star", "before_after", "spine", "free"):
        assert f'data-template="{key}"' in page
    assert "What was the problem, and who felt it?" in page  # a hint of a CAR field
    # The new post is the writer's by default.
    owner = Page.of(section(page, 'name="owner"', "</select>")).find("option", selected="")
    assert [option.attrs["value"] for option in owner] == [str(plan.people["editor"].id)]


def test_switching_template_keeps_what_was_written_and_saves_nothing(plan, client_as):
    editor = client_as("editor")
    data = post_form(plan, template="star", section_body="Fri tekst.", switch_template="1", **CAR)
    response = editor.post("/m/alfa/posts/new", data=data)
    assert response.status_code == 200
    assert alfa_posts() == []
    page = response.text
    # The chosen template's fields are shown; the others are hidden but still hold their text.
    assert re.search(r'data-template="star"[^>]*>', page).group(0).count("hidden") == 0
    assert "hidden" in re.search(r'data-template="car"[^>]*>', page).group(0)
    for name, text in CAR.items():
        assert textarea(page, name) == text
    assert textarea(page, "section_body") == "Fri tekst."
    kept = Page.of(section(page, 'id="kept-heading"', "</section>")).text
    for text in [*CAR.values(), "Fri tekst."]:
        assert text in kept
    assert 'value="star" checked' in page or re.search(r'checked[^>]*value="star"', page)

    # Switching back brings the CAR fields to the front, with their text.
    data.update(template="car", **STAR)
    page = editor.post("/m/alfa/posts/new", data=data).text
    assert alfa_posts() == []
    assert "hidden" not in re.search(r'data-template="car"[^>]*>', page).group(0)
    for name, text in {**CAR, **STAR}.items():
        assert textarea(page, name) == text
    kept = Page.of(section(page, 'id="kept-heading"', "</section>")).text
    assert "Hjemmetjenesten i Innherred, 2012." in kept
    assert "Femti ansatte" not in kept


def test_switching_back_restores_the_body_of_a_saved_post(plan, client_as):
    editor = client_as("editor")
    editor.post("/m/alfa/posts/new", data=post_form(plan, template="car", **CAR))
    post = only_post()
    edit_url = f"/m/alfa/posts/{post.id}/edit"

    fields = form_fields(editor.get(edit_url).text, form_id="post-form")
    assert editor.post(edit_url, data=as_form(fields, template="star", **STAR)).status_code == 302
    post = only_post()
    assert post.template == "star"
    assert post.body == "\n\n".join(STAR.values())
    # The CAR texts are kept, though not part of the body now.
    assert post.sections["car_challenge"] == CAR["section_car_challenge"]
    page = editor.get(edit_url).text
    assert textarea(page, "section_car_result") == CAR["section_car_result"]
    assert "Text kept from other templates" in page

    fields = form_fields(page, form_id="post-form")
    assert editor.post(edit_url, data=as_form(fields, template="car")).status_code == 302
    post = only_post()
    assert post.template == "car"
    assert post.body == "\n\n".join(CAR.values())
    assert post.sections["star_situation"] == STAR["section_star_situation"]


# --- Validation -----------------------------------------------------------------------------------


def test_validation_errors_keep_the_input_and_stand_next_to_their_field(plan, client_as):
    response = client_as("editor").post(
        "/m/alfa/posts/new",
        data=post_form(
            plan,
            title="  ",
            summary="Et sammendrag som ikke skal gå tapt.",
            section_body="Teksten som ikke skal gå tapt.",
            language="xx",
        ),
    )
    assert response.status_code == 200
    assert alfa_posts() == []
    page = response.text
    assert "Give the post a title." in validation_message(page, "title")
    assert validation_message(page, "language")
    assert textarea(page, "summary") == "Et sammendrag som ikke skal gå tapt."
    assert textarea(page, "section_body") == "Teksten som ikke skal gå tapt."
    assert 'id="error-summary"' in page and 'href="#title"' in page
    # Goals and audiences chosen stay chosen.
    assert re.search(rf'value="{plan.a.goal.id}"[^>]*checked|checked[^>]*value="{plan.a.goal.id}"',
                     page)  # fmt: skip


EVENT = {
    "kind": "event",
    "location": "Austrheim kulturhus",
    "event_starts_day": "2026-06-12",
    "event_starts_time": "18:00",
    "event_ends_day": "2026-06-12",
    "event_ends_time": "21:00",
}


def test_an_event_is_saved_with_its_place_and_times_in_utc(plan, client_as):
    editor = client_as("editor")
    response = editor.post("/m/alfa/posts/new", data=post_form(plan, **EVENT))
    assert response.status_code == 302, response.text
    post = only_post()
    assert post.location == "Austrheim kulturhus"
    # 18:00 in Oslo in June (summer time) is 16:00 UTC.
    assert post.event_starts_at == datetime(2026, 6, 12, 16, 0, tzinfo=UTC)
    assert post.event_ends_at == datetime(2026, 6, 12, 19, 0, tzinfo=UTC)
    page = editor.get(f"/m/alfa/posts/{post.id}").text
    assert "Austrheim kulturhus" in page
    assert "18:00" in page and "21:00" in page
    # The edit page shows the local times again.
    edit = editor.get(f"/m/alfa/posts/{post.id}/edit").text
    assert 'value="18:00"' in edit and 'value="2026-06-12"' in edit


def test_an_event_needs_a_start(plan, client_as):
    data = post_form(plan, **{**EVENT, "event_starts_day": "", "event_starts_time": ""})
    response = client_as("editor").post("/m/alfa/posts/new", data=data)
    assert response.status_code == 200
    assert alfa_posts() == []
    assert "An event needs a start date and time." in validation_message(
        response.text, "event_starts_day"
    )
    # What was written is kept.
    assert 'value="Austrheim kulturhus"' in response.text
    assert 'value="21:00"' in response.text


def test_an_event_needs_both_date_and_time(plan, client_as):
    data = post_form(plan, **{**EVENT, "event_starts_time": ""})
    response = client_as("editor").post("/m/alfa/posts/new", data=data)
    assert alfa_posts() == []
    assert "Enter both the date and the time." in validation_message(
        response.text, "event_starts_time"
    )


def test_an_event_must_end_after_it_starts(plan, client_as):
    data = post_form(plan, **{**EVENT, "event_ends_time": "17:00"})
    response = client_as("editor").post("/m/alfa/posts/new", data=data)
    assert response.status_code == 200
    assert alfa_posts() == []
    assert "The event must end after it starts." in validation_message(
        response.text, "event_ends_day"
    )
    assert 'value="17:00"' in response.text


def test_an_event_needs_a_location(plan, client_as):
    response = client_as("editor").post(
        "/m/alfa/posts/new", data=post_form(plan, **{**EVENT, "location": ""})
    )
    assert alfa_posts() == []
    assert response.status_code == 200
    assert validation_message(response.text, "location")


def test_a_story_keeps_no_event_fields(plan, client_as):
    """Event fields posted with another kind are not saved (the browser may keep them filled)."""
    data = post_form(plan, **{**EVENT, "kind": "story"})
    assert client_as("editor").post("/m/alfa/posts/new", data=data).status_code == 302
    post = only_post()
    assert post.kind == "story"
    assert post.location == "" and post.event_starts_at is None and post.event_ends_at is None


def test_the_owner_must_be_an_active_member(plan, client_as):
    editor = client_as("editor")
    outsider = plan.people["other"]
    response = editor.post("/m/alfa/posts/new", data=post_form(plan, owner=str(outsider.id)))
    assert response.status_code == 200
    assert validation_message(response.text, "owner")
    assert alfa_posts() == []

    viewer = plan.people["viewer"]
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == viewer.id))
    membership.active = False
    db.session.commit()
    response = editor.post("/m/alfa/posts/new", data=post_form(plan, owner=str(viewer.id)))
    assert validation_message(response.text, "owner")
    assert alfa_posts() == []

    # Nobody yet is allowed.
    response = editor.post("/m/alfa/posts/new", data=post_form(plan, owner=""))
    assert response.status_code == 302
    assert only_post().owner_id is None


def test_the_service_refuses_an_owner_outside_the_municipality(plan):
    with pytest.raises(FieldError) as refused:
        services.create_post(
            plan.municipality,
            post_values(plan.a, owner=plan.people["other"].id),
            actor=plan.people["editor"],
            status="draft",
        )
    assert refused.value.field == "owner"
    db.session.rollback()


@pytest.mark.parametrize("field", ["goals", "audiences", "indicators"])
def test_links_to_another_municipality_are_refused(field, plan, make_post, client_as):
    other = {"goals": plan.b.goal, "audiences": plan.b.audience, "indicators": plan.b.indicator}
    editor = client_as("editor")
    response = editor.post(
        "/m/alfa/posts/new", data=post_form(plan, **{field: [str(other[field].id)]})
    )
    assert response.status_code == 200
    assert "Choose only among the options shown." in validation_message(response.text, field)
    assert alfa_posts() == []

    # Not when editing either, and not through the service.
    post = make_post("draft")
    url = f"/m/alfa/posts/{post.id}/edit"
    fields = form_fields(editor.get(url).text, form_id="post-form")
    response = editor.post(url, data=as_form(fields, **{field: [str(other[field].id)]}))
    assert response.status_code == 200
    assert has_validation_message(response.text, field)
    post = reload(post)
    assert other[field].id not in [item.id for item in getattr(post, field)]
    with pytest.raises(FieldError):
        services.update_post(
            post,
            post_values(plan.a, **{field: [other[field].id]}),
            actor=plan.people["editor"],
            municipality=plan.municipality,
            expected_version=post.version,
        )
    db.session.rollback()


# --- Search ---------------------------------------------------------------------------------------


@pytest.fixture
def searchable(plan, make_post, make_publication):
    admin = plan.people["admin"].id
    posts = {
        "vikar": make_post("draft", sections={"body": "Flere fikk heltid i hjemmetjenesten."}),
        "lykke": make_post(
            "approved", title="Jordnær lykke", summary="100 % fornøyde bønder", owner=admin,
            goals=[], sections={"body": "Bønder i Rissa."},
        ),
        "kveld": make_post(
            "in_review", title="Temakveld om heltid", kind="event", location="Austrheim kulturhus",
            event_starts_at=datetime(2026, 9, 1, 18), audiences=[],
        ),
        "gammel": make_post("archived", title="Gammel sak om heltid"),
    }  # fmt: skip
    make_publication(posts["vikar"], date.today() - timedelta(days=2))
    make_publication(posts["lykke"], date.today() + timedelta(days=2), channel=plan.sms)
    return posts


def found(client, query: str) -> set[str]:
    page = client.get(f"/m/alfa/posts/?{query}").text
    table = section(page, "<tbody>", "</tbody>") if "<tbody>" in page else ""
    ids = {int(i) for i in re.findall(r'href="/m/alfa/posts/(\d+)"', table)}
    return {db.session.get(Post, i).title for i in ids}


def test_search_by_text_and_filters(plan, searchable, client_as):
    viewer = client_as("viewer")
    vikar, lykke, kveld = "Fra vikar til fast", "Jordnær lykke", "Temakveld om heltid"
    everything = found(viewer, "")
    assert everything == {vikar, lykke, kveld}  # archived left out unless asked for
    assert found(viewer, "q=heltid") == {vikar, kveld}  # in the body and in the title
    assert found(viewer, "q=HELTID") == {vikar, kveld}
    assert found(viewer, "q=JORDNÆR") == {lykke}  # case folding beyond ASCII
    assert found(viewer, "q=kulturhus") == {kveld}  # the location
    assert found(viewer, "q=fornøyde") == {lykke}  # the summary
    assert found(viewer, "q=%25") == {lykke}  # a literal %, not a wildcard
    assert found(viewer, "q=_") == set()
    assert found(viewer, "q=ingenting+slikt") == set()
    # Filters, alone and combined with the text (AND), several values of one filter (OR).
    editor_id, admin_id = plan.people["editor"].id, plan.people["admin"].id
    assert found(viewer, f"owner={editor_id}") == {vikar, kveld}
    assert found(viewer, f"owner={editor_id}&owner={admin_id}") == everything
    assert found(viewer, f"q=heltid&owner={editor_id}&status=draft") == {vikar}
    assert found(viewer, "status=draft&status=approved") == {vikar, lykke}
    assert found(viewer, f"q=heltid&channel={plan.a.channel.id}") == {vikar}
    assert found(viewer, f"channel={plan.sms.id}") == {lykke}
    assert found(viewer, f"goal={plan.a.goal.id}") == {vikar, kveld}
    assert found(viewer, f"q=heltid&audience={plan.a.audience.id}") == {vikar}
    assert found(viewer, "status=overdue") == {vikar}
    assert found(viewer, "status=archived&q=heltid") == {"Gammel sak om heltid"}
    # The filters are kept on the page.
    page = viewer.get(f"/m/alfa/posts/?q=heltid&status=draft&owner={editor_id}").text
    assert 'value="heltid"' in page
    assert re.search(r'id="filter-status-draft"[^>]*checked', page)
    assert re.search(rf'id="filter-owner-{editor_id}"[^>]*checked', page)
    assert "1 post found" in page


def test_search_never_shows_another_municipality(plan, client_as):
    assert found(client_as("admin"), "q=hemmelige") == set()


# --- History --------------------------------------------------------------------------------------


def test_history_shows_a_word_diff_with_the_author(plan, client_as):
    editor, admin = client_as("editor"), client_as("admin")
    editor.post(
        "/m/alfa/posts/new",
        data=post_form(plan, section_body="Femti ansatte jobbet deltid i 2012."),
    )
    post = only_post()
    url = f"/m/alfa/posts/{post.id}/edit"
    fields = form_fields(admin.get(url).text, form_id="post-form")
    response = admin.post(
        url,
        data=as_form(
            fields, section_body="Femti ansatte jobbet heltid i 2014.", title="Fra vikar til fast!",
            goals=[],
        ),
    )  # fmt: skip
    assert response.status_code == 302

    page = admin.get(f"/m/alfa/posts/{post.id}/history").text
    revisions = re.findall(r'<li class="ds-card revision".*?</li>\s*(?=<li class="ds-card|</ol>)',
                           page, re.S)  # fmt: skip
    assert len(revisions) == 2
    newest, oldest = revisions
    assert "admin Alfa" in newest and "Created" not in newest
    assert "editor Alfa" in oldest and "Created" in oldest
    deleted = [Page.of(d).text for d in re.findall(r"<del>.*?</del>", newest, re.S)]
    inserted = [Page.of(i).text for i in re.findall(r"<ins>.*?</ins>", newest, re.S)]
    assert "removed: deltid" in deleted and "removed: 2012." in deleted
    assert "added: heltid" in inserted and "added: 2014." in inserted
    assert "removed: Heltidskultur Alfa" in deleted  # the goal taken away
    # Unchanged words are plain text, not marked.
    text = Page.of(newest).text
    assert "Femti ansatte jobbet" in text
    assert not any("Femti" in piece for piece in deleted + inserted)
    assert "added: fast!" in inserted or "added: Fra vikar til fast!" in inserted


# --- Comments -------------------------------------------------------------------------------------


def test_comments(plan, make_post, client_as):
    post = make_post("draft")
    url = f"/m/alfa/posts/{post.id}/comments"
    response = client_as("reviewer").post(url, data={"body": "Godt skrevet, men kortere?"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/m/alfa/posts/{post.id}#comments")
    [comment] = db.session.scalars(sa.select(Comment).where(Comment.post_id == post.id))
    assert comment.kind == "comment" and comment.author_id == plan.people["reviewer"].id
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "post.commented")
    ).after == {"comment": "Godt skrevet, men kortere?"}

    page = client_as("viewer").get(f"/m/alfa/posts/{post.id}").text
    comments = section(page, 'id="comments"')
    assert "Godt skrevet, men kortere?" in comments and "reviewer Alfa" in comments
    # A reader sees the comments but has no form, and cannot post one.
    assert f'action="{url}' not in page
    assert client_as("viewer").post(url, data={"body": "Jeg vil også"}).status_code == 403

    response = client_as("editor").post(url, data={"body": "   "})
    assert response.status_code == 422
    assert "Write a comment." in validation_message(response.text, "body")
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 1


# --- Result chips ---------------------------------------------------------------------------------


def test_a_newer_result_after_approval_is_flagged(plan, make_post, client_as):
    post = make_post("approved", indicators=[plan.a.indicator.id])
    page = client_as("viewer").get(f"/m/alfa/posts/{post.id}").text
    assert "Result updated since this was written." not in page
    db.session.add(
        Measurement(indicator=plan.a.indicator, measured_on=date(2015, 6, 30), value=Decimal(9))
    )
    db.session.commit()
    page = client_as("viewer").get(f"/m/alfa/posts/{post.id}").text
    warning = Page.of(section(page, 'class="ds-alert result-updated"', "</div>")).text
    assert "Result updated since this was written." in warning
    assert "14 ansatte" in warning and "9 ansatte" in warning


# --- Tenant isolation -----------------------------------------------------------------------------


def test_every_posts_url_with_another_municipalitys_ids_is_404(app, plan, client_as):
    post, publication = plan.b_post, plan.b_publication
    # A comment of Beta's, by the admin of Alfa herself (so only the tenant stops her).
    beta_comment = Comment(post=post, author_id=plan.people["admin"].id, body="Betas kommentar.")
    db.session.add(beta_comment)
    db.session.commit()
    before = (post.title, post.status, post.version, publication.status, publication.publish_at)
    admin = client_as("admin")
    ids = {
        "post_id": post.id,
        "publication_id": publication.id,
        "comment_id": beta_comment.id,
        "name": "submit",
    }
    form = {
        "title": "Overtatt",
        "kind": "story",
        "language": "en",
        "body": "x",
        "reason": "x",
        "channel": str(plan.a.channel.id),
        "day": "2026-06-01",
        "at": "10:00",
        "url": "https://example.com/x",
    }
    checked = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("posts.", "calendar.")) or not (
            "post_id" in rule.arguments or "publication_id" in rule.arguments
        ):
            continue
        for slug in ("alfa", "beta"):
            url = rule.build({"slug": slug, **ids}, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = admin.open(url, method=method, data=form if method == "POST" else None)
                assert response.status_code == 404, (method, url, response.status_code)
                checked.append((method, rule.endpoint))
    assert {endpoint for _, endpoint in checked} >= {
        "posts.show", "posts.edit", "posts.history", "posts.transition", "posts.comment",
        "posts.new_publication", "posts.edit_publication", "posts.cancel_publication",
        "posts.restore_publication", "posts.mark_published", "calendar.move_publication",
        "posts.copy", "posts.edit_comment", "posts.delete_comment",
    }  # fmt: skip
    db.session.expire_all()
    post, publication = db.session.get(Post, post.id), db.session.get(Publication, publication.id)
    after = (post.title, post.status, post.version, publication.status, publication.publish_at)
    assert after == before
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 1  # Beta's, unchanged
    assert reload(beta_comment).body == "Betas kommentar." and beta_comment.deleted_at is None
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 1, "nothing copied"
    assert db.session.scalar(sa.select(sa.func.count(Publication.id))) == 1
