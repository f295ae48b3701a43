"""Reads of the plan and the organisation that cross relations, in a fixed number of queries."""

from collections import defaultdict

from django.db.models import Prefetch

from plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    Goal,
    Narrative,
    NarrativeEvent,
    Notice,
    Objective,
    OrgUnit,
    PeriodEvent,
    ReportingPeriod,
    RiskAssessmentEvent,
    StrategicPlan,
)


def unit_children_map() -> dict[int | None, list[int]]:
    """Parent id → ids of its direct children, for the whole organisation (one query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in OrgUnit.objects.values_list("id", "parent_id"):
        children[parent_id].append(unit_id)
    return children


def unit_subtree_ids(unit_id: int, children: dict[int | None, list[int]] | None = None) -> set[int]:
    """The unit and every unit below it."""
    if children is None:
        children = unit_children_map()
    found: set[int] = set()
    stack = [unit_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


def plan_goals_tree(plan, indicator_queryset=None, *, archived: bool = False) -> list[Goal]:
    """Goals → objectives (with lead unit) → indicators (with responsible unit): 3 queries.

    ``indicator_queryset`` lets the caller narrow the indicators and choose what to load
    with them; it must be a queryset of ``indicators.Indicator`` (passed in so that this
    app does not import it). Archived goals and objectives are left out, as from scores and
    reports, unless ``archived`` (the plan builder shows them, marked).
    """
    objectives = Objective.objects.select_related("lead_unit").order_by("order", "code")
    goals = Goal.objects.filter(plan=plan)
    if not archived:
        objectives = objectives.filter(is_archived=False)
        goals = goals.filter(is_archived=False)
    if indicator_queryset is not None:
        objectives = objectives.prefetch_related(
            Prefetch("indicators", queryset=indicator_queryset)
        )
    return list(
        goals.order_by("order", "code").prefetch_related(
            Prefetch("objectives", queryset=objectives)
        )
    )


def action_plan_with_activities(action_plan_id: int) -> ActionPlan:
    """An action plan with its unit, plan and activities (with objective): 2 queries."""
    activities = Activity.objects.select_related("objective").order_by("planned_start", "code")
    return (
        ActionPlan.objects.select_related("plan", "unit")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .get(pk=action_plan_id)
    )


def latest_closed_period(plan) -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(plan=plan, state=ReportingPeriod.State.CLOSED)
        .order_by("-year", "-quarter")
        .first()
    )


def plan_periods(plan) -> list[ReportingPeriod]:
    """All of a plan's reporting periods, oldest first (1 query)."""
    return list(ReportingPeriod.objects.filter(plan=plan).order_by("year", "quarter"))


def default_plan() -> StrategicPlan | None:
    """The plan a page shows when none is asked for: the newest active one, else the newest."""
    plans = StrategicPlan.objects.order_by("-first_year", "code")
    return plans.filter(status=StrategicPlan.Status.ACTIVE).first() or plans.first()


def activities_for_entry(period: ReportingPeriod, unit_ids: set[int] | None) -> list[Activity]:
    """The activities of the units' action plans for the period's year, each with its
    progress for this period attached as ``period_progress`` (2 queries)."""
    activities = Activity.objects.filter(
        action_plan__plan_id=period.plan_id, action_plan__year=period.year
    ).select_related("action_plan", "action_plan__unit", "objective")
    if unit_ids is not None:
        activities = activities.filter(action_plan__unit_id__in=unit_ids)
    activities = list(activities.order_by("action_plan__unit__order", "planned_start", "code"))
    progress = {
        p.activity_id: p
        for p in ActivityProgress.objects.filter(
            period=period, activity_id__in=[a.pk for a in activities]
        )
    }
    for activity in activities:
        activity.period_progress = progress.get(activity.pk)
    return activities


def plan_periods_with_events(plan) -> list[ReportingPeriod]:
    """A plan's periods, newest first, with who opened, closed or reopened them (2 queries)."""
    return list(
        ReportingPeriod.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("events", queryset=PeriodEvent.objects.select_related("by").order_by("at"))
        )
        .order_by("-year", "-quarter")
    )


def risk_register(queryset) -> list:
    """Risks with their unit and objectives (2 queries)."""
    return list(
        queryset.select_related("unit", "plan")
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("code")))
        .order_by("plan", "code")
    )


def risk_cells(queryset) -> dict[tuple[int, int], int]:
    """How many risks sit in each likelihood × impact cell (1 query)."""
    from django.db.models import Count

    return {
        (row["likelihood"], row["impact"]): row["n"]
        for row in queryset.order_by().values("likelihood", "impact").annotate(n=Count("id"))
    }


def risk_with_history(pk: int):
    """A risk with its plan, unit, objectives, actions and assessments (4 queries)."""
    from plans.models import Risk, RiskAssessment

    assessments = RiskAssessment.objects.select_related(
        "period", "assessed_by", "reviewed_by"
    ).order_by("period__year", "period__quarter")
    return (
        Risk.objects.select_related("plan", "unit")
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("code")),
            "actions",
            Prefetch("assessments", queryset=assessments),
        )
        .get(pk=pk)
    )


def units_as_tree() -> list[tuple[OrgUnit, int]]:
    """Every unit in tree order (children after their parent, by order and code) with its
    depth, its parent and how many members it has (1 query)."""
    from django.db.models import Count

    units = list(
        OrgUnit.objects.select_related("parent")
        .annotate(member_count=Count("members"))
        .order_by("order", "code")
    )
    children: dict[int | None, list[OrgUnit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)
    ordered: list[tuple[OrgUnit, int]] = []
    stack = [(unit, 0) for unit in reversed(children[None])]
    while stack:
        unit, depth = stack.pop()
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children[unit.pk]))
    return ordered


def accounts_with_memberships() -> list:
    """Every user account with its membership and unit, by user name (1 query)."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.select_related("membership", "membership__unit")
        .order_by("username")
    )


def plan_action_plans(plan) -> list[ActionPlan]:
    """A plan's action plans with their unit and how many activities each has (1 query)."""
    from django.db.models import Count

    return list(
        ActionPlan.objects.filter(plan=plan)
        .select_related("unit")
        .annotate(activity_count=Count("activities"))
        .order_by("year", "unit__order", "unit__code")
    )


def activity_progress_for_review(period: ReportingPeriod, unit_ids: set[int] | None) -> dict:
    """The period's activity progress a reviewer acts on: ``submitted`` (to approve or
    return) and ``approved`` (to reopen for correction), by unit and code (1 query)."""
    rows = ActivityProgress.objects.filter(
        period=period, review_status__in=["submitted", "approved"]
    ).select_related("activity", "activity__action_plan__unit", "submitted_by", "approved_by")
    if unit_ids is not None:
        rows = rows.filter(activity__action_plan__unit_id__in=unit_ids)
    found = {"submitted": [], "approved": []}
    for row in rows.order_by("activity__action_plan__unit__order", "activity__code"):
        found[row.review_status].append(row)
    return found


def risk_assessment_events(risk) -> list:
    """The review trail of a risk's assessments, newest first (1 query)."""
    return list(
        RiskAssessmentEvent.objects.filter(assessment__risk=risk)
        .select_related("assessment__period", "by")
        .order_by("-at", "-id")
    )


def planning_admins() -> list:
    """The planning admins' accounts, by name: whom a user without a role asks (1 query)."""
    from django.contrib.auth import get_user_model

    from plans.models import Membership

    return list(
        get_user_model()
        .objects.filter(membership__role=Membership.Role.PLANNING_ADMIN, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


# --- Narratives ------------------------------------------------------------------------------


def narratives_for_entry(
    period: ReportingPeriod, unit_ids: set[int] | None, objective_ids
) -> list[Objective]:
    """The objectives among ``objective_ids`` (those of the entry page's due indicators)
    whose lead unit is one of the units (any when None), in the plan's order, each with its
    lead unit's narrative for the period attached as ``period_narrative`` (2 queries; none
    when there is no objective)."""
    objective_ids = set(objective_ids)
    if not objective_ids:
        return []
    objectives = Objective.objects.filter(
        pk__in=objective_ids, plan_id=period.plan_id
    ).select_related("goal", "lead_unit")
    if unit_ids is not None:
        objectives = objectives.filter(lead_unit_id__in=unit_ids)
    objectives = list(objectives.order_by("goal__order", "goal__code", "order", "code"))
    found = {
        (n.objective_id, n.unit_id): n
        for n in Narrative.objects.filter(
            period=period, objective_id__in=[o.pk for o in objectives]
        ).order_by()
    }
    for objective in objectives:
        objective.period_narrative = found.get((objective.pk, objective.lead_unit_id))
    return objectives


def narratives_for_review(period: ReportingPeriod, unit_ids: set[int] | None) -> list[Narrative]:
    """The period's submitted narratives of the units (all when None), for their heads to
    approve or return, in the plan's order (1 query)."""
    rows = Narrative.objects.filter(period=period, status="submitted").select_related(
        "objective", "objective__goal", "unit", "submitted_by"
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return list(rows.order_by("objective__goal__order", "objective__order", "objective__code"))


def approved_narratives(objective) -> list[Narrative]:
    """An objective's approved narratives, newest period first, with their unit, who
    approved them and their trail (2 queries)."""
    return list(
        Narrative.objects.approved()
        .filter(objective=objective)
        .select_related("period", "unit", "approved_by")
        .prefetch_related(Prefetch("events", queryset=NarrativeEvent.objects.select_related("by")))
        .order_by("-period__year", "-period__quarter", "unit__order", "unit__code")
    )


def narrative_events(narrative) -> list[NarrativeEvent]:
    """A narrative's trail, oldest first (1 query)."""
    return list(NarrativeEvent.objects.filter(narrative=narrative).select_related("by"))


def unread_notice_count(user) -> int:
    """How many notices ``user`` has not read yet (the bell): one query."""
    return Notice.objects.filter(user=user, read_at=None).count()


def notices_of(user, limit: int = 200) -> list:
    """The user's notices, newest first (one query)."""
    return list(Notice.objects.filter(user=user).select_related("period", "unit")[:limit])
