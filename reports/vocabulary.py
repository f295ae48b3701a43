"""The words of the dashboards' own lists: what needs attention (reports/selectors.py).

How vocabularies are kept is in plans/vocabulary.py; the engine's words are in
indicators/vocabulary.py.
"""

from django.utils.translation import gettext_lazy as _

from plans.vocabulary import register

# The lists of ``Dashboard.attention``, in the order the dashboard shows them; the report
# lists the last four as what is missing or late.
ATTENTION = {
    "red": _("Red indicators"),
    "heading_for_red": _("Forecast to miss"),
    "overdue": _("Overdue entries"),
    "missing": _("Missing entries"),
    "returned": _("Returned, not resubmitted"),
    "silent": _("No value for three quarters"),
}


def register_all() -> None:
    """``ReportsConfig.ready``."""
    register("attention", ATTENTION, home=__name__)
