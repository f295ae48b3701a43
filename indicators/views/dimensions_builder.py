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
