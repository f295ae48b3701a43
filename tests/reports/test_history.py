"""History that stays true: moving an indicator and renaming a unit change no figure and no
name of a past report; the future follows the new unit; what history depends on cannot be
deleted."""

import dataclasses
import datetime
import re
from decimal import Decimal as D

import pytest
from django.contrib.admin.sites import site
from django.db.models import ProtectedError
from django.test import RequestFactory

from indicators import services
from indicators.models import ProgressEntry
from indicators.selectors import achievement_tree
from plans.history import name_then_and_now, names_in_force, record_name_change
from plans.models import NameRecord, OrgUnit
from reports.assembly import assemble_report
from reports.render import render_preview
from tests import builders

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2021, 8, 1)
FIXED = datetime.datetime(2021, 8, 1, 12, 0, tzinfo=datetime.UTC)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def past(world):
    """2021 Q1 and Q2 closed with approved values, Q3 open; unit B answers for G1.1.3."""
    periods = {
        1: builders.period(world.plan, 2021, 1, state="closed"),
        2: builders.period(world.plan, 2021, 2, state="closed"),
        3: builders.period(world.plan, 2021, 3, state="open"),
    }
    for indicator in (world.indicator_a, world.indicator_a1, world.indicator_b):
        builders.target(indicator, 2021, 100)
    for indicator, quarter, value in (
        (world.indicator_a, 1, 20),
        (world.indicator_a, 2, 30),
        (world.indicator_a1, 1, 25),
        (world.indicator_b, 1, 10),
        (world.indicator_b, 2, 40),
    ):
        builders.entry(indicator, periods[quarter], value)
    return periods


def _reports(world):
    """The 2021 Q2 report for every scope, in both languages, and its HTML preview."""
    request = RequestFactory().get("/reports/achievement/")
    request.user = world.admin
    found = {}
    for unit in (None, world.agency, world.unit_a, world.unit_b):
        for language in ("ar", "en"):
            unit = OrgUnit.objects.get(pk=unit.pk) if unit else None
            report = assemble_report(
                world.plan, year=2021, quarter=2, unit=unit, language=language, today=TODAY
            )
            report = dataclasses.replace(report, generated=FIXED)
            html = CSRF.sub("", render_preview(report, request))  # a new token per request
            found[(unit.code if unit else "all", language)] = (repr(report), html)
    return found


def _move_and_rename(world):
    indicator = world.indicator_b
    indicator.unit = world.unit_a
    indicator.save()
    unit = OrgUnit.objects.get(pk=world.unit_b.pk)
    unit.name_ar, unit.name_en = "قيادة الحدود", "Border Command"
    record_name_change(unit, by=world.admin)
    unit.save()


def test_moving_an_indicator_and_renaming_a_unit_change_no_past_report(world, past):
    before = _reports(world)
    _move_and_rename(world)
    after = _reports(world)
    # The same report, word for word, but for the renamed unit, which keeps its former name
    # with the current one beside it.
    renamed = {
        "مديرية ب": "مديرية ب (حاليًا: قيادة الحدود)",
        "Directorate B": "Directorate B (now: Border Command)",
    }
    assert set(after) == set(before)
    for key, (report, html) in before.items():
        for old, new in renamed.items():
            report, html = report.replace(old, new), html.replace(old, new)
        assert after[key] == (report, html), key


def test_the_past_report_still_has_unit_b_with_its_own_figures(world, past):
    _move_and_rename(world)
    report = assemble_report(world.plan, year=2021, quarter=2, unit=world.agency, today=TODAY)
    units = {name: (score, coverage) for name, score, _status, coverage, _done in report.units}
    # B: 10 + 40 = 50 of the half year's 50 → 100 %; A: (50 / 50 → 100, 25 / 25 → 100),
    # its second indicator with one of its two due quarters reported (coverage 3/4).
    assert units == {
        "مديرية أ": (D(100), D("0.75")),
        "مديرية ب (حاليًا: قيادة الحدود)": (D(100), D(1)),
    }
    row = next(r for r in report.rows if r.code == "G1.1.3")
    assert (row.unit, row.actual) == ("مديرية ب (حاليًا: قيادة الحدود)", D(50))


def test_the_future_follows_the_new_unit(world, past):
    _move_and_rename(world)
    entry = services.progress_save(
        indicator=world.indicator_b, period=past[3], by=world.officer_a, value=D(25)
    )
    assert entry.unit_id == world.unit_a.pk
    entry = services.progress_submit(entry=entry, by=world.officer_a, expected_version=1)
    services.progress_approve(entry=entry, by=world.head_a, expected_version=2)
    # Unit B's year to date: its own two quarters only; unit A's: the new quarter.
    tree_b = achievement_tree(world.plan, year=2021, quarter=3, unit_ids={world.unit_b.pk})
    tree_a = achievement_tree(
        world.plan, year=2021, quarter=3, unit_ids={world.unit_a.pk, world.unit_a1.pk}
    )
    moved_b = next(i for i in tree_b.indicators if i.indicator.code == "G1.1.3")
    moved_a = next(i for i in tree_a.indicators if i.indicator.code == "G1.1.3")
    assert [o[:3] for o in moved_b.observations] == [(2021, 1, D(10)), (2021, 2, D(40))]
    assert [o[:3] for o in moved_a.observations] == [(2021, 3, D(25))]
    # The whole ministry: all three quarters; each unit compared on its own entries.
    whole = achievement_tree(world.plan, year=2021, quarter=3)
    assert whole.unit_rollup({world.unit_b.pk}).score == D(100)  # 50 / 50
    in_a = {i.indicator.code: s for i, s, _c in whole.in_units({world.unit_a.pk})}
    assert in_a == {"G1.1.1": D(100), "G1.1.3": D(100)}  # 25 / 25 for the moved one
    # The entry page of the new unit lists it.
    from indicators.selectors.entry import entry_rows

    codes = [r.indicator.code for r in entry_rows(past[3], {world.unit_a.pk})]
    assert codes == ["G1.1.1", "G1.1.3"]


def test_a_unit_with_entries_cannot_be_deleted(world, past):
    with pytest.raises(ProtectedError):
        OrgUnit.objects.get(pk=world.unit_b.pk).delete()
    empty = builders.unit("empty")
    empty.delete()  # nothing depends on it


def test_entries_made_before_the_migration_carry_their_indicators_unit(world, past):
    assert set(ProgressEntry.objects.values_list("indicator__code", "unit__code")) == {
        ("G1.1.1", "unit-a"),
        ("G1.1.2", "unit-a1"),
        ("G1.1.3", "unit-b"),
    }


# --- Name history ----------------------------------------------------------------------------


def test_record_name_change_keeps_each_former_name_with_its_time(world):
    unit = OrgUnit.objects.get(pk=world.unit_b.pk)
    first = datetime.datetime(2021, 3, 1, tzinfo=datetime.UTC)
    second = datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC)
    unit.name_ar = "اسم ثان"
    record_name_change(unit, at=first)
    unit.save()
    unit.name_ar = "اسم ثالث"
    record_name_change(unit, at=second)
    unit.save()
    assert record_name_change(unit) is None  # unchanged: nothing kept
    rows = list(NameRecord.objects.values_list("name_ar", "valid_from", "valid_to"))
    assert rows == [("مديرية ب", None, first), ("اسم ثان", first, second)]
    at = datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC)
    assert names_in_force(at) == {("unit", unit.pk): ("اسم ثان", "Directorate B")}
    assert names_in_force(datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)) == {
        ("unit", unit.pk): ("مديرية ب", "Directorate B")
    }
    assert names_in_force(datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)) == {}


def test_name_then_and_now_in_both_languages():
    assert name_then_and_now(("قديم", "Old"), ("جديد", "New")) == (
        "قديم (حاليًا: جديد)",
        "Old (now: New)",
    )
    assert name_then_and_now(("قديم", "Same"), ("جديد", "Same")) == ("قديم (حاليًا: جديد)", "Same")


def test_the_admin_keeps_the_former_name(world, rf):
    admin_class = site._registry[OrgUnit]
    request = rf.post("/admin/")
    request.user = world.admin
    unit = OrgUnit.objects.get(pk=world.unit_b.pk)
    unit.name_en = "Border Command"
    admin_class.save_model(request, unit, form=None, change=True)
    record = NameRecord.objects.get()
    assert (record.kind, record.object_id, record.name_en, record.changed_by) == (
        "unit",
        unit.pk,
        "Directorate B",
        world.admin,
    )
    goal = world.goal
    goal.title_ar = "هدف جديد"
    site._registry[type(goal)].save_model(request, goal, form=None, change=True)
    assert NameRecord.objects.filter(kind="goal", object_id=goal.pk).count() == 1


def test_the_old_unit_still_reads_its_own_entries_of_a_moved_indicator_in_the_api(world, past):
    from rest_framework.test import APIClient

    _move_and_rename(world)
    client = APIClient()
    client.force_authenticate(world.officer_b)
    listed = client.get("/api/v1/progress/").json()["results"]
    assert [(r["indicator"], r["value"]) for r in listed] == [
        (world.indicator_b.pk, "10.0000"),
        (world.indicator_b.pk, "40.0000"),
    ]
    client.force_authenticate(world.officer_a)
    assert client.get("/api/v1/progress/").json()["count"] == 5


def test_the_indicator_page_says_which_unit_entered_a_past_value(world, past, client_for):
    _move_and_rename(world)
    client = client_for(world.admin)
    client.cookies["marsad_language"] = "en"
    html = client.get(f"/indicators/{world.indicator_b.pk}/").content.decode()
    assert html.count("Entered by Border Command") == 2  # Q1 and Q2, by unit B


def test_the_achievement_api_names_the_unit_that_answered_in_a_past_span(world, past):
    from rest_framework.test import APIClient

    _move_and_rename(world)
    client = APIClient()
    client.force_authenticate(world.viewer)

    def units(**query):
        body = client.get("/api/v1/achievement/", {"plan": world.plan.pk, **query}).json()
        return {
            i["code"]: i["unit"]
            for goal in body["goals"]
            for objective in goal["objectives"]
            for i in objective["indicators"]
        }

    assert units(year=2021, quarter=2)["G1.1.3"] == world.unit_b.pk  # the past: B's
    assert units(year=2021, quarter=3)["G1.1.3"] == world.unit_a.pk  # Q3 is open: A's now


def test_an_indicator_with_values_cannot_be_deleted_nor_its_objective(world, past):
    with pytest.raises(ProtectedError):
        world.indicator_b.delete()
    with pytest.raises(ProtectedError):
        world.objective.delete()
    spare = builders.indicator(world.objective, world.unit_b, "G1.1.9")
    spare.delete()  # no values: nothing depends on it
