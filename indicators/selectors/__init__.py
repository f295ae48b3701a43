"""Reads of the indicators app, each in a fixed number of queries.

``pages``: what the browsing pages show; ``achievement``: the scores of a plan;
``entry``: the entry and review pages.
"""

from indicators.selectors.achievement import (  # noqa: F401
    ENGINE_FIELDS,
    AchievementTree,
    IndicatorScore,
    ScoreNode,
    achievement_tree,
    rules_of,
    scenario_trees,
    thresholds_of,
)
from indicators.selectors.pages import (  # noqa: F401
    TargetRow,
    actual_and_target_by_year,
    indicator_detail,
    indicator_entries,
    indicator_scenarios,
    indicator_target_revisions,
    indicator_targets,
    indicator_yearly_actuals,
    plan_indicators_queryset,
    unit_action_plans,
    unit_children,
    unit_detail,
    unit_indicators,
)
