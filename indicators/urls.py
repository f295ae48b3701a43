from django.urls import path

from indicators import views
from indicators.views import workflow

urlpatterns = [
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("periods/<int:period_id>/entry/", views.entry_page, name="entry"),
    path("periods/<int:period_id>/review/", views.review_page, name="review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/withdraw/", workflow.evidence_remove, name="evidence_remove"),
    path("entries/<int:pk>/reopen/", workflow.entry_reopen, name="entry_reopen"),
    path(
        "activity-progress/<int:pk>/reopen/",
        workflow.activity_progress_reopen_view,
        name="activity_progress_reopen",
    ),
]
