"""The plan workbook's sheets, described once: the export writes them, the empty template is
them without rows, and the import reads them back (``plans.workbooks`` does the reading and
writing; this module only says what each sheet holds).

A column's ``key`` is the name of the field the building services take (``title_ar``,
``lead_unit``, ``baseline_value``…), so that a service's error for a field lands on that
column's cell. Reference columns (a goal, a unit, an indicator) hold the code of what they
refer to; ``REFERENCES`` says which sheet that code is defined on.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from indicators.models import Aggregation, Direction, Frequency, Measure, Method
from plans.models import OrgUnit, Risk, StrategicPlan
from plans.workbooks import Column, ListsSheet, SheetSpec, choices_of

INSTRUCTIONS_TITLE = _("Instructions")
LISTS_TITLE = ListsSheet.title

REQUIRED_AR = _("Required, in Arabic.")
OPTIONAL_EN = _("In English (optional).")


def _code(width=14, max_length=30, help_text=None) -> Column:
    return Column(
        "code",
        _("Code"),
        kind="code",
        required=True,
        max_length=max_length,
        width=width,
        help=help_text or _("Required, unique. Rows are matched to what Marsad holds by code."),
    )


def _text(key, heading, *, required=False, max_length=None, width=30, help_text="") -> Column:
    return Column(
        key, heading, required=required, max_length=max_length, width=width, help=help_text
    )


def _reference(key, heading, *, required=True, help_text="") -> Column:
    return Column(key, heading, kind="code", required=required, width=14, help=help_text)


def _bilingual(stem: str, arabic, english, *, required=True, max_length=None, width=40):
    return (
        _text(
            f"{stem}_ar",
            arabic,
            required=required,
            max_length=max_length,
            width=width,
            help_text=REQUIRED_AR if required else "",
        ),
        _text(f"{stem}_en", english, max_length=max_length, width=width, help_text=OPTIONAL_EN),
    )


WEIGHT = Column(
    "weight",
    _("Weight"),
    kind="number",
    width=10,
    help=_("Greater than zero; 1 when empty."),
    percent="refuse",
)
ORDER = Column(
    "order",
    _("Order"),
    kind="integer",
    width=10,
    help=_("Position among its siblings."),
    percent="refuse",
)
ARCHIVED = Column(
    "is_archived",
    _("Archived"),
    kind="flag",
    width=10,
    help=_("Yes: kept with its history but left out of scores and entry pages."),
)
YEAR = Column(
    "year",
    _("Year"),
    kind="integer",
    required=True,
    width=10,
    help=_("A year of the plan."),
    percent="refuse",
)
VALUE = Column(
    "value",
    _("Target value"),
    kind="number",
    required=True,
    width=16,
    help=_(
        "A number; Arabic-Indic digits and the Arabic decimal sign are accepted. A cell "
        "formatted as a percentage is read as the percentage it shows, for an indicator "
        "measured as a percentage or a ratio only."
    ),
    percent="shown",
)
INDICATOR_REF = _reference(
    "indicator", _("Indicator code"), help_text=_("The code of an indicator of the plan.")
)

PLAN = SheetSpec(
    "plan",
    pgettext_lazy("workbook sheet", "Plan"),
    (
        _code(
            max_length=40,
            help_text=_("Required. The plan's code; an existing plan with this code is updated."),
        ),
        *_bilingual("name", _("Name (Arabic)"), _("Name (English)"), max_length=250),
        *_bilingual("vision", _("Vision (Arabic)"), _("Vision (English)"), required=False),
        *_bilingual("mission", _("Mission (Arabic)"), _("Mission (English)"), required=False),
        Column(
            "first_year",
            _("First year"),
            kind="integer",
            required=True,
            width=10,
            percent="refuse",
        ),
        Column(
            "last_year",
            _("Last year"),
            kind="integer",
            required=True,
            width=10,
            percent="refuse",
        ),
        Column(
            "status",
            _("Status"),
            kind="choice",
            choices=choices_of(StrategicPlan.Status),
            width=12,
        ),
        Column("green_threshold", _("Green from (%)"), kind="number", width=10, percent="shown"),
        Column("amber_threshold", _("Amber from (%)"), kind="number", width=10, percent="shown"),
        Column(
            "achievement_cap", _("Achievement cap (%)"), kind="number", width=10, percent="shown"
        ),
        Column(
            "band_medium", _("Medium risk from score"), kind="integer", width=10, percent="refuse"
        ),
        Column("band_high", _("High risk from score"), kind="integer", width=10, percent="refuse"),
        Column(
            "band_critical",
            _("Critical risk from score"),
            kind="integer",
            width=10,
            percent="refuse",
        ),
    ),
)

UNITS = SheetSpec(
    "units",
    _("Organisational units"),
    (
        _code(max_length=40, help_text=_("Required, unique: letters, digits, - and _.")),
        *_bilingual("name", _("Name (Arabic)"), _("Name (English)"), max_length=200),
        Column(
            "kind",
            _("Kind"),
            kind="choice",
            required=True,
            choices=choices_of(OrgUnit.Kind),
            width=14,
        ),
        _reference(
            "parent",
            _("Parent unit code"),
            required=False,
            help_text=_("The code of the unit above it; empty for the top of the tree."),
        ),
        ORDER,
        Column("email", _("Email"), max_length=254, width=24),
    ),
)

GOALS = SheetSpec(
    "goals",
    _("Goals"),
    (
        _code(),
        *_bilingual("title", _("Title (Arabic)"), _("Title (English)"), max_length=300),
        *_bilingual(
            "description", _("Description (Arabic)"), _("Description (English)"), required=False
        ),
        WEIGHT,
        ORDER,
        ARCHIVED,
    ),
)

OBJECTIVES = SheetSpec(
    "objectives",
    _("Objectives"),
    (
        _code(),
        _reference("goal", _("Goal code"), help_text=_("The code of its goal.")),
        *_bilingual("title", _("Title (Arabic)"), _("Title (English)"), max_length=300),
        *_bilingual(
            "description", _("Description (Arabic)"), _("Description (English)"), required=False
        ),
        _reference("lead_unit", _("Lead unit code"), help_text=_("The code of the lead unit.")),
        WEIGHT,
        ORDER,
        ARCHIVED,
    ),
)


def _choice(key, heading, choices, *, required=False, width=22, help_text="") -> Column:
    return Column(
        key,
        heading,
        kind="choice",
        required=required,
        choices=choices_of(choices),
        width=width,
        help=help_text,
    )


INDICATORS = SheetSpec(
    "indicators",
    _("Indicators"),
    (
        _code(),
        _reference("objective", _("Objective code"), help_text=_("The code of its objective.")),
        *_bilingual("title", _("Title (Arabic)"), _("Title (English)"), max_length=300),
        _reference(
            "unit", _("Responsible unit code"), help_text=_("The code of the responsible unit.")
        ),
        _choice("measure", _("Measure"), Measure, required=True),
        _choice("direction", _("Direction"), Direction, required=True),
        _choice(
            "aggregation",
            _("Quarters make a year by"),
            Aggregation,
            required=True,
            help_text=_("A percentage cannot be summed: choose last or average."),
        ),
        _choice(
            "method",
            _("Calculation method"),
            Method,
            help_text=_("Ratio to target when empty; progress from baseline needs a baseline."),
        ),
        Column("baseline_value", _("Baseline value"), kind="number", width=14, percent="shown"),
        Column(
            "baseline_year",
            _("Baseline year"),
            kind="integer",
            width=10,
            help=_("Inside the plan or before it."),
            percent="refuse",
        ),
        Column(
            "tolerance",
            _("Tolerance"),
            kind="number",
            width=12,
            help=_("Only for an indicator that maintains a level."),
            percent="shown",
        ),
        _choice(
            "frequency",
            _("Reporting frequency"),
            Frequency,
            width=14,
            help_text=_("Quarterly when empty."),
        ),
        WEIGHT,
        ORDER,
        *_bilingual(
            "description", _("Description (Arabic)"), _("Description (English)"), required=False
        ),
        *_bilingual(
            "data_source",
            _("Data source (Arabic)"),
            _("Data source (English)"),
            required=False,
            max_length=300,
        ),
        *_bilingual(
            "verification",
            _("Means of verification (Arabic)"),
            _("Means of verification (English)"),
            required=False,
            max_length=300,
        ),
        *_bilingual(
            "numerator_label",
            _("Numerator counts (Arabic)"),
            _("Numerator counts (English)"),
            required=False,
            max_length=200,
        ),
        *_bilingual(
            "denominator_label",
            _("Denominator counts (Arabic)"),
            _("Denominator counts (English)"),
            required=False,
            max_length=200,
        ),
        ARCHIVED,
    ),
)

YEARLY_TARGETS = SheetSpec("yearly_targets", _("Yearly targets"), (INDICATOR_REF, YEAR, VALUE))

QUARTERLY_TARGETS = SheetSpec(
    "quarterly_targets",
    _("Quarterly targets"),
    (
        INDICATOR_REF,
        YEAR,
        Column(
            "quarter",
            _("Quarter"),
            kind="integer",
            required=True,
            width=10,
            help=_("1 to 4."),
            percent="refuse",
        ),
        VALUE,
    ),
)

RISKS = SheetSpec(
    "risks",
    _("Risks"),
    (
        _code(),
        _choice("kind", _("Kind"), Risk.Kind, width=12, help_text=_("Risk when empty.")),
        _choice("category", _("Category"), Risk.Category, required=True, width=16),
        *_bilingual("title", _("Title (Arabic)"), _("Title (English)"), max_length=300),
        *_bilingual(
            "description", _("Description (Arabic)"), _("Description (English)"), required=False
        ),
        Column(
            "objectives",
            _("Objective codes"),
            width=20,
            help=_("The codes of the objectives it threatens, separated by commas."),
        ),
        _reference(
            "unit", _("Responsible unit code"), help_text=_("The code of the responsible unit.")
        ),
        Column(
            "likelihood",
            _("Likelihood"),
            kind="integer",
            required=True,
            width=10,
            help=_("1 to 5."),
            percent="refuse",
        ),
        Column(
            "impact",
            _("Impact"),
            kind="integer",
            required=True,
            width=10,
            help=_("1 to 5."),
            percent="refuse",
        ),
        *_bilingual(
            "mitigation", _("Mitigation (Arabic)"), _("Mitigation (English)"), required=False
        ),
        *_bilingual(
            "owner", _("Owner (Arabic)"), _("Owner (English)"), required=False, max_length=200
        ),
        Column(
            "review_on",
            _("Next review"),
            kind="date",
            width=12,
            help=_("A date, such as 2024-01-31."),
        ),
        _choice("status", _("Status"), Risk.Status, width=12, help_text=_("Open when empty.")),
    ),
)

SCENARIOS = SheetSpec(
    "scenarios",
    _("Scenarios"),
    (
        _code(),
        *_bilingual("name", _("Name (Arabic)"), _("Name (English)"), max_length=200),
        *_bilingual(
            "assumptions", _("Assumptions (Arabic)"), _("Assumptions (English)"), required=False
        ),
        ORDER,
    ),
)

SCENARIO_TARGETS = SheetSpec(
    "scenario_targets",
    _("Scenario targets"),
    (
        _reference("scenario", _("Scenario code"), help_text=_("The code of a scenario.")),
        INDICATOR_REF,
        YEAR,
        VALUE,
    ),
)

# In the order they are written and imported (what a row refers to comes before it).
SHEETS = (
    PLAN,
    UNITS,
    GOALS,
    OBJECTIVES,
    INDICATORS,
    YEARLY_TARGETS,
    QUARTERLY_TARGETS,
    RISKS,
    SCENARIOS,
    SCENARIO_TARGETS,
)
BY_KEY = {spec.key: spec for spec in SHEETS}

# (sheet, column) → the sheet whose codes it refers to.
REFERENCES = {
    ("units", "parent"): "units",
    ("objectives", "goal"): "goals",
    ("objectives", "lead_unit"): "units",
    ("indicators", "objective"): "objectives",
    ("indicators", "unit"): "units",
    ("yearly_targets", "indicator"): "indicators",
    ("quarterly_targets", "indicator"): "indicators",
    ("risks", "unit"): "units",
    ("scenario_targets", "scenario"): "scenarios",
    ("scenario_targets", "indicator"): "indicators",
}

PURPOSES = {
    "plan": _("The plan itself: one row. Its code names the plan that is created or updated."),
    "units": _(
        "The organisation: every unit, parents before the units under them. Units are shared "
        "by every plan."
    ),
    "goals": _("The plan's strategic goals."),
    "objectives": _("The objectives, each under a goal and led by a unit."),
    "indicators": _("The indicators, each under an objective, with how it is measured."),
    "yearly_targets": _("One row per indicator and year."),
    "quarterly_targets": _("One row per indicator, year and quarter, where a quarter has its own."),
    "risks": _("The plan's risks and threats."),
    "scenarios": _("Alternative sets of targets (baseline, optimistic, pessimistic…)."),
    "scenario_targets": _("One row per scenario, indicator and year."),
}
