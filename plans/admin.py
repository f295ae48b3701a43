"""The Django admin, for the planning admin to build a plan: search, filters, inlines."""

from django.contrib import admin
from django.db.models import F

from plans.history import record_name_change
from plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    Goal,
    Membership,
    NameRecord,
    Objective,
    OrgUnit,
    PeriodEvent,
    ReportingPeriod,
    StrategicPlan,
)
from plans.permissions import can_use_admin
from plans.services import plan_touch


def admin_site_permission(request) -> bool:
    """Planning admins (and superusers) use the admin; nobody else does."""
    user = request.user
    return user.is_active and (user.is_superuser or (user.is_staff and can_use_admin(user)))


def _touch_plans_of(obj) -> None:
    """Every admin change can move scores: mark the plan (or, for the organisation tree,
    every plan) as changed so that cached dashboards and reports are recomputed."""
    for path in (
        "plan_id",
        "indicator.plan_id",
        "action_plan.plan_id",
        "activity.action_plan.plan_id",
        "period.plan_id",
    ):
        value = obj
        for name in path.split("."):
            value = getattr(value, name, None)
        if value is not None:
            plan_touch(value)
            return
    if isinstance(obj, StrategicPlan):
        plan_touch(obj.pk)
    elif isinstance(obj, OrgUnit):
        StrategicPlan.objects.update(revision=F("revision") + 1)


class MarsadAdmin(admin.ModelAdmin):
    """Rights come from the Marsad role, not from Django's per-model permissions."""

    def save_model(self, request, obj, form, change):
        if change:
            record_name_change(obj, by=request.user)  # names have a history
        super().save_model(request, obj, form, change)
        _touch_plans_of(obj)

    def save_formset(self, request, form, formset, change):
        # Goals and objectives renamed inline keep their former names too.
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed():
                record_name_change(inline_form.instance, by=request.user)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _touch_plans_of(form.instance)

    def delete_model(self, request, obj):
        _touch_plans_of(obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        StrategicPlan.objects.update(revision=F("revision") + 1)
        super().delete_queryset(request, queryset)

    def _allowed(self, request) -> bool:
        return admin_site_permission(request)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class MarsadInline:
    def has_view_permission(self, request, obj=None):
        return admin_site_permission(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


class MembershipInline(MarsadInline, admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(OrgUnit)
class OrgUnitAdmin(MarsadAdmin):
    list_display = ["code", "name_ar", "name_en", "kind", "parent", "order"]
    list_filter = ["kind"]
    search_fields = ["code", "name_ar", "name_en"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(MarsadAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "unit__name_ar", "unit__name_en", "unit__code"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["unit"]


class GoalInline(MarsadInline, admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["code", "title_ar", "title_en", "weight", "order"]
    show_change_link = True


class PeriodInline(MarsadInline, admin.TabularInline):
    model = ReportingPeriod
    extra = 0
    fields = ["year", "quarter", "state", "opens_on", "closes_on"]


@admin.register(StrategicPlan)
class StrategicPlanAdmin(MarsadAdmin):
    list_display = ["code", "name_ar", "first_year", "last_year", "status", "is_illustrative"]
    list_filter = ["status", "is_illustrative"]
    search_fields = ["code", "name_ar", "name_en"]
    inlines = [GoalInline, PeriodInline]


class ObjectiveInline(MarsadInline, admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["code", "title_ar", "title_en", "lead_unit", "weight", "order"]
    autocomplete_fields = ["lead_unit"]
    show_change_link = True


@admin.register(Goal)
class GoalAdmin(MarsadAdmin):
    list_display = ["code", "title_ar", "title_en", "plan", "weight", "order"]
    list_filter = ["plan"]
    search_fields = ["code", "title_ar", "title_en"]
    list_select_related = ["plan"]
    inlines = [ObjectiveInline]

    def save_formset(self, request, form, formset, change):
        # Objectives carry their goal's plan (for codes unique within a plan).
        for inline_form in formset.forms:
            if isinstance(inline_form.instance, Objective):
                inline_form.instance.plan_id = form.instance.plan_id
        super().save_formset(request, form, formset, change)


@admin.register(Objective)
class ObjectiveAdmin(MarsadAdmin):
    list_display = ["code", "title_ar", "title_en", "goal", "lead_unit", "weight"]
    list_filter = ["plan", "goal", "lead_unit"]
    search_fields = ["code", "title_ar", "title_en"]
    list_select_related = ["goal", "lead_unit"]
    autocomplete_fields = ["goal", "lead_unit"]

    def save_model(self, request, obj, form, change):
        obj.plan_id = obj.goal.plan_id
        super().save_model(request, obj, form, change)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(MarsadAdmin):
    list_display = ["plan", "year", "quarter", "state", "opens_on", "closes_on"]
    list_filter = ["plan", "state", "year"]
    search_fields = ["plan__code", "plan__name_ar"]
    list_select_related = ["plan"]


@admin.register(PeriodEvent)
class PeriodEventAdmin(MarsadAdmin):
    list_display = ["period", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["period", "by"]

    # The trail is read-only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActivityInline(MarsadInline, admin.TabularInline):
    model = Activity
    extra = 0
    fields = [
        "code",
        "title_ar",
        "objective",
        "owner_ar",
        "planned_start",
        "planned_end",
        "weight",
        "budget_planned",
        "budget_spent",
    ]
    autocomplete_fields = ["objective"]
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(MarsadAdmin):
    list_display = ["title_ar", "unit", "year", "plan"]
    list_filter = ["plan", "year", "unit"]
    search_fields = ["title_ar", "title_en", "unit__name_ar", "unit__code"]
    list_select_related = ["unit", "plan"]
    autocomplete_fields = ["unit"]
    inlines = [ActivityInline]


class ActivityProgressInline(MarsadInline, admin.TabularInline):
    model = ActivityProgress
    extra = 0
    fields = ["period", "percent_complete", "status", "comment"]


@admin.register(Activity)
class ActivityAdmin(MarsadAdmin):
    list_display = ["code", "title_ar", "action_plan", "planned_start", "planned_end", "weight"]
    list_filter = ["action_plan__plan", "action_plan__year", "action_plan__unit"]
    search_fields = ["code", "title_ar", "title_en", "owner_ar"]
    list_select_related = ["action_plan"]
    autocomplete_fields = ["objective", "action_plan"]
    inlines = [ActivityProgressInline]


@admin.register(ActivityProgress)
class ActivityProgressAdmin(MarsadAdmin):
    list_display = ["activity", "period", "percent_complete", "status"]
    list_filter = ["status", "period__year", "period__quarter"]
    search_fields = ["activity__code", "activity__title_ar"]
    list_select_related = ["activity", "period"]


@admin.register(NameRecord)
class NameRecordAdmin(MarsadAdmin):
    """Former names, kept when a name changes; read here, never edited."""

    list_display = ["kind", "object_id", "name_ar", "name_en", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_en"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
