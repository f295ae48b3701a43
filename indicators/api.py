"""Indicators, targets and progress entries in the API. Entries are written through the
same services as the pages: the state machine, locked periods, validation and the version
check (a stale version answers 409)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from indicators import filters, services
from indicators.api_scenarios import (
    ScenarioChange,
    ScenarioCreate,
    ScenarioTargetSerializer,
    ScenarioWrites,
)
from indicators.models import Indicator, ProgressEntry, Scenario, ScenarioTarget, Target
from indicators.permissions import visible_entries_q
from plans.api_base import IsMember
from plans.api_org import StrictInput, documented, late_reason_field, required_text
from plans.inputs import MAX_SIGNIFICANT, parse_decimal
from plans.models import ReportingPeriod
from plans.permissions import visible_unit_ids


class TypedDecimalField(serializers.DecimalField):
    """A decimal as a string or a number, in Western or Arabic-Indic digits, within its
    digits and places and the significant digits every database stores exactly."""

    significant_digits = MAX_SIGNIFICANT  # the schema's pattern (config.api_schema)

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _lazy(
                "A number as a string (or a JSON number): digits 0–9 or Arabic-Indic digits, "
                "with a thousands separator or a percent sign if you like (“١٢٫٥”, “1,250”)."
            ),
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        try:
            value = parse_decimal(str(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return self.quantize(self.validate_precision(value))


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id", "plan", "code", "objective", "unit", "title_ar", "title_en",
            "description_ar", "description_en", "measure", "direction", "aggregation",
            "method", "baseline_value", "baseline_year", "tolerance", "weight", "frequency",
            "data_source_ar", "data_source_en", "verification_ar", "verification_en",
            "plausible_min", "plausible_max",
        ]  # fmt: skip


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "indicator", "year", "quarter", "value"]


class CellOutput(serializers.Serializer):
    """One cell of a disaggregated indicator's grid (docs/disaggregation.md)."""

    option_1 = serializers.IntegerField()
    option_2 = serializers.IntegerField(allow_null=True)
    value = serializers.CharField(allow_null=True)
    numerator = serializers.CharField(allow_null=True)
    denominator = serializers.CharField(allow_null=True)


CELLS_SCHEMA = CellOutput(many=True)


class EntrySerializer(serializers.ModelSerializer):
    # Data quality: the checks the value failed when it was saved, and the officer's note.
    quality_flags = serializers.SerializerMethodField()
    # Reopened for correction: ``approved_value`` (and its numerator and denominator) is
    # the value in force until the correction is approved.
    under_correction = serializers.BooleanField(read_only=True)

    # Disaggregation (docs/disaggregation.md): the grid's cells, and those in force.
    cells = serializers.SerializerMethodField()
    approved_cells = serializers.SerializerMethodField()

    class Meta:
        model = ProgressEntry
        fields = [
            "id", "indicator", "period", "value", "numerator", "denominator", "cells",
            "approved_cells", "comment",
            "status", "review_comment", "version", "submitted_at", "reviewed_at", "updated_at",
            "quality_flags", "quality_note", "unit",
            "approved_value", "approved_numerator", "approved_denominator", "approved_at",
            "under_correction",
        ]  # fmt: skip
        read_only_fields = fields

    def get_quality_flags(self, entry) -> list[str]:
        return [str(flag) for flag in entry.flags]

    @extend_schema_field(CELLS_SCHEMA)
    def get_cells(self, entry) -> list:
        return cells_out(entry.cells)

    @extend_schema_field(CELLS_SCHEMA)
    def get_approved_cells(self, entry) -> list:
        return cells_out(entry.approved_cells)


def cells_out(cells: dict) -> list[dict]:
    """The stored cells as the API shows them: a list of options and figures."""
    found = []
    for key, figures in cells.items():
        first, _sep, second = key.partition(":")
        found.append(
            {"option_1": int(first), "option_2": int(second) if second else None, **figures}
        )
    return found


def cells_in(given: list[dict]) -> dict:
    """The API's list of cells as ``progress_save`` takes them; a cell named twice is bad."""
    found = {}
    for cell in given:
        second = cell.get("option_2")
        key = f"{cell['option_1']}:{second}" if second else str(cell["option_1"])
        if key in found:
            raise DjangoValidationError({"cells": [_("A cell is given twice.")]})
        found[key] = {name: cell.get(name) for name in ("value", "numerator", "denominator")}
    return found


def cells_kept(entry) -> dict:
    """An entry's stored cells as ``progress_save`` takes them (a PATCH keeps them)."""
    from decimal import Decimal

    return {
        key: {name: None if v is None else Decimal(v) for name, v in figures.items()}
        for key, figures in entry.cells.items()
    }


def _decimal():
    return TypedDecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)


QUALITY_NOTE_HELP = _lazy(
    "Why the value is right. Required (400 without it) when the value earns a data-quality "
    "flag: outside the indicator's plausible range, or a jump from the previous value."
)


class CellInput(StrictInput):
    option_1 = serializers.IntegerField(min_value=1)
    option_2 = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    value = _decimal()
    numerator = _decimal()
    denominator = _decimal()


class EntryWriteSerializer(StrictInput):
    indicator = serializers.IntegerField(min_value=1)
    period = serializers.IntegerField(min_value=1)
    value = _decimal()
    numerator = _decimal()
    denominator = _decimal()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    late_reason = late_reason_field()
    quality_note = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text=QUALITY_NOTE_HELP
    )
    cells = CellInput(
        many=True,
        required=False,
        max_length=3600,
        help_text=_lazy(
            "A disaggregated indicator's cells: the options of its first and second "
            "dimension and the figures; the total is worked out from them (docs/disaggregation.md)."
        ),
    )


class EntryChangeSerializer(EntryWriteSerializer):
    """PUT replaces the entry's fields, PATCH keeps those it does not send; both send the
    ``version`` read."""

    whole_on_patch = True  # ``version`` is required in a PATCH too (config.api_schema)
    indicator = None
    period = None
    version = serializers.IntegerField(min_value=1)


class EntrySubmitInput(StrictInput):
    version = serializers.IntegerField(min_value=1)
    late_reason = late_reason_field()


class EntryApproveInput(EntrySubmitInput):
    pass


class EntryReturnInput(EntrySubmitInput):
    comment = required_text(4000, _lazy("What the officer should correct."))


class EntryReopenInput(EntrySubmitInput):
    comment = required_text(
        4000,
        _lazy(
            "Why the approved value is reopened; in a closed period it stands for the late reason."
        ),
    )


class ScenarioSerializer(serializers.ModelSerializer):
    targets = ScenarioTargetSerializer(many=True, read_only=True)

    class Meta:
        model = Scenario
        fields = ["id", "plan", "code", "name_ar", "name_en", "assumptions_ar", "assumptions_en",
                  "order", "targets"]  # fmt: skip


@documented(ScenarioSerializer, ScenarioCreate, ScenarioChange)
class ScenarioViewSet(ScenarioWrites, viewsets.ReadOnlyModelViewSet):
    """A plan's scenarios with their yearly targets; measure against one with
    ``achievement/?scenario=``. The planning admin adds, changes and deletes scenarios and
    saves their target grid with ``targets``."""

    permission_classes = [IsMember]
    queryset = Scenario.objects.prefetch_related(
        Prefetch("targets", queryset=ScenarioTarget.objects.order_by("indicator", "year"))
    ).order_by("plan", "order", "code")
    serializer_class = ScenarioSerializer
    filterset_fields = ["plan", "code"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsMember]
    queryset = Indicator.objects.order_by("plan", "order", "code")
    serializer_class = IndicatorSerializer
    filterset_class = filters.IndicatorFilter


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    """Current targets; their revisions are on the indicator's page."""

    permission_classes = [IsMember]
    queryset = Target.objects.order_by("indicator", "year", "quarter")
    serializer_class = TargetSerializer
    filterset_class = filters.TargetFilter


class ProgressViewSet(viewsets.ModelViewSet):
    """Quarterly progress entries: read what you may see; enter, submit, approve, return and
    reopen under the same rules as the pages."""

    permission_classes = [IsMember]
    serializer_class = EntrySerializer
    filterset_class = filters.ProgressFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    throttle_scope = "writes"

    def get_throttles(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return []
        return [ScopedRateThrottle()]

    def get_queryset(self):
        queryset = ProgressEntry.objects.order_by(
            "period__year", "period__quarter", "indicator__code"
        )
        visible = visible_unit_ids(self.request.user)
        if visible is not None:
            queryset = queryset.filter(visible_entries_q(visible))
        return queryset

    def _visible_indicator(self, pk: int) -> Indicator:
        indicator = Indicator.objects.filter(pk=pk).first()
        visible = visible_unit_ids(self.request.user)
        if indicator is None or (visible is not None and indicator.unit_id not in visible):
            raise DjangoValidationError({"indicator": [_("No such indicator.")]})
        return indicator

    @extend_schema(request=EntryWriteSerializer, responses={201: EntrySerializer})
    def create(self, request, *args, **kwargs):
        given = EntryWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        indicator = self._visible_indicator(data["indicator"])
        period = ReportingPeriod.objects.filter(pk=data["period"]).first()
        if period is None:
            raise DjangoValidationError({"period": [_("No such period.")]})
        entry = services.progress_save(
            indicator=indicator,
            period=period,
            by=request.user,
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            comment=data.get("comment", ""),
            expected_version=None,
            late_reason=data.get("late_reason", ""),
            quality_note=data.get("quality_note", ""),
            cells=cells_in(data["cells"]) if "cells" in data else None,
        )
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryChangeSerializer, responses={200: EntrySerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=EntryChangeSerializer, responses={200: EntrySerializer})
    def update(self, request, *args, **kwargs):
        entry = self.get_object()
        given = EntryChangeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        partial = kwargs.get("partial", False)

        def given_or_kept(name):
            # PUT replaces the entry; PATCH keeps what it does not name.
            if name in data:
                return data[name]
            return getattr(entry, name) if partial else None

        entry = services.progress_save(
            indicator=entry.indicator,
            period=entry.period,
            by=request.user,
            value=given_or_kept("value"),
            numerator=given_or_kept("numerator"),
            denominator=given_or_kept("denominator"),
            comment=given_or_kept("comment") or "",
            expected_version=data["version"],
            late_reason=data.get("late_reason", ""),
            quality_note=given_or_kept("quality_note") or "",
            cells=cells_in(data["cells"])
            if "cells" in data
            else (cells_kept(entry) if partial else {}),
        )
        return Response(EntrySerializer(entry).data)

    def _act(self, request, run, input_class):
        entry = self.get_object()
        given = input_class(data=request.data)
        given.is_valid(raise_exception=True)
        entry = run(entry, given.validated_data)
        return Response(EntrySerializer(entry).data)

    @extend_schema(request=EntrySubmitInput, responses={200: EntrySerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(
            request,
            lambda entry, data: services.progress_submit(
                entry=entry,
                by=request.user,
                expected_version=data["version"],
                late_reason=data.get("late_reason", ""),
            ),
            EntrySubmitInput,
        )

    @extend_schema(request=EntryApproveInput, responses={200: EntrySerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(
            request,
            lambda entry, data: services.progress_approve(
                entry=entry,
                by=request.user,
                expected_version=data["version"],
                late_reason=data.get("late_reason", ""),
            ),
            EntryApproveInput,
        )

    @extend_schema(request=EntryReturnInput, responses={200: EntrySerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(
            request,
            lambda entry, data: services.progress_return(
                entry=entry,
                by=request.user,
                expected_version=data["version"],
                comment=data.get("comment", ""),
                late_reason=data.get("late_reason", ""),
            ),
            EntryReturnInput,
        )

    @extend_schema(request=EntryReopenInput, responses={200: EntrySerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Send an approved entry back for correction (``comment`` required); its approved
        value stays in force until the correction is approved."""
        return self._act(
            request,
            lambda entry, data: services.progress_reopen(
                entry=entry,
                by=request.user,
                expected_version=data["version"],
                comment=data.get("comment", ""),
                late_reason=data.get("late_reason", ""),
            ),
            EntryReopenInput,
        )
