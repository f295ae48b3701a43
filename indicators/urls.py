from django.urls import path

from indicators import views

urlpatterns = [
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("periods/<int:period_id>/entry/", views.entry_page, name="entry"),
    path("periods/<int:period_id>/review/", views.review_page, name="review"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("plans/<int:pk>/rollover/", views.plan_rollover_page, name="plan_rollover"),
]
