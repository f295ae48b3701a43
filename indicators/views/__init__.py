"""Pages of the indicators app, one module per subject; urls.py reads them from here."""

from indicators.views.browse import (  # noqa: F401
    indicator_detail,
    objective_detail,
    plan_detail,
    plan_list,
    unit_detail,
)
from indicators.views.builder import (  # noqa: F401
    builder_indicator,
    builder_objective_targets,
    builder_tree,
    builder_tree_action,
)
from indicators.views.entry import entry_page, evidence_download, review_page  # noqa: F401
from indicators.views.entry_workbook import entry_workbook  # noqa: F401
from indicators.views.rollover import plan_rollover_page  # noqa: F401
from indicators.views.search import search_page  # noqa: F401
