"""The achievement report (تقرير الإنجاز), assembled once from the selectors and the engine;
the HTML preview, the PDF and the Excel file all render this same object, so they agree.

The object holds plain values (no model instances) and is built in the report's language.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from indicators import engine
from indicators.models import ProgressEntry, Scenario
from indicators.selectors import achievement_tree, scenario_trees
from indicators.selectors.breakdown import span_cells
from indicators.selectors.corrections import corrections
from indicators.vocabulary import reason_label, span_label, status_labels
from plans.models import Goal, Narrative, OrgUnit, Risk, RiskAction, StrategicPlan
from plans.vocabulary import band_of, period_key_label, period_label, word
from reports.models import Letterhead as StoredLetterhead
from reports.models import MinistryReport, span_key
from reports.names import use_names_in_force
from reports.selectors import (
    ActivityRow,
    Dashboard,
    Label,
    Organisation,
    dashboard_from_tree,
    quarter_label,
)

TREND_LENGTH = 4
BEST_AND_WEAKEST = 5


@dataclass
class Row:
    """One indicator in the report."""

    id: int
    code: str
    title: str
    unit: str
    measure: str
    baseline: Decimal | None  # the span's, which the actual was compared with
    target: Decimal | None
    actual: Decimal | None
    achievement: Decimal | None  # percent, unclipped
    status: str
    status_label: str
    reason: str  # why the achievement is undefined, in words
    trend: str  # ↑ ↓ → or empty, from the last two quarters
    comment: str
    missing: list[str]  # the span's due quarters without an approved value ("2023-Q4")
    quarters: list[tuple[Decimal | None, Decimal | None, Decimal | None]]  # target, actual, %
    coverage: Decimal | None = None  # share of its due quarters reported; None: not due
    missing_named: list[str] = field(default_factory=list)  # ``missing`` in words
    quarter_target: Decimal | None = None  # the span's last quarter alone
    quarter_actual: Decimal | None = None
    quarter_achievement: Decimal | None = None
    # Quarters whose approved value was reopened: "corrected" (approved again) or "under
    # correction" (the earlier approved value still in force), in words; empty when none.
    corrected: str = ""
    # Figures that add up on paper (engine.figure_places): the decimals the actual and the
    # target are shown with, so that a reader recomputes the achievement shown from them; of
    # the span, of the quarter alone, and of each quarter of ``quarters``. The baseline is
    # shown with the span's places when the achievement is measured from it, else as it is.
    places: int = 0
    quarter_places: int = 0
    baseline_places: int = 0
    quarters_places: list[int] = field(default_factory=list)
    # Against the plan's end target (engine.to_plan_end): the actual so far, the end target,
    # the percent of it reached and what is left, shown with ``end_places`` decimals.
    end: engine.EndDistance | None = None
    end_places: int = 0


@dataclass
class Section:
    id: int
    code: str
    title: str
    score: Decimal | None
    status: str
    status_label: str
    coverage: Decimal | None
    rows: list[Row] = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)
    # Each from the engine through the achievement tree: the span's last quarter alone, the
    # same point of the previous year (None: not in this plan, or no data), the plan so far
    # through the span's end against the targets of those quarters, and the share of the
    # plan's end target reached (its indicators' ``engine.to_plan_end``, rolled up).
    quarter_score: Decimal | None = None
    last_year: Decimal | None = None
    plan_to_date: Decimal | None = None
    plan_end: Decimal | None = None

    @property
    def to_plan_end(self) -> Decimal | None:
        """Points still to go before the plan's end targets are met (100 % of them)."""
        if self.plan_end is None:
            return None
        return max(Decimal(0), Decimal(100) - self.plan_end)

    @property
    def change(self) -> Decimal | None:
        """Points gained (or lost) since the same point of last year."""
        if self.score is None or self.last_year is None:
            return None
        return self.score - self.last_year


@dataclass
class Signature:
    """One step of a ministry report's sign-off: who, and when (None: not yet)."""

    step: str  # prepared, reviewed, approved
    label: str
    name: str
    date: datetime.date | None


@dataclass
class Letterhead:
    ministry: str
    directorate: str
    logo: str  # a data: address, or empty


@dataclass
class RiskRow:
    code: str
    kind: str
    title: str
    unit: str
    likelihood: int
    impact: int
    score: int
    band: str
    status: str
    actions_open: int
    actions_done: int


@dataclass
class NarrativeRow:
    """An approved narrative of a unit on an objective for one quarter of the span: each
    part in Arabic and, when its author gave it, English."""

    goal_code: str
    objective_code: str
    objective_title: str
    unit: str
    quarter: str  # "2023-Q4"
    achievements_ar: str
    achievements_en: str
    challenges_ar: str
    challenges_en: str
    next_steps_ar: str
    next_steps_en: str
    approved_by: str
    approved_on: datetime.date | None


@dataclass
class ScenarioScore:
    name: str
    assumptions: str
    score: Decimal | None
    status: str
    goals: list[tuple[str, Decimal | None]]
    closest: bool = False


@dataclass
class Report:
    language: str
    plan_name: str
    plan_years: str
    illustrative: bool
    scope: str
    span: str
    quarters: list[tuple[int, int]]
    generated: datetime.datetime
    provisional: bool
    score: Decimal | None
    status: str
    status_label: str
    coverage: Decimal | None
    counts: dict[str, int]
    status_labels: dict[str, str]
    goals: list[Section]
    units: list[tuple[str, Decimal | None, str, Decimal, Decimal | None]]
    activities: list[ActivityRow]  # from the dashboard: the span's last year
    missing: dict[str, list[tuple[str, str, str, str]]]  # name → (code, title, unit, quarters)
    missing_titles: dict[str, str]
    thresholds: engine.Thresholds
    dashboard: Dashboard
    risks: list[RiskRow] = field(default_factory=list)
    risk_cells: dict[tuple[int, int], int] = field(default_factory=dict)
    band_bounds: tuple[int, int, int] = (5, 10, 17)
    scenarios: list[ScenarioScore] = field(default_factory=list)
    due_values: tuple[int, int] = (0, 0)  # (reported, due) over the report's indicators
    narratives: list[NarrativeRow] = field(default_factory=list)  # approved ones only
    letterhead: Letterhead | None = None
    # The planning directorate's words (ministry reports): (language, direction, text), the
    # report's language first; both when the author wrote both.
    summary: list[tuple[str, str, str]] = field(default_factory=list)
    recommendations: list[tuple[str, str, str]] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)  # empty: not a ministry report
    signoff_status: str = ""
    last_year_span: str = ""  # the span the "last year" column measures, in words
    plan_span: str = ""  # the span of "plan to date", in words
    quarter_alone: str = ""  # the span's last quarter, in words ("2023 Q4", «الربع الرابع 2023»)
    # Disaggregation (docs/disaggregation.md): the cells in force of the report's broken-down
    # indicators over the span (indicators.selectors.breakdown.CellLine).
    cells: list = field(default_factory=list)

    @property
    def scored_rows(self) -> list[Row]:
        """The indicators with a defined achievement, best first (ties by code)."""
        rows = [row for row in self.rows if row.achievement is not None]
        return sorted(rows, key=lambda r: (-r.achievement, r.code))

    @property
    def best(self) -> list[Row]:
        rows = self.scored_rows
        return rows[: min(BEST_AND_WEAKEST, max(1, len(rows) // 2))] if rows else []

    @property
    def weakest(self) -> list[Row]:
        rows = self.scored_rows
        count = min(BEST_AND_WEAKEST, len(rows) // 2)
        return rows[::-1][:count] if count else []

    @property
    def goal_bars(self) -> list[tuple[Section, int, int | None]]:
        """Each goal with the width (0–100) of its bar now and last year, for the charts
        drawn in HTML (WeasyPrint cannot shape Arabic inside SVG)."""
        cap = self.thresholds.cap or Decimal(100)

        def width(value):
            if value is None:
                return None
            return int(max(Decimal(0), min(value, cap)) * 100 / cap)

        return [(goal, width(goal.score) or 0, width(goal.last_year)) for goal in self.goals]

    @property
    def status_bars(self) -> list[tuple[str, str, int, int]]:
        """(status, label, count, width 0–100) of the indicators by status."""
        total = sum(self.counts.values())
        return [
            (
                key,
                label,
                self.counts.get(key, 0),
                (self.counts.get(key, 0) * 100 // total) if total else 0,
            )
            for key, label in self.status_labels.items()
        ]

    @property
    def due_share(self) -> Decimal | None:
        """The share of the due values that were reported (None when nothing is due)."""
        reported, due = self.due_values
        return Decimal(reported) / Decimal(due) if due else None

    def band_of(self, score: int) -> str:
        return band_of(score, self.band_bounds)

    @property
    def top_risks(self) -> list[RiskRow]:
        return sorted(self.risks, key=lambda r: (-r.score, r.code))[:10]

    @property
    def mitigation(self) -> tuple[int, int]:
        """Mitigation actions done and still open, over the risks in the report."""
        return (sum(r.actions_done for r in self.risks), sum(r.actions_open for r in self.risks))

    @property
    def rows(self) -> list[Row]:
        return [row for goal in self.goals for objective in goal.sections for row in objective.rows]

    @property
    def empty(self) -> bool:
        return not any(row.actual is not None for row in self.rows)


def assemble_report(
    plan: StrategicPlan,
    *,
    year: int | None = None,
    quarter: int | None = None,
    unit: OrgUnit | None = None,
    goal: Goal | None = None,
    language: str = "ar",
    include_submitted: bool = False,
    today: datetime.date | None = None,
    progress=None,
    scenario=None,
) -> Report:
    """Everything the report says, in ``language``; ``progress(percent)`` is told how far
    the work has gone (for long reports running in the background)."""
    today = today or timezone.localdate()
    tell = progress or (lambda percent: None)
    with override(language):
        organisation = Organisation.load()
        tree = achievement_tree(
            plan,
            year=year,
            quarter=quarter,
            unit_ids=organisation.subtree(unit),
            include_submitted=include_submitted,
            series_length=1,  # the span's last quarter alone, for goals and objectives
            scenario=scenario,
        )
        tell(20)
        compared = _comparisons(plan, tree, organisation.subtree(unit), include_submitted, scenario)
        tell(30)
        use_names_in_force(tree, organisation)  # a past span keeps its names (history)
        board = dashboard_from_tree(
            plan, tree, organisation, unit=unit, goal_id=None, today=today, limit=None
        )
        tell(50)
        comments = _comments(plan, tree.quarters, include_submitted)
        fixes = corrections(plan, tree.quarters, organisation.subtree(unit))
        labels = status_labels()
        goals = []
        for goal_node in tree.goals:
            if goal is not None and goal_node.item.pk != goal.pk:
                continue
            goal_section = _section(goal_node, labels, compared)
            for objective_node in goal_node.children:
                objective_section = _section(objective_node, labels, compared)
                objective_section.rows = [
                    _row(item, tree.quarters, comments, organisation.names, labels)
                    for item in objective_node.children
                ]
                for row in objective_section.rows:
                    row.corrected = _corrected_note(row.id, tree.quarters, fixes)
                    row.end, row.end_places = compared["end_rows"].get(row.id, (None, 0))
                goal_section.sections.append(objective_section)
            goals.append(goal_section)
        tell(75)
        if goal is not None and goals:
            score, status, coverage = goals[0].score, goals[0].status, goals[0].coverage
        else:
            score, status, coverage = tree.score, str(tree.status), tree.coverage
        counts = dict.fromkeys(labels, 0)
        for section in goals:
            for objective in section.sections:
                for row in objective.rows:
                    counts[row.status] += 1
        scope = organisation.units[unit.pk].name if unit else _("the whole ministry")
        if scenario is not None:
            scope = f"{scope} · {scenario.name}"
        if goal is not None:
            scope = f"{scope} · {goal.code} {goal.title}"
        missing_titles = {
            name: word("attention", name) for name in ("overdue", "missing", "returned", "silent")
        }
        # Joined on ids: an indicator's code need not start with its goal's.
        shown = {
            row.id for section in goals for objective in section.sections for row in objective.rows
        }
        missing = {
            name: [
                (
                    line.code,
                    str(line.title),
                    str(line.unit),
                    " · ".join(period_key_label(q) for q in line.quarters),
                )
                for line in board.attention[name].items
                if line.id in shown
            ]
            for name in missing_titles
        }
        in_report = [i for i in tree.indicators if i.indicator.pk in shown]
        due_values = (
            sum(len(i.result.reported) for i in in_report),
            sum(len(i.result.due) for i in in_report),
        )
        cells = span_cells([i.indicator for i in in_report], tree.quarters)
        report = Report(
            cells=cells,
            language=language,
            plan_name=plan.name,
            plan_years=f"{plan.first_year}–{plan.last_year}",
            illustrative=plan.is_illustrative,
            scope=str(scope),
            span=span_label(year, quarter, tree.quarters),
            quarters=list(tree.quarters),
            generated=timezone.localtime(),
            provisional=tree.provisional,
            score=score,
            status=status,
            status_label=labels[status],
            coverage=coverage,
            counts=counts,
            status_labels=labels,
            goals=goals,
            units=[
                (str(u.name), u.result.score, u.result.status, u.result.coverage, u.completeness)
                for u in board.units
            ],
            activities=board.activities,
            missing=missing,
            missing_titles=missing_titles,
            thresholds=tree.thresholds,
            dashboard=board,
            risks=_risk_rows(plan, organisation, unit),
            band_bounds=plan.band_bounds,
            scenarios=_scenario_scores(plan, year, quarter, organisation.subtree(unit), labels),
            due_values=due_values,
            narratives=_narrative_rows(plan, tree.quarters, organisation, unit, goal),
            letterhead=_letterhead(language),
            last_year_span=compared["last_year_span"],
            plan_span=compared["plan_span"],
            quarter_alone=period_label(*tree.quarters[-1]) if tree.quarters else "",
        )
        if unit is None:
            _sign_off(report, plan, year, quarter, language)
        report.risk_cells = {}
        for row in report.risks:
            key = (row.likelihood, row.impact)
            report.risk_cells[key] = report.risk_cells.get(key, 0) + 1
        tell(90)
        return report


def _narrative_rows(plan, quarters, organisation, unit, goal) -> list[NarrativeRow]:
    """The approved narratives of the span's quarters, of the scope's units (the lead units
    the reader may see: ``reports.permissions.may_see_report``) and of the report's goal
    when it has one, by goal, objective and quarter. A draft, a submitted or a returned
    narrative is nobody's word yet and never appears (1 query)."""
    if not quarters:
        return []
    narratives = (
        Narrative.objects.approved()
        .filter(period__plan=plan, period__year__gte=quarters[0][0])
        .select_related("period", "objective", "objective__goal", "approved_by")
        .order_by(
            "objective__goal__order", "objective__goal__code", "objective__order",
            "objective__code", "period__year", "period__quarter", "unit__order", "unit__code",
        )
    )  # fmt: skip
    unit_ids = organisation.subtree(unit)
    if unit_ids is not None:
        narratives = narratives.filter(unit_id__in=unit_ids)
    if goal is not None:
        narratives = narratives.filter(objective__goal=goal)
    span = set(quarters)
    rows = []
    for narrative in narratives:
        period = narrative.period
        if (period.year, period.quarter) not in span:
            continue
        approver = narrative.approved_by
        rows.append(
            NarrativeRow(
                goal_code=narrative.objective.goal.code,
                objective_code=narrative.objective.code,
                objective_title=narrative.objective.title,
                unit=str(organisation.names.get(narrative.unit_id, Label(""))),
                quarter=period_label(period.year, period.quarter),
                achievements_ar=narrative.achievements_ar,
                achievements_en=narrative.achievements_en,
                challenges_ar=narrative.challenges_ar,
                challenges_en=narrative.challenges_en,
                next_steps_ar=narrative.next_steps_ar,
                next_steps_en=narrative.next_steps_en,
                approved_by=(approver.get_full_name() or approver.get_username())
                if approver
                else "",
                approved_on=timezone.localdate(narrative.approved_at)
                if narrative.approved_at
                else None,
            )
        )
    return rows


def _risk_rows(plan, organisation, unit) -> list[RiskRow]:
    """The risk register of the report's scope: the risks of its units, which are those
    the reader may see (``reports.permissions.may_see_report`` admits only a scope inside the
    reader's units, ``plans.permissions.visible_risks``'s rule) (2 queries)."""
    risks = (
        Risk.objects.filter(plan=plan)
        .for_units(organisation.subtree(unit))
        .select_related("unit")
        .prefetch_related("actions")
    )
    rows = []
    for risk in risks.order_by("code"):
        actions = list(risk.actions.all())
        done = sum(1 for a in actions if a.status == RiskAction.Status.DONE)
        rows.append(
            RiskRow(
                code=risk.code,
                kind=risk.get_kind_display(),
                title=risk.title,
                unit=str(organisation.names[risk.unit_id]),
                likelihood=risk.likelihood,
                impact=risk.impact,
                score=risk.score,
                band=plan.band_of(risk.score),
                status=risk.get_status_display(),
                actions_open=sum(
                    1
                    for a in actions
                    if a.status in (RiskAction.Status.PLANNED, RiskAction.Status.IN_PROGRESS)
                ),
                actions_done=done,
            )
        )
    return rows


def _scenario_scores(plan, year, quarter, unit_ids, labels) -> list[ScenarioScore]:
    """The plan's score against each scenario, and the one reality is tracking most
    closely: 1 query, and 7 more when the plan has scenarios, however many (the plan and
    its values are read once for all of them)."""
    scenarios = list(Scenario.objects.filter(plan=plan).order_by("order", "code"))
    trees = scenario_trees(plan, scenarios, year=year, quarter=quarter, unit_ids=unit_ids)
    rows = [
        ScenarioScore(
            name=scenario.name,
            assumptions=scenario.assumptions,
            score=tree.score,
            status=str(tree.status),
            goals=[(g.item.code, g.score) for g in tree.goals],
        )
        for scenario, tree in zip(scenarios, trees, strict=True)
    ]
    closest = engine.closest_to_target({i: row.score for i, row in enumerate(rows)})
    if closest is not None:
        rows[closest].closest = True
    return rows


def _section(node, labels, compared) -> Section:
    item = node.item
    key = (type(item).__name__, item.pk)
    return Section(
        id=item.pk,
        code=item.code,
        title=item.title,
        score=node.score,
        status=str(node.status),
        status_label=labels[str(node.status)],
        coverage=node.coverage,
        quarter_score=node.series[-1] if node.series else None,
        last_year=compared["last_year"].get(key),
        plan_to_date=compared["plan"].get(key),
        plan_end=compared["end"].get(key),
    )


def _scores(tree) -> dict[tuple[str, int], Decimal | None]:
    """Every goal's and objective's score in a tree, by (kind, id)."""
    scores = {}
    for goal in tree.goals:
        scores[(type(goal.item).__name__, goal.item.pk)] = goal.score
        for objective in goal.children:
            scores[(type(objective.item).__name__, objective.item.pk)] = objective.score
    return scores


def _comparisons(plan, tree, unit_ids, include_submitted, scenario) -> dict:
    """The scores the report sets beside the span's, all from the engine through the
    achievement tree (6 queries each): the same point of the previous plan year (the year to
    date through the same quarter) and the plan so far through the span's end."""
    found = {
        "last_year": {},
        "plan": {},
        "end": {},
        "end_rows": {},
        "last_year_span": "",
        "plan_span": "",
    }
    if not tree.quarters:
        return found
    year, quarter = tree.quarters[-1]
    first = tree.quarters[0]
    common = {"unit_ids": unit_ids, "include_submitted": include_submitted, "scenario": scenario}
    if first[0] == year and year - 1 >= plan.first_year:  # a span inside one year
        last = achievement_tree(plan, year=year - 1, quarter=quarter, **common)
        found["last_year"] = _scores(last)
        found["last_year_span"] = span_label(year - 1, quarter, last.quarters)
    to_date = achievement_tree(plan, through=(year, quarter), **common)
    found["plan"] = _scores(to_date)
    found["plan_span"] = span_label(None, None, to_date.quarters)
    _plan_end(to_date, (year, quarter), found)
    return found


def _plan_end(to_date, through, found) -> None:
    """Each indicator's distance to the plan's end target (``engine.to_plan_end`` on what
    the plan-to-date tree read: no query) and each objective's and goal's share of its end
    targets reached, rolled up by weight as scores are."""
    plan = to_date.plan
    horizon = engine.quarters_between((plan.first_year, 1), (plan.last_year, 4))
    cap = to_date.thresholds.cap
    for goal in to_date.goals:
        objectives = []
        for objective in goal.children:
            reached = []
            for item in objective.children:
                end = engine.to_plan_end(
                    item.rules, item.observations, item.targets, horizon, through
                )
                baseline = engine.span_baseline(item.rules, horizon)
                # With nothing to reach (no end target) the actual is shown as it is.
                exact = engine.figure_places(item.rules, end.actual, None, places=6)
                least = exact if end.reached is None else 0
                places = engine.figure_places(
                    item.rules, end.actual, end.target, baseline, least=least
                )
                found["end_rows"][item.indicator.pk] = (end, places)
                reached.append((item.indicator.weight, end.reached, None))
            score = engine.rollup(reached, cap).score
            found["end"][(type(objective.item).__name__, objective.item.pk)] = score
            objectives.append((objective.item.weight, score, None))
        found["end"][(type(goal.item).__name__, goal.item.pk)] = engine.rollup(
            objectives, cap
        ).score


def _letterhead(language: str) -> Letterhead | None:
    """The ministry's letterhead in the report's language (the other one when only it is
    set): 1 query."""
    stored = StoredLetterhead.objects.order_by("pk").first()
    if stored is None:
        return None
    # Kurdish falls back to the Arabic (the letterhead is kept in Arabic and English).
    first, second = ("en", "ar") if language == "en" else ("ar", "en")
    return Letterhead(
        ministry=getattr(stored, f"ministry_{first}") or getattr(stored, f"ministry_{second}"),
        directorate=getattr(stored, f"directorate_{first}")
        or getattr(stored, f"directorate_{second}"),
        logo=stored.logo_uri,
    )


def _texts(record, name: str, language: str) -> list[tuple[str, str, str]]:
    order = ("en", "ar") if language == "en" else ("ar", "en")
    return [
        (lang, "rtl" if lang == "ar" else "ltr", getattr(record, f"{name}_{lang}"))
        for lang in order
        if getattr(record, f"{name}_{lang}")
    ]


def _sign_off(report: Report, plan, year, quarter, language: str) -> None:
    """A ministry report's summary, recommendations and sign-off, from its record (1 query;
    the steps without a name yet are shown empty, to be signed)."""
    record = (
        MinistryReport.objects.filter(plan=plan, span_key=span_key(year, quarter))
        .select_related("prepared_by", "reviewed_by", "approved_by")
        .first()
    )
    steps = [
        ("prepared", pgettext("sign-off", "Prepared by")),
        ("reviewed", pgettext("sign-off", "Reviewed by")),
        ("approved", pgettext("sign-off", "Approved by")),
    ]
    report.signatures = []
    for step, label in steps:
        user = getattr(record, f"{step}_by", None) if record else None
        when = getattr(record, f"{step}_at", None) if record else None
        report.signatures.append(
            Signature(
                step=step,
                label=str(label),
                name=(user.get_full_name() or user.get_username()) if user else "",
                date=timezone.localtime(when).date() if when else None,
            )
        )
    if record is None:
        report.signoff_status = str(MinistryReport.Status.DRAFT.label)
        return
    report.signoff_status = str(record.get_status_display())
    report.summary = _texts(record, "summary", language)
    report.recommendations = _texts(record, "recommendations", language)


def _row(item, quarters, comments, names, labels) -> Row:
    indicator = item.indicator
    result = item.result
    rules = item.rules
    per_quarter, quarters_places = [], []
    scores = engine.quarter_scores(rules, item.observations, item.targets, quarters)
    by_key = {(o.year, o.quarter): o for o in item.observations}
    for key, score in zip(quarters, scores, strict=True):
        if not engine.is_due(rules, key):  # nothing is asked for in this quarter
            per_quarter.append((None, None, None))
            quarters_places.append(0)
            continue
        alone = engine.covered(rules, key)
        target = engine.span_target(rules, item.targets, alone).value
        actual = engine.span_actual(rules, [by_key[key]], [key]).value if key in by_key else None
        per_quarter.append((target, actual, score))
        quarters_places.append(
            engine.figure_places(rules, actual, target, engine.span_baseline(rules, alone))
        )
    places, quarter_places = engine.result_places(rules, result)
    recent = [s for s in scores[-TREND_LENGTH:] if s is not None]
    trend = ""
    if len(recent) >= 2:
        trend = "↑" if recent[-1] > recent[-2] else "↓" if recent[-1] < recent[-2] else "→"
    return Row(
        id=indicator.pk,
        code=indicator.code,
        title=indicator.title,
        unit=str(names.get(item.responsible_unit_id, Label(""))),  # in the span (history)
        measure=indicator.measure,
        baseline=result.baseline,
        target=result.target,
        actual=result.actual,
        achievement=result.achievement,
        status=str(result.status),
        status_label=labels[str(result.status)],
        reason=reason_label(result.reason),
        trend=trend,
        comment=comments.get(indicator.pk, ""),
        missing=[quarter_label(key) for key in result.missing],
        missing_named=[period_label(*key) for key in result.missing],
        quarters=per_quarter,
        coverage=result.coverage,
        quarter_target=result.quarter_target,
        quarter_actual=result.quarter_actual,
        quarter_achievement=result.quarter_achievement,
        places=places,
        quarter_places=quarter_places,
        baseline_places=(
            places if rules.method == "baseline" else engine.exact_places(result.baseline)
        ),
        quarters_places=quarters_places,
    )


def _corrected_note(indicator_id, quarters, fixes) -> str:
    """The quarters of an indicator whose figure in force has a note (corrected, under
    correction, self-approved), in words."""
    notes = [
        f"{period_label(year, quarter)}: "
        + ", ".join(word("correction", n) for n in fixes[(indicator_id, (year, quarter))])
        for year, quarter in quarters
        if (indicator_id, (year, quarter)) in fixes
    ]
    return "; ".join(notes)


def _comments(plan, quarters, include_submitted: bool = False) -> dict[int, str]:
    """The officers' comments on the span's last quarter, of approved entries only (and of
    submitted ones in a provisional report): a draft is nobody's word yet (1 query)."""
    if not quarters:
        return {}
    year, quarter = quarters[-1]
    shown = [ProgressEntry.Status.APPROVED]
    if include_submitted:
        shown.append(ProgressEntry.Status.SUBMITTED)
    return dict(
        ProgressEntry.objects.filter(period__plan=plan, period__year=year, period__quarter=quarter)
        .filter(status__in=shown)
        .exclude(comment="")
        .values_list("indicator_id", "comment")
    )
