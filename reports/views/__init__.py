"""Pages of the reports app: the dashboard, reports and the calculation page."""

from reports.views.pages import (  # noqa: F401
    achievement_report,
    home,
    how_achievement_is_calculated,
    report_file_download,
    report_file_status,
    reports_page,
)
