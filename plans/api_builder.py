"""Writing the plan structure through the API: plans, goals, objectives and reporting
periods, with POST, PATCH and DELETE for the planning admin (403 for other members, 404 for
outsiders), through the same services as the builder pages. A period's state changes only
through its ``open``, ``close`` and ``reopen`` actions."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.validators import UniqueValidator

from plans import api as read_api
from plans.api_base import IsMember
from plans.api_org import StrictInput, refuse_unknown, required_text
from plans.models import Goal, Objective, OrgUnit, ReportingPeriod, StrategicPlan
from plans.permissions import is_planning_admin
from plans.services import periods as period_services
from plans.services import structure as services


class PlanningAdminWrites(permissions.BasePermission):
    """Reading is for every member (IsMember); writing for the planning admin (403)."""

    message = gettext_lazy("Only a planning admin can change the plan's structure.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_planning_admin(request.user)


class SafeReference(serializers.PrimaryKeyRelatedField):
    """A reference by id; anything but a whole number is "no such object"."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class InputSerializer(serializers.ModelSerializer):
    """Types and lengths only: every field optional (the service says what is missing, in
    the same words as the pages) and no uniqueness check (the service checks it)."""

    serializer_related_field = SafeReference
    refuses_unknown_fields = True  # read through strict()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]

    def get_validators(self):
        return []


def strict(serializer_class, request, *, partial: bool) -> dict:
    """The request's fields, typed; a field the resource does not know is bad input."""
    serializer = serializer_class(data=request.data, partial=partial)
    refuse_unknown(serializer, request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class WriteMixin:
    """POST, PATCH, DELETE (no PUT) for the planning admin."""

    permission_classes = [IsMember, PlanningAdminWrites]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


ERRORS = {
    400: OpenApiResponse(description="Bad input: `detail` and the messages per field."),
    403: OpenApiResponse(description="Not the planning admin."),
    404: OpenApiResponse(description="No such object, or not a member."),
    409: OpenApiResponse(description="Something depends on it, or the state forbids it."),
}


def _archive(run, item, data, by):
    """Apply ``is_archived`` from a PATCH through the archive service."""
    archived = data.pop("is_archived", None)
    if archived is not None and archived != item.is_archived:
        run(by=by, archived=archived, **{type(item).__name__.lower(): item})


# --- Plans ----------------------------------------------------------------------------------


class PlanOut(read_api.PlanSerializer):
    class Meta(read_api.PlanSerializer.Meta):
        fields = [*read_api.PlanSerializer.Meta.fields, "band_medium", "band_high", "band_critical"]


class PlanInput(InputSerializer):
    class Meta:
        model = StrategicPlan
        fields = list(services.PLAN_FIELDS)


class PlanViewSet(WriteMixin, read_api.PlanViewSet):
    """Strategic plans; the planning admin creates, changes and deletes them (a plan with
    anything in it is not deleted) and generates their reporting periods."""

    serializer_class = PlanOut

    @extend_schema(request=PlanInput, responses={201: PlanOut, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = strict(PlanInput, request, partial=False)
        plan = services.plan_create(by=request.user, fields=data)
        return Response(PlanOut(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanInput, responses={200: PlanOut, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = strict(PlanInput, request, partial=True)
        plan = services.plan_update(plan=plan, by=request.user, changes=data)
        return Response(PlanOut(plan).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        services.plan_delete(plan=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: read_api.PeriodSerializer(many=True), **ERRORS})
    @action(
        detail=True,
        methods=["post"],
        url_path="generate-periods",
        pagination_class=None,
        filter_backends=[],
    )
    def generate_periods(self, request, pk=None):
        """Create the plan's missing reporting periods (every year and quarter, not yet
        open, default dates); answers the periods created (none the second time)."""
        plan = self.get_object()
        created = services.periods_generate(plan=plan, by=request.user)
        return Response(read_api.PeriodSerializer(created, many=True).data)


# --- Goals and objectives -------------------------------------------------------------------


class GoalOut(read_api.GoalSerializer):
    class Meta(read_api.GoalSerializer.Meta):
        fields = [*read_api.GoalSerializer.Meta.fields, "is_archived"]


class GoalInput(InputSerializer):
    plan = SafeReference(queryset=StrategicPlan.objects.all(), required=False)

    class Meta:
        model = Goal
        fields = ["plan", *services.GOAL_FIELDS, "is_archived"]


class GoalViewSet(WriteMixin, read_api.GoalViewSet):
    """A plan's goals; PATCH ``is_archived`` archives or brings one back."""

    serializer_class = GoalOut

    @extend_schema(request=GoalInput, responses={201: GoalOut, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = strict(GoalInput, request, partial=False)
        plan = data.pop("plan", None)
        if plan is None:
            raise serializers.ValidationError({"plan": [_("Choose the plan.")]})
        archived = data.pop("is_archived", False)
        goal = services.goal_create(plan=plan, by=request.user, fields=data)
        if archived:
            goal = services.goal_archive(goal=goal, by=request.user)
        return Response(GoalOut(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GoalInput, responses={200: GoalOut, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        goal = self.get_object()
        data = strict(GoalInput, request, partial=True)
        if "plan" in data and data.pop("plan").pk != goal.plan_id:
            raise serializers.ValidationError({"plan": [_("A goal cannot move to another plan.")]})
        _archive(services.goal_archive, goal, data, request.user)
        goal = services.goal_update(goal=goal, by=request.user, changes=data)
        return Response(GoalOut(goal).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        services.goal_delete(goal=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ObjectiveOut(read_api.ObjectiveSerializer):
    class Meta(read_api.ObjectiveSerializer.Meta):
        fields = [*read_api.ObjectiveSerializer.Meta.fields, "is_archived"]


class ObjectiveInput(InputSerializer):
    goal = SafeReference(queryset=Goal.objects.all(), required=False)
    lead_unit = SafeReference(queryset=OrgUnit.objects.all(), required=False)

    class Meta:
        model = Objective
        fields = [*services.OBJECTIVE_FIELDS, "is_archived"]


class ObjectiveViewSet(WriteMixin, read_api.ObjectiveViewSet):
    """A plan's objectives; PATCH ``goal`` moves one to another goal of the same plan."""

    serializer_class = ObjectiveOut

    @extend_schema(request=ObjectiveInput, responses={201: ObjectiveOut, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = strict(ObjectiveInput, request, partial=False)
        goal = data.pop("goal", None)
        if goal is None:
            raise serializers.ValidationError({"goal": [_("Choose the goal.")]})
        archived = data.pop("is_archived", False)
        objective = services.objective_create(goal=goal, by=request.user, fields=data)
        if archived:
            objective = services.objective_archive(objective=objective, by=request.user)
        return Response(ObjectiveOut(objective).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ObjectiveInput, responses={200: ObjectiveOut, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        objective = self.get_object()
        data = strict(ObjectiveInput, request, partial=True)
        if "goal" in data and data["goal"] is None:
            raise serializers.ValidationError({"goal": [_("Choose the goal.")]})
        _archive(services.objective_archive, objective, data, request.user)
        objective = services.objective_update(objective=objective, by=request.user, changes=data)
        return Response(ObjectiveOut(objective).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        services.objective_delete(objective=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Reporting periods ----------------------------------------------------------------------


class PeriodCreateInput(InputSerializer):
    plan = SafeReference(queryset=StrategicPlan.objects.all(), required=False)

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "year", "quarter", "opens_on", "closes_on"]


class PeriodDatesInput(InputSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["opens_on", "closes_on"]


class ReopenInput(StrictInput):
    reason = required_text(2000, gettext_lazy("Why the period is reopened; kept in its trail."))


class NoInput(StrictInput):
    pass


class PeriodViewSet(WriteMixin, read_api.PeriodViewSet):
    """Reporting periods: created, re-dated and deleted (never opened, empty) by the
    planning admin; the state changes only by POST ``open``, ``close`` and ``reopen``
    (the last with a ``reason``), which keep the period's trail."""

    @extend_schema(request=PeriodCreateInput, responses={201: read_api.PeriodSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = strict(PeriodCreateInput, request, partial=False)
        errors = {
            name: [_("This field is required.")]
            for name in ("plan", "year", "quarter")
            if data.get(name) is None
        }
        if errors:
            raise serializers.ValidationError(errors)
        period = services.period_create(by=request.user, **data)
        return Response(read_api.PeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PeriodDatesInput, responses={200: read_api.PeriodSerializer, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        period = self.get_object()
        if isinstance(request.data, dict) and "state" in request.data:
            raise serializers.ValidationError(
                {"state": [_("The state changes only through the open, close and reopen actions.")]}
            )
        data = strict(PeriodDatesInput, request, partial=True)
        opens_on = data.get("opens_on", period.opens_on)
        closes_on = data.get("closes_on", period.closes_on)
        services.periods_update(
            plan=period.plan, by=request.user, dates={period.pk: (opens_on, closes_on)}
        )
        period.refresh_from_db()
        return Response(read_api.PeriodSerializer(period).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        services.period_delete(period=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _move(self, request, run, input_class=NoInput):
        period = self.get_object()
        data = strict(input_class, request, partial=False)
        period = run(period, data)
        return Response(read_api.PeriodSerializer(period).data)

    @extend_schema(request=NoInput, responses={200: read_api.PeriodSerializer, **ERRORS})
    @action(detail=True, methods=["post"], url_path="open")
    def open_(self, request, pk=None):
        """Open a period that is not yet open."""
        return self._move(
            request,
            lambda period, _data: period_services.period_open(period=period, by=request.user),
        )

    @extend_schema(request=NoInput, responses={200: read_api.PeriodSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close an open period."""
        return self._move(
            request,
            lambda period, _data: period_services.period_close(period=period, by=request.user),
        )

    @extend_schema(request=ReopenInput, responses={200: read_api.PeriodSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed period; ``reason`` is required and kept in its trail."""
        return self._move(
            request,
            lambda period, data: period_services.period_reopen(
                period=period, by=request.user, reason=data.get("reason", "")
            ),
            ReopenInput,
        )
