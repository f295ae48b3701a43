"""Admin for indicators, targets, scenarios and entries. Targets are set through the service,
so every change made here is kept as a revision with its reason; entries are read-only (the
entry and review pages keep their state machine and trail). Refusals are form errors."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import (
    ApprovedValue,
    EntryEvent,
    Indicator,
    ProgressEntry,
    Scenario,
    ScenarioTarget,
    Target,
    TargetRevision,
)
from indicators.services.targets import target_check, target_set
from plans.admin import (
    MarsadAdmin,
    MarsadInline,
    PlanFixedOnChange,
    ReadOnlyAdmin,
    ReadOnlyInline,
    SamePlanForm,
    TrailInline,
    YearInPlanForm,
    service_errors_on,
)
from plans.models import StrategicPlan


def _with_plan(indicator: Indicator | None) -> Indicator | None:
    """The indicator with its plan known, also before it is first saved (the plan follows
    the objective); None while it has no objective yet."""
    if indicator is None:
        return None
    if indicator.plan_id is None:
        if indicator.objective_id is None:
            return None
        indicator.plan_id = indicator.objective.plan_id
    return indicator


class TargetFormBase(SamePlanForm):
    """Checks what target_set checks, so that a refusal is a form error: a year outside the
    plan, a revised value without a reason. A target's year and quarter are fixed once it
    exists (set another year's target instead)."""

    reason = forms.CharField(label=gettext_lazy("reason for a revision"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in ("indicator", "year", "quarter"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def target_indicator(self, data) -> Indicator | None:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        indicator = _with_plan(self.target_indicator(data))
        year, value = data.get("year"), data.get("value")
        if indicator is None or year is None or value is None or self.errors:
            return data
        quarter = data.get("quarter")
        if self.instance.pk is not None:
            current = self.instance.value
        elif indicator.pk is not None:
            existing = Target.objects.filter(indicator=indicator, year=year, quarter=quarter)
            current = existing.values_list("value", flat=True).first()
        else:
            current = None
        try:
            target_check(
                indicator=indicator,
                year=year,
                quarter=quarter,
                revised=current is not None and current != value,
                reason=data.get("reason", ""),
            )
        except ValidationError as error:
            service_errors_on(self, error)
        return data


class TargetInlineForm(TargetFormBase):
    class Meta:
        model = Target
        fields = ["year", "quarter", "value"]

    def target_indicator(self, data):
        return self.parent_instance


class TargetAdminForm(TargetFormBase):
    class Meta:
        model = Target
        fields = ["indicator", "year", "quarter", "value"]

    def target_indicator(self, data):
        return data.get("indicator") or (self.instance.indicator if self.instance.pk else None)


class TargetInline(MarsadInline, admin.TabularInline):
    model = Target
    form = TargetInlineForm
    extra = 0
    fields = ["year", "quarter", "value", "reason"]
    # A target is revised (with its reason), not deleted: the revisions are its history.
    can_delete = False


class IndicatorAdminForm(SamePlanForm):
    def clean(self):
        data = super().clean()
        predecessor, objective = data.get("predecessor"), data.get("objective")
        if predecessor is not None and objective is not None:
            plan = StrategicPlan.objects.get(pk=objective.plan_id)
            if predecessor.plan_id == plan.pk or predecessor.plan.first_year >= plan.first_year:
                self.add_error(
                    "predecessor", _("An indicator continues an indicator of an earlier plan.")
                )
        return data


@admin.register(Indicator)
class IndicatorAdmin(MarsadAdmin):
    form = IndicatorAdminForm
    list_display = [
        "code",
        "title_ar",
        "plan",
        "unit",
        "measure",
        "direction",
        "aggregation",
        "method",
        "weight",
    ]
    list_filter = ["plan", "measure", "direction", "aggregation", "method", "unit"]
    search_fields = ["code", "title_ar", "title_en", "plan__code"]
    list_select_related = ["plan", "unit"]
    autocomplete_fields = ["objective", "unit", "predecessor"]
    inlines = [TargetInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")

    def save_model(self, request, obj, form, change):
        obj.plan_id = obj.objective.plan_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Target:
            return super().save_formset(request, form, formset, change)
        # Every target goes through the service (and its revision); the admin's change
        # message reads these three lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            existed = inline_form.instance.pk is not None
            target = target_set(
                indicator=form.instance,
                year=data["year"],
                quarter=data["quarter"],
                value=data["value"],
                by=request.user,
                reason=data.get("reason", ""),
            )
            if existed:
                formset.changed_objects.append((target, inline_form.changed_data))
            else:
                formset.new_objects.append(target)
        return None


class TargetRevisionInline(ReadOnlyInline, admin.TabularInline):
    model = TargetRevision
    extra = 0
    fields = ["old_value", "new_value", "reason", "changed_by", "changed_at"]
    readonly_fields = fields


@admin.register(Target)
class TargetAdmin(MarsadAdmin):
    list_display = ["indicator", "year", "quarter", "value"]
    list_filter = ["indicator__plan", "year", "quarter"]
    search_fields = ["indicator__code", "indicator__title_ar"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]
    form = TargetAdminForm
    inlines = [TargetRevisionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # revised with a reason, never deleted here

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = target_set(
            indicator=data["indicator"],
            year=data["year"],
            quarter=data["quarter"],
            value=data["value"],
            by=request.user,
            reason=data.get("reason", ""),
        )
        obj.pk = saved.pk


class EntryEventInline(TrailInline):
    model = EntryEvent


class ApprovedValueInline(ReadOnlyInline, admin.TabularInline):
    model = ApprovedValue
    fields = ["value", "numerator", "denominator", "approved_by", "approved_at", "superseded_at"]
    readonly_fields = fields


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ReadOnlyAdmin):
    """Entries change only through the entry and review pages, which keep the state machine
    and the audit trail; here they are read."""

    list_display = ["indicator", "period", "value", "status", "version", "updated_at"]
    list_filter = ["status", "period__plan", "period__year", "period__quarter"]
    search_fields = ["indicator__code", "indicator__title_ar"]
    list_select_related = ["indicator", "period"]
    inlines = [EntryEventInline, ApprovedValueInline]


# --- Scenarios --------------------------------------------------------------------------------


class ScenarioTargetForm(YearInPlanForm):
    class Meta:
        model = ScenarioTarget
        fields = ["scenario", "indicator", "year", "value"]


class ScenarioTargetInline(MarsadInline, admin.TabularInline):
    """A scenario's targets, one per indicator and year, each checked against the scenario's
    plan (its indicators, its years); the full grid is on the scenario pages."""

    model = ScenarioTarget
    form = ScenarioTargetForm
    extra = 0
    fields = ["indicator", "year", "value"]
    autocomplete_fields = ["indicator"]


@admin.register(Scenario)
class ScenarioAdmin(PlanFixedOnChange, MarsadAdmin):
    list_display = ["code", "name_ar", "name_en", "plan", "order"]
    list_filter = ["plan"]
    search_fields = ["code", "name_ar", "name_en", "plan__code"]
    list_select_related = ["plan"]
    inlines = [ScenarioTargetInline]


@admin.register(ScenarioTarget)
class ScenarioTargetAdmin(MarsadAdmin):
    form = ScenarioTargetForm
    list_display = ["scenario", "indicator", "year", "value"]
    list_filter = ["scenario__plan", "scenario", "year"]
    search_fields = ["indicator__code", "scenario__code"]
    list_select_related = ["scenario", "indicator"]
    autocomplete_fields = ["scenario", "indicator"]


@admin.register(EntryEvent)
class EntryEventAdmin(ReadOnlyAdmin):
    list_display = ["entry", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["entry", "by"]
