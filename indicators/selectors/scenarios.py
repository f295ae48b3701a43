"""Reads for the scenario builder, in a fixed number of queries."""

from django.db.models import Count

from indicators.models import Indicator, Scenario, ScenarioTarget


def plan_scenarios(plan) -> list[Scenario]:
    """A plan's scenarios with how many targets each sets (1 query)."""
    return list(
        Scenario.objects.filter(plan=plan)
        .annotate(target_count=Count("targets"))
        .order_by("order", "code")
    )


def scenario_grid(scenario) -> tuple[list[Indicator], dict[tuple[int, int], object]]:
    """The plan's indicators in plan order (with their objective) and the scenario's targets
    as ``{(indicator_id, year): value}`` (2 queries)."""
    indicators = list(
        Indicator.objects.filter(plan_id=scenario.plan_id)
        .select_related("objective")
        .order_by(
            "objective__goal__order",
            "objective__goal__code",
            "objective__order",
            "objective__code",
            "order",
            "code",
        )  # fmt: skip
    )
    values = {
        (indicator_id, year): value
        for indicator_id, year, value in ScenarioTarget.objects.filter(
            scenario=scenario
        ).values_list("indicator_id", "year", "value")
    }
    return indicators, values
