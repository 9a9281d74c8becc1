"""The calendar pages: month, week and agenda, local dates, week numbers, filters, backlog."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.core.extensions import db
from planner.core.localtime import local_today
from planner.posts import services as posts
from tests.calendar.conftest import make_plan

OSLO = ZoneInfo("Europe/Oslo")


def day_html(page: str, day: date) -> str:
    """The markup of one day of a view, up to the next day."""
    marker = f'data-day="{day.isoformat()}"'
    assert marker in page, f"{day} is not on the page"
    rest = page.split(marker, 1)[1]
    return re.split(r'data-day="|</tbody>|</ol>', rest, maxsplit=1)[0]


def month_row(page: str, day: date) -> str:
    """The table row (ISO week) of the month view that holds a day."""
    return next(row for row in page.split("<tr>") if f'data-day="{day.isoformat()}"' in row)


def days_shown(page: str) -> list[str]:
    return re.findall(r'data-day="([0-9-]+)"', page)


# --- Month --------------------------------------------------------------------------------------


def test_month_view_is_a_table_with_monday_first_and_week_numbers(plan, calendar_page):
    page = calendar_page(view="month", date="2026-03-10")
    assert '<h2 class="ds-heading" data-size="md" id="period-heading">March 2026</h2>' in page
    assert "<caption" in page and "Publications in March 2026" in page
    weekdays = re.findall(r'<th scope="col">(\w+)</th>', page)
    assert weekdays == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    days = days_shown(page)
    assert days[0] == "2026-03-01" and days[-1] == "2026-03-31" and len(days) == 31
    # 1 March 2026 is a Sunday: the first row is week 9 with six empty cells before it.
    first_row = month_row(page, date(2026, 3, 1))
    assert "week 9" in first_row and first_row.count("calendar-day--outside") == 6
    assert '<th scope="row"' in first_row
    assert "week 14" in month_row(page, date(2026, 3, 30))


def test_a_crowded_day_in_the_month_lists_four_and_counts_the_rest(plan, calendar_page):
    """Eight on 3 March 2025: the month lists the first four in time order (all day first) and
    says "4 more", naming the overdue among them; the week lists all eight."""
    for hour in (8, 9, 10, 11, 12, 13, 14):
        status = "approved" if hour != 13 else "draft"  # 13:00 is past due and not approved
        plan.publication(plan.post(f"Sak kl {hour}", status=status), date(2025, 3, 3), time(hour))
    plan.publication(plan.post("Hele dagen", status="approved"), date(2025, 3, 3), None)
    month = calendar_page(view="month", date="2025-03-03")
    day = day_html(month, date(2025, 3, 3))
    titles = re.findall(r">(Hele dagen|Sak kl \d+)</a>", day)
    assert titles == ["Hele dagen", "Sak kl 8", "Sak kl 9", "Sak kl 10"]
    assert "4 more, 1 of them overdue" in day
    assert 'href="/m/alfa/calendar/?view=week&amp;date=2025-03-03"' in day
    assert "Monday, March 3, 2025" in day  # the link names its day for screen readers
    # A quiet day says nothing more.
    plan.publication(plan.post("Alene"), date(2025, 3, 4), time(9))
    assert "more" not in day_html(calendar_page(view="month", date="2025-03-03"), date(2025, 3, 4))
    week = day_html(calendar_page(view="week", date="2025-03-03"), date(2025, 3, 3))
    assert len(re.findall(r">(Hele dagen|Sak kl \d+)</a>", week)) == 8
    assert "more" not in week


@pytest.mark.parametrize(
    ("shown", "day", "week"),
    [
        ("2026-12-01", date(2026, 12, 31), 53),
        ("2027-01-15", date(2027, 1, 1), 53),
        ("2027-01-15", date(2027, 1, 4), 1),
        ("2026-01-15", date(2026, 1, 1), 1),
        ("2025-12-15", date(2025, 12, 29), 1),
    ],
)
def test_iso_week_numbers_at_year_boundaries(plan, calendar_page, shown, day, week):
    page = calendar_page(view="month", date=shown)
    assert re.search(rf">week {week}</a></th>", month_row(page, day)), (day, week)


def test_week_view_heading_uses_the_iso_year(plan, calendar_page):
    page = calendar_page(view="week", date="2027-01-01")
    assert "Week 53, 2026" in page
    assert days_shown(page) == [
        (date(2026, 12, 28) + timedelta(days=n)).isoformat() for n in range(7)
    ]


def test_a_publication_at_2330_local_on_the_last_day_is_in_that_month(plan, calendar_page):
    post = plan.post("Nyttårsaften")
    publication = plan.publication(post, date(2026, 1, 31), time(23, 30))
    assert publication.publish_at.hour == 22  # 23:30 in Oslo is 22:30 UTC in winter

    january = calendar_page(view="month", date="2026-01-10")
    assert "Nyttårsaften" in day_html(january, date(2026, 1, 31))
    assert "23:30" in day_html(january, date(2026, 1, 31))
    february = calendar_page(view="month", date="2026-02-10")
    assert "Nyttårsaften" not in february


def test_a_publication_just_after_midnight_is_on_its_local_day(plan, calendar_page):
    """00:30 on 1 March in Oslo is 23:30 on 28 February in UTC: it belongs to March."""
    post = plan.post("Første mars")
    publication = plan.publication(post, date(2026, 3, 1), time(0, 30))
    assert publication.publish_at.day == 28
    assert "Første mars" not in calendar_page(view="month", date="2026-02-10")
    march = calendar_page(view="month", date="2026-03-10")
    assert "Første mars" in day_html(march, date(2026, 3, 1))
    # In summer time too (UTC+2): 00:30 on 1 July is 22:30 on 30 June in UTC.
    plan.publication(plan.post("Første juli"), date(2026, 7, 1), time(0, 30))
    assert "Første juli" in day_html(
        calendar_page(view="month", date="2026-07-01"), date(2026, 7, 1)
    )
    assert "Første juli" not in calendar_page(view="month", date="2026-06-01")


def test_items_are_grouped_by_local_date_across_the_dst_switch(plan, calendar_page):
    """Summer time starts 29 March 2026; 00:15 on 30 March is 22:15 on 29 March in UTC."""
    post = plan.post("Sommertid")
    for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)):
        plan.publication(post, day, time(0, 15))
    page = calendar_page(view="week", date="2026-03-29")
    assert page.count("Sommertid</a>") == 2
    for day in (date(2026, 3, 28), date(2026, 3, 29)):
        assert day_html(page, day).count("Sommertid</a>") == 1
        assert '<time datetime="' + day.isoformat() + "T00:15" in day_html(page, day)
    next_week = calendar_page(view="week", date="2026-03-30")
    assert day_html(next_week, date(2026, 3, 30)).count("Sommertid</a>") == 1


def test_all_day_item(plan, calendar_page):
    post = plan.post("Temakveld")
    plan.publication(post, date(2026, 4, 15), None)
    for view in ("month", "week", "agenda"):
        day = day_html(calendar_page(view=view, date="2026-04-15"), date(2026, 4, 15))
        assert "Temakveld" in day
        assert '<time datetime="2026-04-15">All day</time>' in day


# --- Week and agenda ----------------------------------------------------------------------------


def test_week_view_lists_seven_days_with_items_in_time_order(plan, calendar_page):
    post = plan.post("Sak")
    plan.publication(post, date(2026, 3, 25), time(14, 0), channel=plan.web)
    plan.publication(post, date(2026, 3, 25), time(9, 0))
    plan.publication(post, date(2026, 3, 25), None, channel=plan.web)
    plan.publication(post, date(2026, 3, 29), time(20, 0))
    page = calendar_page(view="week", date="2026-03-25")
    assert days_shown(page) == [f"2026-03-{day}" for day in range(23, 30)]
    wednesday = day_html(page, date(2026, 3, 25))
    assert wednesday.index("All day") < wednesday.index("09:00") < wednesday.index("14:00")
    assert "20:00" in day_html(page, date(2026, 3, 29))
    assert "Nothing planned." in day_html(page, date(2026, 3, 23))
    assert "Week 13, 2026" in page


def test_agenda_lists_four_weeks_of_busy_days_only(plan, calendar_page):
    post = plan.post("Serien")
    monday = date(2026, 3, 23)
    for offset in (0, 2, 27, 28):
        plan.publication(post, monday + timedelta(days=offset), time(10, 0))
    plan.publication(post, monday - timedelta(days=1), time(10, 0))
    page = calendar_page(view="agenda", date="2026-03-25")
    assert days_shown(page) == ["2026-03-23", "2026-03-25", "2026-04-19"]
    assert "The 4 weeks from Monday, March 23, 2026 to Sunday, April 19, 2026" in page
    assert "Days without publications are left out." in page
    assert "Previous 4 weeks" in page and "date=2026-04-20" in page


def test_agenda_with_nothing_planned_says_so(plan, calendar_page):
    assert "Nothing is planned in these weeks." in calendar_page(view="agenda", date="2026-03-25")


def test_defaults_are_the_month_of_today(plan, calendar_page):
    today = local_today(OSLO)
    page = calendar_page()
    assert today.isoformat() in days_shown(page)
    assert 'aria-current="page">Month</a>' in page
    # Nonsense in the URL falls back to the defaults.
    fallback = calendar_page(view="year", date="2026-13-45")
    assert today.isoformat() in days_shown(fallback)
    assert 'aria-current="page">Month</a>' in fallback
    for far_away in ("0001-01-01", "9999-12-31"):
        for view in ("month", "week"):
            assert today.isoformat() in days_shown(calendar_page(view=view, date=far_away))
        assert "Nothing is planned" in calendar_page(view="agenda", date=far_away)


@pytest.mark.parametrize("view", ["month", "week", "agenda"])
def test_today_is_marked_visibly_and_for_assistive_technology(plan, calendar_page, view):
    today = local_today(OSLO)
    plan.publication(plan.post("I dag"), today, time(12, 0))
    page = calendar_page(view=view, date=today.isoformat())
    assert re.search(rf'data-day="{today.isoformat()}" aria-current="date"', page)
    assert '<span class="calendar-today">Today</span>' in day_html(page, today)
    assert page.count('aria-current="date"') == 1


def test_navigation_links(plan, calendar_page):
    page = calendar_page(view="month", date="2026-01-31")
    assert 'href="/m/alfa/calendar/?view=month&amp;date=2025-12-01" rel="prev"' in page
    assert 'href="/m/alfa/calendar/?view=month&amp;date=2026-02-01" rel="next"' in page
    today = local_today(OSLO).isoformat()
    assert f'href="/m/alfa/calendar/?view=month&amp;date={today}">Today</a>' in page
    week = calendar_page(view="week", date="2026-01-01")
    assert "view=week&amp;date=2025-12-22" in week and "view=week&amp;date=2026-01-05" in week
    # A week number in the month leads to that week.
    assert 'href="/m/alfa/calendar/?view=week&amp;date=2026-01-26">week 5</a>' in page
    # The date picker works without JavaScript: a GET form with a date and the view.
    assert '<input class="ds-input" type="date" id="calendar-date" name="date"' in page
    assert '<select class="ds-input" id="calendar-view" name="view">' in page


# --- Filters ------------------------------------------------------------------------------------


def test_filters_combine_and_are_kept_in_every_link(plan, two_municipalities, calendar_page):
    admin = two_municipalities["people"]["admin"]
    editor = plan.editor
    day = date(2026, 5, 12)
    plan.publication(plan.post("Redaktørens nett", owner=editor), day, channel=plan.web)
    plan.publication(plan.post("Redaktørens Facebook", owner=editor), day)
    plan.publication(plan.post("Adminens nett", owner=admin), day, channel=plan.web)
    plan.publication(plan.post("Mål og målgruppe", goals=[plan.goal], audiences=[plan.staff]), day)
    plan.post("Idé til nettet", owner=editor)

    page = calendar_page(view="week", date="2026-05-12", channel=plan.web.id, owner=editor.id)
    assert "Redaktørens nett" in page
    for hidden in ("Redaktørens Facebook", "Adminens nett", "Mål og målgruppe"):
        assert hidden not in page
    kept = f"channel={plan.web.id}&amp;owner={editor.id}"
    links = re.findall(r'href="(/m/alfa/calendar/\?[^"]+)"', page)
    # Three views, previous, today, next, clear filters, and the item's Reschedule (its move form).
    assert len(links) == 8
    # All but the one that clears the filters.
    assert [link for link in links if kept not in link] == [
        "/m/alfa/calendar/?view=week&amp;date=2026-05-12"
    ]
    assert 'href="/m/alfa/calendar/?view=week&amp;date=2026-05-12">Clear filters' in page
    assert f'<input type="hidden" name="channel" value="{plan.web.id}">' in page
    assert f'id="filter-channel-{plan.web.id}" name="channel" value="{plan.web.id}" checked' in page
    # Posts without publications are on no channel: the backlog is empty with a channel filter.
    assert "Idé til nettet" not in page
    assert "Only publications that match the filters are shown." in page

    both = calendar_page(view="month", date="2026-05-12", goal=plan.goal.id, audience=plan.staff.id)
    assert "Mål og målgruppe" in both and "Redaktørens nett" not in both
    # Several values of one filter are either-or.
    either = calendar_page(view="agenda", date="2026-05-12", owner=[editor.id, admin.id])
    assert "Adminens nett" in either and "Redaktørens Facebook" in either
    assert "Mål og målgruppe" not in either


def test_status_filter_and_archived_posts(plan, calendar_page):
    day = date(2026, 6, 10)
    plan.publication(plan.post("Godkjent", status="approved"), day)
    plan.publication(plan.post("Utkast"), day)
    archived_post = plan.post("Arkivert")
    plan.publication(archived_post, day)
    archived_post.status = "archived"
    db.session.commit()
    plan.publication(plan.post("Avlyst"), day, status="cancelled")

    everything = calendar_page(view="week", date="2026-06-10")
    assert "Godkjent" in everything and "Utkast" in everything and "Avlyst" in everything
    assert "Arkivert" not in everything
    approved = calendar_page(view="week", date="2026-06-10", status="approved")
    assert "Godkjent" in approved and "Utkast" not in approved
    archived = calendar_page(view="week", date="2026-06-10", status="archived")
    assert "Arkivert" in archived and "Godkjent" not in archived
    cancelled = calendar_page(view="week", date="2026-06-10", status=["cancelled", "approved"])
    assert "Avlyst" in cancelled and "Godkjent" in cancelled and "Utkast" not in cancelled


# --- How items look -----------------------------------------------------------------------------


def test_item_shows_time_channel_title_status_and_links(plan, calendar_page):
    post = plan.post("Fra vikar til fast", owner=plan.editor)
    publication = plan.publication(post, date(2030, 9, 10), time(9, 0))
    item = day_html(calendar_page(view="week", date="2030-09-10"), date(2030, 9, 10))
    assert '<time datetime="2030-09-10T09:00+02:00">09:00</time>' in item
    assert 'fill="#1b5e9e"' in item and "Facebook</span>" in item
    assert f'href="/m/alfa/posts/{post.id}"' in item
    assert ">Planned</span>" in item and ">Draft</span>" in item
    assert "Responsible: editor Alfa" in item
    # Reschedule opens the calendar's own move form (the same move as a drag, with Undo).
    move_form = f"/m/alfa/calendar/?view=week&amp;date=2030-09-10&amp;move={publication.id}"
    assert f'href="{move_form}#move-panel"' in item and ">Reschedule<" in item
    assert f'data-move-url="/m/alfa/calendar/publications/{publication.id}/move"' in item


def test_overdue_and_cancelled_are_marked_in_words(plan, calendar_page):
    late = plan.post("For sent")
    plan.publication(late, date(2025, 3, 3), time(9, 0))
    on_time = plan.post("Godkjent i tide", status="approved")
    plan.publication(on_time, date(2025, 3, 3), time(10, 0))
    plan.publication(plan.post("Avlyst sak"), date(2025, 3, 3), time(11, 0), status="cancelled")
    for view in ("month", "week", "agenda"):
        day = day_html(calendar_page(view=view, date="2025-03-03"), date(2025, 3, 3))
        late_item, approved_item, cancelled_item = day.split('<li class="calendar-item')[1:]
        assert "calendar-item--overdue" in late_item and ">Overdue</span>" in late_item
        assert "Overdue" not in approved_item
        assert "calendar-item--cancelled" in cancelled_item
        assert "<s>Avlyst sak</s>" in cancelled_item and ">Cancelled</span>" in cancelled_item
        # Neither can be moved by drag-and-drop; the cancelled one has no Reschedule link.
        assert "data-move-url" not in cancelled_item and "Reschedule" not in cancelled_item


def test_posts_past_their_approval_deadline_are_marked(plan, calendar_page):
    """Two working days before the first publication (the default): a draft going out tomorrow
    is past it, one going out in two months is not, an approved post has none, and an overdue
    publication says Overdue instead."""
    today = local_today(OSLO)
    tomorrow, later = today + timedelta(days=1), today + timedelta(days=60)
    plan.publication(plan.post("Sent ute"), tomorrow, time(9, 0))
    plan.publication(plan.post("Godkjent", status="approved"), tomorrow, time(10, 0))
    plan.publication(plan.post("God tid"), later, time(9, 0))
    marked = ">Approval deadline passed</span>"
    for view in ("month", "week", "agenda"):
        late_item, approved_item = day_html(
            calendar_page(view=view, date=tomorrow.isoformat()), tomorrow
        ).split('<li class="calendar-item')[1:]
        assert "Sent ute" in late_item and marked in late_item
        assert "Godkjent" in approved_item and marked not in approved_item
    assert marked not in day_html(calendar_page(view="week", date=later.isoformat()), later)
    overdue = plan.post("For sent")
    plan.publication(overdue, date(2025, 3, 3), time(9, 0))
    item = day_html(calendar_page(view="week", date="2025-03-03"), date(2025, 3, 3))
    assert ">Overdue</span>" in item and marked not in item


def test_readers_see_no_reschedule_links(plan, client, auth, calendar_page):
    plan.publication(plan.post("Leses"), date(2026, 9, 8))
    auth.logout()
    auth.login("viewer@alfa.kommune.no")
    page = client.get("/m/alfa/calendar/?view=week&date=2026-09-08").text
    assert "Leses" in page
    assert ">Reschedule<" not in page and "data-move-url" not in page
    assert "data-drag-hint" not in page and "data-message-moving" not in page


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("view", ["month", "week", "agenda"])
def test_titles_are_escaped(plan, calendar_page, view):
    plan.publication(plan.post(XSS), date(2026, 9, 8))
    plan.post(XSS + " idé")
    page = calendar_page(view=view, date="2026-09-08")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 2  # the item and the backlog


def test_another_municipality_is_never_shown(plan, two_municipalities, calendar_page):
    other = make_plan(two_municipalities["b"], two_municipalities["people"]["other"])
    other.publication(other.post("Betas hemmelighet"), date(2026, 9, 8))
    other.post("Betas idé")
    page = calendar_page(view="week", date="2026-09-08")
    assert "Betas" not in page


def test_calendar_of_another_municipality_is_not_found(plan, client, as_editor):
    assert client.get("/m/beta/calendar/").status_code == 404


# --- The idea backlog ---------------------------------------------------------------------------


def test_backlog_lists_posts_without_publications_newest_first(plan, calendar_page):
    plan.post("Eldste idé", status="idea")
    plan.post("Nyeste utkast")
    plan.publication(plan.post("Planlagt"), date(2026, 9, 8))
    plan.post("Arkivert idé", status="archived")
    page = calendar_page(view="month", date="2026-01-01")
    backlog = page.split('id="backlog-heading"')[1]
    assert backlog.index("Nyeste utkast") < backlog.index("Eldste idé")
    assert "Planlagt" not in backlog and "Arkivert idé" not in backlog
    assert ">Idea</span>" in backlog and ">Draft</span>" in backlog
    # The same filters: an owner filter leaves out posts of others.
    filtered = calendar_page(view="month", date="2026-01-01", owner=plan.editor.id)
    assert "Nyeste utkast" not in filtered.split('id="backlog-heading"')[1]


def test_backlog_is_limited_and_counts_the_rest(plan):
    from planner.calendar.services import idea_backlog
    from planner.posts.filters import PlanFilters

    for n in range(5):
        plan.post(f"Idé {n}")
    backlog = idea_backlog(plan.municipality, PlanFilters(), limit=3)
    assert [post.title for post in backlog.posts] == ["Idé 4", "Idé 3", "Idé 2"]
    assert backlog.total == 5 and backlog.more == 2
    assert idea_backlog(plan.municipality, PlanFilters(), limit=10).more == 0


def test_backlog_says_when_more_are_left_out(plan, calendar_page, monkeypatch):
    from planner.calendar import services

    monkeypatch.setattr(services, "BACKLOG_LIMIT", 2)
    for n in range(4):
        plan.post(f"Idé {n}")
    assert "And 2 more posts without publications." in calendar_page()


def test_empty_backlog(plan, calendar_page):
    assert "Every post has a place in the calendar." in calendar_page()


def test_move_service_keeps_local_time_across_dst(plan):
    post = plan.post("Flyttes")
    spring = plan.publication(post, date(2026, 3, 27), time(9, 0))
    posts.move_publication(
        spring,
        date(2026, 3, 30),
        actor=plan.editor,
        municipality=plan.municipality,
        expected_version=spring.version,
    )
    assert spring.publish_at.astimezone(OSLO).time() == time(9, 0)
    assert spring.publish_at.hour == 7
