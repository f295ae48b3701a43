"""Writing scenarios and their target grids through the API: POST, PATCH and DELETE on
``scenarios`` and POST on ``scenarios/{id}/targets/`` for the planning admin (403 for other
members), through the same services as the scenario builder page."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from indicators.models import ScenarioTarget
from indicators.services import scenarios as scenario_services
from plans.api_org import BuilderWrites, StrictInput
from plans.inputs import parse_decimal
from plans.models import StrategicPlan
from plans.services.checking import require_planning_admin


class ScenarioTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScenarioTarget
        fields = ["indicator", "year", "value"]


class ScenarioChange(StrictInput):
    code = serializers.SlugField(max_length=30)
    name_ar = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    assumptions_ar = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    assumptions_en = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    order = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1)


class ScenarioCreate(ScenarioChange):
    plan = serializers.PrimaryKeyRelatedField(queryset=StrategicPlan.objects.all())


@extend_schema_field(
    {"oneOf": [{"type": "string", "maxLength": 40}, {"type": "number"}], "nullable": True}
)
class NumberOrText(serializers.CharField):
    """A number as a JSON number or as people type it."""

    accepts_numbers = True


class TargetCell(StrictInput):
    indicator = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    year = serializers.IntegerField(min_value=1, max_value=9999)
    value = NumberOrText(
        allow_null=True,
        allow_blank=True,
        max_length=40,
        help_text=_("A number (Western or Arabic-Indic digits); null or empty deletes the target."),
    )

    def validate_value(self, value):
        if value is None or not str(value).strip():
            return None
        try:
            return parse_decimal(value)
        except Exception as error:  # a ValidationError with a translated message
            raise serializers.ValidationError(getattr(error, "messages", [str(error)])) from error


class TargetGridInput(StrictInput):
    targets = TargetCell(many=True, allow_empty=False, max_length=100000)


class TargetGridResult(serializers.Serializer):
    created = serializers.IntegerField()
    changed = serializers.IntegerField()
    deleted = serializers.IntegerField()
    targets = ScenarioTargetSerializer(many=True)


class ScenarioWrites(BuilderWrites):
    create_input, change_input = ScenarioCreate, ScenarioChange

    def current_values(self, scenario):
        return {name: getattr(scenario, name) for name in ScenarioChange().fields}

    def perform_builder_create(self, data):
        return scenario_services.scenario_create(by=self.request.user, **data)

    def perform_builder_update(self, scenario, data):
        return scenario_services.scenario_update(scenario=scenario, by=self.request.user, **data)

    def perform_builder_delete(self, scenario):
        scenario_services.scenario_delete(scenario=scenario, by=self.request.user)

    @extend_schema(request=TargetGridInput, responses={200: TargetGridResult})
    @action(detail=True, methods=["post"])
    def targets(self, request, pk=None):
        """Save cells of the scenario's target grid, all or nothing: each cell an indicator
        of the scenario's plan, a year inside the plan and a value (null deletes)."""
        scenario = self.get_object()
        require_planning_admin(request.user)
        given = TargetGridInput(data=request.data)
        given.is_valid(raise_exception=True)
        cells = {(c["indicator"], c["year"]): c["value"] for c in given.validated_data["targets"]}
        counts = scenario_services.scenario_targets_save(
            scenario=scenario, by=request.user, cells=cells
        )
        targets = ScenarioTarget.objects.filter(scenario=scenario).order_by("indicator", "year")
        return Response(TargetGridResult({**counts, "targets": list(targets)}).data)
