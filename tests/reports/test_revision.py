"""Every change that can move a score is seen at once: on the (cached) dashboard and in a new
report file, never in a stale one.

Dashboards are cached under the plan's revision and report files are reused while their
revision is current (docs/architecture.md, "The revision and the caches"), so each service
that changes what a score, a list or a figure is made of bumps the revision
(``plans.services.periods.plan_touch``). Each case below renders the dashboard (which caches
it) and asks for the report file (which makes it), makes one change through the service that
the pages and the API call, then asserts:

- the exact new figure, read from the dashboard served after the change (the cached one,
  were the revision not bumped) or, for what only reports show (the risk register,
  scenarios), from the report assembled now;
- that the dashboard served is the one computed afresh, in every part;
- that asking for the report file again makes a new file instead of reusing the old one.

Remove the bump from any of these services and its case fails. A few cases change nothing
that is shown today (``before == after``, said in their ids): there the new file is the
guard.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal as D
from functools import cached_property

import pytest
from django.core.cache import cache

from indicators.services import progress, scenarios, structure, targets
from indicators.services.progress import progress_save
from plans.models import Goal, Membership, Objective, OrgUnit, ReportingPeriod, StrategicPlan
from plans.services import action_plans, organisation, periods, reviews, risks
from plans.services import structure as plan_structure
from reports.assembly import assemble_report
from reports.models import ReportFile
from reports.services import report_file_request
from tests import builders
from tests.config.test_admin_smoke import form_data, url

pytestmark = pytest.mark.django_db

YEAR, QUARTER = 2021, 2  # the span: 2021 to date, Q1 (closed) and Q2 (open)


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@dataclass
class Scene:
    """The cycle's world (2021 Q1 closed, Q2 open, Q3 planned; targets of 100) and more:

    G1 ─ G1.1 (unit A): A 40, A1 10, B (no value: overdue), E (no target, nothing)
       ├ G1.2 (unit B): D 10
       └ G1.3 (empty)
    G2 ─ G2.1 (unit B): C 90
    G3 (empty)

    The values are Q1's, approved. Risk R1 (unit A, 3×4) with one planned action, risk R2
    (unit B, no assessment), an action plan of unit A for 2021 with activity A1, scenario S1
    (a target of 50 for A), a second planning admin and an empty unit.
    """

    w: object
    q1: ReportingPeriod
    q2: ReportingPeriod
    q3: ReportingPeriod
    admin2: object
    g2: Goal
    g3: Goal
    o12: Objective
    o13: Objective
    c: object
    d: object
    e: object
    r1: object
    r2: object
    action: object
    action_plan: object
    activity: object
    scenario: object
    spare_unit: OrgUnit
    extra: dict = field(default_factory=dict)

    @property
    def plan(self):
        return StrategicPlan.objects.get(pk=self.w.plan.pk)


@pytest.fixture
def scene(cycle) -> Scene:
    from plans.models import RiskAction

    w = cycle.world
    o12 = builders.objective(w.goal, w.unit_b, "G1.2")
    o13 = builders.objective(w.goal, w.unit_b, "G1.3")
    g2 = builders.goal(w.plan, "G2", order=2)
    g3 = builders.goal(w.plan, "G3", order=3)
    o21 = builders.objective(g2, w.unit_b, "G2.1")
    d = builders.indicator(o12, w.unit_b, "G1.2.1")
    c = builders.indicator(o21, w.unit_b, "G2.1.1")
    e = builders.indicator(w.objective, w.unit_a, "G1.1.4")
    for indicator in (c, d):
        builders.target(indicator, YEAR, 100)
    q1 = cycle.closed_period
    for indicator, value in ((w.indicator_a, 40), (w.indicator_a1, 10), (d, 10), (c, 90)):
        builders.entry(indicator, q1, value)
    r1 = builders.risk(w.plan, w.unit_a, "R1", objectives=[w.objective])
    action = RiskAction.objects.create(risk=r1, title_ar="إجراء")
    r2 = builders.risk(w.plan, w.unit_b, "R2", likelihood=2, impact=2)
    action_plan = builders.action_plan(w.plan, w.unit_a, YEAR)
    scenario = builders.scenario(w.plan, "S1", name_en="Cautious")
    from indicators.models import ScenarioTarget

    ScenarioTarget.objects.create(scenario=scenario, indicator=w.indicator_a, year=YEAR, value=50)
    return Scene(
        w=w,
        q1=q1,
        q2=cycle.open_period,
        q3=cycle.planned_period,
        admin2=builders.user("admin2", Membership.Role.PLANNING_ADMIN, w.ministry),
        g2=g2,
        g3=g3,
        o12=o12,
        o13=o13,
        c=c,
        d=d,
        e=e,
        r1=r1,
        r2=r2,
        action=action,
        action_plan=action_plan,
        activity=action_plan.activities.get(),
        scenario=scenario,
        spare_unit=builders.unit("spare", parent=w.agency),
    )


# --- What is shown ----------------------------------------------------------------------------


@dataclass
class Shown:
    """The dashboard as served (from the cache when the revision did not move), and the
    report as it is assembled now."""

    scene: Scene
    board: object
    case: "Case"

    @cached_property
    def report(self):
        return assemble_report(
            self.scene.plan,
            year=YEAR,
            quarter=self.case.quarter,
            language="en",
            include_submitted=self.case.provisional,
        )


def lines(shown: Shown) -> dict:
    """The drilled goal's indicator lines by code."""
    return {line.code: line for card in shown.board.goal.children for line in card.children}


def actual(code: str) -> Callable:
    return lambda shown: lines(shown)[code].actual if code in lines(shown) else "absent"


def target(code: str) -> Callable:
    return lambda shown: lines(shown)[code].target


def codes_of_lines(objective: str) -> Callable:
    def figure(shown):
        card = next(c for c in shown.board.goal.children if c.code == objective)
        return [line.code for line in card.children]

    return figure


def objective_codes(shown):
    return [card.code for card in shown.board.goal.children]


def objective_score(code: str) -> Callable:
    return lambda shown: next(c for c in shown.board.goal.children if c.code == code).result.score


def goal_codes(shown):
    return [card.code for card in shown.board.goals]


def score(shown):
    return shown.board.result.score


def attention(name: str) -> Callable:
    return lambda shown: shown.board.attention[name].total


def gaps(shown):
    """(missing, overdue): a gap is overdue once its period is closed or past its date."""
    return (shown.board.attention["missing"].total, shown.board.attention["overdue"].total)


def open_period(shown):
    return shown.board.open_period[1:] if shown.board.open_period else None


def activities(shown):
    return [
        (row.code, row.unit.en, row.end.isoformat(), row.percent) for row in shown.board.activities
    ]


def unit_names(shown):
    return [line.name.en for line in shown.board.units]


def risk_rows(shown):
    return [(row.code, row.score) for row in shown.report.risks]


def mitigation(shown):
    return shown.report.mitigation


def scenario_scores(shown):
    return [(row.name, row.score) for row in shown.report.scenarios]


# --- The changes ------------------------------------------------------------------------------


def draft(s, indicator, period, value, by=None, **extra):
    return progress_save(
        indicator=indicator, period=period, by=by or s.w.officer_a, value=D(value), **extra
    )


def submitted(s, indicator, period, value, by=None, **extra):
    entry = draft(s, indicator, period, value, by=by, **extra)
    return progress.progress_submit(
        entry=entry, by=by or s.w.officer_a, expected_version=entry.version, **extra
    )


def approved(s, indicator, period, value):
    entry = submitted(s, indicator, period, value)
    return progress.progress_approve(entry=entry, by=s.w.head_a, expected_version=entry.version)


def entry_submit(s):
    entry = s.extra["entry"]
    progress.progress_submit(entry=entry, by=s.w.officer_a, expected_version=entry.version)


def entries_submit_many(s):
    done, errors = progress.progress_submit_many(
        items=[(e, e.version) for e in s.extra["entries"]], by=s.w.officer_a
    )
    assert not errors


def entry_approve(s, by=None, **extra):
    entry = s.extra["entry"]
    progress.progress_approve(
        entry=entry, by=by or s.w.head_a, expected_version=entry.version, **extra
    )


def entry_return(s):
    entry = s.extra["entry"]
    progress.progress_return(
        entry=entry, by=s.w.head_a, expected_version=entry.version, comment="Check the source"
    )


def entry_reopen(s):
    entry = s.extra["entry"]
    progress.progress_reopen(
        entry=entry, by=s.w.head_a, expected_version=entry.version, comment="Wrong quarter"
    )


def setup_correction(s):
    entry = approved(s, s.w.indicator_a, s.q2, 30)
    entry = progress.progress_reopen(
        entry=entry, by=s.w.head_a, expected_version=entry.version, comment="Wrong figure"
    )
    entry = draft(s, s.w.indicator_a, s.q2, 50, expected_version=entry.version)
    s.extra["entry"] = progress.progress_submit(
        entry=entry, by=s.w.officer_a, expected_version=entry.version
    )


def setup_late(s):
    late = {"late_reason": "The figure came after the close"}
    s.extra["entry"] = submitted(s, s.w.indicator_b, s.q1, 25, by=s.w.admin, **late)


def assessment_setup(s):
    assessment = reviews.risk_assessment_save(
        risk=s.r1, period=s.q2, by=s.w.officer_a, likelihood=5, impact=5
    )
    s.extra["assessment"] = reviews.risk_assessment_submit(
        assessment=assessment, by=s.w.officer_a, expected_version=assessment.version
    )


def assessment_approve(s):
    assessment = s.extra["assessment"]
    reviews.risk_assessment_approve(
        assessment=assessment, by=s.w.head_a, expected_version=assessment.version
    )


def activity_progress(s, percent, version=None):
    return reviews.activity_progress_save(
        activity=s.activity, period=s.q2, by=s.w.officer_a, percent_complete=D(percent),
        status="in_progress", expected_version=version,
    )  # fmt: skip


def activity_submitted(s):
    record = activity_progress(s, 80)
    s.extra["progress"] = reviews.activity_progress_submit(
        progress=record, by=s.w.officer_a, expected_version=record.version
    )


def activity_approve(s):
    record = s.extra["progress"]
    reviews.activity_progress_approve(
        progress=record, by=s.w.head_a, expected_version=record.version
    )


def close_q2(s):
    periods.period_close(period=s.q2, by=s.w.admin)


def risk_fields(risk, **changes):
    values = {
        "code": risk.code, "category": risk.category, "title_ar": risk.title_ar,
        "unit": risk.unit, "likelihood": risk.likelihood, "impact": risk.impact,
    }  # fmt: skip
    values.update(changes)
    return values


def activity_fields(activity, **changes):
    values = {
        "code": activity.code, "title_ar": activity.title_ar, "owner_ar": activity.owner_ar,
        "objective": activity.objective, "planned_start": activity.planned_start,
        "planned_end": activity.planned_end, "budget_planned": activity.budget_planned,
    }  # fmt: skip
    values.update(changes)
    return values


def unit_fields(unit, **changes):
    values = {
        "code": unit.code, "name_ar": unit.name_ar, "name_en": unit.name_en,
        "kind": unit.kind, "parent": unit.parent, "order": unit.order,
    }  # fmt: skip
    values.update(changes)
    return values


def admin_goal_weight(s, client):
    data = form_data(client.get(url(Goal, "change", s.g2.pk)))
    data["weight"] = ["3"]
    assert client.post(url(Goal, "change", s.g2.pk), data).status_code == 302


def admin_goal_delete(s, client):
    response = client.post(url(Goal, "delete", s.g3.pk), {"post": "yes"})
    assert response.status_code == 302


def admin_goals_delete_selected(s, client):
    response = client.post(
        url(Goal, "changelist"),
        {"action": "delete_selected", "_selected_action": [s.g3.pk], "post": "yes"},
    )
    assert response.status_code == 302


def admin_unit_rename(s, client):
    data = form_data(client.get(url(OrgUnit, "change", s.w.unit_b.pk)))
    data["name_en"] = ["Directorate Bee"]
    assert client.post(url(OrgUnit, "change", s.w.unit_b.pk), data).status_code == 302


@dataclass
class Case:
    id: str
    change: Callable  # change(scene), or change(scene, client) when ``admin_page``
    figure: Callable[[Shown], object]
    before: object
    after: object
    setup: Callable | None = None
    provisional: bool = False
    admin_page: bool = False
    quarter: int = QUARTER  # the span: the year to date through this quarter
    unit: str | None = None  # the dashboard of this unit of the world (None: the ministry)


A1 = ("A1", "Directorate A", "2021-06-30", None)  # an activity row: code, unit, end, percent
G123 = ["G1", "G2", "G3"]
O123 = ["G1.1", "G1.2", "G1.3"]
G11 = ["G1.1.1", "G1.1.2", "G1.1.3", "G1.1.4"]
AB = ["Directorate A", "Directorate B"]
RISKS = [("R1", 12), ("R2", 4)]


def names(figure):
    return lambda shown: [name for name, _score in figure(shown)]


# fmt: off
CASES = [
    # The review workflow (plans/workflow.py: save, and every step through _step).
    Case("entry submitted: provisional figures", entry_submit, actual("G1.1.1"), D(40), D(70),
         setup=lambda s: s.extra.update(entry=draft(s, s.w.indicator_a, s.q2, 30)),
         provisional=True),
    Case("entries submitted at once: provisional figures", entries_submit_many,
         lambda shown: (actual("G1.1.1")(shown), actual("G1.1.2")(shown)),
         (D(40), D(10)), (D(70), D(30)),
         setup=lambda s: s.extra.update(entries=[
             draft(s, s.w.indicator_a, s.q2, 30), draft(s, s.w.indicator_a1, s.q2, 20)]),
         provisional=True),
    Case("entry approved", entry_approve, actual("G1.1.1"), D(40), D(70),
         setup=lambda s: s.extra.update(entry=submitted(s, s.w.indicator_a, s.q2, 30))),
    Case("entry returned", entry_return, attention("returned"), 0, 1,
         setup=lambda s: s.extra.update(entry=submitted(s, s.w.indicator_a, s.q2, 30))),
    Case("entry reopened for correction", entry_reopen,
         lambda shown: (actual("G1.1.1")(shown), attention("returned")(shown)),
         (D(70), 0), (D(70), 1),  # the approved value stays in force while it is corrected
         setup=lambda s: s.extra.update(entry=approved(s, s.w.indicator_a, s.q2, 30))),
    Case("correction approved", entry_approve, actual("G1.1.1"), D(70), D(90),
         setup=setup_correction),
    Case("late entry approved in a closed period",
         lambda s: entry_approve(s, by=s.admin2, late_reason="Approved after the close"),
         actual("G1.1.3"), None, D(25), setup=setup_late),
    Case("risk assessment approved: the risk takes its scores", assessment_approve,
         risk_rows, RISKS, [("R1", 25), ("R2", 4)], setup=assessment_setup),
    # Activity progress counts once approved (a draft's percent never shows; reports and
    # dashboards read the progress in force).
    Case("activity progress approved: its percent shows", activity_approve,
         activities, [A1], [(*A1[:3], D(80))], setup=activity_submitted),
    # Periods (plans/services/periods.py).
    Case("period closed", close_q2, open_period, (YEAR, 2), None),
    Case("period reopened",
         lambda s: periods.period_reopen(period=s.q1, by=s.w.admin, reason="A late figure"),
         open_period, None, (YEAR, 1), setup=close_q2),
    Case("period opened", lambda s: periods.period_open(period=s.q3, by=s.w.admin),
         open_period, None, (YEAR, 3), setup=close_q2),
    # Building the plan (plans/services/structure.py). Gaps are (missing, overdue): a gap
    # is overdue once its period is closed or past its closing date, missing before that
    # and while the quarter has no period.
    Case("plan thresholds changed",
         lambda s: plan_structure.plan_update(
             plan=s.plan, by=s.w.admin,
             changes={"green_threshold": D(30), "amber_threshold": D(5)}),
         lambda shown: shown.board.counts,
         {"green": 2, "amber": 0, "red": 2, "grey": 2},  # A1 and D at 40 % turn green
         {"green": 4, "amber": 0, "red": 0, "grey": 2}),
    Case("periods generated", lambda s: plan_structure.periods_generate(plan=s.plan, by=s.w.admin),
         gaps, (6, 6), (0, 6), quarter=4),
    Case("period created",
         lambda s: plan_structure.period_create(plan=s.plan, by=s.w.admin, year=YEAR, quarter=4),
         gaps, (6, 6), (0, 6), quarter=4),
    Case("period deleted", lambda s: plan_structure.period_delete(period=s.q3, by=s.w.admin),
         gaps, (0, 6), (6, 6), quarter=3),
    Case("period dates changed",
         lambda s: plan_structure.periods_update(
             plan=s.plan, by=s.w.admin,
             dates={s.q2.pk: (s.q2.opens_on, datetime.date(2999, 1, 1))}),
         gaps, (0, 6), (6, 2)),
    Case("goal created",
         lambda s: plan_structure.goal_create(
             plan=s.plan, by=s.w.admin, fields={"code": "G4", "title_ar": "هدف"}),
         goal_codes, G123, [*G123, "G4"]),
    Case("goal weight changed",
         lambda s: plan_structure.goal_update(goal=s.g2, by=s.w.admin, changes={"weight": D(3)}),
         score, D("77.5"), D("88.75")),  # (55 + 100) / 2, then (55 + 3 × 100) / 4
    Case("goal deleted", lambda s: plan_structure.goal_delete(goal=s.g3, by=s.w.admin),
         goal_codes, G123, ["G1", "G2"]),
    Case("goal archived",
         lambda s: plan_structure.goal_archive(goal=s.g2, by=s.w.admin),
         score, D("77.5"), D(55)),  # G2 (100) no longer counts: G1 alone
    Case("goal moved", lambda s: plan_structure.goal_move(goal=s.g2, by=s.w.admin, direction="up"),
         goal_codes, G123, ["G2", "G1", "G3"]),
    Case("objective created",
         lambda s: plan_structure.objective_create(
             goal=s.w.goal, by=s.w.admin,
             fields={"code": "G1.4", "title_ar": "هدف فرعي", "lead_unit": s.w.unit_a}),
         objective_codes, O123, [*O123, "G1.4"]),
    Case("objective weight changed",
         lambda s: plan_structure.objective_update(
             objective=s.o12, by=s.w.admin, changes={"weight": D(3)}),
         lambda shown: shown.board.goal.result.score, D(55), D("47.5")),  # (70 + 3 × 40) / 4
    Case("objective deleted",
         lambda s: plan_structure.objective_delete(objective=s.o13, by=s.w.admin),
         objective_codes, O123, ["G1.1", "G1.2"]),
    Case("objective archived",
         lambda s: plan_structure.objective_archive(objective=s.o12, by=s.w.admin),
         lambda shown: shown.board.goal.result.score, D(55), D(70)),  # G1.2 (40) out: G1.1
    Case("objective moved up",
         lambda s: plan_structure.objective_move(objective=s.o12, by=s.w.admin, direction="up"),
         objective_codes, O123, ["G1.2", "G1.1", "G1.3"]),
    Case("objective moved to another goal",
         lambda s: plan_structure.objective_move(objective=s.o12, by=s.w.admin, goal=s.g2),
         objective_codes, O123, ["G1.1", "G1.3"]),
    # Indicators and targets (indicators/services/structure.py, targets.py).
    Case("indicator created",
         lambda s: structure.indicator_create(
             objective=s.w.objective, by=s.w.admin,
             fields={"code": "G1.1.5", "title_ar": "مؤشر", "unit": s.w.unit_a, "measure": "number",
                     "direction": "increase", "aggregation": "sum"}),
         codes_of_lines("G1.1"), G11, [*G11, "G1.1.5"]),
    Case("indicator weight changed",
         lambda s: structure.indicator_update(
             indicator=s.w.indicator_a, by=s.w.admin, changes={"weight": D(3)}),
         objective_score("G1.1"), D(70), D(85)),  # A capped at 100, A1 40: (3 × 100 + 40) / 4
    Case("indicator given to another unit",
         lambda s: structure.indicator_update(
             indicator=s.e, by=s.w.admin, changes={"unit": s.w.unit_b}),
         lambda shown: lines(shown)["G1.1.4"].unit.en, "Directorate A", "Directorate B"),
    Case("indicator archived",
         lambda s: structure.indicator_archive(indicator=s.w.indicator_b, by=s.w.admin),
         codes_of_lines("G1.1"), G11, ["G1.1.1", "G1.1.2", "G1.1.4"]),
    Case("indicator deleted", lambda s: structure.indicator_delete(indicator=s.e, by=s.w.admin),
         codes_of_lines("G1.1"), G11, G11[:3]),
    Case("indicator moved up",
         lambda s: structure.indicator_move(
             indicator=s.w.indicator_b, by=s.w.admin, direction="up"),
         codes_of_lines("G1.1"), G11, ["G1.1.1", "G1.1.3", "G1.1.2", "G1.1.4"]),
    Case("indicator moved to another objective",
         lambda s: structure.indicator_move(
             indicator=s.w.indicator_b, by=s.w.admin, objective=s.o12),
         codes_of_lines("G1.2"), ["G1.2.1"], ["G1.2.1", "G1.1.3"]),
    # Targets of the span are pro-rated: Q1 has a value, so a yearly 100 is 25 here.
    Case("target grid: a target removed",
         lambda s: structure.indicator_targets_save(
             indicator=s.w.indicator_a, by=s.w.admin, cells={(YEAR, None): None}, reason="Dropped"),
         target("G1.1.1"), D(25), None),
    Case("target grid: a target revised",
         lambda s: structure.indicator_targets_save(
             indicator=s.w.indicator_a, by=s.w.admin, cells={(YEAR, None): D(80)},
             reason="Rebased"),
         target("G1.1.1"), D(25), D(20)),
    Case("objective target grid: a target removed",
         lambda s: structure.objective_targets_save(
             objective=s.w.objective, by=s.w.admin, cells={(s.w.indicator_b.pk, YEAR): None},
             reason="Dropped"),
         target("G1.1.3"), D(50), None),
    Case("target set where there was none",
         lambda s: targets.target_set(
             indicator=s.e, year=YEAR, quarter=None, value=D(10), by=s.w.admin),
         target("G1.1.4"), None, D(5)),
    Case("target revised",
         lambda s: targets.target_set(indicator=s.w.indicator_a, year=YEAR, quarter=None,
                                      value=D(80), by=s.w.admin, reason="Rebased"),
         target("G1.1.1"), D(25), D(20)),
    # Scenarios (indicators/services/scenarios.py): the report's comparison.
    Case("scenario created",
         lambda s: scenarios.scenario_create(
             by=s.w.admin, plan=s.plan, code="S2", name_ar="سيناريو", name_en="Bold"),
         names(scenario_scores), ["Cautious"], ["Cautious", "Bold"]),
    Case("scenario renamed",
         lambda s: scenarios.scenario_update(
             scenario=s.scenario, by=s.w.admin, code="S1", name_ar="سيناريو", name_en="Careful"),
         names(scenario_scores), ["Cautious"], ["Careful"]),
    Case("scenario deleted", lambda s: scenarios.scenario_delete(scenario=s.scenario, by=s.w.admin),
         names(scenario_scores), ["Cautious"], []),
    Case("scenario targets changed",
         lambda s: scenarios.scenario_targets_save(
             scenario=s.scenario, by=s.w.admin, cells={(s.w.indicator_a.pk, YEAR): D(400)}),
         scenario_scores, [("Cautious", D("77.5"))], [("Cautious", D(70))]),
    # Risks (plans/services/risks.py): the report's register.
    Case("risk created",
         lambda s: risks.risk_create(by=s.w.admin, plan=s.plan, code="R3", category="security",
                                     title_ar="خطر", unit=s.w.unit_b, likelihood=1, impact=2),
         risk_rows, RISKS, [*RISKS, ("R3", 2)]),
    Case("risk scores changed",
         lambda s: risks.risk_update(risk=s.r1, by=s.w.admin, **risk_fields(s.r1, likelihood=5)),
         risk_rows, RISKS, [("R1", 20), ("R2", 4)]),
    Case("risk deleted", lambda s: risks.risk_delete(risk=s.r2, by=s.w.admin),
         risk_rows, RISKS, RISKS[:1]),
    Case("mitigation action added",
         lambda s: risks.risk_action_create(by=s.w.admin, risk=s.r1, title_ar="إجراء آخر"),
         mitigation, (0, 1), (0, 2)),
    Case("mitigation action done",
         lambda s: risks.risk_action_update(
             action=s.action, by=s.w.admin, title_ar="إجراء", status="done"),
         mitigation, (0, 1), (1, 0)),
    Case("mitigation action deleted",
         lambda s: risks.risk_action_delete(action=s.action, by=s.w.admin),
         mitigation, (0, 1), (0, 0)),
    # Action plans (plans/services/action_plans.py): the dashboard's activities.
    Case("action plan created (before == after: it has no activity yet)",
         lambda s: action_plans.action_plan_create(
             by=s.w.admin, plan=s.plan, unit=s.w.unit_b, year=YEAR, title_ar="خطة"),
         activities, [A1], [A1]),
    Case("action plan given to another unit",
         lambda s: action_plans.action_plan_update(
             action_plan=s.action_plan, by=s.w.admin, unit=s.w.unit_b, year=YEAR,
             title_ar=s.action_plan.title_ar),
         activities, [A1], [("A1", "Directorate B", *A1[2:])]),
    Case("action plan deleted",
         lambda s: action_plans.action_plan_delete(action_plan=s.action_plan, by=s.w.admin),
         activities, [A1], []),
    Case("activity created",
         lambda s: action_plans.activity_create(
             by=s.w.admin, action_plan=s.action_plan,
             **activity_fields(s.activity, code="A2", planned_end=datetime.date(YEAR, 12, 31))),
         activities, [A1], [A1, ("A2", "Directorate A", "2021-12-31", None)]),
    Case("activity rescheduled",
         lambda s: action_plans.activity_update(
             activity=s.activity, by=s.w.admin,
             **activity_fields(s.activity, planned_end=datetime.date(YEAR, 9, 30))),
         activities, [A1], [("A1", "Directorate A", "2021-09-30", None)]),
    Case("activity deleted",
         lambda s: action_plans.activity_delete(activity=s.activity, by=s.w.admin),
         activities, [A1], []),
    # The organisation (plans/services/organisation.py): every plan's revision.
    Case("unit created (before == after: nothing is its own yet)",
         lambda s: organisation.unit_create(
             by=s.w.admin, code="new", name_ar="وحدة", kind="directorate", parent=s.w.agency),
         unit_names, AB, AB, unit="agency"),
    Case("unit moved under another",
         lambda s: organisation.unit_update(
             unit=s.w.unit_a1, by=s.w.admin, **unit_fields(s.w.unit_a1, parent=s.w.unit_b)),
         lambda shown: [(line.name.en, line.indicators) for line in shown.board.units],
         [("Directorate A", 3), ("Directorate B", 3)], [("Directorate A", 2), ("Directorate B", 4)],
         unit="agency"),
    Case("unit renamed",
         lambda s: organisation.unit_update(
             unit=s.w.unit_b, by=s.w.admin, **unit_fields(s.w.unit_b, name_en="Directorate Bee")),
         unit_names, AB, ["Directorate A", "Directorate Bee"], unit="agency"),
    Case("unit deleted (before == after: nothing was its own)",
         lambda s: organisation.unit_delete(unit=s.spare_unit, by=s.w.admin),
         unit_names, AB, AB, unit="agency"),
    # The Django admin (plans/admin.py): what a superuser saves and deletes there.
    Case("admin: goal weight changed", admin_goal_weight, score, D("77.5"), D("88.75"),
         admin_page=True),
    Case("admin: goal deleted", admin_goal_delete, goal_codes, G123, ["G1", "G2"],
         admin_page=True),
    Case("admin: goals deleted from the list", admin_goals_delete_selected, goal_codes, G123,
         ["G1", "G2"], admin_page=True),
    Case("admin: unit renamed", admin_unit_rename, unit_names, AB,
         ["Directorate A", "Directorate Bee"], admin_page=True, unit="agency"),
]
# fmt: on


def _file(scene: Scene, case: Case) -> ReportFile:
    params = {
        "year": YEAR, "quarter": case.quarter, "unit": None, "goal": None, "language": "en",
        "provisional": case.provisional, "scenario": None,
    }  # fmt: skip
    return report_file_request(plan=scene.plan, params=params, fmt="xlsx", by=scene.w.admin)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_change_is_seen_at_once_on_the_dashboard_and_in_a_new_report_file(
    scene, client_for, case
):
    if case.setup is not None:
        case.setup(scene)
    client = client_for(scene.w.admin)
    query = {
        "plan": scene.w.plan.pk,
        "year": YEAR,
        "quarter": case.quarter,
        "goal": scene.w.goal.pk,
    }
    if case.provisional:
        query["provisional"] = "on"
    if case.unit:
        query["unit"] = getattr(scene.w, case.unit).pk

    def look() -> Shown:
        response = client.get("/", query)
        assert response.status_code == 200
        return Shown(scene, response.context["board"], case)

    before, file_before = look(), _file(scene, case)
    assert file_before.status == ReportFile.Status.DONE
    assert case.figure(before) == case.before

    if case.admin_page:
        case.change(scene, client)
    else:
        case.change(scene)

    after = look()
    assert case.figure(after) == case.after
    # Every part of what is served is what is true now, not only the figure above.
    cache.clear()
    assert look().board == after.board
    # The report file asked for now is made anew, from the changed data.
    file_after = _file(scene, case)
    assert file_after.pk != file_before.pk, "the report file made before the change was reused"
