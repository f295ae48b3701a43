"""The scenario builder pages: a plan's scenarios, and a scenario with its target grid (the
plan's indicators × the plan's years). Planning admins only (members 403, outsiders 404);
every write goes through indicators.services.scenarios."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from indicators.forms_scenarios import ScenarioForm, cell_name, read_target_grid
from indicators.models import Scenario
from indicators.selectors.scenarios import plan_scenarios, scenario_grid
from indicators.services import scenarios as scenario_services
from plans.forms.org import add_service_errors
from plans.models import StrategicPlan
from plans.permissions import require_builder


def scenario_builder_list(request, plan_id: int):
    """A plan's scenarios, and the form to add one."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=plan_id)
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = scenario_services.scenario_create(
                by=request.user, plan=plan, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The scenario was saved."))
            return redirect("scenario_builder_edit", pk=scenario.pk)
    return render(
        request,
        "builder/scenario_list.html",
        {"plan": plan, "scenarios": plan_scenarios(plan), "form": form},
        status=400 if form.errors else 200,
    )


def _plain(value) -> str:
    """A stored target as it is typed back: 12.5, not 12.5000."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _grid_rows(indicators, years, values, typed, cell_errors):
    """One row per indicator: its cells with the value shown (as typed after a refused
    submit, as stored otherwise) and the cell's error."""
    rows = []
    for indicator in indicators:
        cells = []
        for year in years:
            name = cell_name(indicator.pk, year)
            stored = values.get((indicator.pk, year))
            shown = typed[name] if name in typed else _plain(stored)
            cells.append({"name": name, "year": year, "value": shown,
                          "error": cell_errors.get(name, "")})  # fmt: skip
        rows.append({"indicator": indicator, "cells": cells})
    return rows


def scenario_builder_edit(request, pk: int):
    """A scenario: change or delete it, and fill its target grid."""
    require_builder(request.user)
    scenario = get_object_or_404(Scenario.objects.select_related("plan"), pk=pk)
    plan = scenario.plan
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "delete":
        scenario_services.scenario_delete(scenario=scenario, by=request.user)
        messages.success(request, _("The scenario was deleted."))
        return redirect("scenario_builder_list", plan_id=plan.pk)
    form = ScenarioForm(
        request.POST if action == "save" else None, initial=ScenarioForm.initial_from(scenario)
    )
    if action == "save" and form.is_valid():
        try:
            scenario_services.scenario_update(
                scenario=scenario, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The scenario was saved."))
            return redirect("scenario_builder_edit", pk=scenario.pk)
    indicators, values = scenario_grid(scenario)
    years = list(plan.years)
    typed, cell_errors, grid_errors = {}, {}, []
    if action == "targets":
        cells, cell_errors = read_target_grid(request.POST, indicators, years)
        if not cell_errors:
            try:
                counts = scenario_services.scenario_targets_save(
                    scenario=scenario, by=request.user, cells=cells
                )
            except ValidationError as error:
                grid_errors = error.messages
            else:
                messages.success(
                    request,
                    _("Targets saved: %(created)s added, %(changed)s changed, %(deleted)s removed.")
                    % counts,
                )
                return redirect("scenario_builder_edit", pk=scenario.pk)
        typed = {cell_name(i.pk, y): request.POST.get(cell_name(i.pk, y), "")
                 for i in indicators for y in years}  # fmt: skip
    return render(
        request,
        "builder/scenario_edit.html",
        {
            "scenario": scenario,
            "plan": plan,
            "form": form,
            "years": years,
            "rows": _grid_rows(indicators, years, values, typed, cell_errors),
            "grid_errors": grid_errors,
            "has_cell_errors": bool(cell_errors),
        },
        status=400 if form.errors or cell_errors or grid_errors else 200,
    )
