from django.urls import path

from plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("action-plans/<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
    path("plans/<int:plan_id>/periods/", views.periods_page, name="periods"),
]
