"""The plan builder's pages of the plans app: the plans, a plan's details, its reporting
periods' dates, a goal and an objective. For the planning admin: other members get 403,
outsiders 404. The plan tree and the indicator pages are in indicators.views.builder."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from plans.forms.structure import GoalForm, ObjectiveForm, PeriodDatesForm, PlanForm
from plans.forms.structure import show_service_errors as show_errors
from plans.models import Goal, Objective, StrategicPlan
from plans.permissions import can_browse_plan, is_planning_admin
from plans.selectors import plan_periods
from plans.services import structure as services


def require_builder(user) -> None:
    """Builder pages: outsiders 404, members who are not the planning admin 403."""
    if not can_browse_plan(user):
        raise Http404
    if not is_planning_admin(user):
        raise PermissionDenied(_("Only a planning admin can change the plan's structure."))


def _changes(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.fields}


def builder_plans(request):
    """Every plan, with the way to build each and to start a new one."""
    require_builder(request.user)
    plans = list(StrategicPlan.objects.order_by("-first_year", "code"))
    return render(request, "builder/plans.html", {"plans": plans})


def builder_plan_form(request, pk: int | None = None):
    """A new plan, or a plan's details: codes, names, vision, mission, years, status,
    thresholds, cap and risk bands."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            if plan is None:
                plan = services.plan_create(by=request.user, fields=_changes(form))
                messages.success(request, _("The plan was created. Add its goals now."))
            else:
                services.plan_update(plan=plan, by=request.user, changes=_changes(form))
                messages.success(request, _("The plan was saved."))
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("builder_tree", pk=plan.pk)
    return render(request, "builder/plan_form.html", {"form": form, "plan": plan})


def builder_periods(request, pk: int):
    """A plan's reporting periods: generate the missing ones, edit every period's dates in
    one grid. Opening and closing stay on the periods page, with their trail."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk)
    if request.method == "POST" and request.POST.get("action") == "generate":
        created = services.periods_generate(plan=plan, by=request.user)
        messages.success(
            request, _("%(count)s reporting periods were added.") % {"count": len(created)}
        )
        return redirect("builder_periods", pk=plan.pk)
    periods = plan_periods(plan)
    form = PeriodDatesForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.periods_update(plan=plan, by=request.user, dates=form.dates())
        except ValidationError as error:
            form.show_errors(error)
        else:
            messages.success(
                request, _("%(count)s periods were changed.") % {"count": len(changed)}
            )
            return redirect("builder_periods", pk=plan.pk)
    missing = len(plan.years) * 4 - len(periods)
    return render(request, "builder/periods.html", {"plan": plan, "form": form, "missing": missing})


def builder_goal_form(request, pk: int | None = None, plan_id: int | None = None):
    """A new goal of a plan, or a goal."""
    require_builder(request.user)
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=pk) if pk else None
    plan = goal.plan if goal else get_object_or_404(StrategicPlan, pk=plan_id)
    form = GoalForm(request.POST or None, instance=goal, initial={"weight": 1})
    if request.method == "POST" and form.is_valid():
        try:
            if goal is None:
                services.goal_create(plan=plan, by=request.user, fields=_changes(form))
            else:
                services.goal_update(goal=goal, by=request.user, changes=_changes(form))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The goal was saved."))
            return redirect("builder_tree", pk=plan.pk)
    return render(
        request,
        "builder/item_form.html",
        {"form": form, "plan": plan, "item": goal, "kind": _("Strategic goal")},
    )


def builder_objective_form(request, pk: int | None = None, goal_id: int | None = None):
    """A new objective under a goal, or an objective (whose goal may change, in the plan)."""
    require_builder(request.user)
    if pk:
        objective = get_object_or_404(Objective.objects.select_related("plan", "goal"), pk=pk)
        goal, plan = objective.goal, objective.plan
    else:
        objective = None
        goal = get_object_or_404(Goal.objects.select_related("plan"), pk=goal_id)
        plan = goal.plan
    form = ObjectiveForm(
        request.POST or None,
        instance=objective,
        plan=plan,
        initial={"goal": goal.pk, "weight": 1},
    )
    if request.method == "POST" and form.is_valid():
        changes = _changes(form)
        try:
            if objective is None:
                chosen = changes.pop("goal")
                services.objective_create(goal=chosen, by=request.user, fields=changes)
            else:
                services.objective_update(objective=objective, by=request.user, changes=changes)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The objective was saved."))
            return redirect("builder_tree", pk=plan.pk)
    return render(
        request,
        "builder/item_form.html",
        {"form": form, "plan": plan, "item": objective, "kind": _("Objective")},
    )
