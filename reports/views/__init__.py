"""Pages of the reports app: ``pages`` (dashboard, reports, the calculation page) and
``risks`` (the risk register, heat map and risk pages)."""

from reports.views.pages import (  # noqa: F401
    achievement_report,
    home,
    how_achievement_is_calculated,
    report_file_download,
    report_file_status,
    reports_page,
)
from reports.views.risks import risk_detail, risk_register  # noqa: F401
