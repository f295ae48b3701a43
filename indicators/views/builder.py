"""The plan builder's pages of the indicators app: the plan tree with its buttons, an
indicator with its whole target grid (one page, one submit), and an objective's grid of
yearly targets. For the planning admin (plans.views.builder.require_builder)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.forms import IndicatorForm, ObjectiveTargetsForm, TargetGridForm
from indicators.models import Indicator, Target
from indicators.services import structure as indicator_services
from plans.errors import Conflict
from plans.forms.structure import show_service_errors
from plans.models import Goal, Objective, StrategicPlan
from plans.selectors import plan_goals_tree
from plans.services import structure as plan_services
from plans.views.builder import require_builder


def builder_tree(request, pk: int):
    """A plan's goals → objectives → indicators, archived ones included and marked, with
    add, edit, move up and down, archive and delete buttons (5 queries)."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk)
    goals = plan_goals_tree(
        plan, Indicator.objects.select_related("unit").order_by("order", "code"), archived=True
    )
    return render(request, "builder/tree.html", {"plan": plan, "goals": goals})


def _tree_actions(kind: str, item, user, action: str):
    services = {
        "goal": (
            plan_services.goal_move,
            plan_services.goal_archive,
            plan_services.goal_delete,
        ),
        "objective": (
            plan_services.objective_move,
            plan_services.objective_archive,
            plan_services.objective_delete,
        ),
        "indicator": (
            indicator_services.indicator_move,
            indicator_services.indicator_archive,
            indicator_services.indicator_delete,
        ),
    }
    move, archive, delete = services[kind]
    return {
        "up": lambda: move(**{kind: item}, by=user, direction="up"),
        "down": lambda: move(**{kind: item}, by=user, direction="down"),
        "archive": lambda: archive(**{kind: item}, by=user, archived=True),
        "unarchive": lambda: archive(**{kind: item}, by=user, archived=False),
        "delete": lambda: delete(**{kind: item}, by=user),
    }.get(action)


@require_POST
def builder_tree_action(request, pk: int):
    """One button of the tree: move up or down, archive, unarchive or delete an item."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=pk)
    models = {"goal": Goal, "objective": Objective, "indicator": Indicator}
    kind = request.POST.get("kind", "")
    raw_id = request.POST.get("id", "")
    if kind not in models or not raw_id.isdigit():
        return HttpResponseBadRequest(_("Unknown action."))
    item = get_object_or_404(models[kind], pk=int(raw_id), plan=plan)
    run = _tree_actions(kind, item, request.user, request.POST.get("action", ""))
    if run is None:
        return HttpResponseBadRequest(_("Unknown action."))
    try:
        run()
    except Conflict as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(item)s was updated.") % {"item": item.code})
    return redirect(f"{reverse('builder_tree', args=[plan.pk])}#{kind}-{item.pk}")


def builder_indicator(request, pk: int | None = None):
    """An indicator's every field and its whole target grid, saved in one submit: the
    indicator and its targets are written together or not at all."""
    require_builder(request.user)
    if pk:
        indicator = get_object_or_404(Indicator.objects.select_related("plan", "objective"), pk=pk)
        plan, objective = indicator.plan, indicator.objective
        targets = list(Target.objects.filter(indicator=indicator))
    else:
        indicator, targets = None, []
        raw = request.GET.get("objective", "")
        objective = get_object_or_404(
            Objective.objects.select_related("plan"), pk=int(raw) if raw.isdigit() else 0
        )
        plan = objective.plan
    data = request.POST or None
    form = IndicatorForm(data, instance=indicator, plan=plan, initial={"objective": objective.pk})
    grid = TargetGridForm(data, years=plan.years, targets=targets)
    if request.method == "POST" and form.is_valid() & grid.is_valid():
        saved = _save_indicator(request, indicator, form, grid)
        if saved is not None:
            messages.success(request, _("The indicator and its targets were saved."))
            return redirect("builder_indicator", pk=saved.pk)
    return render(
        request,
        "builder/indicator_form.html",
        {"form": form, "grid": grid, "plan": plan, "objective": objective, "item": indicator},
    )


def _save_indicator(request, indicator, form, grid) -> Indicator | None:
    changes = {name: form.cleaned_data[name] for name in form.fields}
    try:
        with transaction.atomic():
            try:
                if indicator is None:
                    objective = changes.pop("objective")
                    indicator = indicator_services.indicator_create(
                        objective=objective, by=request.user, fields=changes
                    )
                else:
                    indicator = indicator_services.indicator_update(
                        indicator=indicator, by=request.user, changes=changes
                    )
            except ValidationError as error:
                show_service_errors(form, error)
                raise
            try:
                indicator_services.indicator_targets_save(
                    indicator=indicator,
                    by=request.user,
                    cells=grid.cells(),
                    reason=grid.cleaned_data.get("reason", ""),
                )
            except ValidationError as error:
                grid.show_errors(error)
                raise
    except ValidationError:
        return None
    return indicator


def builder_objective_targets(request, pk: int):
    """The yearly targets of every indicator of an objective, in one grid (4 queries)."""
    require_builder(request.user)
    objective = get_object_or_404(Objective.objects.select_related("plan", "goal"), pk=pk)
    indicators = list(
        Indicator.objects.filter(objective=objective, is_archived=False).order_by("order", "code")
    )
    targets = Target.objects.filter(indicator__in=indicators, quarter=None)
    form = ObjectiveTargetsForm(
        request.POST or None,
        indicators=indicators,
        years=objective.plan.years,
        targets=list(targets),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = indicator_services.objective_targets_save(
                objective=objective,
                by=request.user,
                cells=form.cells(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            form.show_errors(error)
        else:
            messages.success(request, _("%(count)s targets were saved.") % {"count": saved.count})
            return redirect("builder_objective_targets", pk=objective.pk)
    return render(
        request,
        "builder/objective_targets.html",
        {"objective": objective, "plan": objective.plan, "form": form},
    )
