"""Writes to the indicators app, one module per subject (docs/architecture.md).

New code imports from the submodule (``from indicators.services.targets import target_set``);
the names below are re-exported for the callers written before the split.
"""

from indicators.services.progress import (  # noqa: F401
    EDITABLE,
    MAX_COMMENT,
    evidence_add,
    evidence_remove,
    progress_approve,
    progress_reopen,
    progress_return,
    progress_save,
    progress_submit,
    progress_submit_many,
    validate_values,
)
from indicators.services.targets import target_set  # noqa: F401
