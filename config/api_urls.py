"""/api/v1/: the resources of the public API (docs/api.md)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from config.tokens import TokenListView, TokenRevokeView, TokenView
from indicators.api import ProgressViewSet, ScenarioViewSet
from indicators.api_builder import IndicatorViewSet, TargetViewSet
from plans.api import (
    ActionPlanViewSet,
    ActivityViewSet,
    RiskViewSet,
    UnitViewSet,
)
from plans.api_builder import GoalViewSet, ObjectiveViewSet, PeriodViewSet, PlanViewSet
from plans.api_org import RiskActionViewSet
from reports.api import AchievementView

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("plans", PlanViewSet, basename="plan")
router.register("goals", GoalViewSet, basename="goal")
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("periods", PeriodViewSet, basename="period")
router.register("progress", ProgressViewSet, basename="progress")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("activities", ActivityViewSet, basename="activity")
router.register("risks", RiskViewSet, basename="risk")
router.register("scenarios", ScenarioViewSet, basename="scenario")
router.register("risk-actions", RiskActionViewSet, basename="risk-action")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/tokens/", TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token>/", TokenRevokeView.as_view(), name="api-token-revoke"),
    path("achievement/", AchievementView.as_view(), name="api-achievement"),
    path("", include(router.urls)),
]
