"""Achievement scores in the API: the engine's tree for a plan, a span and a scope."""

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.engine import Status, display
from indicators.selectors import achievement_tree
from plans.api_base import IsMember
from plans.selectors import default_plan, unit_subtree_ids
from reports.filters import ScoreFilterForm
from reports.permissions import dashboard_scope


def _percent(value: Decimal | None) -> str | None:
    return display(value, 1)


def _fraction(value: Decimal | None) -> str | None:
    return display(value, 2)


def quarter_label(key) -> str:
    """A quarter as the API writes it: "2023-Q4"."""
    return f"{key[0]}-Q{key[1]}"


def _plain(value: Decimal | None) -> str | None:
    return display(value, 4)


def _node(node, children_key, children):
    return {
        "code": node.item.code,
        "title_ar": node.item.title_ar,
        "title_en": node.item.title_en,
        "score": _percent(node.score),
        "status": str(node.status),
        "coverage": _fraction(node.coverage),
        children_key: children,
    }


def _indicator(item) -> dict:
    result = item.result
    return {
        "id": item.indicator.pk,
        "code": item.indicator.code,
        "title_ar": item.indicator.title_ar,
        "title_en": item.indicator.title_en,
        "unit": item.responsible_unit_id,  # the unit that answered for it in the span (history)
        "score": _percent(item.score),
        "status": str(result.status),
        "coverage": _fraction(item.coverage),
        "actual": _plain(result.actual),
        "target": _plain(result.target),
        "achievement": _percent(result.achievement),
        "reason": str(result.reason) if result.reason else None,
        "quarter_actual": _plain(result.quarter_actual),
        "quarter_target": _plain(result.quarter_target),
        "quarter_achievement": _percent(result.quarter_achievement),
        "missing": [quarter_label(key) for key in result.missing],
        "provisional": result.provisional,
    }


STATUSES = [str(status) for status in Status]


def _text(**kwargs):
    return serializers.CharField(allow_null=True, **kwargs)


class ScoreFields(serializers.Serializer):
    code = serializers.CharField()
    title_ar = serializers.CharField()
    title_en = serializers.CharField(allow_blank=True)
    score = _text(help_text='percent, e.g. "87.5"; null when undefined')
    status = serializers.ChoiceField(choices=STATUSES)
    coverage = _text(
        help_text='share of the due values reported, a fraction, e.g. "0.92"; null when '
        "nothing is due in the span"
    )


class IndicatorScoreSerializer(ScoreFields):
    id = serializers.IntegerField()
    unit = serializers.IntegerField()
    actual = _text()
    target = _text()
    achievement = _text(help_text="percent, unclipped")
    reason = _text(help_text="why the achievement is undefined")
    quarter_actual = _text(help_text="the span's last quarter alone; null when not due")
    quarter_target = _text()
    quarter_achievement = _text(help_text="the last quarter alone, percent, unclipped")
    missing = serializers.ListField(
        child=serializers.CharField(),
        help_text='due quarters of the span without an approved value, e.g. "2023-Q4"',
    )
    provisional = serializers.BooleanField()


class ObjectiveScoreSerializer(ScoreFields):
    indicators = IndicatorScoreSerializer(many=True)


class GoalScoreSerializer(ScoreFields):
    objectives = ObjectiveScoreSerializer(many=True)


class AchievementSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    year = serializers.IntegerField(allow_null=True)
    quarter = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    scenario = serializers.IntegerField(allow_null=True)
    quarters = serializers.ListField(child=serializers.CharField())
    provisional = serializers.BooleanField()
    score = _text()
    status = serializers.ChoiceField(choices=STATUSES)
    coverage = _text()
    goals = GoalScoreSerializer(many=True)


def _names_nothing(filters) -> bool:
    """Whether the query names an id (well formed: ``config.api_query`` checked it) that no
    plan, unit or scenario has."""
    return any(
        error.code == "invalid_choice"
        for name in ("plan", "unit", "scenario")
        for error in filters.errors.as_data().get(name, [])
    )


class AchievementView(APIView):
    """Read-only scores: ``?plan=&year=&quarter=&unit=``. With a quarter the span is the
    year to date through it; without, the year; without a year, the plan so far."""

    permission_classes = [IsMember]

    @extend_schema(
        parameters=[
            OpenApiParameter("plan", int),
            OpenApiParameter("year", {"type": "integer", "minimum": 1, "maximum": 32767}),
            OpenApiParameter("quarter", int, enum=[1, 2, 3, 4]),
            OpenApiParameter("unit", int),
            OpenApiParameter("provisional", bool),
            OpenApiParameter("scenario", int),
        ],
        responses={200: AchievementSerializer},
    )
    def get(self, request):
        filters = ScoreFilterForm(request.query_params)
        if not filters.is_valid():
            if _names_nothing(filters):
                raise NotFound()  # an id of no plan, unit or scenario, as on any other path
            raise ValidationError(filters.errors)
        data = filters.cleaned_data
        plan = data.get("plan") or default_plan()
        if plan is None:
            raise NotFound()
        unit = dashboard_scope(request.user, data.get("unit"))
        tree = achievement_tree(
            plan,
            year=int(data["year"]) if data.get("year") is not None else None,
            quarter=data.get("quarter") or None,
            unit_ids=unit_subtree_ids(unit.pk) if unit else None,
            include_submitted=bool(data.get("provisional")),
            scenario=data.get("scenario"),
        )
        goals = [
            _node(
                goal,
                "objectives",
                [
                    _node(objective, "indicators", [_indicator(i) for i in objective.children])
                    for objective in goal.children
                ],
            )
            for goal in tree.goals
        ]
        return Response(
            {
                "plan": plan.pk,
                "year": tree.year,
                "quarter": tree.quarter,
                "unit": unit.pk if unit else None,
                "scenario": data["scenario"].pk if data.get("scenario") else None,
                "quarters": [quarter_label(key) for key in tree.quarters],
                "provisional": tree.provisional,
                "score": _percent(tree.score),
                "status": str(tree.status),
                "coverage": _fraction(tree.coverage),
                "goals": goals,
            }
        )
