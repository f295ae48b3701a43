"""The plans app in the API: units, plans, goals, objectives, periods, action plans,
activities and risks. Units, action plans, activities, risks and their mitigation actions
are written by the planning admin through plans.api_org (the same services as the pages)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from plans import filters, services
from plans.api_base import IsMember
from plans.api_org import (
    ActionPlanChange,
    ActionPlanCreate,
    ActionPlanWrites,
    ActivityChange,
    ActivityCreate,
    ActivityWrites,
    RiskChangeWithReason,
    RiskCreate,
    RiskWrites,
    StrictInput,
    UnitInput,
    UnitWrites,
    documented,
    late_reason_field,
)
from plans.models import (
    ActionPlan,
    Activity,
    Goal,
    Objective,
    OrgUnit,
    ReportingPeriod,
    Risk,
    RiskAction,
    RiskAssessment,
    StrategicPlan,
)
from plans.permissions import visible_risks, visible_unit_ids


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name_ar", "name_en", "kind", "parent", "order", "email"]


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategicPlan
        fields = [
            "id", "code", "name_ar", "name_en", "vision_ar", "vision_en", "mission_ar",
            "mission_en", "first_year", "last_year", "status", "green_threshold",
            "amber_threshold", "achievement_cap", "annual_reporting_quarter", "is_illustrative",
        ]  # fmt: skip


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "plan", "code", "title_ar", "title_en", "description_ar",
                  "description_en", "weight", "order"]  # fmt: skip


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "plan", "goal", "code", "title_ar", "title_en", "description_ar",
                  "description_en", "lead_unit", "weight", "order"]  # fmt: skip


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "year", "quarter", "state", "opens_on", "closes_on"]


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "plan", "unit", "year", "title_ar", "title_en"]


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "action_plan", "objective", "code", "title_ar", "title_en", "owner_ar",
                  "owner_en", "planned_start", "planned_end", "weight", "budget_planned",
                  "budget_spent"]  # fmt: skip


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsMember]


@documented(UnitSerializer, UnitInput, UnitInput)
class UnitViewSet(UnitWrites, ReadOnly):
    """The organisation: every member sees its structure."""

    queryset = OrgUnit.objects.order_by("order", "code")
    serializer_class = UnitSerializer
    filterset_class = filters.UnitFilter


class PlanViewSet(ReadOnly):
    queryset = StrategicPlan.objects.order_by("-first_year", "code")
    serializer_class = PlanSerializer
    filterset_class = filters.PlanFilter


class GoalViewSet(ReadOnly):
    queryset = Goal.objects.order_by("plan", "order", "code")
    serializer_class = GoalSerializer
    filterset_class = filters.GoalFilter


class ObjectiveViewSet(ReadOnly):
    queryset = Objective.objects.order_by("plan", "order", "code")
    serializer_class = ObjectiveSerializer
    filterset_class = filters.ObjectiveFilter


class PeriodViewSet(ReadOnly):
    queryset = ReportingPeriod.objects.order_by("plan", "year", "quarter")
    serializer_class = PeriodSerializer
    filterset_class = filters.PeriodFilter


class ScopedToUnits(ReadOnly):
    """Lists of a unit's own work: only the units the user may see."""

    unit_field = "unit_id"

    def get_queryset(self):
        queryset = super().get_queryset()
        visible = visible_unit_ids(self.request.user)
        if visible is None:
            return queryset
        return queryset.filter(**{f"{self.unit_field}__in": visible})


@documented(ActionPlanSerializer, ActionPlanCreate, ActionPlanChange)
class ActionPlanViewSet(ActionPlanWrites, ScopedToUnits):
    queryset = ActionPlan.objects.order_by("plan", "year", "unit__order")
    serializer_class = ActionPlanSerializer
    filterset_class = filters.ActionPlanFilter


@documented(ActivitySerializer, ActivityCreate, ActivityChange)
class ActivityViewSet(ActivityWrites, ScopedToUnits):
    queryset = Activity.objects.order_by("action_plan", "planned_start", "code")
    serializer_class = ActivitySerializer
    filterset_class = filters.ActivityFilter
    unit_field = "action_plan__unit_id"


class RiskAssessmentSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="period.year", read_only=True)
    quarter = serializers.IntegerField(source="period.quarter", read_only=True)

    class Meta:
        model = RiskAssessment
        fields = ["id", "period", "year", "quarter", "likelihood", "impact", "score", "note",
                  "status", "review_comment", "version"]  # fmt: skip


class RiskActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskAction
        fields = ["id", "title_ar", "title_en", "owner_ar", "owner_en", "due_on", "status"]


class RiskSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(read_only=True)
    band = serializers.SerializerMethodField()
    assessments = RiskAssessmentSerializer(many=True, read_only=True)
    actions = RiskActionSerializer(many=True, read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id", "plan", "code", "kind", "category", "title_ar", "title_en", "objectives",
            "unit", "likelihood", "impact", "score", "band", "status", "review_on",
            "mitigation_ar", "mitigation_en", "assessments", "actions",
        ]  # fmt: skip

    def get_band(self, risk) -> str:
        return risk.plan.band_of(risk.score)


class AssessInput(StrictInput):
    period = serializers.IntegerField(min_value=1)
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    impact = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=gettext_lazy("The version read, when changing the period's assessment."),
    )
    submit = serializers.BooleanField(required=False, default=False)
    late_reason = late_reason_field()


class ReviewInput(StrictInput):
    assessment = serializers.IntegerField(min_value=1)
    version = serializers.IntegerField(min_value=1)
    decision = serializers.ChoiceField(choices=["approve", "return", "reopen"])
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text=gettext_lazy("Required (400 without it) to return or reopen: why."),
    )
    late_reason = late_reason_field()


def _strict(serializer_class, data):
    """Validate a StrictInput (unknown fields and wrong types are refused with a 400)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class RiskWriteMixin:
    """The quarterly risk review through the same services as the risk page."""

    @extend_schema(request=AssessInput, responses={200: RiskAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        risk = self.get_object()
        data = _strict(AssessInput, request.data)
        period = ReportingPeriod.objects.filter(pk=data["period"], plan_id=risk.plan_id).first()
        if period is None:
            raise serializers.ValidationError({"period": [_("No such period.")]})
        assessment = services.risk_assessment_save(
            risk=risk,
            period=period,
            by=request.user,
            likelihood=data["likelihood"],
            impact=data["impact"],
            note=data.get("note", ""),
            expected_version=data.get("version"),
            late_reason=data.get("late_reason", ""),
        )
        if data.get("submit"):
            assessment = services.risk_assessment_submit(
                assessment=assessment,
                by=request.user,
                expected_version=assessment.version,
                late_reason=data.get("late_reason", ""),
            )
        return Response(RiskAssessmentSerializer(assessment).data)

    @extend_schema(request=ReviewInput, responses={200: RiskAssessmentSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        risk = self.get_object()
        data = _strict(ReviewInput, request.data)
        assessment = RiskAssessment.objects.filter(pk=data["assessment"], risk=risk).first()
        if assessment is None:
            raise serializers.ValidationError({"assessment": [_("No such assessment.")]})
        if data["decision"] == "approve":
            assessment = services.risk_assessment_approve(
                assessment=assessment,
                by=request.user,
                expected_version=data["version"],
                late_reason=data.get("late_reason", ""),
            )
        else:
            step = {
                "return": services.risk_assessment_return,
                "reopen": services.risk_assessment_reopen,
            }[data["decision"]]
            assessment = step(
                assessment=assessment,
                by=request.user,
                expected_version=data["version"],
                comment=data.get("comment", ""),
                late_reason=data.get("late_reason", ""),
            )
        return Response(RiskAssessmentSerializer(assessment).data)


@documented(RiskSerializer, RiskCreate, RiskChangeWithReason)
class RiskViewSet(RiskWrites, RiskWriteMixin, ReadOnly):
    """Risks and threats of the units the user may see, with their quarterly assessments
    and mitigation actions; ``assess`` and ``review`` run the quarterly risk review."""

    queryset = (
        Risk.objects.select_related("plan")
        .prefetch_related(
            "objectives",
            "actions",
            Prefetch("assessments", queryset=RiskAssessment.objects.select_related("period")),
        )
        .order_by("plan", "code")
    )
    serializer_class = RiskSerializer
    filterset_class = filters.RiskFilter

    def get_queryset(self):
        return visible_risks(self.request.user, super().get_queryset())
