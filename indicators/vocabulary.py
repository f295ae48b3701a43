"""The words for what the engine computes: why an achievement is undefined, the statuses,
an activity's schedule, a span, a data-quality flag.

Written once, here; the dashboards, the reports (HTML, PDF, Excel), the entry and review
pages and the templates (through the ``word`` filter) all read them from this module. How
vocabularies are kept, and the words of the plans' own states, are in
``plans/vocabulary.py``.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from indicators.engine import Reason, Schedule, Status
from indicators.quality import Flag
from plans.vocabulary import period_label, quarter_label, register, word, words

# Why an achievement is undefined (shown as such, never as 0%).
REASONS = {
    Reason.NO_DATA: _("no data"),
    Reason.NOT_DUE: _("not yet due"),
    Reason.NO_TARGET: _("no target"),
    Reason.TARGET_ZERO: _("zero target"),
    Reason.NO_BASELINE: _("no baseline"),
    Reason.TARGET_EQUALS_BASELINE: _("target equals baseline"),
    Reason.TARGET_BEHIND_BASELINE: _("target behind baseline"),
    Reason.ZERO_DENOMINATOR: _("zero denominator"),
    Reason.NEGATIVE_VALUE: _("negative value"),
}

# A score's status, in the order charts and counts show them, by what it means (the colour
# is the stylesheet's business; a word never names it).
STATUSES = {
    Status.GREEN: pgettext_lazy("score status", "on track"),
    Status.AMBER: pgettext_lazy("score status", "needs attention"),
    Status.RED: pgettext_lazy("score status", "off track"),
    Status.GREY: pgettext_lazy("score status", "not enough data"),
}

# An activity against its planned dates (engine.activity_schedule).
SCHEDULES = {
    Schedule.DONE: _("done"),
    Schedule.ON_TRACK: _("on track"),
    Schedule.DELAYED: _("delayed"),
    Schedule.NOT_DUE: _("not yet due"),
}

# Data-quality flags (indicators/quality.py).
FLAGS = {
    Flag.BELOW_RANGE: _("below the plausible range"),
    Flag.ABOVE_RANGE: _("above the plausible range"),
    Flag.JUMP_UP: _("jump up"),
    Flag.JUMP_DOWN: _("sharp drop"),
}

# What stands beside a figure in force (indicators/selectors/corrections.py) and a trail
# line's approval by the person who submitted.
CORRECTIONS = {
    "corrected": _("corrected"),
    "under_correction": _("under correction"),
    "self_approved": _("self-approved"),
}

# The span a dashboard or a report covers (engine.span_quarters): a quarter (the year to
# date through it), a year, or the plan so far; "none" when no quarter is due yet.
SPANS = {
    "none": _("nothing is due yet"),
    "quarter": _("%(year)s to the end of %(quarter)s"),
    "year": _("%(year)s, through %(quarter)s"),
    "plan": _("the plan so far (%(y1)s to %(period)s)"),
}


def register_all() -> None:
    """Make these readable by ``plans.vocabulary.words`` and the ``word`` filter
    (``IndicatorsConfig.ready``)."""
    register("reason", REASONS, home=__name__)
    register("status", STATUSES, home=__name__)
    register("schedule", SCHEDULES, home=__name__)
    register("quality_flag", FLAGS, home=__name__)
    register("correction", CORRECTIONS, home=__name__)
    register("span", SPANS, home=__name__)


def status_labels() -> dict[str, str]:
    """green, amber, red, grey → words, in the active language and in that order."""
    return words("status")


def reason_label(reason) -> str:
    """Why an achievement is undefined, in words; empty without a reason."""
    return word("reason", reason)


def flag_words(flags) -> list[str]:
    """Each data-quality flag in words."""
    return [word("quality_flag", flag) for flag in flags]


def span_label(year: int | None, quarter: int | None, quarters) -> str:
    """The span of ``quarters`` (the span's (year, quarter) keys, oldest first) in words:
    "2023 to the end of Q2", "2023, through Q4", "the plan so far (2021 to 2023 Q4)"."""
    if not quarters:
        return str(SPANS["none"])
    if quarter:
        return str(SPANS["quarter"]) % {"year": year, "quarter": quarter_label(quarter)}
    if year:
        return str(SPANS["year"]) % {"year": year, "quarter": quarter_label(quarters[-1][1])}
    return str(SPANS["plan"]) % {"y1": quarters[0][0], "period": period_label(*quarters[-1])}
