"""Writing indicators and targets through the API (POST, PATCH, DELETE for the planning
admin), through the same services as the builder pages: the engine's rules for an
indicator, a reason and a revision for every changed or removed target."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from indicators import api as read_api
from indicators.api import TypedDecimalField
from indicators.models import Indicator, Target
from indicators.services import structure as services
from plans.api_builder import ERRORS, InputSerializer, SafeReference, WriteMixin, strict
from plans.api_org import StrictInput
from plans.models import Objective, OrgUnit


class IndicatorOut(read_api.IndicatorSerializer):
    class Meta(read_api.IndicatorSerializer.Meta):
        fields = [
            *read_api.IndicatorSerializer.Meta.fields,
            "order", "is_archived", "numerator_label_ar", "numerator_label_en",
            "denominator_label_ar", "denominator_label_en",
        ]  # fmt: skip


def _decimal(**kwargs):
    return TypedDecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True, **kwargs
    )


class IndicatorInput(InputSerializer):
    objective = SafeReference(queryset=Objective.objects.all(), required=False)
    unit = SafeReference(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    baseline_value = _decimal()
    tolerance = _decimal()
    weight = TypedDecimalField(max_digits=8, decimal_places=2, required=False)

    class Meta:
        model = Indicator
        fields = [*services.INDICATOR_FIELDS, "is_archived"]


class IndicatorViewSet(WriteMixin, read_api.IndicatorViewSet):
    """A plan's indicators; PATCH ``objective`` moves one within its plan, ``is_archived``
    takes it out of scores and entry pages (or brings it back)."""

    serializer_class = IndicatorOut

    @extend_schema(request=IndicatorInput, responses={201: IndicatorOut, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = strict(IndicatorInput, request, partial=False)
        objective = data.pop("objective", None)
        if objective is None:
            raise serializers.ValidationError({"objective": [_("Choose the objective.")]})
        archived = data.pop("is_archived", False)
        indicator = services.indicator_create(objective=objective, by=request.user, fields=data)
        if archived:
            indicator = services.indicator_archive(indicator=indicator, by=request.user)
        return Response(IndicatorOut(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorInput, responses={200: IndicatorOut, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        indicator = self.get_object()
        data = strict(IndicatorInput, request, partial=True)
        if "objective" in data and data["objective"] is None:
            raise serializers.ValidationError({"objective": [_("Choose the objective.")]})
        archived = data.pop("is_archived", None)
        if archived is not None and archived != indicator.is_archived:
            services.indicator_archive(indicator=indicator, by=request.user, archived=archived)
        indicator = services.indicator_update(indicator=indicator, by=request.user, changes=data)
        return Response(IndicatorOut(indicator).data)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        services.indicator_delete(indicator=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _reason(help_text):
    return serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=help_text
    )


class TargetCreateInput(StrictInput):
    indicator = SafeReference(queryset=Indicator.objects.all())
    year = serializers.IntegerField(min_value=1900, max_value=2300)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True)
    value = TypedDecimalField(max_digits=18, decimal_places=4)
    reason = _reason(
        gettext_lazy(
            "Why the target changes: required (400 without it) when the indicator already "
            "has a target for this year and quarter, which this revises."
        )
    )


class TargetChangeInput(StrictInput):
    whole_on_patch = True  # ``value`` is required (config.api_schema)
    value = TypedDecimalField(max_digits=18, decimal_places=4)
    reason = _reason(gettext_lazy("Why the target changes: required (400 without it)."))


class TargetRemoveInput(StrictInput):
    reason = _reason(gettext_lazy("Why the target is removed: required (400 without it)."))


def _save_cell(request, indicator, year, quarter, value, reason):
    """One cell of the indicator's grid; its errors are named for the request's fields."""
    try:
        services.indicator_targets_save(
            indicator=indicator, by=request.user, cells={(year, quarter): value}, reason=reason
        )
    except DjangoValidationError as error:
        plan = indicator.plan
        errors: dict[str, list] = {}
        for key, messages in error.message_dict.items():
            if key == "reason":
                name = "reason"
            elif not plan.first_year <= year <= plan.last_year:
                name = "year"
            else:
                name = "value"
            errors.setdefault(name, []).extend(messages)
        raise DjangoValidationError(errors) from error


class TargetViewSet(WriteMixin, read_api.TargetViewSet):
    """Targets, one per indicator and year (``quarter`` empty) or quarter. Setting one that
    exists revises it; a revision or a removal needs a ``reason`` and is kept in the
    indicator's history."""

    @extend_schema(request=TargetCreateInput, responses={201: read_api.TargetSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        data = strict(TargetCreateInput, request, partial=False)
        indicator, year, quarter = data["indicator"], data["year"], data.get("quarter")
        existed = Target.objects.filter(indicator=indicator, year=year, quarter=quarter).exists()
        _save_cell(request, indicator, year, quarter, data["value"], data.get("reason", ""))
        target = Target.objects.get(indicator=indicator, year=year, quarter=quarter)
        return Response(
            read_api.TargetSerializer(target).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    @extend_schema(request=TargetChangeInput, responses={200: read_api.TargetSerializer, **ERRORS})
    def partial_update(self, request, *args, **kwargs):
        target = self.get_object()
        data = strict(TargetChangeInput, request, partial=False)
        _save_cell(
            request,
            target.indicator,
            target.year,
            target.quarter,
            data["value"],
            data.get("reason", ""),
        )
        target.refresh_from_db()
        return Response(read_api.TargetSerializer(target).data)

    @extend_schema(
        request=TargetRemoveInput,
        parameters=[OpenApiParameter("reason", str, description="Why the target is removed.")],
        responses={204: None, **ERRORS},
    )
    def destroy(self, request, *args, **kwargs):
        target = self.get_object()
        reason = request.query_params.get("reason", "")
        if request.data:
            reason = strict(TargetRemoveInput, request, partial=False).get("reason") or reason
        _save_cell(request, target.indicator, target.year, target.quarter, None, reason)
        return Response(status=status.HTTP_204_NO_CONTENT)
