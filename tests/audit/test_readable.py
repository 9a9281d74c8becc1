"""The audit log, readable: objects by name with links, local times, labels instead of codes, long
texts as folded word diffs, filters, pages, the CSV export, and nothing of another municipality."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import lxml.html
import pytest

from planner.audit.models import AuditEvent
from planner.audit.services import record_event
from planner.core.extensions import db
from planner.models import Goal, Measurement, Post, Publication, Strategy
from planner.municipalities.models import Membership
from tests.samples import populate

NNBSP = "\u202f"  # Babel's space before AM/PM in English


@pytest.fixture
def alfa(two_municipalities):
    """Alfa's objects (by URL argument name) and people, its administrator signed in."""
    return {
        **two_municipalities,
        "ids": populate(two_municipalities["a"]),
        "beta_ids": populate(two_municipalities["b"]),
    }


@pytest.fixture
def admin(client, auth, alfa):
    auth.login("admin@alfa.kommune.no")
    return client


def event(action: str, obj=None, *, at: datetime | None = None, municipality=None, **values):
    """Record one event in Alfa (or `municipality`) at a given time."""
    recorded = record_event(action, obj=obj, municipality=municipality, **values)
    if at is not None:
        recorded.created_at = at
    return recorded


def page(client, url: str = "/m/alfa/audit/", **args):
    response = client.get(url, query_string=args)
    assert response.status_code == 200, response.text
    return response.text, lxml.html.fromstring(response.text)


def entries(tree) -> list:
    return tree.xpath('//table[contains(@class, "audit-table")]/tbody/tr')


def cell(row, label: str):
    [found] = row.xpath(f'./td[@data-label="{label}"]')
    return found


def concerning_links(tree) -> set[tuple[str, str]]:
    """(Link text, address) of the object names of the entries."""
    return {
        (link.text_content().strip(), link.get("href"))
        for row in entries(tree)
        for link in cell(row, "Concerning").xpath("./a[not(contains(@class, 'audit-only'))]")
    }


def get(model, object_id):
    return db.session.get(model, object_id)


# --- Objects by name, with links ----------------------------------------------------------------


def test_each_entry_names_its_object_with_a_link(admin, alfa):
    a, ids = alfa["a"], alfa["ids"]
    for model, key, action in [
        (Post, "post_id", "post.updated"),
        (Publication, "publication_id", "publication.updated"),
        (Goal, "goal_id", "goal.updated"),
        (Strategy, "strategy_id", "strategy.updated"),
    ]:
        event(action, get(model, ids[key]), municipality=a, after={"notes": "x"})
    from planner.models import Audience, Channel, FeedToken, Indicator, KeyMessage, Project

    for model, key in [
        (Channel, "channel_id"),
        (Audience, "audience_id"),
        (Project, "project_id"),
        (Indicator, "indicator_id"),
        (KeyMessage, "message_id"),
        (FeedToken, "feed_id"),
        (Measurement, "measurement_id"),
        (Membership, "membership_id"),
    ]:
        event("thing.updated", get(model, ids[key]), municipality=a)
    event("municipality.settings_changed", a, municipality=a)
    db.session.commit()

    links = concerning_links(page(admin)[1])
    post, goal, strategy = ids["post_id"], ids["goal_id"], ids["strategy_id"]
    # The publication by its channel and local time (08:00 UTC is 09:00 in Oslo in March).
    publication = f"Facebook, Mar 2, 2026, 9:00:00{NNBSP}AM"
    indicator = f"/m/alfa/results/indicators/{ids['indicator_id']}"
    assert links == {
        ("Fra vikar til fast", f"/m/alfa/posts/{post}"),
        (publication, f"/m/alfa/posts/{post}#publication-{ids['publication_id']}"),
        ("Mål", f"/m/alfa/strategy/{strategy}#goal-{goal}"),
        ("Strategi", f"/m/alfa/strategy/{strategy}"),
        ("Vi er gode.", f"/m/alfa/strategy/{strategy}#goal-{goal}"),
        ("Facebook", f"/m/alfa/strategy/channels/#channel-{ids['channel_id']}"),
        ("Innbyggere", f"/m/alfa/strategy/audiences/#audience-{ids['audience_id']}"),
        ("Fra vikar til fast", f"/m/alfa/results/projects/{ids['project_id']}"),
        ("Ufrivillig deltid", indicator),
        ("Ufrivillig deltid, January 1, 2014", indicator),
        ("Outlook", "/m/alfa/feeds/"),
        ("admin Alfa", f"/m/alfa/members/{ids['membership_id']}"),
        ("Alfa kommune", "/m/alfa/settings"),
    }


def test_objects_are_named_in_one_query_per_kind_however_many_entries(admin, alfa, count_queries):
    a, ids = alfa["a"], alfa["ids"]

    def add(times: int) -> None:
        for _ in range(times):
            event("post.updated", get(Post, ids["post_id"]), municipality=a, after={"x": 1})
            event("goal.updated", get(Goal, ids["goal_id"]), municipality=a, after={"x": 1})
        db.session.commit()

    add(2)
    few = count_queries("/m/alfa/audit/")
    add(20)
    assert count_queries("/m/alfa/audit/") == few


def test_a_deleted_object_shows_its_last_known_name_and_no_link(admin, alfa):
    a = alfa["a"]
    goal = Goal(municipality_id=a.id, strategy_id=alfa["ids"]["strategy_id"], title="Nærvær")
    db.session.add(goal)
    db.session.flush()
    goal_id = goal.id
    event("goal.created", goal, municipality=a, after={"title": "Nærvær"})
    db.session.commit()
    event(
        "goal.updated",
        goal,
        municipality=a,
        at=datetime(2030, 1, 2, tzinfo=UTC),
        before={"priority": 1},
        after={"priority": 2},
    )
    db.session.delete(goal)
    measurement = get(Measurement, alfa["ids"]["measurement_id"])
    event("measurement.deleted", measurement, municipality=a, before={"value": "14"})
    db.session.delete(measurement)
    db.session.commit()
    # Only the newest entry is on the first page: the name comes from an earlier one.
    admin.application.config["AUDIT_PAGE_SIZE"] = 1
    html, tree = page(admin, kind="goal", object=str(goal_id))
    [row] = entries(tree)
    about = cell(row, "Concerning")
    assert "Nærvær" in about.text_content() and "(deleted)" in about.text_content()
    assert not about.xpath("./a[not(contains(@class, 'audit-only'))]")
    admin.application.config["AUDIT_PAGE_SIZE"] = 50
    html, tree = page(admin, kind="measurement")
    [row] = entries(tree)
    assert "Measurement" in cell(row, "Concerning").text_content()
    assert "(deleted)" in cell(row, "Concerning").text_content()


# --- Times and values ---------------------------------------------------------------------------


def test_times_are_local_to_the_municipality(admin, alfa):
    event(
        "publication.updated",
        get(Publication, alfa["ids"]["publication_id"]),
        municipality=alfa["a"],
        at=datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
        before={"publish_at": "2026-06-03T07:00:00+00:00"},
        after={"publish_at": "2026-06-04T07:30:00+00:00"},
    )
    db.session.commit()
    html, tree = page(admin, kind="publication")
    [row] = entries(tree)
    when = cell(row, "When")
    assert when.text_content() == f"Jun 1, 2026, 12:00:00{NNBSP}PM"
    assert when.xpath("./time/@datetime") == ["2026-06-01T10:00:00+00:00"]
    assert (
        f"Time: Jun 3, 2026, 9:00:00{NNBSP}AM → Jun 4, 2026, 9:30:00{NNBSP}AM"
        in cell(row, "Change").text_content()
    )


def test_times_in_another_time_zone(client, auth, make_municipality, make_user):
    north = make_municipality("Nord kommune", "nord", timezone="America/New_York")
    make_user("admin@nord.kommune.no", north, "admin")
    event("auth.login", municipality=north, at=datetime(2026, 6, 1, 10, 0, tzinfo=UTC))
    db.session.commit()
    auth.login("admin@nord.kommune.no")
    html, tree = page(client, "/m/nord/audit/", who="system")
    assert cell(entries(tree)[0], "When").text_content() == f"Jun 1, 2026, 6:00:00{NNBSP}AM"
    exported = client.get("/m/nord/audit/export.csv?who=system")
    header, *rows = read_csv(exported)
    assert [row[0] for row in rows] == ["2026-06-01T06:00:00-04:00"]


def test_values_show_their_labels_not_codes(admin, alfa):
    a, ids = alfa["a"], alfa["ids"]
    post = get(Post, ids["post_id"])
    event(
        "post.archive",
        post,
        municipality=a,
        before={"status": "approved"},
        after={"status": "archived"},
    )
    event(
        "post.updated",
        post,
        municipality=a,
        before={"kind": "story", "language": "nb", "template": "free", "goals": ["Mål"]},
        after={"kind": "event", "language": "nn", "template": "car", "goals": []},
    )
    event(
        "strategy.updated",
        get(Strategy, ids["strategy_id"]),
        municipality=a,
        before={"status": "draft"},
        after={"status": "active"},
    )
    from planner.models import Channel, Project

    event(
        "channel.updated",
        get(Channel, ids["channel_id"]),
        municipality=a,
        before={"kind": "web", "reach": "internal", "active": True},
        after={"kind": "facebook", "reach": "both", "active": False},
    )
    event(
        "project.updated",
        get(Project, ids["project_id"]),
        municipality=a,
        before={"goals": []},
        after={"goals": [ids["goal_id"]]},
    )
    event(
        "goal.updated",
        get(Goal, ids["goal_id"]),
        municipality=a,
        before={"priority": 1, "theme": "heltid"},
        after={"priority": 3, "theme": "narvaer"},
    )
    membership = get(Membership, ids["membership_id"])
    event(
        "membership.role_changed",
        membership,
        municipality=a,
        before={"role": "editor"},
        after={"role": "admin"},
    )
    db.session.commit()
    html, tree = page(admin)
    text = " ".join(cell(row, "Change").text_content() for row in entries(tree))
    for shown in [
        "Status: Approved → Archived",
        "Kind: Story → Event",
        "Language: Norsk bokmål → Norsk nynorsk",
        "Story template: Free → Challenge – action – result",
        "Goals: Mål → –",
        "Status: Draft → Active",
        "Kind: Website → Facebook",
        "Reach: Internal → Internal and external",
        "Access: yes → no",
        "Goals: – → Mål",
        "Priority: High → Low",
        "Theme: Full-time culture → Attendance and sick leave",
        "Role: Editor → Administrator",
    ]:
        assert shown in text, shown
    for code in ("approved", "in_review", "narvaer", "heltid"):
        assert code not in text


def test_long_texts_are_a_folded_word_diff(admin, alfa):
    start, end = "Kommunen har redusert ufrivillig deltid fra 50 til", "takket være nye turnuser."
    before = f"{start} 14 ansatte på to år, {end}"
    after = f"{start} 9 ansatte på tre år, {end}"
    event(
        "post.updated",
        get(Post, alfa["ids"]["post_id"]),
        municipality=alfa["a"],
        before={"body": before, "title": "Kort"},
        after={"body": after, "title": "Kortere"},
    )
    event(
        "post.commented",
        get(Post, alfa["ids"]["post_id"]),
        municipality=alfa["a"],
        after={"comment": "Flott <b>sak</b>!"},
    )
    db.session.commit()
    html, tree = page(admin, kind="post")
    changed, commented = (cell(row, "Change") for row in reversed(entries(tree)))
    [details] = changed.xpath(".//details")
    assert details.xpath("./summary")[0].text_content() == "Text changed (show the difference)"
    assert [d.text_content() for d in details.xpath(".//del")] == ["removed: 14", "removed: to"]
    assert [i.text_content() for i in details.xpath(".//ins")] == ["added: 9", "added: tre"]
    assert details.xpath(".//ins/span[@class='ds-sr-only']")
    assert "Title: Kort → Kortere" in changed.text_content()  # short texts stay on one line
    [summary] = commented.xpath(".//details/summary")
    assert summary.text_content() == "Comment (show the text)"
    assert "Flott &lt;b&gt;sak&lt;/b&gt;!" in html  # escaped, never markup


# --- Filters and pages --------------------------------------------------------------------------


@pytest.fixture
def mixed_log(alfa):
    """Events by the editor, the reviewer and the system, on a post and a goal, over three days."""
    a, people, ids = alfa["a"], alfa["people"], alfa["ids"]
    post, goal = get(Post, ids["post_id"]), get(Goal, ids["goal_id"])
    days = {
        # 23:30 UTC on 31 May is already 1 June in Oslo.
        "may": datetime(2026, 5, 31, 21, 0, tzinfo=UTC),
        "june1": datetime(2026, 5, 31, 23, 30, tzinfo=UTC),
        "june2": datetime(2026, 6, 2, 12, 0, tzinfo=UTC),
    }
    event(
        "post.updated",
        post,
        municipality=a,
        actor=people["editor"],
        at=days["may"],
        after={"note": "may"},
    )
    event(
        "goal.updated",
        goal,
        municipality=a,
        actor=people["reviewer"],
        at=days["june1"],
        after={"note": "june1"},
    )
    event("post.updated", post, municipality=a, at=days["june2"], after={"note": "june2"})
    db.session.commit()
    return alfa


def notes(tree) -> list[str]:
    return [cell(row, "Change").text_content().split("→ ")[-1].strip() for row in entries(tree)]


def test_filter_by_who(admin, mixed_log):
    editor = mixed_log["people"]["editor"]
    assert notes(page(admin, who=str(editor.id))[1]) == ["may"]
    # Nobody signed in: the third event, and not the admin's own sign-in.
    assert notes(page(admin, who="system")[1]) == ["june2"]
    html, tree = page(admin)
    options = tree.xpath('//select[@name="who"]/option/text()')
    assert "editor Alfa" in options and "Nobody (the system)" in options
    assert "Bente Beta" not in options


def test_filter_by_kind_and_object(admin, mixed_log):
    ids = mixed_log["ids"]
    assert notes(page(admin, kind="goal")[1]) == ["june1"]
    assert notes(page(admin, kind="post", object=str(ids["post_id"]))[1]) == ["june2", "may"]
    html, tree = page(admin)
    kinds = tree.xpath('//select[@name="kind"]/option/text()')
    assert {"Post", "Publication", "Goal", "Member", "Feed link"} <= set(kinds)
    # Each entry's object offers "only this object", keeping the other filters.
    editor = mixed_log["people"]["editor"]
    html, tree = page(admin, who=str(editor.id))
    [only] = tree.xpath('//a[contains(@class, "audit-only")]/@href')
    assert only == f"/m/alfa/audit/?who={editor.id}&kind=post&object={ids['post_id']}"


def test_filter_by_local_dates_both_inclusive(admin, mixed_log):
    assert notes(page(admin, start="2026-06-01", end="2026-06-01")[1]) == ["june1"]
    assert notes(page(admin, start="2026-06-01", end="2026-06-02")[1]) == ["june2", "june1"]
    assert notes(page(admin, end="2026-05-31")[1]) == ["may"]


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"who": "99999"}, "who", "Choose someone from the list."),
        ({"who": "abc"}, "who", "Choose someone from the list."),
        ({"kind": "user_account"}, "kind", "Choose a kind of object from the list."),
        ({"kind": "post", "object": "x" * 500}, "object", "Enter the object's number"),
        ({"kind": "post", "object": str(2**40)}, "object", "Enter the object's number"),
        ({"object": "5"}, "object", "Choose the kind of object too."),
        ({"start": "2026-13-45"}, "start", "Enter a date like 2026-03-23."),
        ({"start": "31.05.2026"}, "start", "Enter a date like 2026-03-23."),
        ({"end": "0001-01-01"}, "end", "Enter a date like 2026-03-23."),
        ({"start": "2026-06-02", "end": "2026-06-01"}, "end", "The last day is before the first."),
    ],
)
def test_a_bad_filter_value_is_reported_next_to_its_field_and_ignored(
    admin, mixed_log, args, field, message
):
    html, tree = page(admin, **args)
    [error] = tree.xpath(f'//*[@id="audit-{field}-error"]')
    assert message in error.text_content()
    assert tree.xpath(f'//*[@name="{field}"]/@aria-describedby') == [f"audit-{field}-error"]
    # The bad value narrows nothing, on the page and in the export.
    good = {key: value for key, value in args.items() if key != field}
    expected = len(entries(page(admin, **good)[1]))
    assert len(entries(tree)) == expected
    header, *rows = read_csv(export(admin, **args))
    assert len(rows) == expected


def test_pages_keep_the_filters(app, admin, alfa):
    app.config["AUDIT_PAGE_SIZE"] = 5
    post = get(Post, alfa["ids"]["post_id"])
    for number in range(12):
        event("post.updated", post, municipality=alfa["a"], after={"note": str(number)})
    db.session.commit()
    args = {"kind": "post", "object": str(post.id)}
    html, tree = page(admin, **args)
    assert "Page 1 of 3" in html and "12 entries" in html
    [older] = tree.xpath('//nav[contains(@class, "pager")]/a/@href')
    assert older == f"/m/alfa/audit/?page=2&kind=post&object={post.id}"
    html, tree = page(admin, page="3", **args)
    assert "Page 3 of 3" in html and len(entries(tree)) == 2
    [newer] = tree.xpath('//nav[contains(@class, "pager")]/a/@href')
    assert "kind=post" in newer and f"object={post.id}" in newer
    export = tree.xpath('//a[text()="Download as CSV"]/@href')
    assert export == [f"/m/alfa/audit/export.csv?kind=post&object={post.id}"]


# --- The CSV export -----------------------------------------------------------------------------


def export(client, **args):
    """The export, read after the request is done, as a server writes a streamed response."""
    return client.get("/m/alfa/audit/export.csv", query_string=args)


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_of_the_filtered_log(admin, mixed_log):
    a, ids = mixed_log["a"], mixed_log["ids"]
    reviewer = mixed_log["people"]["reviewer"]
    event(
        "goal.updated",
        get(Goal, ids["goal_id"]),
        municipality=a,
        actor=reviewer,
        at=datetime(2026, 6, 3, 8, tzinfo=UTC),
        before={"title": "Mål", "status": "x"},
        after={"title": "Nærvær på jobb", "status": "=1+1"},
    )
    db.session.commit()
    response = export(admin, who=str(reviewer.id))
    assert response.is_streamed  # written as it is read
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == ["When", "What", "Who", "Kind of object", "Object", "Change", "Address"]
    assert [row[0] for row in rows] == ["2026-06-03T10:00:00+02:00", "2026-06-01T01:30:00+02:00"]
    newest = rows[0]
    assert newest[1:5] == ["Goal changed", "reviewer Alfa", "Goal", "Mål"]
    assert "Title: Mål → Nærvær på jobb" in newest[5].splitlines()
    assert "Status: x → =1+1" in newest[5]  # within the cell, not at its start
    assert all(row[2] == "reviewer Alfa" for row in rows)


def test_csv_export_holds_every_matching_row_beyond_a_page(app, admin, alfa, monkeypatch):
    from planner.municipalities import audit_log

    app.config["AUDIT_PAGE_SIZE"] = 5
    monkeypatch.setattr(audit_log, "EXPORT_BATCH", 4)  # read in pieces of 4
    post = get(Post, alfa["ids"]["post_id"])
    same_time = datetime(2026, 6, 1, 8, tzinfo=UTC)  # ties are ordered by id across pieces
    for number in range(12):
        at = same_time if number < 6 else None
        event("post.updated", post, municipality=alfa["a"], at=at, after={"note": str(number)})
    db.session.commit()
    header, *rows = read_csv(export(admin, kind="post", object=str(post.id)))
    assert [row[5] for row in rows] == [f"Note: – → {n}" for n in reversed(range(12))]
    assert {row[4] for row in rows} == {"Fra vikar til fast"}


def test_csv_cells_that_would_run_as_formulas_are_text(admin, alfa):
    event("auth.login_failed", municipality=alfa["a"], address="=cmd|' /C calc'!A0")
    db.session.commit()
    header, *rows = read_csv(export(admin, who="system"))
    assert rows[0][6] == "'=cmd|' /C calc'!A0"


# --- Who may read it, and of which municipality -------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_only_administrators_read_the_log_or_its_export(client, auth, alfa, role):
    auth.login(f"{role}@alfa.kommune.no")
    assert client.get("/m/alfa/audit/").status_code == 403
    assert client.get("/m/alfa/audit/export.csv").status_code == 403


def test_another_municipalitys_log_is_not_found(admin):
    assert admin.get("/m/beta/audit/").status_code == 404
    assert admin.get("/m/beta/audit/export.csv").status_code == 404


def test_another_municipalitys_ids_show_nothing_of_theirs(admin, alfa):
    b, beta_ids, other = alfa["b"], alfa["beta_ids"], alfa["people"]["other"]
    beta_post = get(Post, beta_ids["post_id"])
    beta_post.title = "Betas hemmelige sak"
    event(
        "post.updated",
        beta_post,
        municipality=b,
        actor=other,
        after={"title": "Betas hemmelige sak"},
    )
    # An Alfa event that (wrongly) names Beta's post by id: the name is not looked up there.
    forged = AuditEvent(
        action="post.updated",
        municipality_id=alfa["a"].id,
        object_type="post",
        object_id=beta_post.id,
        after={"note": "x"},
    )
    db.session.add(forged)
    db.session.commit()
    html, tree = page(admin, who=str(other.id))
    assert "Choose someone from the list." in html
    assert "Betas hemmelige sak" not in html and "Bente Beta" not in html
    html, tree = page(admin, kind="post", object=str(beta_post.id))
    [row] = entries(tree)  # the forged one only
    assert "Betas hemmelige sak" not in html and "(deleted)" in html
    csv_text = export(admin, kind="post", object=str(beta_post.id)).text
    assert "Betas hemmelige sak" not in csv_text and "deleted" in csv_text
    csv_text = export(admin, who=str(other.id)).text
    assert "Bente Beta" not in csv_text and "Betas hemmelige sak" not in csv_text
