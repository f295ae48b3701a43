"""The planner builds a small 2024–2028 plan in Arabic in real Chromium, without the Django
admin: the plan, two goals with an objective each, three indicators of different kinds with
their yearly and quarterly targets, the reporting periods; opens 2024 Q1; and the Civil
Defence officer finds the indicators on the entry page.

It also counts what defining one indicator with its 25 targets takes: forms, clicks and
fields (the issue's closing note)."""

from dataclasses import dataclass
from decimal import Decimal as D

from django.urls import reverse

from indicators.models import Indicator, Scenario, Target
from plans.models import Goal, Objective, OrgUnit, ReportingPeriod, Risk, StrategicPlan
from tests.browser.conftest import sign_in

YEARS = range(2024, 2029)
ARABIC = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")


@dataclass
class Effort:
    """What the person did: pages with a form submitted, clicks, fields filled or chosen."""

    forms: int = 0
    clicks: int = 0
    fields: int = 0


def submit(page, text: str, effort: Effort) -> None:
    page.click(f"button:has-text('{text}')")
    page.wait_for_load_state("networkidle")
    effort.forms += 1
    effort.clicks += 1


def follow(page, selector: str, effort: Effort) -> None:
    page.click(selector)
    page.wait_for_load_state("networkidle")
    effort.clicks += 1


def fill(page, effort: Effort, **values) -> None:
    for name, value in values.items():
        page.fill(f"[name='{name}']", value)
        effort.fields += 1


def choose(page, effort: Effort, **values) -> None:
    for name, value in values.items():
        page.select_option(f"select[name='{name}']", value=str(value))
        effort.fields += 1


def add_goal(page, plan, code, title) -> Goal:
    effort = Effort()
    follow(page, "a:has-text('إضافة هدف')", effort)
    fill(page, effort, code=code, title_ar=title)
    submit(page, "حفظ", effort)
    return Goal.objects.get(plan=plan, code=code)


def add_objective(page, goal, code, title, unit) -> Objective:
    effort = Effort()
    follow(page, f"a[href='{reverse('builder_objective_new', args=[goal.pk])}']", effort)
    fill(page, effort, code=code, title_ar=title)
    choose(page, effort, lead_unit=unit.pk)
    submit(page, "حفظ", effort)
    return Objective.objects.get(goal=goal, code=code)


def add_indicator(page, objective, unit, fields, choices, targets) -> Effort:
    """From the plan tree: the objective's "add an indicator", every field, the target grid,
    one submit; back on the tree afterwards (not counted)."""
    effort = Effort()
    follow(page, f"a[href='{reverse('builder_indicator_new')}?objective={objective.pk}']", effort)
    fill(page, effort, **fields)
    choose(page, effort, unit=unit.pk, **choices)
    fill(page, effort, **targets)
    submit(page, "حفظ المؤشر ومستهدفاته", effort)
    assert page.locator(".messages").inner_text() == "حُفظ المؤشر ومستهدفاته."
    page.goto(reverse("builder_tree", args=[objective.plan_id]))
    return effort


def count_targets():
    """Yearly 100, 200… and quarterly a quarter of it, in Arabic-Indic digits."""
    cells = {}
    for n, year in enumerate(YEARS, start=1):
        cells[f"target-{year}"] = str(100 * n).translate(ARABIC)
        for quarter in (1, 2, 3, 4):
            cells[f"target-{year}-q{quarter}"] = str(25 * n).translate(ARABIC)
    return cells


def test_planner_builds_a_plan_in_arabic_and_the_officer_enters_into_it(
    browser, live_server, demo, screenshot
):
    civil_defence = OrgUnit.objects.get(code="civil-defence")
    planner = browser.new_context(base_url=live_server.url, locale="ar")
    page = planner.new_page()
    page.set_default_timeout(15000)
    sign_in(page, "planner")
    page.click("nav.mainnav >> text=بناء الخطة")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "بناء الخطة"

    # The plan.
    effort = Effort()
    follow(page, "a:has-text('خطة جديدة')", effort)
    fill(
        page,
        effort,
        code="moi-2024-2028",
        name_ar="الخطة الاستراتيجية لوزارة الداخلية 2024–2028",
        first_year="٢٠٢٤",
        last_year="2028",
    )
    submit(page, "حفظ", effort)
    plan = StrategicPlan.objects.get(code="moi-2024-2028")
    assert (plan.first_year, plan.last_year, plan.status) == (2024, 2028, "draft")
    assert "أُنشئت الخطة" in page.locator(".messages").inner_text()

    # Two goals, one objective each.
    g1 = add_goal(page, plan, "G1", "تعزيز السلامة العامة")
    g2 = add_goal(page, plan, "G2", "تطوير الأداء المؤسسي")
    o1 = add_objective(page, g1, "G1.1", "الحد من الحرائق", civil_defence)
    o2 = add_objective(page, g2, "G2.1", "سرعة الاستجابة", civil_defence)

    # Three indicators of different kinds.
    counted = add_indicator(
        page,
        o1,
        civil_defence,
        {"code": "G1.1.1", "title_ar": "عدد حملات التوعية بالسلامة"},
        {"measure": "number", "direction": "increase", "aggregation": "sum"},
        count_targets(),
    )
    add_indicator(
        page,
        o1,
        civil_defence,
        {"code": "G1.1.2", "title_ar": "نسبة المباني المطابقة لشروط السلامة"},
        {"measure": "percentage", "direction": "increase", "aggregation": "last"},
        {f"target-{year}": str(60 + 5 * n) for n, year in enumerate(YEARS)}
        | {"target-2024-q2": "62", "target-2024-q4": "65"},
    )
    add_indicator(
        page,
        o2,
        civil_defence,
        {
            "code": "G2.1.1",
            "title_ar": "نسبة البلاغات المستجاب لها خلال 15 دقيقة",
            "numerator_label_ar": "البلاغات المستجاب لها خلال 15 دقيقة",
            "denominator_label_ar": "البلاغات الواردة",
        },
        {"measure": "ratio", "direction": "increase", "aggregation": "sum"},
        {f"target-{year}": str(70 + 4 * n) for n, year in enumerate(YEARS)}
        | {"target-2024-q1": "68"},
    )
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    assert sorted(indicators) == ["G1.1.1", "G1.1.2", "G2.1.1"]
    assert Target.objects.filter(indicator=indicators["G1.1.1"]).count() == 25
    assert Target.objects.get(indicator=indicators["G1.1.1"], year=2028, quarter=3).value == D(125)
    assert Target.objects.filter(indicator__plan=plan).count() == 25 + 7 + 6
    screenshot(page, "builder-tree-ar")

    # A risk against the first objective, and a scenario with two of its targets.
    page.goto(reverse("risk_builder_list", args=[plan.pk]))
    page.fill("[name=code]", "R1")
    page.fill("[name=title_ar]", "حرائق الصيف في المناطق الصناعية")
    page.check(f"input[name=objectives][value='{o1.pk}']")
    page.select_option("select[name=unit]", str(civil_defence.pk))
    page.select_option("select[name=likelihood]", "4")
    page.select_option("select[name=impact]", "3")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    risk = Risk.objects.get(plan=plan, code="R1")
    assert (risk.score, [o.code for o in risk.objectives.all()]) == (12, ["G1.1"])
    page.goto(reverse("scenario_builder_list", args=[plan.pk]))
    page.fill("[name=code]", "optimistic")
    page.fill("[name=name_ar]", "متفائل")
    page.click("button[type=submit].primary")
    page.wait_for_load_state("networkidle")
    scenario = Scenario.objects.get(plan=plan, code="optimistic")
    page.fill(f"[name=t-{indicators['G1.1.1'].pk}-2024]", "١٢٠")
    page.fill(f"[name=t-{indicators['G2.1.1'].pk}-2024]", "75")
    page.click("button[value=targets]")
    page.wait_for_load_state("networkidle")
    assert sorted(scenario.targets.values_list("year", "value")) == [(2024, D(75)), (2024, D(120))]

    # The one-page indicator, as the planner sees it after saving.
    page.goto(reverse("builder_indicator", args=[indicators["G1.1.1"].pk]))
    screenshot(page, "builder-indicator-ar")

    # The periods: generated, then 2024 Q1 opened on the periods page.
    page.goto(reverse("builder_periods", args=[plan.pk]))
    page.click("button[value=generate]")
    page.wait_for_load_state("networkidle")
    assert ReportingPeriod.objects.filter(plan=plan).count() == 20
    q1 = ReportingPeriod.objects.get(plan=plan, year=2024, quarter=1)
    page.click("a:has-text('فتح الفترات أو إغلاقها')")
    page.wait_for_load_state("networkidle")
    page.click(f"form:has(input[name=period][value='{q1.pk}']) button[value=open]")
    page.wait_for_load_state("networkidle")
    q1.refresh_from_db()
    assert q1.state == "open"
    planner.close()

    # The officer of the Civil Defence Directorate finds the three indicators to enter.
    officer = browser.new_context(base_url=live_server.url, locale="ar").new_page()
    officer.set_default_timeout(15000)
    sign_in(officer, "officer.civil-defence")
    officer.goto(reverse("entry", args=[q1.pk]))
    for code in ("G1.1.1", "G1.1.2", "G2.1.1"):
        assert officer.locator(f"#row-{indicators[code].pk}").is_visible()
    count_row = officer.locator(f"#row-{indicators['G1.1.1'].pk}").inner_text()
    assert "25" in count_row and "100" in count_row  # Q1 and 2024 targets
    assert officer.locator(
        f"#row-{indicators['G2.1.1'].pk} label[for$=-numerator]"
    ).inner_text() == ("البسط: البلاغات المستجاب لها خلال 15 دقيقة")
    screenshot(officer, "builder-entry-ar")

    # One indicator with its 25 targets: one page, one submit.
    assert (counted.forms, counted.clicks, counted.fields) == (1, 2, 31)
    print(f"\none indicator with 25 targets: {counted}")
