"""The plan builder's pages: for the planning admin only (members 403, outsiders 404,
anonymous visitors to sign-in), bad input re-shown with its errors and nothing written,
and query-count guards at one and at many rows."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.models import Indicator, Target, TargetRevision
from plans.models import Goal, Objective, ReportingPeriod, StrategicPlan
from tests import builders

pytestmark = pytest.mark.django_db

MEMBERS = ["head_a", "head_b", "officer_a", "officer_b", "viewer"]


def persona(world, name):
    return None if name == "anonymous" else getattr(world, name)


def builder_urls(world) -> dict[str, str]:
    plan, goal, objective = world.plan, world.goal, world.objective
    return {
        "plans": reverse("builder_plans"),
        "plan_new": reverse("builder_plan_new"),
        "plan_edit": reverse("builder_plan_edit", args=[plan.pk]),
        "periods": reverse("builder_periods", args=[plan.pk]),
        "tree": reverse("builder_tree", args=[plan.pk]),
        "goal_new": reverse("builder_goal_new", args=[plan.pk]),
        "goal": reverse("builder_goal", args=[goal.pk]),
        "objective_new": reverse("builder_objective_new", args=[goal.pk]),
        "objective": reverse("builder_objective", args=[objective.pk]),
        "indicator_new": reverse("builder_indicator_new") + f"?objective={objective.pk}",
        "indicator": reverse("builder_indicator", args=[world.indicator_a.pk]),
        "objective_targets": reverse("builder_objective_targets", args=[objective.pk]),
    }


PAGES = [
    "plans", "plan_new", "plan_edit", "periods", "tree", "goal_new", "goal", "objective_new",
    "objective", "indicator_new", "indicator", "objective_targets",
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("name", "expected"),
    [("admin", 200)] + [(m, 403) for m in MEMBERS] + [("outsider", 404), ("anonymous", 302)],
)
def test_builder_pages_by_persona(world, client_for, page, name, expected):
    url = builder_urls(world)[page]
    response = client_for(persona(world, name)).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("name", "expected"), [(m, 403) for m in MEMBERS] + [("outsider", 404), ("anonymous", 302)]
)
def test_nobody_but_the_admin_can_post_to_a_builder_page(world, client_for, page, name, expected):
    url = builder_urls(world)[page]
    before = (Goal.objects.count(), Indicator.objects.count(), StrategicPlan.objects.count())
    response = client_for(persona(world, name)).post(
        url, {"code": "X1", "title_ar": "س", "name_ar": "س", "action": "generate"}
    )
    assert response.status_code == expected
    assert (
        Goal.objects.count(),
        Indicator.objects.count(),
        StrategicPlan.objects.count(),
    ) == before
    assert not ReportingPeriod.objects.exists()


@pytest.mark.parametrize(
    ("name", "expected"), [(m, 403) for m in MEMBERS] + [("outsider", 404), ("anonymous", 302)]
)
def test_tree_buttons_are_the_admins_only(world, client_for, name, expected):
    response = client_for(persona(world, name)).post(
        reverse("builder_tree_action", args=[world.plan.pk]),
        {"kind": "indicator", "id": world.indicator_b.pk, "action": "delete"},
    )
    assert response.status_code == expected
    assert Indicator.objects.filter(pk=world.indicator_b.pk).exists()


@pytest.mark.parametrize("name", ["admin", *MEMBERS])
def test_the_builder_is_linked_for_the_admin_only(world, client_for, name):
    html = (
        client_for(persona(world, name)).get(reverse("plan_detail", args=[world.plan.pk])).content
    )
    for link in (reverse("builder_tree", args=[world.plan.pk]), reverse("builder_plans")):
        assert (link.encode() in html) is (name == "admin")


# --- Plans and periods ----------------------------------------------------------------------

PLAN_POST = {
    "code": "moi-2024",
    "name_ar": "الخطة 2024–2028",
    "name_en": "",
    "first_year": "٢٠٢٤",
    "last_year": "2028",
    "status": "draft",
    "green_threshold": "90",
    "amber_threshold": "70",
    "achievement_cap": "100",
    "band_medium": "5",
    "band_high": "10",
    "band_critical": "17",
}


def test_admin_creates_a_plan_and_lands_on_its_tree(world, client_for):
    response = client_for(world.admin).post(reverse("builder_plan_new"), PLAN_POST)
    plan = StrategicPlan.objects.get(code="moi-2024")
    assert response.status_code == 302
    assert response["Location"] == reverse("builder_tree", args=[plan.pk])
    assert (plan.first_year, plan.last_year) == (2024, 2028)


def test_bad_plan_input_is_shown_in_arabic_and_kept(world, client_for):
    data = {**PLAN_POST, "name_ar": " ", "last_year": "2020", "name_en": "Kept"}
    response = client_for(world.admin).post(reverse("builder_plan_new"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "أدخل الاسم بالعربية." in html
    assert 'value="Kept"' in html
    assert not StrategicPlan.objects.filter(code="moi-2024").exists()


def test_years_change_refused_on_the_page_when_targets_fall_outside(world, client_for):
    builders.target(world.indicator_a, 2023, 5)
    data = {**PLAN_POST, "code": world.plan.code, "first_year": "2019", "last_year": "2022"}
    response = client_for(world.admin).post(
        reverse("builder_plan_edit", args=[world.plan.pk]), data
    )
    assert response.status_code == 200
    assert "بعض المستهدفات تقع خارج 2019–2022؛ احذفها أولًا." in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.last_year == 2023


def test_periods_are_generated_and_their_dates_edited_on_the_page(world, client_for):
    client = client_for(world.admin)
    url = reverse("builder_periods", args=[world.plan.pk])
    assert client.post(url, {"action": "generate"}).status_code == 302
    assert ReportingPeriod.objects.filter(plan=world.plan).count() == 20
    periods = list(ReportingPeriod.objects.filter(plan=world.plan).order_by("year", "quarter"))
    data = {"action": "dates"}
    for period in periods:
        data[f"opens_on-{period.pk}"] = period.opens_on.isoformat()
        data[f"closes_on-{period.pk}"] = period.closes_on.isoformat()
    first = periods[0]
    data[f"closes_on-{first.pk}"] = "2019-03-01"  # before it opens
    response = client.post(url, data)
    assert response.status_code == 200
    assert "لا يمكن أن يسبق تاريخ الإغلاق تاريخ الفتح." in response.content.decode()
    data[f"closes_on-{first.pk}"] = "2019-05-15"
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert (first.closes_on.isoformat(), first.state) == ("2019-05-15", "planned")


def test_the_periods_grid_cannot_change_a_state(world, client_for):
    period = builders.period(world.plan, 2019, 1, state="planned")
    client_for(world.admin).post(
        reverse("builder_periods", args=[world.plan.pk]),
        {
            f"opens_on-{period.pk}": "2019-04-01",
            f"closes_on-{period.pk}": "2019-05-01",
            f"state-{period.pk}": "open",
            "state": "open",
        },
    )
    period.refresh_from_db()
    assert period.state == "planned"


# --- Goals, objectives and the tree ---------------------------------------------------------


def test_admin_adds_a_goal_and_an_objective(world, client_for):
    client = client_for(world.admin)
    response = client.post(
        reverse("builder_goal_new", args=[world.plan.pk]),
        {"code": "G2", "title_ar": "هدف ثان", "weight": "٢"},
    )
    assert response.status_code == 302
    goal = Goal.objects.get(plan=world.plan, code="G2")
    assert goal.weight == D(2)
    response = client.post(
        reverse("builder_objective_new", args=[goal.pk]),
        {
            "code": "G2.1",
            "title_ar": "فرعي",
            "weight": "1",
            "goal": goal.pk,
            "lead_unit": world.unit_b.pk,
        },
    )
    assert response.status_code == 302
    assert Objective.objects.get(code="G2.1").goal_id == goal.pk


def test_an_objective_cannot_be_moved_to_another_plans_goal_on_the_page(world, client_for):
    foreign = builders.goal(builders.plan(), "G9")
    response = client_for(world.admin).post(
        reverse("builder_objective", args=[world.objective.pk]),
        {
            "code": "G1.1",
            "title_ar": "فرعي",
            "weight": "1",
            "goal": foreign.pk,
            "lead_unit": world.unit_a.pk,
        },
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert Objective.objects.get(pk=world.objective.pk).goal_id == world.goal.pk


def test_tree_buttons_move_archive_and_refuse_to_delete(cycle, client_for):
    world = cycle.world
    client = client_for(world.admin)
    url = reverse("builder_tree_action", args=[world.plan.pk])
    response = client.post(url, {"kind": "indicator", "id": world.indicator_b.pk, "action": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{world.indicator_b.pk}")
    order = list(
        Indicator.objects.filter(objective=world.objective).order_by("order").values_list("code")
    )
    assert order == [("G1.1.1",), ("G1.1.3",), ("G1.1.2",)]
    response = client.post(
        url, {"kind": "indicator", "id": world.indicator_a.pk, "action": "delete"}, follow=True
    )
    assert "لا يمكن الحذف لارتباط المستهدفات به. أرشِفه بدلًا من ذلك." in response.content.decode()
    assert Indicator.objects.filter(pk=world.indicator_a.pk).exists()
    client.post(url, {"kind": "indicator", "id": world.indicator_a.pk, "action": "archive"})
    assert Indicator.objects.get(pk=world.indicator_a.pk).is_archived
    entry_html = client.get(reverse("entry", args=[cycle.open_period.pk])).content.decode()
    assert f"row-{world.indicator_a.pk}" not in entry_html
    assert f"row-{world.indicator_b.pk}" in entry_html
    client.post(url, {"kind": "goal", "id": world.goal.pk, "action": "archive"})
    tree = client.get(reverse("builder_tree", args=[world.plan.pk])).content.decode()
    assert tree.count('<span class="badge warn">مؤرشف</span>') == 2


def _foreign_items(world) -> dict:
    """Another plan with two items of each kind, the second archived (so that every button
    would change something): the second of each kind, by kind."""
    plan = builders.plan()
    goals = [builders.goal(plan, f"G{n}", order=n) for n in (1, 2)]
    objectives = [builders.objective(goals[0], world.unit_a, f"G1.{n}", order=n) for n in (1, 2)]
    indicators = [
        builders.indicator(objectives[0], world.unit_a, f"G1.1.{n}", order=n) for n in (1, 2)
    ]
    for item in (goals[1], objectives[1], indicators[1]):
        type(item).objects.filter(pk=item.pk).update(is_archived=True)
    return {"goal": goals[1], "objective": objectives[1], "indicator": indicators[1]}


def _plan_items(plan_id) -> list:
    return [
        sorted(model.objects.filter(plan_id=plan_id).values_list("pk", "order", "is_archived"))
        for model in (Goal, Objective, Indicator)
    ]


@pytest.mark.parametrize("action", ["up", "down", "archive", "unarchive", "delete"])
@pytest.mark.parametrize("kind", ["goal", "objective", "indicator"])
def test_tree_buttons_do_not_reach_another_plans_items(world, client_for, kind, action):
    foreign = _foreign_items(world)[kind]
    before = _plan_items(foreign.plan_id)
    response = client_for(world.admin).post(
        reverse("builder_tree_action", args=[world.plan.pk]),
        {"kind": kind, "id": foreign.pk, "action": action},
    )
    assert response.status_code == 404
    assert _plan_items(foreign.plan_id) == before


@pytest.mark.parametrize(
    "data", [{"kind": "plan", "id": "1", "action": "up"}, {"kind": "goal", "id": "x"}]
)
def test_unknown_tree_actions_are_bad_requests(world, client_for, data):
    data = {**data, "id": data.get("id", world.goal.pk)}
    response = client_for(world.admin).post(
        reverse("builder_tree_action", args=[world.plan.pk]), data
    )
    assert response.status_code == 400


# --- The indicator page: every field and the whole target grid ------------------------------


def indicator_post(world, **changes) -> dict:
    data = {
        "code": "G1.1.9",
        "title_ar": "عدد حملات التوعية",
        "title_en": "",
        "description_ar": "",
        "description_en": "",
        "weight": "1",
        "objective": world.objective.pk,
        "unit": world.unit_a.pk,
        "measure": "number",
        "direction": "increase",
        "aggregation": "sum",
        "method": "ratio",
        "baseline_value": "",
        "baseline_year": "",
        "tolerance": "",
        "frequency": "quarterly",
        "reason": "",
    }
    for year in range(2019, 2024):
        data[f"target-{year}"] = str((year - 2018) * 100)
        for quarter in (1, 2, 3, 4):
            data[f"target-{year}-q{quarter}"] = str((year - 2018) * 25)
    data.update(changes)
    return data


def test_one_submit_defines_an_indicator_with_its_25_targets(world, client_for):
    response = client_for(world.admin).post(
        reverse("builder_indicator_new") + f"?objective={world.objective.pk}",
        indicator_post(world, **{"target-2019": "١٠٠", "target-2019-q1": "٢٥٫٥"}),
    )
    indicator = Indicator.objects.get(code="G1.1.9")
    assert response.status_code == 302
    assert response["Location"] == reverse("builder_indicator", args=[indicator.pk])
    targets = Target.objects.filter(indicator=indicator)
    assert targets.count() == 25
    assert targets.get(year=2019, quarter=1).value == D("25.5")
    assert targets.get(year=2023, quarter=None).value == D(500)
    assert TargetRevision.objects.filter(indicator=indicator).count() == 25


def test_a_bad_cell_refuses_the_indicator_and_every_target_and_keeps_what_was_typed(
    world, client_for
):
    response = client_for(world.admin).post(
        reverse("builder_indicator_new") + f"?objective={world.objective.pk}",
        indicator_post(world, **{"target-2020-q3": "abc", "title_en": "Kept"}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="abc"' in html and 'value="Kept"' in html
    assert not Indicator.objects.filter(code="G1.1.9").exists()
    assert not Target.objects.exists()


def test_an_engine_rule_refuses_the_whole_save(world, client_for):
    response = client_for(world.admin).post(
        reverse("builder_indicator_new") + f"?objective={world.objective.pk}",
        indicator_post(world, measure="percentage", aggregation="sum"),
    )
    assert response.status_code == 200
    assert "النسبة المئوية مستوى لا عدد، فلا تُجمع." in response.content.decode()
    assert not Indicator.objects.filter(code="G1.1.9").exists()
    assert not Target.objects.exists()


def test_changing_a_target_asks_for_a_reason_and_keeps_the_revision(world, client_for):
    client = client_for(world.admin)
    indicator = world.indicator_a
    builders.target(indicator, 2020, 100)
    url = reverse("builder_indicator", args=[indicator.pk])
    data = {
        **indicator_post(world, code=indicator.code, title_ar=indicator.title_ar),
        **{f"target-{y}": "" for y in range(2019, 2024)},
        **{f"target-{y}-q{q}": "" for y in range(2019, 2024) for q in (1, 2, 3, 4)},
        "target-2020": "120",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "تعديل مستهدف أو حذفه يحتاج إلى سبب." in response.content.decode()
    assert Target.objects.get(indicator=indicator).value == D(100)
    response = client.post(url, {**data, "reason": "تعداد جديد"})
    assert response.status_code == 302
    revision = TargetRevision.objects.get(indicator=indicator)
    assert (revision.old_value, revision.new_value, revision.reason) == (
        D(100),
        D(120),
        "تعداد جديد",
    )
    response = client.post(url, {**data, "target-2020": "", "reason": "أُلغي"})
    assert response.status_code == 302
    assert not Target.objects.filter(indicator=indicator).exists()
    detail = client.get(reverse("indicator_detail", args=[indicator.pk])).content.decode()
    assert "حُذف" in detail and "أُلغي" in detail


def test_the_objective_grid_saves_yearly_targets_of_all_its_indicators(world, client_for):
    client = client_for(world.admin)
    url = reverse("builder_objective_targets", args=[world.objective.pk])
    data = {
        f"target-{world.indicator_a.pk}-2019": "٥٠",
        f"target-{world.indicator_a1.pk}-2021": "12.5",
        f"target-{world.indicator_b.pk}-2023": "9",
    }
    assert client.post(url, data).status_code == 302
    assert sorted(
        Target.objects.filter(indicator__objective=world.objective).values_list(
            "indicator__code", "year", "value"
        )
    ) == [("G1.1.1", 2019, D(50)), ("G1.1.2", 2021, D("12.5")), ("G1.1.3", 2023, D(9))]
    response = client.post(url, {**data, f"target-{world.indicator_a.pk}-2019": "-1"})
    assert response.status_code == 200
    assert "لا يمكن أن يكون المستهدف سالبًا." in response.content.decode()


# --- Query-count guards ---------------------------------------------------------------------


def grow_tree(world, goals: int) -> None:
    for g in range(goals):
        goal = builders.goal(world.plan, f"G{g + 2}")
        for o in range(2):
            objective = builders.objective(goal, world.unit_b, f"G{g + 2}.{o + 1}")
            for i in range(3):
                builders.indicator(objective, world.unit_b, f"G{g + 2}.{o + 1}.{i + 1}")


def grow(world, page: str, many: bool) -> None:
    if not many:
        if page == "periods":
            builders.period(world.plan, 2019, 1)
        if page == "indicator":
            builders.target(world.indicator_a, 2019, 1)
        return
    if page == "plans":
        for n in range(4):
            builders.plan(code=f"extra-{n}")
    elif page == "tree":
        grow_tree(world, 3)
    elif page == "periods":
        for year in range(2019, 2024):
            for quarter in (1, 2, 3, 4):
                builders.period(world.plan, year, quarter)
    elif page == "indicator":
        for year in range(2019, 2024):
            builders.target(world.indicator_a, year, 100)
            for quarter in (1, 2, 3, 4):
                builders.target(world.indicator_a, year, 25, quarter=quarter)
    elif page in ("objective_targets", "indicator_new", "objective", "goal", "objective_new"):
        for n in range(6):
            indicator = builders.indicator(world.objective, world.unit_b, f"G1.1.{10 + n}")
            builders.target(indicator, 2020, 5)
        grow_tree(world, 2)


# Queries per page: the session and the user (2), the membership (1), then the page's own.
# Each page's queries, the bell's unread count in the header included.
QUERIES = {
    "plans": 5,
    "plan_new": 4,
    "plan_edit": 5,
    "periods": 6,
    "tree": 8,
    "goal_new": 5,
    "goal": 5,
    "objective_new": 7,
    "objective": 7,
    # The indicator's page: +2 for the plan's dimensions offered as its first and second
    # (disaggregation, docs/disaggregation.md).
    "indicator_new": 9,
    "indicator": 10,
    "objective_targets": 7,
}


@pytest.mark.parametrize("many", [False, True])
@pytest.mark.parametrize("page", PAGES)
def test_builder_page_queries_do_not_grow_with_the_rows(
    world, client_for, django_assert_num_queries, page, many
):
    grow(world, page, many)
    client = client_for(world.admin)
    url = builder_urls(world)[page]
    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200
