from django.urls import path

from reports import views
from reports.views.ministry import letterhead_page, ministry_report_page
from reports.views.raw import raw_export

urlpatterns = [
    path("", views.home, name="home"),
    path("docs/achievement/", views.how_achievement_is_calculated, name="achievement_doc"),
    path("reports/", views.reports_page, name="reports"),
    path("reports/letterhead/", letterhead_page, name="letterhead"),
    path("reports/ministry/", ministry_report_page, name="ministry_report"),
    path("reports/raw/", raw_export, name="raw_export"),
    path("reports/achievement/", views.achievement_report, name="achievement_report"),
    path("reports/files/<int:pk>/", views.report_file_status, name="report_file"),
    path(
        "reports/files/<int:pk>/download/",
        views.report_file_download,
        name="report_file_download",
    ),
]
