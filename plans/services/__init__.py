"""Writes to the plans app, one module per subject (docs/architecture.md).

New code imports from the submodule (``from plans.services.periods import period_open``);
the names below are re-exported for the callers written before the split.
"""

from plans.services.periods import (  # noqa: F401
    check_period_writable,
    period_close,
    period_open,
    period_reopen,
    plan_touch,
)
from plans.services.reviews import (  # noqa: F401
    activity_progress_approve,
    activity_progress_reopen,
    activity_progress_return,
    activity_progress_save,
    activity_progress_submit,
    risk_assessment_approve,
    risk_assessment_reopen,
    risk_assessment_return,
    risk_assessment_save,
    risk_assessment_submit,
)
