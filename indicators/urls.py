from django.urls import path

from indicators import views
from indicators.views import (
    dimensions_builder,
    late_requests,
    plan_workbook,
    scenarios_builder,
    workflow,
)

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("objectives/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("periods/<int:period_id>/entry/", views.entry_page, name="entry"),
    path("periods/<int:period_id>/entry/workbook/", views.entry_workbook, name="entry_workbook"),
    path("periods/<int:period_id>/review/", views.review_page, name="review"),
    path(
        "periods/<int:period_id>/late-request/",
        late_requests.late_request_new,
        name="late_request_new",
    ),
    path("late-requests/", late_requests.late_requests_page, name="late_requests"),
    path(
        "late-requests/<int:pk>/answer/",
        late_requests.late_request_answer,
        name="late_request_answer",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path(
        "builder/plans/<int:plan_id>/scenarios/",
        scenarios_builder.scenario_builder_list,
        name="scenario_builder_list",
    ),
    path(
        "builder/plans/<int:plan_id>/dimensions/",
        dimensions_builder.dimension_builder_list,
        name="dimension_builder_list",
    ),
    path(
        "builder/indicators/<int:pk>/option-targets/",
        dimensions_builder.option_targets_builder,
        name="option_targets_builder",
    ),
    path(
        "builder/dimensions/<int:pk>/",
        dimensions_builder.dimension_builder_edit,
        name="dimension_builder_edit",
    ),
    path(
        "builder/scenarios/<int:pk>/",
        scenarios_builder.scenario_builder_edit,
        name="scenario_builder_edit",
    ),
    path("evidence/<int:pk>/withdraw/", workflow.evidence_remove, name="evidence_remove"),
    path("entries/<int:pk>/reopen/", workflow.entry_reopen, name="entry_reopen"),
    path(
        "activity-progress/<int:pk>/reopen/",
        workflow.activity_progress_reopen_view,
        name="activity_progress_reopen",
    ),
    path("plans/<int:pk>/rollover/", views.plan_rollover_page, name="plan_rollover"),
]

urlpatterns += [
    path("builder/plans/<int:pk>/", views.builder_tree, name="builder_tree"),
    path("builder/plans/<int:pk>/tree/", views.builder_tree_action, name="builder_tree_action"),
    path("builder/indicators/new/", views.builder_indicator, name="builder_indicator_new"),
    path("builder/indicators/<int:pk>/", views.builder_indicator, name="builder_indicator"),
    path(
        "builder/plans/<int:pk>/workbook/",
        plan_workbook.plan_workbook_download,
        name="builder_plan_workbook",
    ),
    path(
        "builder/plans/workbook-template/",
        plan_workbook.plan_workbook_template,
        name="builder_plan_template",
    ),
    path("builder/plans/import/", plan_workbook.plan_import_page, name="builder_plan_import"),
    path(
        "builder/plans/<int:pk>/import/",
        plan_workbook.plan_import_page,
        name="builder_plan_import_into",
    ),
    path(
        "builder/objectives/<int:pk>/targets/",
        views.builder_objective_targets,
        name="builder_objective_targets",
    ),
]
