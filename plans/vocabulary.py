"""The words Marsad shows for the values it stores and computes, each vocabulary in one place.

A vocabulary maps a value ("critical", "no_data", "returned") to the words a reader sees.
Each one is written once: states and kinds of stored rows in their model's ``TextChoices``
(``plans/models.py``, ``indicators/models.py``, ``reports/models.py``), the risk bands here,
the engine's words (reasons, statuses, schedules, spans,
data-quality flags) in ``indicators/vocabulary.py``. Python reads them with ``words(name)``
or ``word(name, value)``; templates with the ``word`` filter (``{{ band|word:"band" }}``,
``plans/templatetags/marsad.py``) or a row's ``get_FOO_display``. No template spells a
vocabulary's word out (``tests/plans/test_vocabulary.py``).

Where one English word has two meanings, each meaning carries a ``pgettext`` context, so
that Arabic can say them differently: a period's state "Open" («مفتوحة») is not the button
"Open" («فتح», context "period action") nor a risk's status "Open" («قائم», context "risk
status"). The Arabic is in ``locale/ar/LC_MESSAGES/django.po``.

The register is filled by each app at start-up (``register``): this module, at the bottom
of ``plans``, imports no app above it.
"""

from collections.abc import Mapping

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_VOCABULARIES: dict[str, Mapping[str, Promise]] = {}
_HOMES: dict[str, str] = {}


def register(name: str, labels, *, home: str | None = None) -> None:
    """Make a vocabulary readable by ``words``/``word`` and the ``word`` template filter.

    ``labels`` is a ``TextChoices`` class or a mapping of values to lazy translations;
    ``home`` is the module that writes the words (a ``TextChoices`` class knows its own)."""
    if isinstance(labels, type):
        home = labels.__module__
        labels = {member.value: member.label for member in labels}
    if name in _VOCABULARIES and _HOMES[name] != home:
        raise ValueError(f"The vocabulary {name!r} is already defined in {_HOMES[name]}.")
    _VOCABULARIES[name] = dict(labels)
    _HOMES[name] = home or ""


def vocabularies() -> dict[str, tuple[str, Mapping[str, Promise]]]:
    """Every registered vocabulary: name → (home module, value → lazy words)."""
    return {name: (_HOMES[name], labels) for name, labels in _VOCABULARIES.items()}


def words(name: str) -> dict[str, str]:
    """A vocabulary in the active language, in its order: value → words."""
    return {value: str(label) for value, label in _VOCABULARIES[name].items()}


def word(name: str, value) -> str:
    """The words for ``value`` in the active language; empty for None or an unknown value
    (an unknown vocabulary ``name`` is a mistake in the code, and raises KeyError)."""
    labels = _VOCABULARIES[name]
    if value is None or value == "":
        return ""
    label = labels.get(str(value))
    return str(label) if label is not None else ""


# Risk bands, from the score (likelihood × impact) and the plan's bounds.
QUARTERS = (_("Q1"), _("Q2"), _("Q3"), _("Q4"))


def quarter_label(quarter: int) -> str:
    """A quarter alone, in the active language: "Q3", «الربع الثالث»."""
    return str(QUARTERS[quarter - 1])


def period_label(year: int, quarter: int) -> str:
    """A quarter of a year, in the active language: "2023 Q3", «الربع الثالث 2023» (tab
    titles, chart labels, workbook headings: never an English "Q" on an Arabic page)."""
    return gettext("%(year)s %(quarter)s") % {"year": year, "quarter": quarter_label(quarter)}


def period_key_label(key: str) -> str:
    """A quarter's key as dashboards and the API write it ("2023-Q4") in the reader's words
    («الربع الرابع 2023»); anything else as it is."""
    year, _sep, quarter = str(key).partition("-Q")
    if year.isdigit() and quarter in ("1", "2", "3", "4"):
        return period_label(int(year), int(quarter))
    return str(key)


# For choices built when a module loads: translated when shown, in the reader's language.
quarter_label_lazy = lazy(quarter_label, str)


BANDS = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "critical": _("Critical"),
}


def band_of(score: int, bounds: tuple[int, int, int]) -> str:
    """low, medium, high or critical: ``bounds`` are the scores at which medium, high and
    critical start (``StrategicPlan.band_medium``, ``band_high``, ``band_critical``)."""
    medium, high, critical = bounds
    if score >= critical:
        return "critical"
    if score >= high:
        return "high"
    if score >= medium:
        return "medium"
    return "low"


register("band", BANDS, home=__name__)


def register_models() -> None:
    """The states of stored rows that templates name by value (``PlansConfig.ready``)."""
    from plans.models import ReportingPeriod, ReviewStatus, Risk

    register("review_status", ReviewStatus)
    register("period_state", ReportingPeriod.State)
    register("risk_status", Risk.Status)


# Django 6.1 labels the empty choice of every select "- Select an option -", and its own
# Arabic catalogue has no translation for it yet: naming it here puts it in Marsad's.
EMPTY_CHOICE = _("- Select an option -")
