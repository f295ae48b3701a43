"""/api/v1/: the resources of DESIGN.md's public contract."""

from django.urls import include, path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter
from rest_framework.throttling import ScopedRateThrottle

from indicators.api import IndicatorViewSet, ProgressViewSet, ScenarioViewSet, TargetViewSet
from plans.api import (
    ActionPlanViewSet,
    ActivityViewSet,
    GoalViewSet,
    ObjectiveViewSet,
    PeriodViewSet,
    PlanViewSet,
    RiskViewSet,
    UnitViewSet,
)
from plans.api_org import RiskActionViewSet
from reports.api import AchievementView


class TokenView(ObtainAuthToken):
    """POST username and password, get {"token": …}; throttled against guessing."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"


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
    path("achievement/", AchievementView.as_view(), name="api-achievement"),
    path("", include(router.urls)),
]
