"""Every page, API list and detail and export the query guards measure, with its budget:
the exact number of queries it takes, the same with one row of each kind and with many
(tests/queries/test_inventory.py keeps this list complete)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Case:
    name: str
    persona: str  # an attribute of the world: who asks
    url: Callable  # rows -> the address
    budget: int
    status: int = 200


def _r(name, *args):
    return reverse(name, args=args)


# Pages: every URL name of plans/, indicators/ and reports/ that answers a GET, seen through
# the test client as its persona sees it. Each budget counts the session, the user and the
# membership (3 queries), the bell's count of unread notices in the header (1 query, on every
# page drawn with base.html: plans/context_processors.py) and then the page's own.
PAGES = [
    # The dashboard reads the plan's current open period (ReportingPeriod.objects.current_open)
    # and what the user has to do now (indicators/selectors/todo.py).
    Case("home", "admin", lambda r: _r("home"), 33),
    Case("home (a unit's officer)", "officer_a", lambda r: _r("home"), 33),
    Case("achievement_doc", "admin", lambda r: _r("achievement_doc"), 4),
    Case("reports", "admin", lambda r: _r("reports"), 10),
    Case("reports (a unit's officer)", "officer_a", lambda r: _r("reports"), 12),
    # A report also reads the plan so far through its end (an achievement tree, 6 queries),
    # the same point of last year when its span lies in one year (another tree), the
    # letterhead (1) and, for a ministry report, its summary and sign-off (1); the span's
    # approved narratives (1); the bell (1).
    # The reports: +1 for which of their indicators are broken down (disaggregation).
    Case("achievement_report", "admin", lambda r: _r("achievement_report") + "?lang=en", 45),
    Case(
        "achievement_report (a unit, a year)",
        "officer_a",
        lambda r: _r("achievement_report") + f"?year=2021&unit={r.world.unit_a.pk}&lang=en",
        51,
    ),
    Case(
        "achievement_report (a scenario)",
        "admin",
        lambda r: _r("achievement_report") + f"?scenario={r.scenario.pk}&lang=en",
        48,
    ),
    Case(
        "achievement_report (Excel, made before)",
        "officer_a",
        lambda r: (
            _r("achievement_report") + f"?year=2021&unit={r.world.unit_a.pk}&lang=en&format=xlsx"
        ),
        9,
    ),
    # The letterhead (1); the ministry report's page: the plan (1) and its record with the
    # names of who prepared, reviewed and approved it (1).
    Case("letterhead", "admin", lambda r: _r("letterhead"), 5),
    Case(
        "ministry_report",
        "admin",
        lambda r: _r("ministry_report") + f"?plan={r.world.plan.pk}&year=2021&quarter=4",
        6,
    ),
    Case("report_file", "admin", lambda r: _r("report_file", r.report_file.pk), 5, 202),
    Case(
        "report_file_download",
        "admin",
        lambda r: _r("report_file_download", r.report_file.pk),
        5,
        202,
    ),
    # The search: one query per kind of result, each with a LIMIT (goals, objectives,
    # indicators, action plans, activities, units, risks; people for the planning admin
    # only), and for an officer the units they see.
    Case("search", "admin", lambda r: _r("search") + "?q=G1", 12),
    Case("search (a unit's officer)", "officer_a", lambda r: _r("search") + "?q=G1", 12),
    Case("plan_list", "officer_a", lambda r: _r("plan_list"), 6),
    # 8 for the tree, 1 for the latest closed quarter, 6 for the scores of its year to date.
    Case("plan_detail", "officer_a", lambda r: _r("plan_detail", r.world.plan.pk), 16),
    Case(
        "indicator_detail",
        "officer_a",
        lambda r: _r("indicator_detail", r.world.indicator_a.pk),
        17,
    ),
    # 9: its approved narratives and their trail are two (plans/selectors.py::approved_narratives).
    Case(
        "objective_detail",
        "officer_a",
        lambda r: _r("objective_detail", r.world.objective.pk),
        10,
    ),
    # 9 for the page, 1 for the latest closed quarter, 6 for the unit's scores.
    Case("unit_detail", "officer_a", lambda r: _r("unit_detail", r.world.unit_a.pk), 17),
    # 18: the objectives the unit leads and their narratives are two (narratives_for_entry).
    Case("entry", "officer_a", lambda r: _r("entry", r.open.pk), 18),
    # A closed quarter under the officer's late-entry grants: the grants (read for the page,
    # for its rows and for the grant shown: 2, with the units they cover) and the officer's
    # requests (1): 3 more than an open quarter.
    Case("entry (a late-entry grant)", "officer_a", lambda r: _r("entry", r.closed.pk), 21),
    Case("notices", "officer_a", lambda r: _r("notices"), 5),
    # The requests (1) and the codes of the indicators they name (1).
    Case("late_requests", "admin", lambda r: _r("late_requests"), 6),
    # The quarter's workbook: the period, the unit and its sub-units (4), and the entry
    # page's rows (6 here: the plan continues a predecessor); writing it reads nothing.
    Case("entry_workbook", "officer_a", lambda r: _r("entry_workbook", r.open.pk), 13),
    # The submitted narratives are one (narratives_for_review).
    Case("review", "head_a", lambda r: _r("review", r.open.pk), 16),
    Case("evidence", "officer_a", lambda r: _r("evidence", r.evidence.pk), 5),
    Case("periods", "admin", lambda r: _r("periods", r.world.plan.pk), 7),
    Case(
        "action_plan_detail",
        "officer_a",
        lambda r: _r("action_plan_detail", r.action_plan.pk),
        7,
    ),
    Case("risk_register", "admin", lambda r: _r("risk_register"), 13),
    Case("risk_register (a unit's officer)", "officer_a", lambda r: _r("risk_register"), 14),
    Case("risk_detail", "officer_a", lambda r: _r("risk_detail", r.risk.pk), 11),
    Case("plan_rollover", "admin", lambda r: _r("plan_rollover", r.world.plan.pk), 5),
    Case("org_units", "admin", lambda r: _r("org_units"), 5),
    Case("org_unit_new", "admin", lambda r: _r("org_unit_new"), 5),
    Case("org_unit_edit", "admin", lambda r: _r("org_unit_edit", r.world.unit_a.pk), 7),
    Case("org_users", "admin", lambda r: _r("org_users"), 5),
    Case("org_user_new", "admin", lambda r: _r("org_user_new"), 5),
    Case("org_user_edit", "admin", lambda r: _r("org_user_edit", r.world.officer_a.pk), 6),
    Case("builder_plans", "admin", lambda r: _r("builder_plans"), 5),
    Case("builder_plan_new", "admin", lambda r: _r("builder_plan_new"), 4),
    Case("builder_plan_edit", "admin", lambda r: _r("builder_plan_edit", r.world.plan.pk), 5),
    Case("builder_periods", "admin", lambda r: _r("builder_periods", r.world.plan.pk), 6),
    Case("builder_tree", "admin", lambda r: _r("builder_tree", r.world.plan.pk), 8),
    Case("builder_goal_new", "admin", lambda r: _r("builder_goal_new", r.world.plan.pk), 5),
    Case("builder_goal", "admin", lambda r: _r("builder_goal", r.world.goal.pk), 5),
    Case(
        "builder_objective_new",
        "admin",
        lambda r: _r("builder_objective_new", r.world.goal.pk),
        7,
    ),
    Case(
        "builder_objective",
        "admin",
        lambda r: _r("builder_objective", r.world.objective.pk),
        7,
    ),
    Case(
        "builder_indicator_new",
        "admin",
        lambda r: _r("builder_indicator_new") + f"?objective={r.world.objective.pk}",
        # 7, and 2 for the plan's dimensions offered as its first and second (disaggregation).
        9,
    ),
    Case(
        "builder_indicator",
        "admin",
        lambda r: _r("builder_indicator", r.world.indicator_a.pk),
        # 8, and 2 for the plan's dimensions offered as its first and second (disaggregation).
        10,
    ),
    # Disaggregation: the plan's dimensions with their options (2); a dimension and its
    # options; an indicator's targets by option (its targets by option; its options only
    # when it is broken down, which the world's indicator is not).
    Case(
        "dimension_builder_list",
        "admin",
        lambda r: _r("dimension_builder_list", r.world.plan.pk),
        7,
    ),
    Case(
        "dimension_builder_edit", "admin", lambda r: _r("dimension_builder_edit", r.dimension.pk), 7
    ),
    Case(
        "option_targets_builder",
        "admin",
        lambda r: _r("option_targets_builder", r.world.indicator_a.pk),
        6,
    ),
    Case(
        "builder_objective_targets",
        "admin",
        lambda r: _r("builder_objective_targets", r.world.objective.pk),
        7,
    ),
    Case("risk_builder_list", "admin", lambda r: _r("risk_builder_list", r.world.plan.pk), 9),
    Case("risk_builder_edit", "admin", lambda r: _r("risk_builder_edit", r.risk.pk), 10),
    Case("risk_action_edit", "admin", lambda r: _r("risk_action_edit", r.risk_action.pk), 5),
    Case(
        "action_plan_builder_list",
        "admin",
        lambda r: _r("action_plan_builder_list", r.world.plan.pk),
        7,
    ),
    Case(
        "action_plan_builder_edit",
        "admin",
        lambda r: _r("action_plan_builder_edit", r.action_plan.pk),
        8,
    ),
    Case(
        "activity_builder_edit",
        "admin",
        lambda r: _r("activity_builder_edit", r.activity.pk),
        6,
    ),
    Case(
        "scenario_builder_list",
        "admin",
        lambda r: _r("scenario_builder_list", r.world.plan.pk),
        6,
    ),
    Case(
        "scenario_builder_edit",
        "admin",
        lambda r: _r("scenario_builder_edit", r.scenario.pk),
        7,
    ),
    Case("login (signed out)", None, lambda r: _r("login"), 0),
    Case("password_change", "officer_a", lambda r: _r("password_change"), 4),
    Case("password_change_done", "officer_a", lambda r: _r("password_change_done"), 4),
    Case("password_reset (signed out)", None, lambda r: _r("password_reset"), 0),
    Case("password_reset_done (signed out)", None, lambda r: _r("password_reset_done"), 0),
    Case(
        "password_reset_confirm (signed out)",
        None,
        lambda r: _r("password_reset_confirm", "MQ", "set-password"),
        1,
    ),
    Case("password_reset_complete (signed out)", None, lambda r: _r("password_reset_complete"), 0),
]

# URL names without a guard, and why: POST-only steps (each redirects to a page above), and
# the API's schema and its documentation page, which read no rows. The admin (Django's own,
# for superusers) is left out as a whole.
NOT_MEASURED = {
    "builder_tree_action": "POST only",
    "entry_reopen": "POST only",
    "activity_progress_reopen": "POST only",
    "evidence_remove": "POST only",
    "set_language": "POST only",
    "logout": "POST only",
    "schema": "reads no rows",
    "api-docs": "reads no rows",
    "api-token": "POST only",
    "api-token-revoke": "DELETE only",
    "plan-generate-periods": "POST only",
    "period-open-": "POST only",
    "period-close": "POST only",
    "period-reopen": "POST only",
    "progress-submit": "POST only",
    "progress-approve": "POST only",
    "progress-return-": "POST only",
    "progress-reopen": "POST only",
    "risk-assess": "POST only",
    "risk-review": "POST only",
    "scenario-targets": "POST only",
}


# The API, signed in with a token (1 query: the token and its user) and the membership
# (1 query); a list then counts its rows (1) and reads them; an officer's list asks which
# units they see (1 more).
def _first_target(r):
    return r.world.indicator_a.targets.order_by("pk").first().pk


DETAILS = {
    "units": lambda r: r.world.unit_a.pk,
    "plans": lambda r: r.world.plan.pk,
    "goals": lambda r: r.world.goal.pk,
    "objectives": lambda r: r.world.objective.pk,
    "indicators": lambda r: r.world.indicator_a.pk,
    "targets": _first_target,
    "periods": lambda r: r.closed.pk,
    "progress": lambda r: r.entry.pk,
    "action-plans": lambda r: r.action_plan.pk,
    "activities": lambda r: r.activity.pk,
    "risks": lambda r: r.risk.pk,
    "scenarios": lambda r: r.scenario.pk,
    "risk-actions": lambda r: r.risk_action.pk,
}
LIST_BUDGETS = {  # resource: (as the planning admin, as a unit's officer)
    "units": (4, 4),
    "plans": (4, 4),
    "goals": (4, 4),
    "objectives": (4, 4),
    "indicators": (4, 4),
    "targets": (4, 4),
    "periods": (4, 4),
    "progress": (4, 5),
    "action-plans": (4, 5),
    "activities": (4, 5),
    "risks": (7, 8),
    "scenarios": (5, 5),
    "risk-actions": (4, 5),
}
DETAIL_BUDGETS = dict.fromkeys(DETAILS, 3) | {"risks": 6, "scenarios": 4}


def _list(resource):
    return lambda r: f"/api/v1/{resource}/"


def _detail(resource):
    return lambda r: f"/api/v1/{resource}/{DETAILS[resource](r)}/"


API = (
    [Case(f"{res} list", "admin", _list(res), admin) for res, (admin, _o) in LIST_BUDGETS.items()]
    + [
        Case(f"{res} list (a unit's officer)", "officer_a", _list(res), officer)
        for res, (_a, officer) in LIST_BUDGETS.items()
    ]
    + [Case(f"{res} detail", "admin", _detail(res), DETAIL_BUDGETS[res]) for res in DETAILS]
    + [
        Case("api-root", "admin", lambda r: "/api/v1/", 2),
        Case("auth/tokens", "admin", lambda r: "/api/v1/auth/tokens/", 4),
        Case("achievement", "admin", lambda r: "/api/v1/achievement/", 10),
        Case("achievement (a unit's officer)", "officer_a", lambda r: "/api/v1/achievement/", 12),
    ]
)
