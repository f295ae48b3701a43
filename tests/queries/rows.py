"""The rows the query guards read: ``one(world)`` adds one of each kind of row a page, an API
list or an export reads (one period of each state, one entry of each status with its evidence
and trail, one risk with an objective, an action and an assessment, one action plan, one
scenario, one report file, one token...); ``grow(rows)`` then adds ``MANY`` more of every kind,
both beside those rows (more risks, units, scenarios) and under them (more evidence on the
same entry, more events on the same period, more objectives on the same risk), so that a page
that reads a relation row by row asks more queries after it."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from rest_framework.authtoken.models import Token

from indicators.models import (
    ApprovedValue,
    Dimension,
    DimensionOption,
    EntryEvent,
    Evidence,
    ProgressEntry,
    ScenarioTarget,
    TargetRevision,
)
from plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    ActivityProgressEvent,
    LateEntryRequest,
    Membership,
    NameRecord,
    Narrative,
    NarrativeEvent,
    Notice,
    PeriodEvent,
    ReportingPeriod,
    RiskAction,
    RiskAssessment,
    RiskAssessmentEvent,
    RiskScoreChange,
    StrategicPlan,
)
from reports.models import Letterhead, MinistryReport, ReportFile
from tests import builders

MANY = 3
Role = Membership.Role
Status = ProgressEntry.Status
_seq = itertools.count(1)


@dataclass
class Rows:
    """The world of tests/conftest.py and the rows added to it; the guards visit these."""

    world: object
    closed: ReportingPeriod  # 2021 Q1
    open: ReportingPeriod  # 2021 Q2
    old_plan: StrategicPlan  # 2014–2018, where indicator_a's predecessor lives
    predecessor: object
    old_period: ReportingPeriod
    entry: ProgressEntry  # indicator_a, 2021 Q1, approved
    evidence: Evidence  # the entry's file
    risk: object
    risk_action: RiskAction
    action_plan: ActionPlan
    activity: Activity
    scenario: object
    report_file: ReportFile
    dimension: object = None  # disaggregation: a dimension of the plan with its options


def _period_events(period, by, *actions) -> None:
    for action in actions:
        PeriodEvent.objects.create(period=period, action=action, by=by, reason="r")


def _entry(indicator, period, status, *, officer, head, evidence=1, value=30) -> ProgressEntry:
    """An entry of ``status`` with what a real one carries: who entered, submitted and
    approved it, its evidence, its trail, the values in force."""
    now = timezone.now()
    fields = {"comment": f"c{next(_seq)}", "updated_by": officer, "created_by": officer}
    if status != Status.DRAFT:
        fields |= {"submitted_by": officer, "submitted_at": now}
    if status in (Status.APPROVED, Status.RETURNED):
        fields |= {"reviewed_by": head, "reviewed_at": now}
    if status == Status.RETURNED:
        fields["review_comment"] = "again"
    if status == Status.APPROVED:
        fields |= {
            "approved_by": head, "approved_at": now, "approved_value": Decimal(value),
            "quality_flags": "jump_up", "quality_note": "checked",
        }  # fmt: skip
    entry = builders.entry(indicator, period, value, status=status, **fields)
    for i in range(evidence):
        Evidence.objects.create(
            entry=entry,
            file=f"evidence/{entry.pk}/{i}.pdf",
            original_name=f"proof-{i}.pdf",
            content_type="application/pdf",
            size=1000 + i,
            uploaded_by=officer,
        )
    EntryEvent.objects.create(entry=entry, action="create", new_value=value, by=officer)
    if status != Status.DRAFT:
        EntryEvent.objects.create(entry=entry, action="submit", new_value=value, by=officer)
    if status == Status.APPROVED:
        EntryEvent.objects.create(entry=entry, action="approve", new_value=value, by=head)
        ApprovedValue.objects.create(
            entry=entry, value=Decimal(value), approved_by=head, approved_at=now
        )
    return entry


def _assessment(risk, period, *, officer, head, status="approved") -> RiskAssessment:
    assessment = RiskAssessment.objects.create(
        risk=risk, period=period, likelihood=2, impact=3, note="n", status=status,
        assessed_by=officer, submitted_by=officer, reviewed_by=head, approved_by=head,
    )  # fmt: skip
    for action, by in (("submit", officer), ("approve", head)):
        RiskAssessmentEvent.objects.create(assessment=assessment, action=action, by=by)
    return assessment


def _activity(action_plan, objective, code) -> Activity:
    return Activity.objects.create(
        action_plan=action_plan,
        objective=objective,
        code=code,
        title_ar=f"نشاط {code}",
        title_en=f"Activity {code}",
        owner_ar="قسم",
        planned_start=datetime.date(action_plan.year, 1, 1),
        planned_end=datetime.date(action_plan.year, 6, 30),
        budget_planned=Decimal(1000),
        budget_spent=Decimal(10),
    )


def _progress(activity, period, review_status, *, officer, head) -> ActivityProgress:
    approved = review_status == "approved"
    progress = ActivityProgress.objects.create(
        activity=activity, period=period, percent_complete=Decimal(40), status="in_progress",
        comment="p", review_status=review_status, submitted_by=officer, updated_by=officer,
        approved_by=head if approved else None, approved_at=timezone.now() if approved else None,
    )  # fmt: skip
    ActivityProgressEvent.objects.create(progress=progress, action="submit", by=officer)
    return progress


def _narrative(objective, period, status, *, officer, head) -> Narrative:
    """A narrative of the objective's lead unit, with who wrote and approved it, and trail."""
    approved = status == "approved"
    narrative = Narrative.objects.create(
        period=period, unit_id=objective.lead_unit_id, objective=objective, status=status,
        achievements_ar=f"إنجاز {next(_seq)}", achievements_en="Done", challenges_ar="تحدٍّ",
        next_steps_ar="خطوة", created_by=officer, updated_by=officer, submitted_by=officer,
        approved_by=head if approved else None, approved_at=timezone.now() if approved else None,
    )  # fmt: skip
    NarrativeEvent.objects.create(narrative=narrative, action="submit", by=officer)
    if approved:
        NarrativeEvent.objects.create(narrative=narrative, action="approve", by=head)
    return narrative


def _name_record(kind, obj, by) -> None:
    NameRecord.objects.create(
        kind=kind,
        object_id=obj.pk,
        name_ar=f"اسم سابق {next(_seq)}",
        name_en="Former name",
        valid_to=timezone.make_aware(datetime.datetime(2020, 6, 30)),
        changed_by=by,
    )


def one(world) -> Rows:
    """One row of each kind, on the world's plan."""
    admin, officer, head = world.admin, world.officer_a, world.head_a
    closed = builders.period(world.plan, 2021, 1, state="closed")
    _period_events(closed, admin, "open", "close")
    open_ = builders.period(world.plan, 2021, 2, state="open")
    _period_events(open_, admin, "open")

    old_plan = builders.plan(2014, 2018, status=StrategicPlan.Status.CLOSED)
    old_goal = builders.goal(old_plan, "OG1")
    old_objective = builders.objective(old_goal, world.unit_a, "OG1.1")
    predecessor = builders.indicator(old_objective, world.unit_a, "OG1.1.1")
    old_period = builders.period(old_plan, 2018, 4, state="closed")
    _entry(predecessor, old_period, Status.APPROVED, officer=officer, head=head)
    world.indicator_a.predecessor = predecessor
    world.indicator_a.save(update_fields=["predecessor"])

    for indicator in (world.indicator_a, world.indicator_a1, world.indicator_b):
        builders.target(indicator, 2021, 100)
        builders.target(indicator, 2021, 20, quarter=1)
    TargetRevision.objects.create(
        indicator=world.indicator_a, year=2021, new_value=100, reason="set", changed_by=admin
    )
    entry = _entry(world.indicator_a, closed, Status.APPROVED, officer=officer, head=head)
    _entry(world.indicator_a, open_, Status.SUBMITTED, officer=officer, head=head)
    _entry(world.indicator_a1, open_, Status.APPROVED, officer=officer, head=head)
    _entry(world.indicator_b, open_, Status.DRAFT, officer=world.officer_b, head=world.head_b)

    risk = builders.risk(world.plan, world.unit_a, "R1", [world.objective])
    risk_action = RiskAction.objects.create(
        risk=risk, title_ar="إجراء", owner_ar="قسم", due_on=datetime.date(2021, 3, 1)
    )
    _assessment(risk, closed, officer=officer, head=head)
    _assessment(risk, open_, officer=officer, head=head, status="submitted")
    RiskScoreChange.objects.create(
        risk=risk, old_likelihood=2, old_impact=2, new_likelihood=3, new_impact=4, by=admin
    )

    action_plan = ActionPlan.objects.create(
        plan=world.plan, unit=world.unit_a, year=2021, title_ar="خطة عمل", title_en="Plan"
    )
    activity = _activity(action_plan, world.objective, "A1")
    _progress(activity, closed, "approved", officer=officer, head=head)
    _progress(activity, open_, "submitted", officer=officer, head=head)

    _narrative(world.objective, closed, "approved", officer=officer, head=head)
    _narrative(world.objective, open_, "submitted", officer=officer, head=head)

    scenario = builders.scenario(world.plan, "base")
    ScenarioTarget.objects.create(
        scenario=scenario, indicator=world.indicator_a, year=2021, value=90
    )
    report_file = ReportFile.objects.create(
        key="k-one", plan=world.plan, unit=world.unit_a, params={}, format="pdf",
        created_by=admin,
    )  # fmt: skip
    Token.objects.create(user=admin)
    # A notice for the officer and the admin; a late-entry request granted to the officer
    # (the entry page of the closed quarter then reads the grant) and one waiting.
    for user in (officer, admin):
        Notice.objects.create(user=user, kind="late_requested", about="2021 Q1", link="/")
    LateEntryRequest.objects.create(
        period=closed, unit=world.unit_a, requested_by=officer, reason="late",
        status="granted", deadline=datetime.date(2999, 1, 1), answered_by=admin,
    )  # fmt: skip
    LateEntryRequest.objects.create(
        period=closed, unit=world.unit_b, requested_by=world.officer_b, reason="late",
        indicator_ids=[world.indicator_b.pk],
    )  # fmt: skip
    # The ministry report of 2021 Q4, prepared and reviewed (names on its page and cover).
    Letterhead.objects.create(ministry_ar="وزارة", logo=b"\x89PNG", logo_type="image/png")
    MinistryReport.objects.create(
        plan=world.plan, year=2021, quarter=4, span_key="2021-Q4", summary_ar="ملخص",
        status="reviewed", prepared_by=admin, prepared_at=timezone.now(),
        reviewed_by=world.head_a, reviewed_at=timezone.now(),
    )  # fmt: skip
    _name_record("unit", world.unit_a, admin)
    _name_record("indicator", world.indicator_a, admin)
    dimension = Dimension.objects.create(plan=world.plan, code="sex", name_ar="الجنس")
    DimensionOption.objects.create(dimension=dimension, code="female", name_ar="إناث")
    return Rows(
        world=world, closed=closed, open=open_, old_plan=old_plan, predecessor=predecessor,
        old_period=old_period, entry=entry, evidence=entry.evidence.get(), risk=risk,
        risk_action=risk_action, action_plan=action_plan, activity=activity, scenario=scenario,
        report_file=report_file, dimension=dimension,
    )  # fmt: skip


def grow(rows: Rows, many: int = MANY) -> None:
    """``many`` more of every kind of row, beside and under the rows of ``one``."""
    world = rows.world
    admin, plan = world.admin, world.plan
    n = next(_seq)

    # The organisation: units under unit_a (officer.a and head.a see them) and unit_b, each
    # with its officer and head; more accounts for the lists of users and tokens.
    units, officers, heads = [], [], []
    for i in range(many):
        parent = world.unit_a if i % 2 == 0 else world.unit_b
        unit = builders.unit(f"grown-{n}-{i}", parent=parent)
        units.append(unit)
        officers.append(builders.user(f"officer-{n}-{i}", Role.OFFICER, unit))
        heads.append(builders.user(f"head-{n}-{i}", Role.HEAD, unit))
        builders.unit(f"grown-{n}-{i}-child", parent=unit)
        _name_record("unit", unit, admin)
    for account in officers + heads:
        Token.objects.create(user=account)

    # Periods: the rest of 2021 and all of 2022, not yet open (periods after the open one,
    # so that the entry page's "four quarters before" stay what they were), and more events
    # on the periods that were opened and closed.
    periods = [
        builders.period(plan, year, quarter, state="planned")
        for year, quarter in [(2021, 3), (2021, 4), (2022, 1), (2022, 2), (2022, 3), (2022, 4)]
    ]
    _period_events(rows.closed, world.head_b, "reopen", "close", "reopen", "close")
    _period_events(rows.open, world.head_a, "close", "reopen")

    # The plan: more goals and objectives, indicators under the world's objective and under
    # the new ones, each answered for by another unit, with targets and revisions.
    objectives, indicators = [], []
    for i in range(many):
        goal = builders.goal(plan, f"GG{n}-{i}")
        objective = builders.objective(goal, units[i], f"GG{n}-{i}.1")
        objectives.append(objective)
        _name_record("objective", objective, admin)
        for parent in (objective, world.objective):
            indicator = builders.indicator(parent, units[(i + 1) % many], f"{parent.code}-{n}-{i}")
            indicators.append(indicator)
            _name_record("indicator", indicator, admin)
    for indicator in indicators:
        for year in (2020, 2021):
            builders.target(indicator, year, 100)
            builders.target(indicator, year, 20, quarter=1)
    for i, account in enumerate([admin, *heads]):
        TargetRevision.objects.create(
            indicator=world.indicator_a, year=2021, old_value=i, new_value=100, reason="r",
            changed_by=account,
        )  # fmt: skip

    # Entries: every new indicator in the closed quarter, approved with evidence; in the open
    # quarter one of each status; indicator_a's entry and its predecessor get more.
    statuses = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.RETURNED]
    for i, indicator in enumerate(indicators):
        officer, head = officers[(i + 1) % many], heads[(i + 1) % many]
        _entry(indicator, rows.closed, Status.APPROVED, officer=officer, head=head, evidence=2)
        _entry(indicator, rows.open, statuses[i % 4], officer=officer, head=head, evidence=2)
    for i in range(many):
        Evidence.objects.create(
            entry=rows.entry, file=f"evidence/{rows.entry.pk}/more-{n}-{i}.pdf",
            original_name=f"more-{i}.pdf", content_type="application/pdf", size=10,
            uploaded_by=officers[i],
        )  # fmt: skip
        EntryEvent.objects.create(entry=rows.entry, action="change", by=heads[i])
    for i in range(many):
        for user in (world.officer_a, admin):
            Notice.objects.create(user=user, kind="submitted", about=f"n{i}", link="/")
        LateEntryRequest.objects.create(
            period=rows.closed, unit=units[i], requested_by=officers[i], reason=f"late {i}",
        )  # fmt: skip
        LateEntryRequest.objects.create(
            period=rows.closed, unit=world.unit_a, requested_by=world.officer_a,
            reason=f"more {i}", indicator_ids=[world.indicator_a.pk], status="granted",
            deadline=datetime.date(2999, 1, 1), answered_by=admin,
        )  # fmt: skip
    for quarter in (1, 2, 3):
        period = builders.period(rows.old_plan, 2018, quarter, state="closed")
        _entry(rows.predecessor, period, Status.APPROVED, officer=officers[0], head=heads[0],
               evidence=2)  # fmt: skip

    # Risks: the world's risk bears on more objectives, with more actions, assessments and
    # score changes; more risks beside it, each on several objectives.
    rows.risk.objectives.add(*objectives)
    for i in range(many):
        RiskAction.objects.create(
            risk=rows.risk, title_ar=f"إجراء {i}", owner_ar="قسم", status="done",
            due_on=datetime.date(2021, 1, 1),
        )  # fmt: skip
        RiskScoreChange.objects.create(
            risk=rows.risk, old_likelihood=1, old_impact=1, new_likelihood=2, new_impact=2,
            by=heads[i],
        )  # fmt: skip
    for i, period in enumerate(periods):
        _assessment(rows.risk, period, officer=officers[i % many], head=heads[i % many])
    for i in range(many):
        risk = builders.risk(
            plan, units[i], f"RG{n}-{i}", [world.objective, *objectives],
            likelihood=i % 5 + 1, impact=(i * 2) % 5 + 1, kind="threat" if i % 2 else "risk",
        )  # fmt: skip
        for j in range(2):
            RiskAction.objects.create(risk=risk, title_ar=f"إجراء {j}", owner_ar="قسم")
        _assessment(risk, rows.closed, officer=officers[i], head=heads[i])
        _assessment(risk, rows.open, officer=officers[i], head=heads[i], status="submitted")

    # Action plans: more activities in the world's, and one more plan per new unit.
    for i in range(many):
        activity = _activity(rows.action_plan, objectives[i], f"AG{n}-{i}")
        _progress(activity, rows.open, "submitted", officer=officers[i], head=heads[i])
        _progress(activity, rows.closed, "approved", officer=officers[i], head=heads[i])
        action_plan = ActionPlan.objects.create(
            plan=plan, unit=units[i], year=2021, title_ar=f"خطة {i}", title_en=f"Plan {i}"
        )
        for j in range(2):
            activity = _activity(action_plan, objectives[(i + j) % many], f"A{j}")
            _progress(activity, rows.open, "submitted", officer=officers[i], head=heads[i])

    # Narratives: each new objective's, approved in the closed quarter and submitted in the
    # open one; the world's objective gets one from another unit that once led it.
    for i, objective in enumerate(objectives):
        _narrative(objective, rows.closed, "approved", officer=officers[i], head=heads[i])
        _narrative(objective, rows.open, "submitted", officer=officers[i], head=heads[i])
    Narrative.objects.create(
        period=rows.closed, unit=units[1], objective=world.objective, status="approved",
        achievements_ar="سرد سابق", approved_by=heads[1], approved_at=timezone.now(),
    )  # fmt: skip

    # Disaggregation: more options of the dimension, more dimensions beside it.
    for i in range(many):
        DimensionOption.objects.create(
            dimension=rows.dimension, code=f"grown-{n}-{i}", name_ar=f"خيار {i}", order=i + 1
        )
        other = Dimension.objects.create(plan=plan, code=f"grown-{n}-{i}", name_ar=f"بعد {i}")
        DimensionOption.objects.create(dimension=other, code="x", name_ar="خيار")

    # Scenarios: the world's sets targets for every new indicator; more scenarios beside it.
    every = [world.indicator_a, world.indicator_a1, world.indicator_b, *indicators]
    for indicator in indicators:
        ScenarioTarget.objects.create(
            scenario=rows.scenario, indicator=indicator, year=2021, value=80
        )
    for i in range(many):
        scenario = builders.scenario(plan, f"grown-{n}-{i}", order=i + 1)
        for indicator in every:
            for year in (2020, 2021):
                ScenarioTarget.objects.create(
                    scenario=scenario, indicator=indicator, year=year, value=50 + i
                )

    # More plans beside the world's: older ones, each with a goal and an open period.
    for i in range(many):
        status = [StrategicPlan.Status.ACTIVE, StrategicPlan.Status.DRAFT][i % 2]
        other = builders.plan(2010 + i, 2012 + i, status=status)
        builders.goal(other, "G1")
        period = builders.period(other, 2010 + i, 1, state="open")
        _period_events(period, admin, "open")

    # Report files, by several people for several units.
    for i in range(many):
        ReportFile.objects.create(
            key=f"k-{n}-{i}", plan=plan, unit=units[i], params={}, format="xlsx",
            created_by=officers[i],
        )  # fmt: skip
