"""Admin for indicators, targets and entries. Targets are set through the service, so
every change made here is kept as a revision with its reason."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators.models import (
    ApprovedValue,
    EntryEvent,
    Indicator,
    ProgressEntry,
    Target,
    TargetRevision,
)
from indicators.services import target_set
from plans.admin import MarsadAdmin, MarsadInline, ReadOnlyAdmin, ReadOnlyInline, TrailInline


class TargetInlineForm(forms.ModelForm):
    reason = forms.CharField(label=_("reason for a revision"), required=False)

    class Meta:
        model = Target
        fields = ["year", "quarter", "value"]


class TargetAdminForm(TargetInlineForm):
    class Meta(TargetInlineForm.Meta):
        fields = ["indicator", "year", "quarter", "value"]


class TargetInline(MarsadInline, admin.TabularInline):
    model = Target
    form = TargetInlineForm
    extra = 0
    fields = ["year", "quarter", "value", "reason"]


@admin.register(Indicator)
class IndicatorAdmin(MarsadAdmin):
    list_display = [
        "code",
        "title_ar",
        "unit",
        "measure",
        "direction",
        "aggregation",
        "method",
        "weight",
    ]
    list_filter = ["plan", "measure", "direction", "aggregation", "method", "unit"]
    search_fields = ["code", "title_ar", "title_en"]
    list_select_related = ["unit"]
    autocomplete_fields = ["objective", "unit"]
    inlines = [TargetInline]

    def save_model(self, request, obj, form, change):
        obj.plan_id = obj.objective.plan_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Target:
            return super().save_formset(request, form, formset, change)
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk:
                inline_form.instance.delete()
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if inline_form.instance.pk and (
                data["year"] != inline_form.initial.get("year")
                or data["quarter"] != inline_form.initial.get("quarter")
            ):
                inline_form.instance.delete()
            target_set(
                indicator=form.instance,
                year=data["year"],
                quarter=data["quarter"],
                value=data["value"],
                by=request.user,
                reason=data.get("reason", ""),
            )
        return None


class TargetRevisionInline(MarsadInline, admin.TabularInline):
    model = TargetRevision
    extra = 0
    fields = ["old_value", "new_value", "reason", "changed_by", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(MarsadAdmin):
    list_display = ["indicator", "year", "quarter", "value"]
    list_filter = ["indicator__plan", "year", "quarter"]
    search_fields = ["indicator__code", "indicator__title_ar"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]
    form = TargetAdminForm
    inlines = [TargetRevisionInline]

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
class ProgressEntryAdmin(MarsadAdmin):
    list_display = ["indicator", "period", "value", "status", "version", "updated_at"]
    list_filter = ["status", "period__plan", "period__year", "period__quarter"]
    search_fields = ["indicator__code", "indicator__title_ar"]
    list_select_related = ["indicator", "period"]
    inlines = [EntryEventInline, ApprovedValueInline]

    # Entries change only through the entry and review pages, which keep the state machine
    # and the audit trail; here they are read.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EntryEvent)
class EntryEventAdmin(ReadOnlyAdmin):
    list_display = ["entry", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["entry", "by"]
