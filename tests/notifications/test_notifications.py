"""Who is told what, in the app and by e-mail through a real SMTP server on loopback."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from planner.core.extensions import db
from planner.jobs.models import Job, JobStatus
from planner.notifications.models import MailState, Notification, NotificationPreference
from planner.posts.services import add_comment
from planner.posts.workflow import apply_transition
from tests.conftest import reload
from tests.notifications.conftest import BASE_URL, html_of, run_worker, text_of


def step(post, name, who, municipality, reason=""):
    apply_transition(
        post, name, role=_role_of(who), actor=who, municipality=municipality, reason=reason
    )
    db.session.commit()


def _role_of(user) -> str:
    return user.email.split("@")[0]


def notified(kind=None) -> list[tuple[str, str]]:
    query = sa.select(Notification).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return [(n.user.email, n.kind) for n in db.session.scalars(query)]


def test_a_post_submitted_for_review_reaches_the_reviewers_mailboxes_and_not_the_author(
    two_municipalities, post_in_alfa, mailbox
):
    a, people = two_municipalities["a"], two_municipalities["people"]
    people["reviewer"].locale = "nn"
    db.session.commit()
    step(post_in_alfa, "submit", people["editor"], a)

    assert notified() == [
        ("admin@alfa.kommune.no", "review_requested"),
        ("reviewer@alfa.kommune.no", "review_requested"),
    ]
    assert mailbox.messages == [], "nothing is mailed before the worker runs"
    run_worker()

    assert mailbox.recipients() == ["admin@alfa.kommune.no", "reviewer@alfa.kommune.no"]
    [english] = mailbox.to("admin@alfa.kommune.no")  # the municipality's language: en in tests
    assert english["Subject"] == "For your review: “Fra vikar til fast”"
    assert english["From"] == "Planner <planner@kommune.example>"
    link = f"{BASE_URL}/m/alfa/posts/{post_in_alfa.id}"
    assert "editor Alfa submitted “Fra vikar til fast” for review." in text_of(english)
    assert f"Review the post: {link}" in text_of(english)
    assert f'<a href="{link}"' in html_of(english)
    assert english["List-Unsubscribe"] == f"<{BASE_URL}/account/notifications/>"
    [nynorsk] = mailbox.to("reviewer@alfa.kommune.no")
    assert nynorsk["Subject"] == "Til godkjenning: «Fra vikar til fast»"
    assert nynorsk["Content-Language"] == "nn"
    assert "sende «Fra vikar til fast» til godkjenning." in text_of(nynorsk)
    states = db.session.scalars(sa.select(Notification.mail_state)).all()
    assert states == [MailState.SENT, MailState.SENT]


def test_a_send_back_tells_the_responsible_and_the_author_with_the_reason(
    two_municipalities, post_in_alfa, mailbox
):
    a, people = two_municipalities["a"], two_municipalities["people"]
    post_in_alfa.created_by_id = people["admin"].id  # written by the admin, the editor responsible
    db.session.commit()
    step(post_in_alfa, "submit", people["editor"], a)
    db.session.execute(sa.delete(Notification))
    db.session.commit()
    step(post_in_alfa, "reject", people["reviewer"], a, reason="Tallene må ha kilde.")
    run_worker()

    assert notified("sent_back") == [
        ("admin@alfa.kommune.no", "sent_back"),
        ("editor@alfa.kommune.no", "sent_back"),
    ]
    [message] = mailbox.to("editor@alfa.kommune.no")
    assert message["Subject"] == "Sent back to draft: “Fra vikar til fast”"
    assert "The reason:\nTallene må ha kilde." in text_of(message)
    assert "reviewer@alfa.kommune.no" not in mailbox.recipients()


def test_an_approval_tells_the_responsible(two_municipalities, post_in_alfa, mailbox):
    a, people = two_municipalities["a"], two_municipalities["people"]
    step(post_in_alfa, "submit", people["editor"], a)
    step(post_in_alfa, "approve", people["reviewer"], a)

    assert notified("approved") == [("editor@alfa.kommune.no", "approved")]
    run_worker()
    assert [m["Subject"] for m in mailbox.to("editor@alfa.kommune.no")] == [
        "Approved: “Fra vikar til fast”"
    ]


def test_a_comment_tells_those_who_follow_the_post_but_not_the_commenter(
    two_municipalities, post_in_alfa, mailbox
):
    a, people = two_municipalities["a"], two_municipalities["people"]
    add_comment(post_in_alfa, "Kan vi ha et bilde?", actor=people["reviewer"], municipality=a)
    db.session.commit()
    add_comment(post_in_alfa, "Ja, jeg spør.", actor=people["editor"], municipality=a)
    db.session.commit()

    # The first comment tells the editor (responsible and author); the second the reviewer,
    # who commented before. Comments are in the app only unless one chooses e-mail.
    assert notified() == [
        ("editor@alfa.kommune.no", "commented"),
        ("reviewer@alfa.kommune.no", "commented"),
    ]
    run_worker()
    assert mailbox.messages == []
    detail = db.session.scalars(sa.select(Notification.detail).order_by(Notification.id)).all()
    assert detail == ["Kan vi ha et bilde?", "Ja, jeg spør."]


def test_a_step_whose_transaction_rolls_back_tells_no_one(two_municipalities, post_in_alfa):
    a, people = two_municipalities["a"], two_municipalities["people"]
    apply_transition(post_in_alfa, "submit", role="editor", actor=people["editor"], municipality=a)
    db.session.flush()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 2
    db.session.rollback()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 0
    assert reload(post_in_alfa).status == "draft"


def test_a_refusing_mail_server_is_retried_and_the_mail_arrives_once(
    two_municipalities, post_in_alfa, mailbox
):
    a, people = two_municipalities["a"], two_municipalities["people"]
    step(post_in_alfa, "submit", people["editor"], a)
    mailbox.refuse = 2  # both reviewers' first tries are refused
    run_worker()

    jobs = db.session.scalars(sa.select(Job).where(Job.kind == "notification.mail")).all()
    assert [job.status for job in jobs] == [JobStatus.WAITING, JobStatus.WAITING]
    assert all("451" in job.last_error and "busy" in job.last_error for job in jobs)
    assert mailbox.messages == []
    for job in jobs:  # their time to try again
        job.run_at = job.created_at
    db.session.commit()
    run_worker()
    run_worker()

    assert mailbox.recipients() == ["admin@alfa.kommune.no", "reviewer@alfa.kommune.no"]
    db.session.expire_all()
    assert [job.status for job in jobs] == [JobStatus.DONE, JobStatus.DONE]


def test_a_mail_job_run_again_after_it_was_sent_sends_nothing(
    two_municipalities, post_in_alfa, mailbox
):
    a, people = two_municipalities["a"], two_municipalities["people"]
    step(post_in_alfa, "submit", people["editor"], a)
    run_worker()
    first = db.session.scalars(sa.select(Job).where(Job.kind == "notification.mail")).all()
    for job in first:  # as if the worker crashed after recording and the job was run again
        db.session.add(Job(kind=job.kind, payload=job.payload, municipality_id=job.municipality_id))
    db.session.commit()
    run_worker()
    assert len(mailbox.messages) == 2


def test_a_recipient_deactivated_before_the_mail_goes_is_skipped(
    two_municipalities, post_in_alfa, mailbox
):
    a, people = two_municipalities["a"], two_municipalities["people"]
    step(post_in_alfa, "submit", people["editor"], a)
    people["reviewer"].active = False
    db.session.commit()
    run_worker()

    assert mailbox.recipients() == ["admin@alfa.kommune.no"]
    skipped = db.session.scalar(
        sa.select(Notification.mail_state).where(Notification.user_id == people["reviewer"].id)
    )
    assert skipped == MailState.SKIPPED


def test_deactivated_people_and_members_and_other_municipalities_are_never_told(
    two_municipalities, post_in_alfa, make_user
):
    a, people = two_municipalities["a"], two_municipalities["people"]
    people["admin"].active = False
    db.session.commit()
    step(post_in_alfa, "submit", people["editor"], a)
    assert notified() == [("reviewer@alfa.kommune.no", "review_requested")]


def test_each_person_chooses_email_app_only_or_off(two_municipalities, post_in_alfa, mailbox):
    a, people = two_municipalities["a"], two_municipalities["people"]
    db.session.add_all(
        [
            NotificationPreference(
                user_id=people["admin"].id, kind="review_requested", delivery="off"
            ),
            NotificationPreference(
                user_id=people["reviewer"].id, kind="review_requested", delivery="app"
            ),
        ]
    )
    db.session.commit()
    step(post_in_alfa, "submit", people["editor"], a)
    run_worker()

    assert notified() == [("reviewer@alfa.kommune.no", "review_requested")]
    assert mailbox.messages == []
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Job).where(Job.kind == "notification.mail")
        )
        == 0
    )


def test_without_a_mail_server_mails_are_written_as_files(
    app, two_municipalities, post_in_alfa, tmp_path, mailbox
):
    app.config["MAIL_URL"] = None
    app.config["MAIL_FOLDER"] = str(tmp_path)
    a, people = two_municipalities["a"], two_municipalities["people"]
    step(post_in_alfa, "submit", people["editor"], a)
    run_worker()

    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2 and mailbox.messages == []
    assert b"For your review:" in files[0].read_bytes() or b"=?utf-8?" in files[0].read_bytes()


def test_the_demo_tells_its_history_in_the_app_and_mails_no_one_about_it(app, mailbox):
    from planner.demo.services import load_demo

    load_demo()
    db.session.commit()
    states = db.session.scalars(sa.select(Notification.mail_state)).all()
    assert len(states) > 10 and set(states) == {MailState.NONE}
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Job).where(Job.kind == "notification.mail")
        )
        == 0
    )
    run_worker()  # the reminders of today's plan are the only mails: about now, not the past
    db.session.expire_all()
    mailed = set(
        db.session.scalars(
            sa.select(Notification.kind).where(Notification.mail_state != MailState.NONE.value)
        )
    )
    assert mailed <= {"due_soon", "overdue", "deadline_passed"}


def test_a_writer_may_ask_one_reviewer_and_only_they_are_told(
    two_municipalities, post_in_alfa, client, auth, mailbox
):
    people = two_municipalities["people"]
    auth.login("editor@alfa.kommune.no")
    page = client.get(f"/m/alfa/posts/{post_in_alfa.id}").get_data(as_text=True)
    assert 'name="reviewer"' in page and "Any reviewer" in page
    assert f'value="{people["reviewer"].id}">reviewer Alfa' in page
    assert f'value="{people["viewer"].id}"' not in page, "a reader cannot review"

    response = client.post(
        f"/m/alfa/posts/{post_in_alfa.id}/status/submit",
        data={"reviewer": str(people["reviewer"].id)},
    )
    assert response.status_code == 302
    assert notified() == [("reviewer@alfa.kommune.no", "review_requested")]
    assert reload(post_in_alfa).reviewer_id == people["reviewer"].id
    assert "Review asked of reviewer Alfa." in client.get(
        f"/m/alfa/posts/{post_in_alfa.id}"
    ).get_data(as_text=True)
    run_worker()
    assert mailbox.recipients() == ["reviewer@alfa.kommune.no"]


def test_asking_someone_who_cannot_review_is_refused_next_to_the_field(
    two_municipalities, post_in_alfa, client, auth
):
    people = two_municipalities["people"]
    auth.login("editor@alfa.kommune.no")
    response = client.post(
        f"/m/alfa/posts/{post_in_alfa.id}/status/submit",
        data={"reviewer": str(people["viewer"].id)},
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert reload(post_in_alfa).status == "draft" and notified() == []
    # The rule holds below the form too: the service refuses it.
    from planner.core.errors import FieldError

    with pytest.raises(FieldError):
        apply_transition(
            post_in_alfa,
            "submit",
            role="editor",
            actor=people["editor"],
            municipality=two_municipalities["a"],
            reviewer_id=people["other"].id,
        )


def test_a_mention_tells_the_member_named_and_not_as_a_mere_comment(
    two_municipalities, post_in_alfa, mailbox
):
    people = two_municipalities["people"]
    add_comment(
        post_in_alfa,
        "Kan @Reviewer alfa se på tallene? @Nobody Here finnes ikke, og @Bente Beta er i Beta.",
        actor=people["admin"],
        municipality=two_municipalities["a"],
    )
    db.session.commit()
    assert sorted(notified()) == [
        ("editor@alfa.kommune.no", "commented"),  # the responsible and author follows the post
        ("reviewer@alfa.kommune.no", "mentioned"),
    ]
    run_worker()
    [mail] = mailbox.to("reviewer@alfa.kommune.no")
    assert mail["Subject"] == "You are mentioned on “Fra vikar til fast”"
    assert "admin Alfa mentioned you in a comment on “Fra vikar til fast”." in text_of(mail)
    assert "Kan @Reviewer alfa se på tallene?" in text_of(mail)


def test_the_longest_name_is_the_one_mentioned():
    from planner.posts.mentions import mentioned_in

    members = [(1, "Kari"), (2, "Kari Nordmann"), (3, "Ola")]
    assert mentioned_in("Hei @Kari Nordmann!", members) == {2}
    assert mentioned_in("Hei @kari og @OLA.", members) == {1, 3}
    assert mentioned_in("e-post: kari@Ola.no", members) == set(), "an address is no mention"
    assert mentioned_in("Hei @Karianne", members) == set()
