"""Indicator results kept between trees (indicators/selectors/achievement.py, ``_KEPT``): a
change recomputes only what it touched, and never shows a stale number."""

from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from indicators import services
from indicators.selectors import achievement as kept
from indicators.selectors import achievement_tree
from indicators.services.structure import indicator_update
from plans.models import ReportingPeriod, StrategicPlan
from plans.services.periods import period_close, period_open
from plans.services.structure import plan_update

pytestmark = pytest.mark.django_db


def _plan(world):
    return StrategicPlan.objects.get(pk=world.plan.pk)


def _full(plan, **span):
    """The tree computed whole, as before results were kept (nothing kept is read)."""
    reading = kept._read(plan, span.get("year"), None, None, False)
    targets = kept._as_targets(*kept._plan_targets(plan, reading.members, reading.years))
    return kept._tree(reading, targets, 4)


def _seen(tree):
    return (
        tree.score, tree.coverage, tree.status, tree.series,
        [(i.indicator.pk, i.result, i.score, i.series, i.forecast) for i in tree.indicators],
        [(g.score, g.coverage, g.series, [(o.score, o.series) for o in g.children])
         for g in tree.goals],
    )  # fmt: skip


def _approve(world, indicator, value):
    """Approve a value in the open period: a first value, or a correction of the one there."""
    period = ReportingPeriod.objects.filter(plan=world.plan, state="open").first()
    if period is None:
        return
    entry = indicator.entries.filter(period=period).first()
    version = None
    if entry is not None and entry.status == "approved":
        entry = services.progress_reopen(
            entry=entry, by=world.admin, expected_version=entry.version, comment="fix"
        )
    if entry is not None:
        if entry.status == "submitted":
            entry = services.progress_return(
                entry=entry, by=world.admin, expected_version=entry.version, comment="again"
            )
        version = entry.version
    entry = services.progress_save(
        indicator=indicator, period=period, by=world.admin, value=value,
        expected_version=version, late_reason="late", quality_note="checked",
    )  # fmt: skip
    entry = services.progress_submit(entry=entry, by=world.admin, expected_version=entry.version)
    head = world.head_b if indicator.unit_id == world.unit_b.pk else world.head_a
    services.progress_approve(entry=entry, by=head, expected_version=entry.version)


def _close(world):
    period = ReportingPeriod.objects.filter(plan=world.plan, state="open").first()
    if period is not None:
        period_close(period=period, by=world.admin)
    planned = ReportingPeriod.objects.filter(plan=world.plan, state="planned").first()
    if planned is not None:
        period_open(period=planned, by=world.admin)


changes = st.lists(
    st.one_of(
        st.tuples(st.just("approve"), st.integers(0, 2), st.integers(0, 300)),
        st.tuples(st.just("target"), st.integers(0, 2), st.integers(1, 400)),
        st.tuples(
            st.just("direction"), st.integers(0, 2), st.sampled_from(["increase", "decrease"])
        ),
        st.tuples(st.just("weight"), st.integers(0, 2), st.integers(1, 5)),
        st.tuples(st.just("cap"), st.just(0), st.sampled_from([100, 120, 150])),
        st.tuples(st.just("close"), st.just(0), st.just(0)),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=changes)
def test_property_kept_results_equal_a_whole_recomputation(cycle, steps):
    world = cycle.world
    indicators = [world.indicator_a, world.indicator_a1, world.indicator_b]
    for kind, which, value in steps:
        achievement_tree(_plan(world), year=2021, series_length=4)  # keeps its results
        indicator = type(indicators[which]).objects.get(pk=indicators[which].pk)
        if kind == "approve":
            _approve(world, indicator, D(value))
        elif kind == "target":
            services.target_set(
                indicator=indicator, year=2021, quarter=None, value=D(value), by=world.admin,
                reason="revised",
            )  # fmt: skip
        elif kind in ("direction", "weight"):
            indicator_update(indicator=indicator, by=world.admin, changes={kind: value})
        elif kind == "cap":
            plan_update(plan=_plan(world), by=world.admin, changes={"achievement_cap": D(value)})
        else:
            _close(world)
        plan = _plan(world)
        assert _seen(achievement_tree(plan, year=2021, series_length=4)) == _seen(
            _full(plan, year=2021)
        ), (kind, which, value)


# --- No stale number after each kind of change -------------------------------------------


def _api(world, span="&quarter=2"):
    client = APIClient()
    client.force_login(world.admin)
    body = client.get(f"/api/v1/achievement/?plan={world.plan.pk}&year=2021{span}").json()
    return (
        {
            i["code"]: (i["actual"], i["target"], i["achievement"])
            for g in body["goals"]
            for o in g["objectives"]
            for i in o["indicators"]
        },
        body["score"],
        body["status"],
    )


def _board(client, world):
    return client.get("/", {"plan": world.plan.pk, "year": 2021, "quarter": 2}).context["board"]


@pytest.fixture
def seen(cycle, client_for):
    """A view of the API and the dashboard before the change (which keeps its results)."""
    world = cycle.world
    _approve(world, world.indicator_a, D(50))
    client = client_for(world.admin)
    before = (_api(world), _board(client, world).result.score)
    return world, client, before


def _after(world, client):
    return (_api(world), _board(client, world).result.score)


def test_an_approval_shows_at_once(seen):
    world, client, before = seen
    _approve(world, world.indicator_b, D(80))
    after = _after(world, client)
    assert after[0][0][world.indicator_b.code][0] == "80.0000"
    assert after != before


def test_a_correction_shows_at_once(seen):
    world, client, before = seen
    _approve(world, world.indicator_a, D(70))
    assert _after(world, client)[0][0][world.indicator_a.code][0] == "70.0000"


def test_a_revised_target_shows_at_once(seen):
    world, client, before = seen
    services.target_set(
        indicator=world.indicator_a, year=2021, quarter=None, value=D(200), by=world.admin,
        reason="revised",
    )  # fmt: skip
    assert (
        _after(world, client)[0][0][world.indicator_a.code][1]
        != before[0][0][world.indicator_a.code][1]
    )


def test_an_edited_indicator_shows_at_once(seen):
    world, client, before = seen
    indicator_update(indicator=world.indicator_a, by=world.admin, changes={"direction": "decrease"})
    code = world.indicator_a.code
    assert _after(world, client)[0][0][code][2] != before[0][0][code][2]


def test_a_closed_period_shows_at_once(seen):
    world, _client, _before = seen
    before = _api(world, span="")  # to the end of the latest closed period: Q1
    assert before[0][world.indicator_a.code][0] is None
    _close(world)
    assert _api(world, span="")[0][world.indicator_a.code][0] == "50.0000"


def test_new_thresholds_show_at_once(seen):
    world, client, before = seen
    assert before[0][2] == "green"
    plan_update(
        plan=_plan(world), by=world.admin,
        changes={"amber_threshold": D("100.5"), "green_threshold": D(101)},
    )  # fmt: skip
    assert _after(world, client)[0][2] == "red"


# --- Queries of the dashboard after a change --------------------------------------------------


def _after_a_change(client, world, indicator, value):
    _board(client, world)  # viewed before the change: its results are kept
    _approve(world, indicator, value)
    with CaptureQueriesContext(connection) as captured:
        _board(client, world)
    return len(captured), [q["sql"] for q in captured.captured_queries]


def test_the_dashboard_after_a_change_takes_the_same_queries_at_one_and_many_indicators(
    cycle, client_for
):
    from tests import builders

    world = cycle.world
    client = client_for(world.admin)
    # The dashboards another test cached (the plan's revision is a counter, and SQLite gives
    # a rolled-back plan's id again) are not this one's.
    cache.clear()
    one, sql = _after_a_change(client, world, world.indicator_a, D(40))
    # The values and the targets of the changed indicator alone are read.
    assert sum(1 for q in sql if "indicators_progressentry" in q and 'indicator_id" IN (' in q) >= 1
    for n in range(40):
        extra = builders.indicator(world.objective, world.unit_a, f"K{n}")
        builders.target(extra, 2021, 100)
        builders.entry(extra, cycle.closed_period, 30 + n)
    many, _sql = _after_a_change(client, world, world.indicator_b, D(60))
    assert (one, many) == (32, 32)
