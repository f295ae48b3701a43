"""The dimension builder pages (docs/disaggregation.md): a plan's dimensions, and a
dimension with its ordered options. Planning admins only (members 403, outsiders 404);
every write goes through indicators.services.dimensions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from indicators.forms_dimensions import DimensionForm, OptionsForm
from indicators.models import Dimension
from indicators.services import dimensions as services
from plans.errors import Conflict
from plans.forms.org import add_service_errors
from plans.models import StrategicPlan
from plans.permissions import require_builder


def dimension_builder_list(request, plan_id: int):
    """A plan's dimensions with their options, and the form to add one (2 queries)."""
    require_builder(request.user)
    plan = get_object_or_404(StrategicPlan, pk=plan_id)
    form = DimensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dimension = services.dimension_create(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dimension was saved. Add its options now."))
            return redirect("dimension_builder_edit", pk=dimension.pk)
    dimensions = Dimension.objects.filter(plan=plan).prefetch_related("options")
    return render(
        request,
        "builder/dimension_list.html",
        {"plan": plan, "dimensions": dimensions, "form": form},
        status=400 if form.errors else 200,
    )


def dimension_builder_edit(request, pk: int):
    """A dimension: change or delete it, and set its options in order."""
    require_builder(request.user)
    dimension = get_object_or_404(Dimension.objects.select_related("plan"), pk=pk)
    plan = dimension.plan
    action = request.POST.get("action") if request.method == "POST" else None
    refusal = ""
    if action == "delete":
        try:
            services.dimension_delete(dimension=dimension, by=request.user)
        except Conflict as error:
            refusal = error.message
        else:
            messages.success(request, _("The dimension was deleted."))
            return redirect("dimension_builder_list", plan_id=plan.pk)
    form = DimensionForm(
        request.POST if action == "save" else None, initial=DimensionForm.initial_from(dimension)
    )
    if action == "save" and form.is_valid():
        try:
            services.dimension_update(dimension=dimension, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The dimension was saved."))
            return redirect("dimension_builder_edit", pk=dimension.pk)
    options = OptionsForm(
        request.POST if action == "options" else None,
        initial={"options": OptionsForm.text_of(dimension.options.all())},
    )
    if action == "options" and options.is_valid():
        try:
            services.dimension_options_set(
                dimension=dimension, by=request.user, options=options.lines()
            )
        except ValidationError as error:
            for text in error.message_dict.get("options", error.messages):
                options.add_error("options", text)
        except Conflict as error:
            options.add_error("options", error.message)
        else:
            messages.success(request, _("The options were saved."))
            return redirect("dimension_builder_edit", pk=dimension.pk)
    failed = bool(refusal or form.errors or options.errors)
    return render(
        request,
        "builder/dimension_edit.html",
        {
            "dimension": dimension,
            "plan": plan,
            "form": form,
            "options": options,
            "option_rows": list(dimension.options.all()),
            "refusal": refusal,
        },
        status=400 if failed else 200,
    )


def option_targets_builder(request, pk: int):
    """A disaggregated indicator's optional yearly targets per option (options × the plan's
    years), read with the entry page's number parser; empty a cell to remove its target."""
    from indicators.forms_scenarios import read_target_grid
    from indicators.grid import options_by_dimension
    from indicators.models import Indicator, OptionTarget

    require_builder(request.user)
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan", "dimension_1", "dimension_2"), pk=pk
    )
    options_of = options_by_dimension([indicator])
    options = [o for d in indicator.dimensions for o in options_of.get(d.pk, [])]
    years = list(indicator.plan.years)
    stored = {
        (t.option_id, t.year): t.value for t in OptionTarget.objects.filter(indicator=indicator)
    }
    typed, cell_errors, grid_errors = {}, {}, []
    if request.method == "POST":
        cells, cell_errors = read_target_grid(request.POST, options, years)
        if not cell_errors:
            try:
                services.option_targets_save(indicator=indicator, by=request.user, cells=cells)
            except ValidationError as error:
                grid_errors = error.messages
            else:
                messages.success(request, _("The targets by option were saved."))
                return redirect("option_targets_builder", pk=indicator.pk)
        typed = {key: request.POST.get(key, "") for key in request.POST}
    rows = []
    for option in options:
        cells = []
        for year in years:
            name = f"t-{option.pk}-{year}"
            value = stored.get((option.pk, year))
            shown = typed.get(name, "" if value is None else format(value.normalize(), "f"))
            cells.append({"name": name, "year": year, "value": shown,
                          "error": cell_errors.get(name, "")})  # fmt: skip
        rows.append({"option": option, "cells": cells})
    return render(
        request,
        "builder/option_targets.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "years": years,
            "rows": rows,
            "grid_errors": grid_errors,
            "has_cell_errors": bool(cell_errors),
        },  # fmt: skip
        status=400 if (grid_errors or cell_errors) else 200,
    )
