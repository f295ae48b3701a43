"""Pages of the plans app, one module per subject; urls.py reads them from here."""

from plans.views.builder import (  # noqa: F401
    builder_goal_form,
    builder_objective_form,
    builder_periods,
    builder_plan_form,
    builder_plans,
)
from plans.views.pages import action_plan_detail, no_role, periods_page  # noqa: F401
from plans.views.risks import risk_detail, risk_register  # noqa: F401
