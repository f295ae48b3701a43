"""The plan builder's services: plans, periods, goals, objectives, indicators and target
grids, for the planning admin only; bad input is a translated error that changes nothing."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from indicators.models import Indicator, Target, TargetRevision
from indicators.selectors.pages import plan_indicators_queryset
from indicators.services import structure as indicator_services
from plans.errors import Conflict
from plans.models import Goal, Objective, ReportingPeriod, StrategicPlan
from plans.services import structure as services
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages in English unless a test asks for Arabic (the site's default)."""
    with translation.override("en"):
        yield


NOT_ADMINS = ["head_a", "officer_a", "officer_b", "viewer", "outsider"]

PLAN_FIELDS = {
    "code": "moi-2024",
    "name_ar": "الخطة الاستراتيجية 2024–2028",
    "name_en": "Strategic plan 2024–2028",
    "first_year": 2024,
    "last_year": 2028,
}


def errors_of(raised) -> dict:
    return raised.value.message_dict


def revision(plan) -> int:
    return StrategicPlan.objects.get(pk=plan.pk).revision


# --- Plans ----------------------------------------------------------------------------------


def test_admin_creates_a_plan_in_draft(world):
    plan = services.plan_create(by=world.admin, fields=PLAN_FIELDS)
    plan.refresh_from_db()
    assert (plan.code, plan.first_year, plan.last_year, plan.status) == (
        "moi-2024",
        2024,
        2028,
        "draft",
    )
    assert (plan.green_threshold, plan.amber_threshold, plan.achievement_cap) == (
        D(90),
        D(70),
        D(100),
    )


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_only_the_planning_admin_creates_a_plan(world, who):
    with pytest.raises(PermissionDenied):
        services.plan_create(by=getattr(world, who), fields=PLAN_FIELDS)
    assert not StrategicPlan.objects.filter(code="moi-2024").exists()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name_ar": "  "}, {"name_ar": ["أدخل الاسم بالعربية."]}),
        ({"last_year": 2023}, {"last_year": ["لا يمكن أن تسبق السنة الأخيرة السنة الأولى."]}),
        ({"amber_threshold": D(0)}, {"amber_threshold": ["يجب أن تبدأ الحالة الصفراء فوق الصفر."]}),
        (
            {"green_threshold": D(60)},
            {"green_threshold": ["لا يمكن أن تبدأ الحالة الخضراء دون الصفراء."]},
        ),
        ({"achievement_cap": D(99)}, {"achievement_cap": ["لا يمكن أن يقل سقف الإنجاز عن 100%."]}),
        (
            {"band_high": 4},
            {"band_high": ["يجب أن تبدأ فئة الخطر العالي فوق فئة الخطر المتوسط."]},
        ),
        (
            {"band_critical": 26},
            {"band_critical": ["يجب أن تبدأ فئة الخطر الحرج عند 25 أو دونها."]},
        ),
        ({"status": "paused"}, {"status": ["القيمة 'paused' ليست خيارا صحيحاً."]}),
        ({"colour": "red"}, {"colour": ["هذا الحقل غير معروف."]}),
    ],
)
def test_bad_plan_input_is_a_translated_error(world, changes, errors):
    with translation.override("ar"), pytest.raises(ValidationError) as raised:
        services.plan_create(by=world.admin, fields={**PLAN_FIELDS, **changes})
    assert errors_of(raised) == errors
    assert not StrategicPlan.objects.filter(code="moi-2024").exists()


def test_a_plan_code_is_unique(world):
    with pytest.raises(ValidationError) as raised:
        services.plan_create(by=world.admin, fields={**PLAN_FIELDS, "code": world.plan.code})
    assert errors_of(raised) == {"code": ["Another plan already has this code."]}


def test_plan_years_cannot_leave_targets_periods_or_baselines_outside(world):
    builders.target(world.indicator_a, 2023, 10)
    builders.period(world.plan, 2019, 1)
    Indicator.objects.filter(pk=world.indicator_b.pk).update(baseline_year=2023)
    with pytest.raises(ValidationError) as raised:
        services.plan_update(
            plan=world.plan, by=world.admin, changes={"first_year": 2020, "last_year": 2022}
        )
    assert errors_of(raised) == {
        "first_year": ["Some reporting periods lie outside 2020–2022; delete them first."],
        "last_year": [
            "Some targets lie outside 2020–2022; remove them first.",
            "Some indicators have a baseline year after 2022.",
        ],
    }
    world.plan.refresh_from_db()
    assert (world.plan.first_year, world.plan.last_year) == (2019, 2023)


def test_plan_update_changes_thresholds_and_bumps_the_revision(world):
    before = revision(world.plan)
    plan = services.plan_update(
        plan=world.plan, by=world.admin, changes={"green_threshold": D(85), "last_year": 2024}
    )
    assert (plan.green_threshold, plan.last_year) == (D(85), 2024)
    assert revision(world.plan) == before + 1


def test_a_plan_with_goals_cannot_be_deleted(world):
    with pytest.raises(Conflict) as raised:
        services.plan_delete(plan=world.plan, by=world.admin)
    assert raised.value.message == "This cannot be deleted: it has goals."
    empty = builders.plan(code="empty")
    services.plan_delete(plan=empty, by=world.admin)
    assert not StrategicPlan.objects.filter(code="empty").exists()


# --- Periods --------------------------------------------------------------------------------


def test_periods_are_generated_once_with_default_dates(world):
    builders.period(world.plan, 2019, 1, state="closed")
    created = services.periods_generate(plan=world.plan, by=world.admin)
    assert len(created) == 19
    periods = ReportingPeriod.objects.filter(plan=world.plan)
    assert periods.count() == 20
    q1 = periods.get(year=2020, quarter=1)
    q4 = periods.get(year=2020, quarter=4)
    assert (q1.state, q1.opens_on, q1.closes_on) == (
        "planned",
        datetime.date(2020, 4, 1),
        datetime.date(2020, 5, 1),
    )
    assert (q4.opens_on, q4.closes_on) == (datetime.date(2021, 1, 1), datetime.date(2021, 1, 31))
    assert periods.get(year=2019, quarter=1).state == "closed"  # left alone
    assert services.periods_generate(plan=world.plan, by=world.admin) == []
    assert periods.count() == 20


def test_period_dates_are_saved_all_or_nothing(world):
    q1 = builders.period(world.plan, 2020, 1, state="planned")
    q2 = builders.period(world.plan, 2020, 2, state="open")
    before = (q2.opens_on, q2.closes_on)
    with pytest.raises(ValidationError) as raised:
        services.periods_update(
            plan=world.plan,
            by=world.admin,
            dates={
                q1.pk: (datetime.date(2020, 4, 2), datetime.date(2020, 5, 2)),
                q2.pk: (datetime.date(2020, 8, 1), datetime.date(2020, 7, 1)),
            },
        )
    assert errors_of(raised) == {
        str(q2.pk): ["The closing date cannot be before the opening date."]
    }
    q1.refresh_from_db()
    assert q1.opens_on != datetime.date(2020, 4, 2)
    changed = services.periods_update(
        plan=world.plan,
        by=world.admin,
        dates={q1.pk: (datetime.date(2020, 4, 2), datetime.date(2020, 5, 2)), q2.pk: before},
    )
    assert [p.pk for p in changed] == [q1.pk]
    q2.refresh_from_db()
    assert q2.state == "open"


def test_a_period_of_another_plan_is_refused_in_the_grid(world):
    other = builders.period(builders.plan(), 2020, 1, state="planned")
    with pytest.raises(ValidationError) as raised:
        services.periods_update(
            plan=world.plan,
            by=world.admin,
            dates={other.pk: (datetime.date(2020, 4, 2), datetime.date(2020, 5, 2))},
        )
    assert errors_of(raised) == {str(other.pk): ["No such period in this plan."]}


def test_a_period_outside_the_plan_is_refused(world):
    with pytest.raises(ValidationError) as raised:
        services.period_create(plan=world.plan, by=world.admin, year=2030, quarter=1)
    assert errors_of(raised) == {"year": ["The year must be inside the plan (2019–2023)."]}


def test_only_a_never_opened_empty_period_is_deleted(cycle):
    admin = cycle.world.admin
    with pytest.raises(Conflict):
        services.period_delete(period=cycle.open_period, by=admin)
    services.period_delete(period=cycle.planned_period, by=admin)
    assert not ReportingPeriod.objects.filter(pk=cycle.planned_period.pk).exists()


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_only_the_planning_admin_generates_periods(world, who):
    with pytest.raises(PermissionDenied):
        services.periods_generate(plan=world.plan, by=getattr(world, who))
    assert not ReportingPeriod.objects.exists()


# --- Goals and objectives -------------------------------------------------------------------


def test_goals_are_added_last_and_moved(world):
    admin = world.admin
    g2 = services.goal_create(plan=world.plan, by=admin, fields={"code": "G2", "title_ar": "ب"})
    g3 = services.goal_create(plan=world.plan, by=admin, fields={"code": "G3", "title_ar": "ج"})
    assert (g2.order, g3.order) == (1, 2)  # the world's goal has order 0
    services.goal_move(goal=g3, by=admin, direction="up")
    codes = list(Goal.objects.filter(plan=world.plan).order_by("order").values_list("code"))
    assert codes == [("G1",), ("G3",), ("G2",)]
    services.goal_move(goal=world.goal, by=admin, direction="up")  # already first
    assert list(Goal.objects.filter(plan=world.plan).order_by("order").values_list("order")) == [
        (1,),
        (2,),
        (3,),
    ]


def test_goal_without_arabic_title_or_with_taken_code_is_refused(world):
    with translation.override("ar"), pytest.raises(ValidationError) as raised:
        services.goal_create(
            plan=world.plan, by=world.admin, fields={"code": "G1", "title_ar": "", "weight": D(0)}
        )
    assert errors_of(raised) == {"title_ar": ["أدخل العنوان بالعربية."]}
    with pytest.raises(ValidationError) as raised:
        services.goal_create(
            plan=world.plan, by=world.admin, fields={"code": "G1", "title_ar": "أ", "weight": D(0)}
        )
    assert errors_of(raised) == {
        "weight": ["The weight must be greater than zero."],
        "code": ["This code is already used in this plan."],
    }
    assert Goal.objects.filter(plan=world.plan).count() == 1


def test_a_goal_with_objectives_is_not_deleted_but_archived(world):
    with translation.override("ar"), pytest.raises(Conflict) as raised:
        services.goal_delete(goal=world.goal, by=world.admin)
    assert raised.value.message == "لا يمكن الحذف لارتباط الأهداف الفرعية به. أرشِفه بدلًا من ذلك."
    services.goal_archive(goal=world.goal, by=world.admin)
    world.goal.refresh_from_db()
    assert world.goal.is_archived
    assert Objective.objects.get(pk=world.objective.pk).is_archived is False  # not cascaded
    services.goal_archive(goal=world.goal, by=world.admin, archived=False)
    world.goal.refresh_from_db()
    assert not world.goal.is_archived


def test_objective_moves_to_another_goal_of_the_same_plan_only(world):
    g2 = builders.goal(world.plan, "G2")
    moved = services.objective_move(objective=world.objective, by=world.admin, goal=g2)
    assert (moved.goal_id, moved.order) == (g2.pk, 1)
    foreign_goal = builders.goal(builders.plan(), "G9")
    with pytest.raises(ValidationError) as raised:
        services.objective_move(objective=world.objective, by=world.admin, goal=foreign_goal)
    assert errors_of(raised) == {"goal": ["The goal belongs to another plan."]}
    assert Objective.objects.get(pk=world.objective.pk).goal_id == g2.pk


def test_objective_with_indicators_is_not_deleted(world):
    with pytest.raises(Conflict) as raised:
        services.objective_delete(objective=world.objective, by=world.admin)
    assert raised.value.message == "This cannot be deleted: it has indicators. Archive it instead."
    empty = services.objective_create(
        goal=world.goal,
        by=world.admin,
        fields={"code": "G1.2", "title_ar": "فرعي", "lead_unit": world.unit_b},
    )
    services.objective_delete(objective=empty, by=world.admin)
    assert not Objective.objects.filter(code="G1.2").exists()


def test_objective_needs_a_lead_unit(world):
    with pytest.raises(ValidationError) as raised:
        services.objective_create(
            goal=world.goal, by=world.admin, fields={"code": "G1.2", "title_ar": "فرعي"}
        )
    assert errors_of(raised) == {"lead_unit": ["Choose the lead unit."]}


# --- Indicators -----------------------------------------------------------------------------


def indicator_fields(world, **changes):
    return {
        "code": "G1.1.9",
        "title_ar": "نسبة الحوادث المغلقة",
        "unit": world.unit_a,
        "measure": "ratio",
        "direction": "increase",
        "aggregation": "sum",
        "numerator_label_ar": "الحوادث المغلقة",
        "denominator_label_ar": "الحوادث المسجلة",
        **changes,
    }


def test_admin_creates_an_indicator_with_every_field(world):
    before = revision(world.plan)
    indicator = indicator_services.indicator_create(
        objective=world.objective,
        by=world.admin,
        fields=indicator_fields(
            world,
            method="baseline",
            baseline_value=D("40"),
            baseline_year=2018,
            frequency="semiannual",
            weight=D(2),
            data_source_ar="سجلات",
            verification_ar="تقرير",
        ),
    )
    indicator.refresh_from_db()
    assert (indicator.plan_id, indicator.order, indicator.numerator_label) == (
        world.plan.pk,
        1,  # after the objective's three indicators, which have order 0
        "الحوادث المغلقة",
    )
    assert (indicator.method, indicator.baseline_value, indicator.frequency) == (
        "baseline",
        D(40),
        "semiannual",
    )
    assert revision(world.plan) == before + 1


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title_ar": ""}, {"title_ar": ["Enter the Arabic title."]}),
        ({"unit": None}, {"unit": ["Choose the responsible unit."]}),
        (
            {"measure": "percentage", "aggregation": "sum"},
            {
                "aggregation": [
                    "A percentage is a level, not a count: it cannot be summed. "
                    "Choose last or average."
                ]
            },
        ),
        (
            {"method": "baseline"},
            {"baseline_value": ["Progress from baseline needs a baseline value."]},
        ),
        (
            {"direction": "maintain", "tolerance": D(-1)},
            {"tolerance": ["The tolerance cannot be negative."]},
        ),
        (
            {"tolerance": D(2)},
            {
                "tolerance": [
                    "A tolerance applies only to an indicator that maintains a level; "
                    "leave it empty."
                ]
            },
        ),
        (
            {"baseline_year": 2024},
            {
                "baseline_year": [
                    "The baseline year must be inside the plan or before it (up to 2023)."
                ]
            },
        ),
        ({"code": "G1.1.1"}, {"code": ["This code is already used in this plan."]}),
    ],
)
def test_bad_indicator_input_is_refused_and_nothing_is_written(world, changes, errors):
    with pytest.raises(ValidationError) as raised:
        indicator_services.indicator_create(
            objective=world.objective, by=world.admin, fields=indicator_fields(world, **changes)
        )
    assert errors_of(raised) == errors
    assert Indicator.objects.count() == 3


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_only_the_planning_admin_changes_an_indicator(world, who):
    with pytest.raises(PermissionDenied):
        indicator_services.indicator_update(
            indicator=world.indicator_a, by=getattr(world, who), changes={"title_ar": "x"}
        )
    assert Indicator.objects.get(pk=world.indicator_a.pk).title_ar != "x"


def test_indicator_moves_within_the_plan_only(world):
    other_objective = builders.objective(world.goal, world.unit_b, "G1.2")
    moved = indicator_services.indicator_move(
        indicator=world.indicator_b, by=world.admin, objective=other_objective
    )
    assert (moved.objective_id, moved.order) == (other_objective.pk, 1)
    foreign = builders.objective(builders.goal(builders.plan(), "G9"), world.unit_b, "G9.1")
    with translation.override("ar"), pytest.raises(ValidationError) as raised:
        indicator_services.indicator_move(
            indicator=world.indicator_b, by=world.admin, objective=foreign
        )
    assert errors_of(raised) == {"objective": ["الهدف الفرعي تابع لخطة أخرى."]}
    assert Indicator.objects.get(pk=world.indicator_b.pk).objective_id == other_objective.pk


def test_indicators_reorder_under_their_objective(world):
    indicator_services.indicator_move(indicator=world.indicator_b, by=world.admin, direction="up")
    order = list(
        Indicator.objects.filter(objective=world.objective)
        .order_by("order")
        .values_list("code", flat=True)
    )
    assert order == ["G1.1.1", "G1.1.3", "G1.1.2"]


def test_indicator_with_values_is_not_deleted_but_archived(cycle):
    world = cycle.world
    builders.entry(world.indicator_a, cycle.closed_period, 5)
    with translation.override("ar"), pytest.raises(Conflict) as raised:
        indicator_services.indicator_delete(indicator=world.indicator_a, by=world.admin)
    assert raised.value.message == (
        "لا يمكن الحذف لارتباط المستهدفات، قيود الإنجاز به. أرشِفه بدلًا من ذلك."
    )
    assert Indicator.objects.filter(pk=world.indicator_a.pk).exists()
    indicator_services.indicator_archive(indicator=world.indicator_a, by=world.admin)
    assert world.indicator_a.pk not in set(
        plan_indicators_queryset(world.plan).values_list("pk", flat=True)
    )
    indicator_services.indicator_archive(
        indicator=world.indicator_a, by=world.admin, archived=False
    )
    assert world.indicator_a.pk in set(
        plan_indicators_queryset(world.plan).values_list("pk", flat=True)
    )


def test_an_indicator_without_dependents_is_deleted(world):
    indicator_services.indicator_delete(indicator=world.indicator_b, by=world.admin)
    assert not Indicator.objects.filter(pk=world.indicator_b.pk).exists()


# --- Target grids ---------------------------------------------------------------------------


def grid(values: dict) -> dict:
    return {key: (None if value is None else D(str(value))) for key, value in values.items()}


def test_a_new_target_grid_is_saved_with_a_revision_per_cell(world):
    saved = indicator_services.indicator_targets_save(
        indicator=world.indicator_a,
        by=world.admin,
        cells=grid({(2020, None): 100, (2020, 1): 20, (2020, 2): 30, (2021, None): None}),
    )
    assert (sorted(saved.created, key=str), saved.changed, saved.removed) == (
        [(2020, 1), (2020, 2), (2020, None)],
        [],
        [],
    )
    targets = Target.objects.filter(indicator=world.indicator_a)
    assert sorted(targets.values_list("year", "quarter", "value"), key=str) == [
        (2020, 1, D(20)),
        (2020, 2, D(30)),
        (2020, None, D(100)),
    ]
    assert TargetRevision.objects.filter(indicator=world.indicator_a).count() == 3


def test_changing_or_emptying_a_target_needs_a_reason_and_is_all_or_nothing(world):
    builders.target(world.indicator_a, 2020, 100)
    builders.target(world.indicator_a, 2020, 25, quarter=1)
    with pytest.raises(ValidationError) as raised:
        indicator_services.indicator_targets_save(
            indicator=world.indicator_a,
            by=world.admin,
            cells=grid({(2020, None): 120, (2021, None): 50}),
        )
    assert errors_of(raised) == {"reason": ["A revised or removed target needs a reason."]}
    assert Target.objects.filter(indicator=world.indicator_a).count() == 2
    with pytest.raises(ValidationError) as raised:
        indicator_services.indicator_targets_save(
            indicator=world.indicator_a,
            by=world.admin,
            cells=grid({(2020, None): 120, (2024, None): 50, (2021, 2): -1}),
            reason="Re-baselined",
        )
    assert errors_of(raised) == {
        "2024": ["The year must be inside the plan (2019–2023)."],
        "2021-Q2": ["A target cannot be negative."],
    }
    assert Target.objects.get(indicator=world.indicator_a, quarter=None).value == D(100)

    saved = indicator_services.indicator_targets_save(
        indicator=world.indicator_a,
        by=world.admin,
        cells=grid({(2020, None): 120, (2020, 1): None, (2021, None): 50}),
        reason="Re-baselined after the census",
    )
    assert (saved.created, saved.changed, saved.removed) == (
        [(2021, None)],
        [(2020, None)],
        [(2020, 1)],
    )
    history = list(
        TargetRevision.objects.filter(indicator=world.indicator_a)
        .order_by("id")
        .values_list("year", "quarter", "old_value", "new_value", "reason")
    )
    assert history == [
        (2020, None, D(100), D(120), "Re-baselined after the census"),
        (2021, None, None, D(50), "Re-baselined after the census"),
        (2020, 1, D(25), None, "Re-baselined after the census"),
    ]
    assert not Target.objects.filter(indicator=world.indicator_a, quarter=1).exists()


def test_an_unchanged_grid_writes_nothing(world):
    builders.target(world.indicator_a, 2020, 100)
    before = revision(world.plan)
    saved = indicator_services.indicator_targets_save(
        indicator=world.indicator_a, by=world.admin, cells=grid({(2020, None): "100.0"})
    )
    assert saved.count == 0
    assert revision(world.plan) == before
    assert not TargetRevision.objects.exists()


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_only_the_planning_admin_saves_targets(world, who):
    with pytest.raises(PermissionDenied):
        indicator_services.indicator_targets_save(
            indicator=world.indicator_a, by=getattr(world, who), cells=grid({(2020, None): 1})
        )
    assert not Target.objects.exists()


def test_objective_grid_saves_yearly_targets_of_its_indicators(world):
    builders.target(world.indicator_b, 2020, 7)
    foreign = builders.indicator(
        builders.objective(builders.goal(builders.plan(), "G9"), world.unit_b, "G9.1"),
        world.unit_b,
    )
    cells = {(world.indicator_a.pk, 2020): D(10), (foreign.pk, 2020): D(1)}
    with pytest.raises(ValidationError) as raised:
        indicator_services.objective_targets_save(
            objective=world.objective, by=world.admin, cells=cells
        )
    assert errors_of(raised) == {
        f"{foreign.pk}-2020": ["This indicator does not belong to the objective."]
    }
    assert not Target.objects.filter(indicator=world.indicator_a).exists()
    with pytest.raises(ValidationError) as raised:
        indicator_services.objective_targets_save(
            objective=world.objective,
            by=world.admin,
            cells={(world.indicator_a.pk, 2020): D(10), (world.indicator_b.pk, 2020): D(8)},
        )
    assert errors_of(raised) == {"reason": ["A revised or removed target needs a reason."]}
    saved = indicator_services.objective_targets_save(
        objective=world.objective,
        by=world.admin,
        cells={
            (world.indicator_a.pk, 2020): D(10),
            (world.indicator_a.pk, 2021): D(12),
            (world.indicator_b.pk, 2020): D(8),
        },
        reason="Budget cut",
    )
    assert (len(saved.created), len(saved.changed)) == (2, 1)
    assert sorted(
        Target.objects.filter(indicator__objective=world.objective).values_list(
            "indicator__code", "year", "value"
        )
    ) == [("G1.1.1", 2020, D(10)), ("G1.1.1", 2021, D(12)), ("G1.1.3", 2020, D(8))]
