"""The Django admin, a superuser's tool beside the plan pages: search, filters, inlines.

Writes that a service owns go through it (targets, period states) or are shown read-only
(entries, activity progress, risk assessments, trails); every refusal is a form error,
never a 500 (docs/admin.md). Every reference stays inside one plan: pickers label items
with their plan's code and the forms refuse a choice from another plan.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.errors import Conflict
from plans.history import record_name_change
from plans.models import (
    ActionPlan,
    Activity,
    ActivityProgress,
    ActivityProgressEvent,
    Goal,
    MailDelivery,
    Membership,
    NameRecord,
    Narrative,
    NarrativeEvent,
    Objective,
    OrgUnit,
    PeriodEvent,
    ReportingPeriod,
    Risk,
    RiskAction,
    RiskAssessment,
    RiskAssessmentEvent,
    StrategicPlan,
)
from plans.permissions import can_use_admin
from plans.services import plan_touch
from plans.services.periods import check_year_in_plan, period_close, period_open

# Where a row finds its plan, nearest first.
PLAN_PATHS = (
    "plan_id",
    "indicator.plan_id",
    "action_plan.plan_id",
    "activity.action_plan.plan_id",
    "period.plan_id",
    "risk.plan_id",
    "scenario.plan_id",
    "goal.plan_id",
    "objective.plan_id",
)


def plan_id_of(obj) -> int | None:
    """The id of the plan a row belongs to, through its nearest reference (None if unset)."""
    if isinstance(obj, StrategicPlan):
        return obj.pk
    for path in PLAN_PATHS:
        value = obj
        for name in path.split("."):
            value = getattr(value, name, None)
        if value is not None:
            return value
    return None


def has_plan(model) -> bool:
    return model is not StrategicPlan and any(f.name == "plan" for f in model._meta.fields)


def plan_label(obj) -> str:
    """An item as pickers show it: with its plan's code, so that plans cannot be mixed up."""
    return f"{obj} · {obj.plan.code}" if has_plan(type(obj)) else str(obj)


class PlanLabelledAutocomplete(AutocompleteJsonView):
    """The admin's autocomplete, with every item labelled with its plan's code."""

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.select_related("plan") if has_plan(queryset.model) else queryset

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": plan_label(obj)}


def autocomplete_view(request):
    return PlanLabelledAutocomplete.as_view(admin_site=admin.site)(request)


def _label_with_plan(field):
    if field is not None and has_plan(field.queryset.model):
        field.queryset = field.queryset.select_related("plan")
        field.label_from_instance = plan_label
    return field


class PlanLabels:
    """Foreign-key and many-to-many pickers labelled with the plan of each item."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _label_with_plan(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _label_with_plan(super().formfield_for_manytomany(db_field, request, **kwargs))


# References to items of a plan, the containers first: the first one chosen fixes the plan
# that the others must share.
PLAN_REFERENCES = (
    "action_plan",
    "scenario",
    "risk",
    "activity",
    "goal",
    "indicator",
    "objective",
    "objectives",
    "period",
)


class SamePlanForm(forms.ModelForm):
    """A model form that refuses, as a form error, a choice from another plan than the
    row's (its own plan, its inline parent's, or else the first reference chosen), and a
    code already used in that plan when the plan is not a field of the form."""

    parent_instance = None  # the inline's parent, set by SamePlanInlineFormSet

    def plan_id(self, data) -> int | None:
        if data.get("plan") is not None:
            return data["plan"].pk
        if self.parent_instance is not None:
            return plan_id_of(self.parent_instance)
        if self.instance.pk is not None:
            return plan_id_of(self.instance)
        return None

    def clean(self):
        data = super().clean()
        plan_id = self.plan_id(data)
        for name in PLAN_REFERENCES:
            if name not in self.fields or not data.get(name):
                continue
            chosen = data[name]
            items = list(chosen) if hasattr(chosen, "model") else [chosen]
            for item in items:
                item_plan = plan_id_of(item)
                if plan_id is None:
                    plan_id = item_plan
                elif item_plan is not None and item_plan != plan_id:
                    plan = StrategicPlan.objects.filter(pk=plan_id).first()
                    self.add_error(
                        name,
                        _("%(item)s belongs to another plan than %(plan)s.")
                        % {"item": plan_label(item), "plan": plan.code if plan else "—"},
                    )
                    break
        self.cleaned_plan_id = plan_id
        model = self._meta.model
        if (
            plan_id is not None
            and "code" in self.fields
            and data.get("code")
            and has_plan(model)
            and "plan" not in self.fields
            and model.objects.filter(plan_id=plan_id, code=data["code"])
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("code", _("This code is already used in the plan."))
        return data


class SamePlanInlineFormSet(BaseInlineFormSet):
    """Tells each inline form its parent, whose plan the form's choices must share."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.parent_instance = self.instance
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.parent_instance = self.instance
        return form


def service_errors_on(form, error) -> None:
    """A service's refusal as form errors: per field where the form has the field."""
    if isinstance(error, Conflict):
        form.add_error(None, error.message)
    elif isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or _("You cannot do this."))
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def admin_site_permission(request) -> bool:
    """Planning admins (and superusers) use the admin; nobody else does."""
    user = request.user
    return user.is_active and (user.is_superuser or (user.is_staff and can_use_admin(user)))


def _touch_plans_of(obj) -> None:
    """Every admin change can move scores: mark the plan (or, for the organisation tree,
    every plan) as changed so that cached dashboards and reports are recomputed."""
    plan_id = plan_id_of(obj)
    if plan_id is not None:
        plan_touch(plan_id)
    elif isinstance(obj, OrgUnit):
        StrategicPlan.objects.update(revision=F("revision") + 1)


class MarsadAdmin(PlanLabels, admin.ModelAdmin):
    """Rights come from the Marsad role, not from Django's per-model permissions."""

    form = SamePlanForm

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


class MarsadInline(PlanLabels):
    form = SamePlanForm
    formset = SamePlanInlineFormSet

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


class ReadOnlyAdmin(MarsadAdmin):
    """What a service owns, with its state machine and trail: shown, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(MarsadInline):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanFixedOnChange:
    """A row's plan is chosen when it is created; moving it (and all that hangs on it) to
    another plan is not an edit."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "plan"] if obj is not None and "plan" not in fields else fields


class YearInPlanForm(SamePlanForm):
    """A row with a year that must lie inside its plan's years (period, action plan)."""

    def clean(self):
        data = super().clean()
        if isinstance(self.parent_instance, StrategicPlan):
            plan = self.parent_instance  # with the years just typed on the plan's form
        else:
            plan = StrategicPlan.objects.filter(pk=self.cleaned_plan_id).first()
        if plan is not None and "year" in self.fields:
            try:
                check_year_in_plan(plan, data.get("year"))
            except ValidationError as error:
                service_errors_on(self, error)
        return data


class GoalInline(MarsadInline, admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["code", "title_ar", "title_en", "weight", "order"]
    show_change_link = True


class PeriodInline(MarsadInline, admin.TabularInline):
    model = ReportingPeriod
    form = YearInPlanForm
    extra = 0
    fields = ["year", "quarter", "state", "opens_on", "closes_on"]
    # A period's state changes only through opening, closing and reopening (with the trail).
    readonly_fields = ["state"]


class StrategicPlanForm(SamePlanForm):
    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if self.instance.pk is None or first is None or last is None or first > last:
            return data
        # The plan's years must still hold what is recorded in them (the database refuses a
        # year outside the plan only where the row is written).
        outside = Q(year__lt=first) | Q(year__gt=last)
        this_plan = StrategicPlan.objects.filter(pk=self.instance.pk)
        for label, rows in (
            (_("reporting periods"), ReportingPeriod.objects.filter(plan=self.instance)),
            (_("action plans"), ActionPlan.objects.filter(plan=self.instance)),
            (
                _("targets"),
                this_plan.filter(
                    Q(indicators__targets__year__lt=first) | Q(indicators__targets__year__gt=last)
                ),
            ),
        ):
            if (rows if rows.model is StrategicPlan else rows.filter(outside)).exists():
                self.add_error(
                    None, _("The plan has %(what)s outside these years.") % {"what": label}
                )
        return data


@admin.register(StrategicPlan)
class StrategicPlanAdmin(MarsadAdmin):
    form = StrategicPlanForm
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
class GoalAdmin(PlanFixedOnChange, MarsadAdmin):
    list_display = ["code", "title_ar", "title_en", "plan", "weight", "order"]
    list_filter = ["plan"]
    search_fields = ["code", "title_ar", "title_en", "plan__code"]
    list_select_related = ["plan"]
    inlines = [ObjectiveInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")

    def save_formset(self, request, form, formset, change):
        # Objectives carry their goal's plan (for codes unique within a plan).
        for inline_form in formset.forms:
            if isinstance(inline_form.instance, Objective):
                inline_form.instance.plan_id = form.instance.plan_id
        super().save_formset(request, form, formset, change)


@admin.register(Objective)
class ObjectiveAdmin(MarsadAdmin):
    list_display = ["code", "title_ar", "title_en", "plan", "goal", "lead_unit", "weight"]
    list_filter = ["plan", "goal", "lead_unit"]
    search_fields = ["code", "title_ar", "title_en", "plan__code"]
    list_select_related = ["plan", "goal", "lead_unit"]
    autocomplete_fields = ["goal", "lead_unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")

    def save_model(self, request, obj, form, change):
        obj.plan_id = obj.goal.plan_id
        super().save_model(request, obj, form, change)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PlanFixedOnChange, MarsadAdmin):
    form = YearInPlanForm
    list_display = ["plan", "year", "quarter", "state", "opens_on", "closes_on"]
    list_filter = ["plan", "state", "year"]
    search_fields = ["plan__code", "plan__name_ar"]
    list_select_related = ["plan"]
    # A period's state changes only through opening and closing (the actions below) and
    # reopening with a reason (on the periods page), each kept in the period's trail.
    readonly_fields = ["state"]
    actions = ["open_periods", "close_periods"]

    def _move(self, request, queryset, service, done):
        moved = 0
        for period in queryset:
            try:
                service(period=period, by=request.user)
            except (Conflict, PermissionDenied) as error:
                message = error.message if isinstance(error, Conflict) else str(error)
                self.message_user(request, f"{period}: {message}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(request, done % {"count": moved}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Open the selected periods for entry"))
    def open_periods(self, request, queryset):
        self._move(request, queryset, period_open, _("Periods opened: %(count)s."))

    @admin.action(description=gettext_lazy("Close the selected periods"))
    def close_periods(self, request, queryset):
        self._move(request, queryset, period_close, _("Periods closed: %(count)s."))
        self.message_user(
            request,
            _("A closed period is reopened, with a reason, on the plan's periods page."),
            messages.INFO,
        )


@admin.register(PeriodEvent)
class PeriodEventAdmin(ReadOnlyAdmin):
    list_display = ["period", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["period", "by"]


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
class ActionPlanAdmin(PlanFixedOnChange, MarsadAdmin):
    form = YearInPlanForm
    list_display = ["title_ar", "unit", "year", "plan"]
    list_filter = ["plan", "year", "unit"]
    search_fields = ["title_ar", "title_en", "unit__name_ar", "unit__code", "plan__code"]
    list_select_related = ["unit", "plan"]
    autocomplete_fields = ["unit"]
    inlines = [ActivityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")


class ActivityProgressInline(ReadOnlyInline, admin.TabularInline):
    model = ActivityProgress
    extra = 0
    fields = ["period", "percent_complete", "status", "comment", "review_status", "version"]
    readonly_fields = fields


@admin.register(Activity)
class ActivityAdmin(MarsadAdmin):
    list_display = ["code", "title_ar", "action_plan", "planned_start", "planned_end", "weight"]
    list_filter = ["action_plan__plan", "action_plan__year", "action_plan__unit"]
    search_fields = ["code", "title_ar", "title_en", "owner_ar"]
    list_select_related = ["action_plan"]
    autocomplete_fields = ["objective", "action_plan"]
    inlines = [ActivityProgressInline]


class TrailInline(ReadOnlyInline, admin.TabularInline):
    fields = ["action", "old_value", "new_value", "changes", "comment", "late", "self_approved",
              "by", "at"]  # fmt: skip
    readonly_fields = fields


class ActivityProgressEventInline(TrailInline):
    model = ActivityProgressEvent


class RiskAssessmentEventInline(TrailInline):
    model = RiskAssessmentEvent


@admin.register(ActivityProgress)
class ActivityProgressAdmin(ReadOnlyAdmin):
    list_display = ["activity", "period", "percent_complete", "status", "review_status"]
    list_filter = ["status", "review_status", "period__year", "period__quarter"]
    search_fields = ["activity__code", "activity__title_ar"]
    list_select_related = ["activity", "period"]
    inlines = [ActivityProgressEventInline]


class NarrativeEventInline(TrailInline):
    model = NarrativeEvent


@admin.register(Narrative)
class NarrativeAdmin(ReadOnlyAdmin):
    """Narratives are written on the entry page and reviewed on the review page (their
    services keep the state machine); here they are read."""

    list_display = ["objective", "unit", "period", "status", "version"]
    list_filter = ["status", "period__year", "period__quarter"]
    search_fields = ["objective__code", "achievements_ar", "achievements_en"]
    list_select_related = ["objective", "unit", "period"]
    inlines = [NarrativeEventInline]


@admin.register(NarrativeEvent)
class NarrativeEventAdmin(ReadOnlyAdmin):
    list_display = ["narrative", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["narrative", "by"]


# --- Risks and threats --------------------------------------------------------------------


class RiskActionInline(MarsadInline, admin.TabularInline):
    model = RiskAction
    extra = 0
    fields = ["title_ar", "title_en", "owner_ar", "owner_en", "due_on", "status"]


class RiskAssessmentInline(ReadOnlyInline, admin.TabularInline):
    model = RiskAssessment
    extra = 0
    fields = ["period", "likelihood", "impact", "status", "note", "assessed_by", "reviewed_by"]
    readonly_fields = fields


@admin.register(Risk)
class RiskAdmin(PlanFixedOnChange, MarsadAdmin):
    list_display = ["code", "title_ar", "plan", "kind", "category", "likelihood", "impact"]
    list_filter = ["plan", "kind", "category", "status"]
    search_fields = ["code", "title_ar", "title_en", "plan__code"]
    list_select_related = ["plan", "unit"]
    autocomplete_fields = ["unit", "objectives"]
    inlines = [RiskActionInline, RiskAssessmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan")


@admin.register(RiskAction)
class RiskActionAdmin(MarsadAdmin):
    list_display = ["title_ar", "risk", "due_on", "status"]
    list_filter = ["status", "risk__plan"]
    search_fields = ["title_ar", "title_en", "risk__code"]
    list_select_related = ["risk"]
    autocomplete_fields = ["risk"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyAdmin):
    """Assessments are saved, submitted and reviewed on the risk's page (its services keep
    the state machine); here they are read."""

    list_display = ["risk", "period", "likelihood", "impact", "status", "version"]
    list_filter = ["status", "period__year", "period__quarter"]
    search_fields = ["risk__code", "risk__title_ar"]
    list_select_related = ["risk", "period"]
    inlines = [RiskAssessmentEventInline]


@admin.register(ActivityProgressEvent)
class ActivityProgressEventAdmin(ReadOnlyAdmin):
    list_display = ["progress", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["progress", "by"]


@admin.register(RiskAssessmentEvent)
class RiskAssessmentEventAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "action", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["assessment", "by"]


@admin.register(NameRecord)
class NameRecordAdmin(ReadOnlyAdmin):
    """Former names, kept when a name changes; read here, never edited."""

    list_display = ["kind", "object_id", "name_ar", "name_en", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_en"]


@admin.register(MailDelivery)
class MailDeliveryAdmin(MarsadAdmin):
    """Every email and how its delivery went; failed ones first in the filter. The record is
    read-only; "Try again now" sends the chosen ones at once."""

    list_display = ["subject", "recipient_list", "status", "attempts", "next_attempt_at",
                    "created_at", "sent_at"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["subject", "last_error"]
    readonly_fields = ["subject", "body", "from_email", "recipients", "status", "attempts",
                       "last_error", "next_attempt_at", "created_at", "sent_at"]  # fmt: skip
    actions = ["retry_now"]

    @admin.display(description=gettext_lazy("recipients"))
    def recipient_list(self, delivery):
        return ", ".join(delivery.recipients)

    @admin.action(description=gettext_lazy("Try again now"))
    def retry_now(self, request, queryset):
        from plans.mail import mail_deliver

        ids = list(queryset.exclude(status=MailDelivery.Status.SENT).values_list("pk", flat=True))
        MailDelivery.objects.filter(pk__in=ids).update(status=MailDelivery.Status.RETRYING)
        sent = mail_deliver(ids, retry=True)
        self.message_user(
            request, _("%(sent)d of %(total)d sent.") % {"sent": sent, "total": len(ids)}
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
