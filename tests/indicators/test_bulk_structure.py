"""The plan import's bulk services (indicators.services.structure): ``indicators_create_many``
and ``targets_save_many`` give the answers ``indicator_create`` and
``indicator_targets_save`` give one by one (the same refusals, the same messages, the same
rows and revisions), in a number of queries that does not grow with the items."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from indicators.models import Indicator, Target, TargetRevision
from indicators.services.structure import (
    indicator_create,
    indicator_targets_save,
    indicators_create_many,
    targets_save_many,
)
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class _Undo(Exception):
    pass


def one_by_one(world, items):
    """What ``indicator_create`` answers for each item, written and then undone."""
    answers = []
    try:
        with transaction.atomic():
            for objective, fields in items:
                try:
                    with transaction.atomic():
                        made = indicator_create(objective=objective, by=world.admin, fields=fields)
                        answers.append((made.code, made.order, {}))
                except ValidationError as error:
                    answers.append((None, None, error.message_dict))
            raise _Undo
    except _Undo:
        pass
    return answers


def items_with_mistakes(world):
    base = {"title_ar": "مؤشر", "unit": world.unit_a, "measure": "number"}
    base |= {"direction": "increase", "aggregation": "sum"}
    return [
        (world.objective, {**base, "code": "N1"}),
        (world.objective, {**base, "code": "N2", "order": 40}),
        (world.objective, {**base, "code": world.indicator_a.code}),  # taken in the plan
        (world.objective, {**base, "code": "N1"}),  # taken by the first item
        (world.objective, {**base, "code": "N3", "measure": "percentage"}),  # summed
        (world.objective, {**base, "code": "N4", "method": "baseline"}),  # no baseline
        (world.objective, {**base, "code": "N5", "tolerance": Decimal(2)}),  # not maintain
        (world.objective, {**base, "code": "N6", "baseline_year": 2090}),
        (world.objective, {**base, "code": "N7", "weight": Decimal(0)}),
        (world.objective, {**base, "code": "N8", "measure": "furlongs"}),
        (world.objective, {**base, "code": "N9", "title_ar": "x" * 301}),
        (world.objective, {**base, "code": "", "title_ar": ""}),
        (world.objective, {**base, "code": "N10", "unit": "unit-a"}),  # not a unit
        (world.objective, {**base, "code": "N11"}),
    ]


def test_creating_many_answers_as_creating_one_by_one(world):
    items = items_with_mistakes(world)
    expected = one_by_one(world, items)
    assert not Indicator.objects.filter(code__startswith="N").exists()
    revision = world.plan.revision
    results = indicators_create_many(plan=world.plan, by=world.admin, items=items)
    assert [
        (made.code if made else None, made.order if made else None, errors)
        for made, errors in results
    ] == expected
    assert [code for code, _order, _errors in expected] == [
        "N1", "N2", None, None, None, None, None, None, None, None, None, None, None, "N11",
    ]  # fmt: skip
    saved = dict(Indicator.objects.filter(code__startswith="N").values_list("code", "order"))
    assert saved == {"N1": 1, "N2": 40, "N11": 41}
    world.plan.refresh_from_db()
    assert world.plan.revision == revision + 1


def test_creating_many_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    base = {"title_ar": "مؤشر", "unit": world.unit_a, "measure": "number"}
    base |= {"direction": "increase", "aggregation": "sum"}
    items = [(world.objective, {**base, "code": f"M{n}"}) for n in range(300)]
    with django_assert_max_num_queries(8):
        results = indicators_create_many(plan=world.plan, by=world.admin, items=items)
    assert all(made is not None for made, _errors in results)
    assert Indicator.objects.filter(code__startswith="M").count() == 300


def test_only_a_planning_admin_creates_or_saves_many(world):
    with pytest.raises(PermissionDenied):
        indicators_create_many(plan=world.plan, by=world.head_a, items=[])
    with pytest.raises(PermissionDenied):
        targets_save_many(plan=world.plan, by=world.officer_a, cells={})


def grids(world):
    return {
        world.indicator_a.pk: {(2021, None): Decimal(100), (2021, 1): Decimal(30)},  # 1 new
        world.indicator_a1.pk: {(2022, None): Decimal(7)},  # revised (held: 5)
        world.indicator_b.pk: {(2030, None): Decimal(1), (2021, 5): Decimal(1)},  # refused
    }


def test_saving_many_grids_answers_as_saving_each(world):
    builders.target(world.indicator_a, 2021, 100)
    builders.target(world.indicator_a1, 2022, 5)
    builders.target(world.indicator_a1, 2023, 9)
    cells = grids(world)
    cells[world.indicator_a1.pk][(2023, None)] = None  # removed
    expected = {}
    try:
        with transaction.atomic():
            for indicator in (world.indicator_a, world.indicator_a1, world.indicator_b):
                try:
                    with transaction.atomic():
                        done = indicator_targets_save(
                            indicator=indicator, by=world.admin, cells=cells[indicator.pk],
                            reason="import plan.xlsx",
                        )  # fmt: skip
                        expected[indicator.pk] = (done.created, done.changed, done.removed)
                except ValidationError as error:
                    expected[indicator.pk] = error.message_dict
            raise _Undo
    except _Undo:
        pass
    saved, errors = targets_save_many(
        plan=world.plan, by=world.admin, cells=cells, reason="import plan.xlsx"
    )
    got = {pk: (s.created, s.changed, s.removed) for pk, s in saved.items()}
    got |= {pk: {key: [message] for key, message in found.items()} for pk, found in errors.items()}
    assert got == expected
    assert errors[world.indicator_b.pk] == {
        "2030": "The year must be inside the plan (2019–2023).",
        "2021-Q5": "The quarter must be between 1 and 4.",
    }
    held = {(t.indicator_id, t.year, t.quarter): t.value for t in Target.objects.all()}
    assert held == {
        (world.indicator_a.pk, 2021, None): Decimal(100),
        (world.indicator_a.pk, 2021, 1): Decimal(30),
        (world.indicator_a1.pk, 2022, None): Decimal(7),
    }
    revisions = sorted(
        (r.indicator_id, r.year, r.quarter, r.old_value, r.new_value, r.reason, r.target_id)
        for r in TargetRevision.objects.all()
    )
    quarter = Target.objects.get(indicator=world.indicator_a, quarter=1)
    revised = Target.objects.get(indicator=world.indicator_a1, year=2022)
    a, a1 = world.indicator_a.pk, world.indicator_a1.pk
    assert revisions == sorted(
        [
            (a, 2021, 1, None, Decimal(30), "import plan.xlsx", quarter.pk),
            (a1, 2022, None, Decimal(5), Decimal(7), "import plan.xlsx", revised.pk),
            (a1, 2023, None, Decimal(9), None, "import plan.xlsx", None),
        ]
    )


def test_a_revision_needs_a_reason_and_a_percentage_stays_under_100(world):
    builders.target(world.indicator_a, 2021, 100)
    Indicator.objects.filter(pk=world.indicator_b.pk).update(
        measure="percentage", aggregation="last"
    )
    saved, errors = targets_save_many(
        plan=world.plan,
        by=world.admin,
        cells={
            world.indicator_a.pk: {(2021, None): Decimal(90)},
            world.indicator_b.pk: {(2021, None): Decimal(101), (2022, None): Decimal(-1)},
        },
    )
    assert saved == {}
    assert errors == {
        world.indicator_a.pk: {"reason": "A revised or removed target needs a reason."},
        world.indicator_b.pk: {
            "2021": "A percentage cannot be above 100.",
            "2022": "A target cannot be negative.",
        },
    }
    assert Target.objects.get(indicator=world.indicator_a).value == Decimal(100)


def test_an_indicator_of_another_plan_is_refused(world):
    other = builders.plan(code="other")
    stranger = builders.indicator(
        builders.objective(builders.goal(other, "G1"), world.unit_a, "G1.1"), world.unit_a, "X1"
    )
    saved, errors = targets_save_many(
        plan=world.plan, by=world.admin, cells={stranger.pk: {(2021, None): Decimal(1)}}
    )
    assert (saved, errors) == (
        {},
        {stranger.pk: {"indicator": "This indicator does not belong to the plan."}},
    )
    assert not Target.objects.exists()


def test_saving_many_grids_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    objective = world.objective
    indicators = [builders.indicator(objective, world.unit_a, f"Q{n}") for n in range(40)]
    cells = {
        i.pk: {
            (year, quarter): Decimal(5) for year in (2021, 2022) for quarter in (None, 1, 2, 3, 4)
        }
        for i in indicators
    }
    with django_assert_max_num_queries(10):
        saved, errors = targets_save_many(plan=world.plan, by=world.admin, cells=cells, reason="r")
    assert errors == {} and Target.objects.count() == 400 and TargetRevision.objects.count() == 400
