from django.urls import path

from plans import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("action-plans/<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
    path("plans/<int:plan_id>/periods/", views.periods_page, name="periods"),
]

urlpatterns += [
    path("builder/plans/", views.builder_plans, name="builder_plans"),
    path("builder/plans/new/", views.builder_plan_form, name="builder_plan_new"),
    path("builder/plans/<int:pk>/edit/", views.builder_plan_form, name="builder_plan_edit"),
    path("builder/plans/<int:pk>/periods/", views.builder_periods, name="builder_periods"),
    path(
        "builder/plans/<int:plan_id>/goals/new/", views.builder_goal_form, name="builder_goal_new"
    ),
    path("builder/goals/<int:pk>/", views.builder_goal_form, name="builder_goal"),
    path(
        "builder/goals/<int:goal_id>/objectives/new/",
        views.builder_objective_form,
        name="builder_objective_new",
    ),
    path("builder/objectives/<int:pk>/", views.builder_objective_form, name="builder_objective"),
]
