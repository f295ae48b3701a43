from django.urls import path

from plans import views
from plans.views import action_plans_builder, notices, org, risks_builder

urlpatterns = [
    path("action-plans/<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
    path("plans/<int:plan_id>/periods/", views.periods_page, name="periods"),
    path("notices/", notices.notices_page, name="notices"),
    path("risks/", views.risk_register, name="risk_register"),
    path("risks/<int:pk>/", views.risk_detail, name="risk_detail"),
    # The organisation and the plan's risks and action plans, built by the planning admin.
    path("builder/units/", org.org_units, name="org_units"),
    path("builder/units/new/", org.org_unit_new, name="org_unit_new"),
    path("builder/units/<int:pk>/", org.org_unit_edit, name="org_unit_edit"),
    path("builder/users/", org.org_users, name="org_users"),
    path("builder/users/new/", org.org_user_new, name="org_user_new"),
    path("builder/users/<int:pk>/", org.org_user_edit, name="org_user_edit"),
    path(
        "builder/plans/<int:plan_id>/risks/",
        risks_builder.risk_builder_list,
        name="risk_builder_list",
    ),
    path("builder/risks/<int:pk>/", risks_builder.risk_builder_edit, name="risk_builder_edit"),
    path("builder/risk-actions/<int:pk>/", risks_builder.risk_action_edit, name="risk_action_edit"),
    path(
        "builder/plans/<int:plan_id>/action-plans/",
        action_plans_builder.action_plan_builder_list,
        name="action_plan_builder_list",
    ),
    path(
        "builder/action-plans/<int:pk>/",
        action_plans_builder.action_plan_builder_edit,
        name="action_plan_builder_edit",
    ),
    path(
        "builder/activities/<int:pk>/",
        action_plans_builder.activity_builder_edit,
        name="activity_builder_edit",
    ),
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
