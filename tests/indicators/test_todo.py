"""What to do now: each persona's home page says what waits for them and links to it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from indicators.selectors.todo import deadline_words, todo_for
from tests import builders

pytestmark = pytest.mark.django_db


def todo_section(html: str) -> str:
    found = re.search(r'<section class="todo".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_an_officer_sees_the_values_still_to_send_in_each_open_quarter(cycle):
    w = cycle.world
    period = cycle.open_period
    builders.entry(w.indicator_a, period, 5, status="draft")
    builders.entry(w.indicator_a1, period, 6, status="returned")
    today = period.closes_on - datetime.timedelta(days=3)
    [task] = todo_for(w.officer_a, today=today).entry
    # unit_a's own indicator and its sub-unit's; unit_b's is not the officer's.
    assert (task.period, task.due, task.to_enter, task.drafts, task.returned, task.sent) == (
        period,
        2,
        0,
        1,
        1,
        0,
    )
    assert (task.remaining, task.days_left, task.late) == (2, 3, False)
    [other] = todo_for(w.officer_b, today=today).entry
    assert (other.due, other.to_enter, other.remaining) == (1, 1, 1)


def test_sent_values_leave_the_count_and_a_closed_quarter_asks_nothing(cycle):
    w = cycle.world
    builders.entry(w.indicator_b, cycle.open_period, 5, status="submitted")
    builders.entry(w.indicator_b, cycle.closed_period, None, status="draft")
    [task] = todo_for(w.officer_b, today=cycle.open_period.closes_on).entry
    assert (task.period, task.sent, task.remaining, task.days_left) == (cycle.open_period, 1, 0, 0)
    cycle.open_period.state = "closed"
    cycle.open_period.save()
    assert todo_for(w.officer_b, today=cycle.open_period.closes_on).entry == []


def test_a_head_sees_the_queue_the_review_page_shows(cycle):
    w = cycle.world
    builders.entry(w.indicator_a, cycle.open_period, 5, status="submitted")
    builders.entry(w.indicator_a1, cycle.closed_period, 5, status="submitted")
    builders.entry(w.indicator_b, cycle.open_period, 5, status="submitted")
    builders.entry(w.indicator_a, cycle.closed_period, 5, status="approved")
    todo = todo_for(w.head_a, today=cycle.open_period.closes_on)
    assert [(t.period, t.entries, t.activities) for t in todo.review] == [
        (cycle.closed_period, 1, 0),
        (cycle.open_period, 1, 0),
    ]
    assert todo.entry == [] and todo.cycle == []
    assert [
        (t.period, t.entries) for t in todo_for(w.head_b, today=cycle.open_period.closes_on).review
    ] == [(cycle.open_period, 1)]


def test_the_planner_sees_the_cycle_by_unit(cycle):
    w = cycle.world
    builders.entry(w.indicator_a, cycle.open_period, 5, status="approved")
    builders.entry(w.indicator_a1, cycle.open_period, 5, status="draft")
    today = cycle.open_period.closes_on + datetime.timedelta(days=2)
    todo = todo_for(w.admin, today=today)
    [task] = todo.cycle
    assert (task.done, task.under_way, task.not_started) == ([w.unit_a], [w.unit_a1], [w.unit_b])
    assert (task.units, task.days_left, task.late) == (3, -2, True)
    assert todo.entry == [] and todo.review == []


def test_a_viewer_and_a_user_without_a_role_have_nothing_to_do(cycle):
    w = cycle.world
    builders.entry(w.indicator_a, cycle.open_period, 5, status="submitted")
    for account in (w.viewer, w.outsider):
        assert not todo_for(account, today=cycle.open_period.closes_on)


@pytest.mark.parametrize(
    "days, english, arabic",
    [
        (3, "closes in 3 days", "تُغلق بعد 3 أيام"),
        (1, "closes in 1 day", "تُغلق غدًا"),
        (0, "closes today", "تُغلق اليوم"),
        (-2, "closing date passed 2 days ago", "مضى موعد الإغلاق منذ يومين"),
        (-11, "closing date passed 11 days ago", "مضى موعد الإغلاق منذ 11 يومًا"),
    ],
)
def test_the_deadline_is_said_in_days(days, english, arabic):
    with translation.override("en"):
        assert deadline_words(days) == english
    with translation.override("ar"):
        assert deadline_words(days) == arabic


def _page(client_for, account):
    return client_for(account).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")


def test_the_home_page_links_each_task_to_its_page(cycle, client_for, settings):
    settings.LANGUAGE_CODE = "en"
    w = cycle.world
    period = cycle.open_period
    period.closes_on = timezone.localdate() + datetime.timedelta(days=5)
    period.save()
    builders.entry(w.indicator_b, period, 5, status="returned")
    builders.entry(w.indicator_a, period, 5, status="submitted")
    entry_url = reverse("entry", args=[period.pk])
    review_url = reverse("review", args=[period.pk])

    officer = todo_section(_page(client_for, w.officer_b).content.decode())
    assert f'href="{entry_url}"' in officer and "Correct the returned values" in officer
    assert "closes in 5 days" in officer and "1 of your values is not sent yet" in officer

    head = todo_section(_page(client_for, w.head_a).content.decode())
    assert f'href="{review_url}"' in head and "1 report waits for your review" in head
    assert entry_url not in head

    planner = todo_section(_page(client_for, w.admin).content.decode())
    assert f'href="{review_url}"' in planner
    assert f'href="{entry_url}?unit={w.unit_a1.pk}"' in planner  # not started
    assert f'href="{reverse("periods", args=[w.plan.pk])}"' in planner

    assert todo_section(_page(client_for, w.viewer).content.decode()) == ""


def test_the_home_page_says_it_in_arabic(cycle, client_for):
    w = cycle.world
    html = client_for(w.officer_a).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ar").content
    section = todo_section(html.decode())
    assert "المطلوب منك الآن" in section and "قيم الربع الثاني 2021" in section
    assert "أدخل القيم" in section


def _queries(account, today) -> int:
    with CaptureQueriesContext(connection) as queries:
        todo_for(account, today=today)
    return len(queries)


@pytest.mark.parametrize("extra", [0, 30])
def test_the_tasks_cost_a_fixed_number_of_queries(cycle, extra):
    """The role (1), the unit tree (1, not for the admin), the open periods (1, not for a
    viewer), then two for each kind of task: officer 5, head 5, admin 6, viewer 1."""
    w = cycle.world
    for n in range(extra):
        unit = builders.unit(parent=w.unit_a)
        indicator = builders.indicator(w.objective, unit)
        builders.entry(indicator, cycle.open_period, n, status="submitted")
        builders.entry(indicator, cycle.closed_period, n, status="submitted")
    builders.entry(w.indicator_a, cycle.open_period, 5, status="submitted")
    today = cycle.open_period.closes_on
    for account in (w.officer_a, w.head_a, w.admin, w.viewer):
        account.refresh_from_db()  # the membership is read afresh
    assert [_queries(a, today) for a in (w.officer_a, w.head_a, w.admin, w.viewer)] == [
        5,
        5,
        6,
        1,
    ]
