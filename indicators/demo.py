"""Builds the illustrative demonstration plan (see ``demo_data``) in one transaction.

Values are generated from a fixed random seed, so every run builds the same plan; a second
run finds the plan and the users already there and changes nothing.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from indicators import demo_data as data
from indicators.engine import quarter_end
from indicators.models import (
    ApprovedValue,
    Dimension,
    DimensionOption,
    EntryEvent,
    Indicator,
    ProgressEntry,
    Scenario,
    ScenarioTarget,
)
from indicators.services import target_set
from plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    Goal,
    Membership,
    Narrative,
    NarrativeEvent,
    Objective,
    OrgUnit,
    ReportingPeriod,
    Risk,
    RiskAction,
    RiskAssessment,
    StrategicPlan,
)

Status = ProgressEntry.Status
OPEN_PERIOD = (2023, 4)
# Entries of the open period, by indicator code: (status, value as a fraction of the target).
OPEN_PERIOD_ENTRIES = {
    "G1.3.1": "draft",
    "G1.3.4": "submitted",
    "G1.3.3": "submitted",
    "G1.2.1": "draft",
    "G1.2.4": "submitted",
}
REVISIONS = {
    # (code, year): (the value first set, the reason given when it was revised)
    ("G4.1.2", 2021): (
        Decimal("4500000"),
        "خفض الهدف بعد تأخر توريد مستلزمات البطاقة بسبب جائحة كورونا",
    ),
    ("G1.2.2", 2022): (Decimal("70"), "إعادة جدولة نصب الأبراج بعد تقليص التخصيصات"),
}
PROFILES = {"good": (0.96, 1.08), "fair": (0.82, 1.0), "poor": (0.6, 0.85)}
MAINTAIN_SPREAD = {"good": 0.8, "fair": 1.6, "poor": 3.0}


@dataclass
class SeedResult:
    created: bool
    plan: StrategicPlan


def seed_demo(*, if_empty: bool = False) -> SeedResult | None:
    """Create the demo units, users and plan unless they exist.

    With ``if_empty`` nothing at all is done when any plan already exists (``make run`` on a
    database that holds real work must not add a demo plan to it).
    """
    if if_empty and StrategicPlan.objects.exists():
        return None
    with transaction.atomic():
        units = _units()
        users = _users(units)
        plan = StrategicPlan.objects.filter(code=data.PLAN["code"]).first()
        if plan is not None:
            return SeedResult(created=False, plan=plan)
        plan = _plan(units, users)
    return SeedResult(created=True, plan=plan)


def _units() -> dict[str, OrgUnit]:
    units: dict[str, OrgUnit] = {}
    for order, (code, parent, kind, name_ar, name_en) in enumerate(data.UNITS):
        units[code], _ = OrgUnit.objects.get_or_create(
            code=code,
            defaults={
                "parent": units[parent] if parent else None,
                "kind": kind,
                "name_ar": name_ar,
                "name_en": name_en,
                "order": order,
            },
        )
    return units


def _users(units):
    User = get_user_model()
    users = {}
    for username, (role, unit_code) in data.USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "is_staff": role == Membership.Role.PLANNING_ADMIN,
                "email": f"{username}@marsad.example",
            },
        )
        if created:
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, defaults={"unit": units[unit_code], "role": role}
        )
        users[username] = user
    return users


def _plan(units, users) -> StrategicPlan:
    plan = StrategicPlan.objects.create(
        **data.PLAN, status=StrategicPlan.Status.ACTIVE, is_illustrative=True
    )
    goals = {
        code: Goal.objects.create(plan=plan, code=code, title_ar=ar, title_en=en, order=i)
        for i, (code, ar, en) in enumerate(data.GOALS)
    }
    objectives = {
        code: Objective.objects.create(
            plan=plan,
            goal=goals[code.split(".")[0]],
            code=code,
            title_ar=ar,
            title_en=en,
            lead_unit=units[lead],
            order=i,
        )
        for i, (code, lead, ar, en) in enumerate(data.OBJECTIVES)
    }
    _dimensions(plan)
    periods = _periods(plan)
    rng = random.Random(20190101)
    indicators = []
    for i, spec in enumerate(data.INDICATORS):
        indicator = _indicator(plan, spec, objectives, units, i)
        _targets(indicator, spec, users["planner"])
        _entries(indicator, spec, periods, users, rng)
        indicators.append((indicator, spec))
    _action_plans(plan, units, objectives, periods, users, rng)
    _risks(plan, units, objectives, periods, users, rng)
    _scenarios(plan, indicators)
    _narratives(objectives, periods, users)
    return plan


def _narratives(objectives, periods, users) -> None:
    """The lead units' narratives (``data.NARRATIVES``): approved in past quarters, with
    their trail, and a draft in the open one for the officer to finish."""
    now = timezone.now()
    for code, key, status, achievements, challenges, next_steps in data.NARRATIVES:
        objective = objectives[code]
        officer, reviewer = _people_of(objective.lead_unit.code, users)
        approved = status == "approved"
        narrative = Narrative.objects.create(
            period=periods[key],
            unit=objective.lead_unit,
            objective=objective,
            achievements_ar=achievements[0],
            achievements_en=achievements[1],
            challenges_ar=challenges[0],
            challenges_en=challenges[1],
            next_steps_ar=next_steps[0],
            next_steps_en=next_steps[1],
            status=status,
            version=3 if approved else 1,
            created_by=officer,
            updated_by=reviewer if approved else officer,
            submitted_by=officer if approved and officer != reviewer else None,
            submitted_at=now if approved else None,
            reviewed_by=reviewer if approved else None,
            reviewed_at=now if approved else None,
            approved_by=reviewer if approved else None,
            approved_at=now if approved else None,
        )
        events = [NarrativeEvent(narrative=narrative, action="create", by=officer)]
        if approved:
            events.append(NarrativeEvent(narrative=narrative, action="submit", by=officer))
            events.append(NarrativeEvent(narrative=narrative, action="approve", by=reviewer))
        NarrativeEvent.objects.bulk_create(events)


def _risks(plan, units, objectives, periods, users, rng) -> None:
    """Risks and threats with a quarterly assessment from 2019 on, and mitigation actions."""
    assessments, actions = [], []
    names = {code: (ar, en) for code, _parent, _kind, ar, en in data.UNITS}
    for (
        code,
        kind,
        category,
        unit,
        objective_codes,
        ar,
        en,
        likelihood,
        impact,
        mit_ar,
        mit_en,
    ) in data.RISKS:
        risk = Risk.objects.create(
            plan=plan,
            code=code,
            kind=kind,
            category=category,
            unit=units[unit],
            title_ar=ar,
            title_en=en,
            likelihood=likelihood,
            impact=impact,
            mitigation_ar=mit_ar,
            mitigation_en=mit_en,
            owner_ar=names[unit][0],
            owner_en=names[unit][1],
            review_on=datetime.date(2024, 1, 31),
            status=Risk.Status.MITIGATED if code in ("R11", "R20") else Risk.Status.OPEN,
        )
        risk.objectives.set([objectives[c] for c in objective_codes])
        level = (likelihood, impact)
        officer, reviewer = _people_of(unit, users)
        for key, period in periods.items():
            if key > OPEN_PERIOD:
                continue
            drift = rng.choice((-1, 0, 0, 0, 1))
            level = (min(5, max(1, level[0] + drift)), level[1])
            if key == OPEN_PERIOD:
                if code not in ("R04", "R19", "R02"):
                    continue
                status = "draft" if code == "R19" else "submitted"
            else:
                status = "approved"
            assessments.append(
                RiskAssessment(
                    risk=risk,
                    period=period,
                    likelihood=level[0],
                    impact=level[1],
                    note="" if rng.random() < 0.7 else "تغير طفيف في المؤشرات الميدانية",
                    status=status,
                    version={"draft": 1, "submitted": 2}.get(status, 3),
                    assessed_by=officer,
                    reviewed_by=reviewer if status == "approved" else None,
                    submitted_by=officer if status != "draft" and officer != reviewer else None,
                    approved_by=reviewer if status == "approved" else None,
                    approved_at=timezone.now() if status == "approved" else None,
                )
            )
        approved = [a for a in assessments if a.risk is risk and a.status == "approved"]
        if approved:
            risk.likelihood, risk.impact = approved[-1].likelihood, approved[-1].impact
            risk.save(update_fields=["likelihood", "impact"])
        for n, status in enumerate(("done", "in_progress" if n_open(code) else "done")):
            actions.append(
                RiskAction(
                    risk=risk,
                    title_ar=f"{mit_ar} — المرحلة {n + 1}",
                    title_en=f"{mit_en}: phase {n + 1}",
                    owner_ar=risk.owner_ar,
                    owner_en=risk.owner_en,
                    due_on=datetime.date(2021 + n * 2, 6, 30),
                    status=status,
                )
            )
    RiskAssessment.objects.bulk_create(assessments)
    RiskAction.objects.bulk_create(actions)


def n_open(code: str) -> bool:
    """Whether a risk's second mitigation action is still under way in the demo."""
    return int(code[1:]) % 3 != 0


def _people_of(unit_code, users):
    officer = {
        "civil-defence": users["officer.civil-defence"],
        "civil-defence-baghdad": users["officer.civil-defence"],
        "borders": users["officer.borders"],
    }.get(unit_code, users["planner"])
    reviewer = users["head.civil-defence"] if unit_code.startswith("civil-defence") else None
    return officer, reviewer or users["planner"]


def _scenarios(plan, indicators) -> None:
    """Three scenarios; the optimistic and pessimistic ones move every yearly target."""
    rows = []
    for order, (code, name_ar, name_en, ass_ar, ass_en, factor) in enumerate(data.SCENARIOS):
        scenario = Scenario.objects.create(
            plan=plan,
            code=code,
            name_ar=name_ar,
            name_en=name_en,
            assumptions_ar=ass_ar,
            assumptions_en=ass_en,
            order=order,
        )
        if factor is None:
            continue  # the baseline keeps the plan's targets
        for indicator, spec in indicators:
            if spec.direction == "maintain":
                continue
            for year in plan.years:
                target = _yearly_target(spec, year)
                moved = target * factor if spec.direction == "increase" else target / factor
                if spec.measure in ("percentage", "ratio"):
                    moved = min(moved, 100.0)
                rows.append(
                    ScenarioTarget(
                        scenario=scenario, indicator=indicator, year=year, value=_dec(moved, spec)
                    )
                )
    ScenarioTarget.objects.bulk_create(rows)


def _dimensions(plan) -> None:
    """The plan's dimensions: Iraq's 18 governorates (with their Arabic names) and sex."""
    for order, (code, name_ar, name_en, options) in enumerate(data.DIMENSIONS):
        dimension = Dimension.objects.create(
            plan=plan, code=code, name_ar=name_ar, name_en=name_en, order=order
        )
        DimensionOption.objects.bulk_create(
            DimensionOption(dimension=dimension, code=c, name_ar=ar, name_en=en, order=i)
            for i, (c, ar, en) in enumerate(options)
        )


def _periods(plan) -> dict[tuple[int, int], ReportingPeriod]:
    periods = {}
    for year in plan.years:
        for quarter in (1, 2, 3, 4):
            opens = quarter_end(year, quarter) + datetime.timedelta(days=1)
            state = (
                ReportingPeriod.State.OPEN
                if (year, quarter) == OPEN_PERIOD
                else ReportingPeriod.State.CLOSED
                if (year, quarter) < OPEN_PERIOD
                else ReportingPeriod.State.PLANNED
            )
            periods[(year, quarter)] = ReportingPeriod.objects.create(
                plan=plan,
                year=year,
                quarter=quarter,
                state=state,
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=30),
            )
    return periods


def _indicator(plan, spec, objectives, units, order) -> Indicator:
    source_ar, source_en = data.DATA_SOURCES[spec.measure]
    return Indicator.objects.create(
        plan=plan,
        objective=objectives[spec.code.rsplit(".", 1)[0]],
        code=spec.code,
        title_ar=spec.title_ar,
        title_en=spec.title_en,
        unit=units[spec.unit],
        measure=spec.measure,
        direction=spec.direction,
        aggregation=spec.aggregation,
        method=spec.method,
        baseline_value=_dec(spec.baseline, spec) if spec.baseline is not None else None,
        baseline_year=2018 if spec.baseline is not None else None,
        tolerance=_dec(spec.tolerance, spec) if spec.tolerance is not None else None,
        data_source_ar=source_ar,
        data_source_en=source_en,
        verification_ar=data.VERIFICATION[0],
        verification_en=data.VERIFICATION[1],
        order=order,
    )


def _places(spec) -> int:
    if spec.measure in ("percentage", "ratio"):
        return 1
    if spec.aggregation == "sum" and min(spec.first, spec.last) >= 20:
        return 0
    return 1 if spec.aggregation == "average" else 0


def _dec(value: float, spec, places: int | None = None) -> Decimal:
    places = _places(spec) if places is None else places
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _yearly_target(spec, year: int) -> float:
    return spec.first + (spec.last - spec.first) * (year - 2019) / 4


def _targets(indicator, spec, planner) -> None:
    for year in range(2019, 2024):
        value = _dec(_yearly_target(spec, year), spec)
        revision = REVISIONS.get((spec.code, year))
        if revision:
            first_value, reason = revision
            target_set(indicator=indicator, year=year, quarter=None, value=first_value, by=planner)
            target_set(
                indicator=indicator, year=year, quarter=None, value=value, by=planner, reason=reason
            )
        else:
            target_set(indicator=indicator, year=year, quarter=None, value=value, by=planner)
        if spec.quarterly:
            for quarter, share in enumerate(spec.quarterly, start=1):
                target_set(
                    indicator=indicator,
                    year=year,
                    quarter=quarter,
                    value=_dec(float(value) * share, spec, places=0),
                    by=planner,
                )


def _level(spec, year: int, quarter: int) -> float:
    """Where a level indicator is expected to stand at the end of a quarter."""
    start = _yearly_target(spec, year - 1) if year > 2019 else (spec.baseline or spec.first)
    end = _yearly_target(spec, year)
    return start + (end - start) * quarter / 4


def _value(spec, year, quarter, rng) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """A plausible quarterly value (and numerator/denominator for ratios)."""
    low, high = PROFILES[spec.profile]
    factor = rng.uniform(low, high)
    if spec.direction == "maintain":
        target = _yearly_target(spec, year)
        spread = (spec.tolerance or 1) * MAINTAIN_SPREAD[spec.profile]
        value = min(100.0, target + rng.uniform(-spread, spread))
        return _dec(value, spec), None, None
    if spec.measure == "ratio":
        rate = min(0.99, _level(spec, year, quarter) * factor / 100)
        denominator = max(1, round(spec.volume * rng.uniform(0.85, 1.15)))
        numerator = round(denominator * rate)
        value = Decimal(numerator * 100) / Decimal(denominator)
        return value.quantize(Decimal("0.0001")), Decimal(numerator), Decimal(denominator)
    if spec.aggregation == "sum":
        share = spec.quarterly[quarter - 1] if spec.quarterly else 0.25
        base = _yearly_target(spec, year) * share
    else:
        base = _level(spec, year, quarter)
    value = base * factor if spec.direction == "increase" else base * (2 - factor)
    if spec.measure == "percentage":
        value = min(100.0, value)
    return _dec(max(value, 0), spec), None, None


def _entry_people(spec, users):
    return _people_of(spec.unit, users)


def _entries(indicator, spec, periods, users, rng) -> None:
    officer, reviewer = _entry_people(spec, users)
    entries, events = [], []
    now = timezone.now()
    for (year, quarter), period in periods.items():
        if (year, quarter) > OPEN_PERIOD:
            continue
        value, numerator, denominator = _value(spec, year, quarter, rng)
        comment_ar, _comment_en = rng.choice(data.OFFICER_COMMENTS)
        if (year, quarter) == OPEN_PERIOD:
            status = OPEN_PERIOD_ENTRIES.get(spec.code)
            if status is None:
                continue
        elif (year == 2023 and spec.code in data.SILENT_IN_2023) or rng.random() < 0.05:
            continue  # not reported: a gap
        else:
            roll = rng.random()
            if roll < 0.03:
                status = Status.RETURNED
            elif (year, quarter) == (2023, 3) and roll < 0.12:
                status = Status.SUBMITTED
            else:
                status = Status.APPROVED
        review_ar = rng.choice(data.REVIEW_COMMENTS)[0] if status == Status.RETURNED else ""
        entry = ProgressEntry(
            indicator=indicator,
            period=period,
            unit_id=indicator.unit_id,
            value=value,
            numerator=numerator,
            denominator=denominator,
            comment=comment_ar,
            status=status,
            review_comment=review_ar,
            version={"draft": 1, "submitted": 2}.get(status, 3),
            created_by=officer,
            updated_by=officer if status in (Status.DRAFT, Status.SUBMITTED) else reviewer,
            # Where the planning directorate enters for a unit without an officer, the demo
            # does not name a submitter (it would read as a self-approval).
            submitted_by=officer if status != Status.DRAFT and officer != reviewer else None,
        )
        if status == Status.APPROVED:  # the figures in force (plans/workflow.py)
            entry.approved_value, entry.approved_numerator = value, numerator
            entry.approved_denominator = denominator
            entry.approved_by, entry.approved_at = reviewer, now
        entries.append(entry)
    ProgressEntry.objects.bulk_create(entries)
    ApprovedValue.objects.bulk_create(
        ApprovedValue(
            entry=entry,
            value=entry.value,
            numerator=entry.numerator,
            denominator=entry.denominator,
            approved_by=reviewer,
            approved_at=now,
        )
        for entry in entries
        if entry.status == Status.APPROVED
    )
    for entry in entries:
        events.append(EntryEvent(entry=entry, action="create", new_value=entry.value, by=officer))
        if entry.status != Status.DRAFT:
            events.append(EntryEvent(entry=entry, action="submit", by=officer))
        if entry.status == Status.APPROVED:
            events.append(EntryEvent(entry=entry, action="approve", by=reviewer))
        elif entry.status == Status.RETURNED:
            events.append(
                EntryEvent(entry=entry, action="return", comment=entry.review_comment, by=reviewer)
            )
    EntryEvent.objects.bulk_create(events)


def _action_plans(plan, units, objectives, periods, users, rng) -> None:
    unit_names = {code: (ar, en) for code, _p, _k, ar, en in data.UNITS}
    progress = []
    for unit_code, templates in data.ACTIVITIES.items():
        name_ar, name_en = unit_names[unit_code]
        for year in plan.years:
            action_plan = ActionPlan.objects.create(
                plan=plan,
                unit=units[unit_code],
                year=year,
                title_ar=f"خطة عمل {name_ar} لعام {year}",
                title_en=f"{name_en}: action plan {year}",
            )
            rows = [
                (title_ar, title_en, objective, owner_ar, owner_en, _window(year, i))
                for i, (title_ar, title_en, objective, owner_ar, owner_en) in enumerate(templates)
            ]
            if unit_code == "planning" and year == 2021:
                rows.append(
                    (
                        *data.ERBIL_COURSE,
                        "G5.1",
                        "المديرية العامة للتخطيط والمتابعة",
                        "Directorate General of Planning and Follow-up",
                        (datetime.date(2021, 3, 9), datetime.date(2021, 3, 17)),
                    )
                )
            for i, (title_ar, title_en, objective, owner_ar, owner_en, window) in enumerate(
                rows, start=1
            ):
                erbil = title_ar == data.ERBIL_COURSE[0]
                planned = Decimal(0) if erbil else Decimal(rng.randrange(50, 900) * 1_000_000)
                performance = 1.0 if erbil else rng.uniform(0.6, 1.1)
                activity = Activity.objects.create(
                    action_plan=action_plan,
                    objective=objectives[objective],
                    code=f"A{year}.{i}",
                    title_ar=title_ar,
                    title_en=title_en,
                    owner_ar=owner_ar,
                    owner_en=owner_en,
                    planned_start=window[0],
                    planned_end=window[1],
                    budget_planned=planned,
                    budget_spent=(planned * Decimal(str(min(performance, 1.0)))).quantize(
                        Decimal(1)
                    ),
                )
                progress.extend(
                    _activity_progress(activity, window, periods, year, performance, users)
                )
    ActivityProgress.objects.bulk_create(progress)


def _window(year: int, index: int) -> tuple[datetime.date, datetime.date]:
    starts = [(1, 15), (3, 1), (7, 1)]
    ends = [(6, 30), (10, 31), (12, 15)]
    month, day = starts[index % 3]
    end_month, end_day = ends[index % 3]
    return datetime.date(year, month, day), datetime.date(year, end_month, end_day)


def _activity_progress(activity, window, periods, year, performance, users):
    start, end = window
    rows = []
    for quarter in (1, 2, 3, 4):
        if (year, quarter) >= OPEN_PERIOD:
            break
        as_of = quarter_end(year, quarter)
        elapsed = (as_of - start).days / max(1, (end - start).days)
        expected = max(0.0, min(1.0, elapsed))
        percent = Decimal(str(round(min(100.0, expected * 100 * performance)))).quantize(Decimal(1))
        status = (
            ActivityProgress.Status.DONE
            if percent >= 100
            else ActivityProgress.Status.IN_PROGRESS
            if percent > 0
            else ActivityProgress.Status.NOT_STARTED
        )
        rows.append(
            ActivityProgress(
                activity=activity,
                period=periods[(year, quarter)],
                percent_complete=percent,
                status=status,
                updated_by=users["planner"],
                # Past quarters' progress stands approved, as a migration leaves old rows.
                review_status="approved",
                version=3,
                approved_by=users["planner"],
                approved_at=timezone.now(),
                approved_percent=percent,
            )
        )
    return rows
