"""Pages of the plans app, one module per subject; urls.py reads them from here."""

from plans.views.pages import action_plan_detail, periods_page, plan_list  # noqa: F401
