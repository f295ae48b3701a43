from django.urls import path

from plans import views

urlpatterns = [
    path("", views.home, name="home"),
    path("action-plans/<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
    path("plans/<int:plan_id>/periods/", views.periods_page, name="periods"),
]
