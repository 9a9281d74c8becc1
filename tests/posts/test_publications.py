"""Publications: local times stored in UTC, all-day items, channel limits, cancel and restore,
moves across daylight saving, overdue, and week numbers."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from planner.audit.models import AuditEvent
from planner.core.extensions import db
from planner.posts import services
from planner.posts.models import Post, Publication
from planner.posts.overdue import is_overdue, overdue_clause
from tests.conftest import reload
from tests.posts.conftest import SMS_LIMIT, publication_form
from tests.posts.helpers import (
    Page,
    as_form,
    flashes,
    form_fields,
    input_value,
    section,
    textarea,
    validation_message,
)

OSLO = ZoneInfo("Europe/Oslo")


def publications_of(post) -> list[Publication]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(Publication).where(Publication.post_id == post.id).order_by(Publication.id)
        )
    )


def row(page: str, publication) -> str:
    return Page.of(section(page, f'id="publication-{publication.id}"', "</tr>")).text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-01-15", datetime(2026, 1, 15, 8, 0, tzinfo=UTC)),  # winter: UTC+1
        ("2026-07-15", datetime(2026, 7, 15, 7, 0, tzinfo=UTC)),  # summer: UTC+2
    ],
)
def test_a_timed_publication_is_entered_in_local_time_and_stored_in_utc(
    day, expected, plan, make_post, client_as
):
    post = make_post("draft")
    editor = client_as("editor")
    response = editor.post(
        f"/m/alfa/posts/{post.id}/publications/new", data=publication_form(plan.a.channel, day)
    )
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith(f"/m/alfa/posts/{post.id}#publications")
    [publication] = publications_of(post)
    assert publication.publish_at == expected
    assert publication.all_day is False and publication.status == "planned"
    assert publication.municipality_id == plan.municipality.id
    event = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "publication.created", AuditEvent.object_id == publication.id
        )
    )
    assert event.actor_id == plan.people["editor"].id
    page = editor.get(f"/m/alfa/posts/{post.id}").text
    assert "09:00" in row(page, publication)
    assert f'datetime="{expected.isoformat()}"' in page


@pytest.mark.parametrize(
    ("day", "expected", "label"),
    [
        ("2026-01-15", datetime(2026, 1, 14, 23, 0, tzinfo=UTC), "Jan 15, 2026, all day"),
        ("2026-07-15", datetime(2026, 7, 14, 22, 0, tzinfo=UTC), "Jul 15, 2026, all day"),
    ],
)
def test_an_all_day_publication_starts_at_local_midnight(
    day, expected, label, plan, make_post, client_as
):
    post = make_post("draft")
    editor = client_as("editor")
    response = editor.post(
        f"/m/alfa/posts/{post.id}/publications/new",
        data=publication_form(plan.a.channel, day, at="", all_day="y"),
    )
    assert response.status_code == 302
    [publication] = publications_of(post)
    assert publication.all_day is True
    assert publication.publish_at == expected
    shown = row(editor.get(f"/m/alfa/posts/{post.id}").text, publication)
    assert label in shown  # the local day, not the UTC one (the 14th)
    # The edit form shows it as all day, without a time.
    page = editor.get(f"/m/alfa/posts/publications/{publication.id}/edit").text
    assert input_value(page, "day") == day
    assert input_value(page, "at") == ""
    assert "checked" in Page.of(page).find("input", name="all_day")[0].attrs


def test_a_time_or_all_day_is_required(plan, make_post, client_as):
    post = make_post("draft")
    response = client_as("editor").post(
        f"/m/alfa/posts/{post.id}/publications/new",
        data=publication_form(plan.a.channel, "2026-05-04", at=""),
    )
    assert response.status_code == 200
    assert "Enter a time like 09:00" in validation_message(response.text, "at")
    assert publications_of(post) == []


def test_the_channel_limit_is_enforced_next_to_the_text(plan, make_post, client_as):
    post = make_post("draft")
    editor = client_as("editor")
    url = f"/m/alfa/posts/{post.id}/publications/new"
    too_long = "Æ" * (SMS_LIMIT + 1)
    response = editor.post(url, data=publication_form(plan.sms, "2026-05-04", text=too_long))
    assert response.status_code == 200
    message = validation_message(response.text, "text")
    assert f"at most {SMS_LIMIT} characters" in message and f"has {SMS_LIMIT + 1}" in message
    assert textarea(response.text, "text") == too_long
    assert input_value(response.text, "day") == "2026-05-04"
    assert publications_of(post) == []

    # Exactly the limit is fine (letters like æ count as one); surrounding spaces do not count.
    fits = "  " + "æøå" * (SMS_LIMIT // 3) + "x" * (SMS_LIMIT % 3) + "\n"
    response = editor.post(url, data=publication_form(plan.sms, "2026-05-04", text=fits))
    assert response.status_code == 302
    [publication] = publications_of(post)
    assert len(publication.text) == SMS_LIMIT
    # A channel without a limit takes a long text.
    response = editor.post(url, data=publication_form(plan.a.channel, "2026-05-04", text=too_long))
    assert response.status_code == 302

    # Changing the text of a planned one is checked too.
    edit = f"/m/alfa/posts/publications/{publication.id}/edit"
    fields = form_fields(editor.get(edit).text, action=edit)
    response = editor.post(edit, data=as_form(fields, text=too_long))
    assert response.status_code == 200
    assert f"at most {SMS_LIMIT} characters" in validation_message(response.text, "text")
    assert textarea(response.text, "text") == too_long
    assert len(reload(publication).text) == SMS_LIMIT
    # Moving a long text to the limited channel is refused as well.
    [_, long_one] = publications_of(post)
    edit = f"/m/alfa/posts/publications/{long_one.id}/edit"
    fields = form_fields(editor.get(edit).text, action=edit)
    response = editor.post(edit, data=as_form(fields, channel=str(plan.sms.id)))
    assert f"at most {SMS_LIMIT} characters" in validation_message(response.text, "text")
    assert reload(long_one).channel_id == plan.a.channel.id


def test_a_channel_of_another_municipality_is_refused(plan, make_post, client_as):
    post = make_post("draft")
    response = client_as("editor").post(
        f"/m/alfa/posts/{post.id}/publications/new",
        data=publication_form(plan.b.channel, "2026-05-04"),
    )
    assert response.status_code == 200
    assert validation_message(response.text, "channel")
    assert publications_of(post) == []


def test_cancel_and_restore(plan, make_post, make_publication, client_as):
    post = make_post("draft")
    publication = make_publication(post, date(2026, 5, 4))
    editor = client_as("editor")
    cancel = f"/m/alfa/posts/publications/{publication.id}/cancel"
    restore = f"/m/alfa/posts/publications/{publication.id}/restore"

    assert client_as("viewer").post(cancel).status_code == 403
    assert client_as("reviewer").post(cancel).status_code == 403
    assert reload(publication).status == "planned"

    response = editor.post(cancel)
    assert response.status_code == 302
    assert reload(publication).status == "cancelled"
    page = editor.get(response.headers["Location"]).text
    assert "The publication is cancelled." in flashes(page)
    assert "Cancelled" in row(page, publication)
    assert f'action="{restore}"' in page and f'action="{cancel}"' not in page
    # A cancelled publication cannot be changed, cancelled again or marked as published.
    response = editor.post(cancel)
    assert "Only a planned publication can be cancelled." in flashes(
        editor.get(response.headers["Location"]).text
    )

    response = editor.post(restore)
    assert response.status_code == 302
    assert reload(publication).status == "planned"
    assert "The publication is planned again." in flashes(
        editor.get(response.headers["Location"]).text
    )
    response = editor.post(restore)
    assert "Only a cancelled publication can be restored." in flashes(
        editor.get(response.headers["Location"]).text
    )
    actions = db.session.scalars(
        sa.select(AuditEvent.action)
        .where(AuditEvent.object_type == "publication", AuditEvent.object_id == publication.id)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["publication.created", "publication.cancelled", "publication.restored"]


def test_only_a_planned_publication_can_be_edited(plan, make_post, make_publication, client_as):
    post = make_post("draft")
    publication = make_publication(post, date(2026, 5, 4))
    editor = client_as("editor")
    url = f"/m/alfa/posts/publications/{publication.id}/edit"
    editor.post(f"/m/alfa/posts/publications/{publication.id}/cancel")
    fields = form_fields(editor.get(url).text, action=url)
    response = editor.post(url, data=as_form(fields, day="2026-05-05"))
    # 409: the service refuses with NotAllowed, a state that forbids the change (was 200).
    assert response.status_code == 409
    assert "Only a planned publication can be changed." in response.text
    assert reload(publication).publish_at == datetime(2026, 5, 4, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("before", "after", "utc_before", "utc_after"),
    [
        # Summer time starts on 29 March 2026: 09:00 is 08:00 UTC before, 07:00 UTC after.
        ("2026-03-27", "2026-03-30", datetime(2026, 3, 27, 8, tzinfo=UTC),
         datetime(2026, 3, 30, 7, tzinfo=UTC)),
        # … and ends on 25 October 2026.
        ("2026-10-23", "2026-10-26", datetime(2026, 10, 23, 7, tzinfo=UTC),
         datetime(2026, 10, 26, 8, tzinfo=UTC)),
        # Back again.
        ("2026-03-30", "2026-03-27", datetime(2026, 3, 30, 7, tzinfo=UTC),
         datetime(2026, 3, 27, 8, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_a_move_across_daylight_saving_keeps_the_local_time(
    before, after, utc_before, utc_after, plan, make_post, make_publication, client_as
):
    post = make_post("draft")
    publication = make_publication(post, date.fromisoformat(before), time(9))
    assert publication.publish_at == utc_before
    editor = client_as("editor")
    url = f"/m/alfa/posts/publications/{publication.id}/edit"
    page = editor.get(url).text
    assert input_value(page, "day") == before and input_value(page, "at") == "09:00"

    # Only the day is changed, as a person would on the form (2026's days have passed: confirmed).
    response = editor.post(
        url, data=as_form(form_fields(page, action=url), day=after, confirm_past="y")
    )
    assert response.status_code == 302
    publication = reload(publication)
    assert publication.publish_at == utc_after
    assert publication.publish_at.astimezone(OSLO).time() == time(9)
    assert "09:00" in row(editor.get(f"/m/alfa/posts/{post.id}").text, publication)
    event = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "publication.updated", AuditEvent.object_id == publication.id
        )
    )
    assert event.before["publish_at"] == utc_before.isoformat()
    assert event.after["publish_at"] == utc_after.isoformat()


def test_the_move_service_keeps_the_local_time_across_daylight_saving(plan, make_post):
    post = make_post("draft")
    publication = services.add_publication(
        post,
        {"channel": plan.a.channel.id, "day": date(2026, 3, 27), "at": time(9), "all_day": False},
        actor=plan.people["editor"],
        municipality=plan.municipality,
    )
    for day, expected in (
        (date(2026, 3, 30), datetime(2026, 3, 30, 7, tzinfo=UTC)),
        (date(2026, 10, 26), datetime(2026, 10, 26, 8, tzinfo=UTC)),
        (date(2026, 10, 23), datetime(2026, 10, 23, 7, tzinfo=UTC)),
    ):
        services.move_publication(
            publication,
            day,
            actor=plan.people["editor"],
            municipality=plan.municipality,
            expected_version=publication.version,
        )
        assert publication.publish_at == expected
    db.session.commit()


def test_next_is_kept_only_when_it_stays_on_the_site(plan, make_post, client_as):
    post = make_post("draft")
    url = f"/m/alfa/posts/{post.id}/publications/new"
    data = publication_form(plan.a.channel, "2026-05-04")
    response = client_as("editor").post(url, data={**data, "next": "/m/alfa/calendar/"})
    assert response.headers["Location"].endswith("/m/alfa/calendar/")
    response = client_as("editor").post(url, data={**data, "next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]


# --- Overdue --------------------------------------------------------------------------------------


def test_a_past_planned_publication_of_a_post_not_approved_is_overdue(
    plan, make_post, make_publication, client_as
):
    yesterday = date.today() - timedelta(days=1)
    late = make_post("in_review", title="Sen sak")
    late_publication = make_publication(late, yesterday, time(9))
    fine = make_post("approved", title="Godkjent sak")
    fine_publication = make_publication(fine, yesterday, time(9))
    cancelled = make_post("draft", title="Avlyst sak")
    cancelled_publication = make_publication(cancelled, yesterday, time(9))
    services.cancel_publication(
        cancelled_publication, actor=plan.people["editor"], municipality=plan.municipality
    )
    db.session.commit()
    editor = client_as("editor")

    page = editor.get(f"/m/alfa/posts/{late.id}").text
    assert "Overdue" in row(page, late_publication)
    assert "publication--overdue" in section(page, f'id="publication-{late_publication.id}"', ">")
    for post, publication in ((fine, fine_publication), (cancelled, cancelled_publication)):
        page = editor.get(f"/m/alfa/posts/{post.id}").text
        assert "Overdue" not in row(page, publication)

    home = editor.get("/m/alfa/").text
    overdue = section(home, 'id="tasks-overdue-heading"', "</section>")
    assert "My overdue publications (1)" in overdue
    assert "Sen sak" in overdue and "Overdue" in Page.of(overdue).text
    assert "Godkjent sak" not in overdue and "Avlyst sak" not in overdue
    # Not someone else's task.
    assert "My overdue publications (0)" in client_as("admin").get("/m/alfa/").text
    # The posts list flags it too.
    listing = client_as("viewer").get("/m/alfa/posts/").text
    assert listing.count("publication-state--overdue") == 1


def test_an_all_day_publication_is_overdue_only_when_its_day_is_over(
    plan, make_post, make_publication, client_as
):
    today = datetime.now(OSLO).date()
    post = make_post("draft")
    today_item = make_publication(post, today, all_day=True)
    page = client_as("editor").get(f"/m/alfa/posts/{post.id}").text
    assert "Overdue" not in row(page, today_item)
    yesterday_item = make_publication(post, today - timedelta(days=1), all_day=True)
    page = client_as("editor").get(f"/m/alfa/posts/{post.id}").text
    assert "Overdue" in row(page, yesterday_item)
    assert "Overdue" not in row(page, today_item)


@pytest.mark.parametrize(
    ("day", "now", "overdue"),
    [
        # 23:30 in Oslo on the day summer time ends (a 25-hour day): the day is not over yet.
        (date(2026, 10, 25), datetime(2026, 10, 25, 22, 30, tzinfo=UTC), False),
        # 00:30 in Oslo the day after summer time starts (a 23-hour day): that day is over.
        (date(2026, 3, 29), datetime(2026, 3, 29, 22, 30, tzinfo=UTC), True),
        # An ordinary day: 23:30 local is not over, 00:30 the next day is.
        (date(2026, 5, 4), datetime(2026, 5, 4, 21, 30, tzinfo=UTC), False),
        (date(2026, 5, 4), datetime(2026, 5, 4, 22, 30, tzinfo=UTC), True),
    ],
)
def test_the_end_of_an_all_day_item_is_the_end_of_its_local_day(
    day, now, overdue, plan, make_post, make_publication
):
    post = make_post("draft")
    publication = make_publication(post, day, all_day=True)
    assert is_overdue(publication, now) is overdue
    found = db.session.scalars(
        sa.select(Publication.id).join(Post).where(overdue_clause(now))
    ).all()
    assert (publication.id in found) is overdue


# --- Week numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "at", "week"),
    [
        (date(2026, 12, 31), time(9), 53),
        (date(2027, 1, 3), time(23, 30), 53),  # Sunday evening: still week 53 locally
        (date(2026, 12, 28), time(0, 30), 53),  # Monday 00:30 local is Sunday in UTC (week 52)
        (date(2027, 1, 4), time(0, 30), 1),
    ],
)
def test_the_week_number_is_the_local_iso_week(
    day, at, week, plan, make_post, make_publication, client_as
):
    post = make_post("draft")
    publication = make_publication(post, day, at)
    page = client_as("editor").get(f"/m/alfa/posts/{post.id}").text
    assert f"(week {week})" in row(page, publication)


def test_my_next_publications_are_mine_in_time_order(plan, make_post, make_publication, client_as):
    soon = datetime.now(OSLO).date() + timedelta(days=2)
    mine = make_post("draft", title="Min sak")
    later = make_publication(mine, soon + timedelta(days=5))
    first = make_publication(mine, soon, all_day=True)
    cancelled = make_publication(mine, soon + timedelta(days=2), channel=plan.sms)
    services.cancel_publication(
        cancelled, actor=plan.people["editor"], municipality=plan.municipality
    )
    db.session.commit()
    theirs = make_post("draft", title="Adminens sak", owner=plan.people["admin"].id)
    make_publication(theirs, soon)

    home = client_as("editor").get("/m/alfa/").text
    upcoming = section(home, 'id="tasks-next-heading"', "</section>")
    links = re.findall(r'href="/m/alfa/posts/\d+#publication-(\d+)"', upcoming)
    assert links == [str(first.id), str(later.id)]
    assert "Adminens sak" not in upcoming
    assert "all day" in Page.of(upcoming).text


def test_the_sequence_rises_when_time_status_or_title_changes_and_only_then(
    plan, make_post, make_publication
):
    """The iCalendar SEQUENCE of a publication: calendar clients replace their copy on a rise."""
    from planner.posts import workflow

    editing = {"actor": plan.people["editor"], "municipality": plan.municipality}
    post = make_post("draft")
    publication = make_publication(post, date(2026, 3, 27))
    db.session.commit()
    seen = [reload(publication).sequence]

    def rose() -> bool:
        db.session.commit()
        now = reload(publication).sequence
        seen.append(now)
        return seen[-1] > seen[-2]

    publication = reload(publication)
    services.move_publication(
        publication, date(2026, 3, 30), **editing, expected_version=publication.version
    )
    assert rose(), "moving changes the time"
    services.add_comment(reload(post), "Fin sak.", **editing)
    assert not rose(), "a comment changes nothing a calendar shows"
    values = services_values(reload(post))
    post = reload(post)
    services.update_post(
        post, {**values, "summary": "Ny ingress."}, **editing, expected_version=post.version
    )
    assert not rose(), "the summary is not the event's title"
    post = reload(post)
    services.update_post(
        post, {**values, "title": "Ny tittel"}, **editing, expected_version=post.version
    )
    assert rose(), "the title is the event's summary"
    workflow.apply_transition(reload(post), "submit", role="editor", **editing)
    assert rose(), "the post's status decides tentative or confirmed"
    services.cancel_publication(reload(publication), **editing)
    assert rose(), "cancelled"


def services_values(post) -> dict:
    """A post's current values in the shape the services take from the form."""
    return {
        "title": post.title,
        "kind": post.kind,
        "summary": post.summary,
        "language": post.language,
        "owner": post.owner_id,
        "template": post.template,
        "sections": dict(post.sections),
        "goals": [goal.id for goal in post.goals],
        "audiences": [audience.id for audience in post.audiences],
        "indicators": [cited.indicator_id for cited in post.cited_results],
        "location": post.location,
        "event_starts_at": None,
        "event_ends_at": None,
    }
