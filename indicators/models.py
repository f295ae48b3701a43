"""Indicators, their targets (with revision history) and the quarterly progress entries."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from indicators import quality
from plans.models import (
    FreshStampOnSave,
    Objective,
    OrgUnit,
    PlanItem,
    ReportingPeriod,
    ReviewStatus,
    StrategicPlan,
    TrailEvent,
    new_stamp,
    pick_language,
    positive_weight,
)


class Measure(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    RATIO = "ratio", _("Ratio (numerator / denominator)")
    CURRENCY = "currency", _("Currency (IQD)")
    DAYS = "days", _("Days")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
    MAINTAIN = "maintain", _("Maintain within tolerance")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum of quarters")
    LAST = "last", _("Last reported quarter")
    AVERAGE = "average", _("Average of quarters")


class Method(models.TextChoices):
    RATIO = "ratio", _("Ratio to target")
    BASELINE = "baseline", _("Progress from baseline")


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Half-yearly")
    ANNUAL = "annual", _("Yearly")


class IndicatorQuerySet(models.QuerySet):
    def counting(self) -> "IndicatorQuerySet":
        """The indicators that count in scores, reports, entry pages and reminders: neither
        the indicator, nor its objective, nor its goal archived (docs/plan-builder.md)."""
        return self.filter(
            is_archived=False, objective__is_archived=False, objective__goal__is_archived=False
        )


class Dimension(models.Model):
    """A way a plan breaks its indicators down (governorate, sex, age group, crime type…):
    a bilingual name and ordered options (docs/disaggregation.md)."""

    plan = models.ForeignKey(
        StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField(_("code"), max_length=30)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="dimension_code_unique_in_plan")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_ar, self.name_en)


class DimensionOption(models.Model):
    """One option of a dimension (a governorate, a sex), in the dimension's order."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(_("code"), max_length=30)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["dimension", "order", "code"]
        verbose_name = _("dimension option")
        verbose_name_plural = _("dimension options")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"], name="dimension_option_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_ar, self.name_en)


class Indicator(FreshStampOnSave, PlanItem):
    stamp_field = "stamp"

    plan = models.ForeignKey(
        StrategicPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="indicators",
        editable=False,
    )
    # A fresh random stamp on every change behind this indicator's result alone (its values,
    # targets, rules: ``indicators_touch``), so that its result kept in memory is never read
    # once stale (indicators/selectors/achievement.py).
    stamp = models.PositiveBigIntegerField(default=new_stamp, db_default=0, editable=False)
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="indicators"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    measure = models.CharField(_("unit of measure"), max_length=12, choices=Measure.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    aggregation = models.CharField(
        _("quarters make a year by"), max_length=10, choices=Aggregation.choices
    )
    method = models.CharField(
        _("calculation method"), max_length=10, choices=Method.choices, default=Method.RATIO
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For 'maintain': how far from the target still counts as met."),
    )
    data_source_ar = models.CharField(_("data source (Arabic)"), max_length=300, blank=True)
    data_source_en = models.CharField(_("data source (English)"), max_length=300, blank=True)
    verification_ar = models.CharField(
        _("means of verification (Arabic)"), max_length=300, blank=True
    )
    verification_en = models.CharField(
        _("means of verification (English)"), max_length=300, blank=True
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.QUARTERLY,
    )
    # For a ratio: what the numerator and the denominator count, shown on the entry page.
    numerator_label_ar = models.CharField(
        _("numerator counts (Arabic)"), max_length=200, blank=True
    )
    numerator_label_en = models.CharField(
        _("numerator counts (English)"), max_length=200, blank=True
    )
    denominator_label_ar = models.CharField(
        _("denominator counts (Arabic)"), max_length=200, blank=True
    )
    denominator_label_en = models.CharField(
        _("denominator counts (English)"), max_length=200, blank=True
    )
    # The same indicator in the plan before, when this plan was rolled over from it: the
    # indicator page, its trend and the entry page's last values reach back through it.
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
    )
    # Data quality (docs/data-quality.md): a value outside this range needs a note.
    plausible_min = models.DecimalField(
        _("lowest plausible value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    plausible_max = models.DecimalField(
        _("highest plausible value"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    # Disaggregation (docs/disaggregation.md): up to two of the plan's dimensions the
    # indicator's values are broken down by; the entry then holds one cell per option pair.
    dimension_1 = models.ForeignKey(
        Dimension,
        verbose_name=_("broken down by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dimension_2 = models.ForeignKey(
        Dimension,
        verbose_name=_("and by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan"),
            positive_weight("indicator_weight_positive"),
            # A percentage is a level, not a count: it cannot be summed over quarters.
            models.CheckConstraint(
                condition=~Q(measure="percentage", aggregation="sum"),
                name="indicator_percentage_not_summed",
            ),
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0),
                name="indicator_tolerance_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(method="baseline", baseline_value__isnull=True),
                name="indicator_baseline_method_needs_baseline",
            ),
            models.CheckConstraint(
                condition=Q(plausible_min__isnull=True)
                | Q(plausible_max__isnull=True)
                | Q(plausible_min__lte=F("plausible_max")),
                name="indicator_plausible_range_in_order",
            ),
            models.CheckConstraint(
                condition=Q(dimension_2__isnull=True)
                | (Q(dimension_1__isnull=False) & ~Q(dimension_1=F("dimension_2"))),
                name="indicator_second_dimension_after_first",
            ),
        ]

    @property
    def dimensions(self) -> list:
        """The dimensions the indicator is broken down by (none, one or two), loaded."""
        return [d for d in (self.dimension_1, self.dimension_2) if d is not None]

    @property
    def disaggregated(self) -> bool:
        return self.dimension_1_id is not None

    @property
    def data_source(self) -> str:
        return pick_language(self.data_source_ar, self.data_source_en)

    @property
    def verification(self) -> str:
        return pick_language(self.verification_ar, self.verification_en)

    @property
    def numerator_label(self) -> str:
        return pick_language(self.numerator_label_ar, self.numerator_label_en)

    @property
    def denominator_label(self) -> str:
        return pick_language(self.denominator_label_ar, self.denominator_label_en)


class Target(models.Model):
    """The current target of an indicator for a year (quarter empty) or one quarter."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["indicator", "year", "quarter"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            # Two partial constraints rather than NULLS NOT DISTINCT, which SQLite lacks.
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(quarter__isnull=True),
                name="target_one_yearly_per_indicator_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="target_one_per_indicator_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="target_quarter_1_to_4",
            ),
        ]

    def __str__(self):
        span = f"{self.year}" if self.quarter is None else f"{self.year} Q{self.quarter}"
        return f"{self.indicator.code} {span}: {self.value}"


class TargetRevision(models.Model):
    """Every setting, change or removal of a target: old and new value, who, when and why.

    The revision names its indicator, year and quarter itself, so that it outlives the
    target: removing a target keeps its history, with an empty ``new_value``.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="target_revisions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    old_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    # Empty when the target was removed.
    new_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")

    def __str__(self):
        span = f"{self.year}" if self.quarter is None else f"{self.year} Q{self.quarter}"
        return f"{self.indicator_id} {span}: {self.old_value} → {self.new_value}"

    @property
    def removed(self) -> bool:
        return self.new_value is None


class OptionTarget(models.Model):
    """An optional yearly target for one option of a disaggregated indicator (Basra's
    share, women's share): achievement per option is computed where one is set."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
        related_name="option_targets",
    )  # fmt: skip
    option = models.ForeignKey(
        DimensionOption, verbose_name=_("option"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["indicator", "year", "option"]
        verbose_name = _("option target")
        verbose_name_plural = _("option targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "option", "year"], name="option_target_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.option_id} {self.year}: {self.value}"


class ProgressEntryQuerySet(models.QuerySet):
    def in_force(self):
        """Entries with an approved value in force: approved now, or reopened for
        correction (whose ``approved_*`` figures stay in force until the correction is
        approved). Read their figures with ``in_force_values``."""
        return self.filter(Q(status="approved") | Q(approved_at__isnull=False))

    def in_force_values(self, *fields):
        """``values_list`` of ``fields`` and then the figures in force: value, numerator,
        denominator (the approved ones where an approval stored them)."""
        return self.values_list(
            *fields,
            Coalesce("approved_value", "value"),
            Coalesce("approved_numerator", "numerator"),
            Coalesce("approved_denominator", "denominator"),
        )


class ProgressEntry(models.Model):
    """One indicator's value for one reporting period, and where it is in review."""

    Status = ReviewStatus

    # PROTECT: an indicator with values cannot be deleted, or past reports would change.
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="entries"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="entries"
    )
    # History that stays true: the unit responsible for the indicator when the value was
    # entered. A unit's scores come from its own entries, so moving an indicator to another
    # unit changes the future only; a unit with entries cannot be deleted.
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="entries",
        editable=False,
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    # A disaggregated indicator's cells (docs/disaggregation.md): {"<option id>" or
    # "<option id>:<option id>": {"value": "12", "numerator": …, "denominator": …}}, the
    # figures as decimal strings; the entry's value (numerator, denominator) is their total.
    # Part of the entry, so its versions, its trail and its review cover the whole grid.
    cells = models.JSONField(_("cells"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    # Data quality: the checks the value failed when it was saved (comma-separated codes of
    # indicators.quality.Flag), and the officer's note confirming it.
    quality_flags = models.CharField(_("data-quality flags"), max_length=60, blank=True)
    quality_note = models.TextField(_("data-quality note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # The figures in force: set on each approval and kept while a reopened entry is being
    # corrected, so that scores and reports go on using them until the correction is approved.
    approved_value = models.DecimalField(
        _("approved value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    approved_numerator = models.DecimalField(
        _("approved numerator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    approved_denominator = models.DecimalField(
        _("approved denominator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    approved_cells = models.JSONField(_("approved cells"), default=dict, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressEntryQuerySet.as_manager()

    class Meta:
        ordering = ["period__year", "period__quarter", "indicator__code"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="entry_one_per_indicator_period"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | ~Q(denominator=0),
                name="entry_denominator_not_zero",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.value}"

    @property
    def flags(self) -> tuple:
        """The data-quality flags as indicators.quality.Flag values."""
        return quality.decode(self.quality_flags)

    @property
    def under_correction(self) -> bool:
        """Reopened after an approval: the approved figures stay in force until the
        correction is approved."""
        return self.approved_at is not None and self.status != self.Status.APPROVED

    @property
    def figures_in_force(self) -> tuple | None:
        """(value, numerator, denominator) in force, read as ``in_force_values`` reads them:
        the approved figures where an approval stored them; None when nothing is in force
        (a draft, submitted or returned entry never approved)."""
        if self.status != self.Status.APPROVED and self.approved_at is None:
            return None
        pairs = (
            (self.approved_value, self.value),
            (self.approved_numerator, self.numerator),
            (self.approved_denominator, self.denominator),
        )
        return tuple(approved if approved is not None else current for approved, current in pairs)

    @property
    def cells_in_force(self) -> dict:
        """The cells in force, as ``figures_in_force`` reads the figures ({} when none)."""
        if self.status != self.Status.APPROVED and self.approved_at is None:
            return {}
        return self.approved_cells if self.approved_at is not None else self.cells


class EntryEvent(TrailEvent):
    """The audit trail of a progress entry: every creation, change, state change and
    evidence file (the columns are those of every trail, plans.models.TrailEvent)."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="events")

    class Meta(TrailEvent.Meta):
        verbose_name = _("entry event")
        verbose_name_plural = _("entry events")

    def __str__(self):
        return f"{self.entry_id}: {self.action}"


class ApprovedValue(models.Model):
    """Every value that was ever in force for an entry: who approved it and when, and when a
    later approved correction replaced it (``superseded_at`` empty: in force now, or until
    a correction under way is approved)."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.CASCADE, related_name="approved_values"
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"))
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        ordering = ["entry", "approved_at", "id"]
        verbose_name = _("approved value")
        verbose_name_plural = _("approved values")
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(superseded_at__isnull=True),
                name="approved_value_one_in_force_per_entry",
            )
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.value}"


def evidence_path(instance, filename: str) -> str:
    """Stored under a random name: the user's file name is kept only as a label."""
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{instance.entry_id}/{uuid.uuid4().hex}.{extension}"


class Evidence(models.Model):
    """A file that supports a progress entry (means of verification)."""

    entry = models.ForeignKey(
        ProgressEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


class Scenario(models.Model):
    """An alternative set of targets for a plan (baseline, optimistic, pessimistic…) against
    which the actuals can be measured; where it sets no target, the plan's applies."""

    plan = models.ForeignKey(
        StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="scenarios"
    )
    code = models.SlugField(_("code"), max_length=30)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    assumptions_ar = models.TextField(_("assumptions (Arabic)"), blank=True)
    assumptions_en = models.TextField(_("assumptions (English)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="scenario_code_unique_in_plan")
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_ar, self.name_en)

    @property
    def assumptions(self) -> str:
        return pick_language(self.assumptions_ar, self.assumptions_en)


class ScenarioTarget(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="scenario_targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["scenario", "indicator", "year"]
        verbose_name = _("scenario target")
        verbose_name_plural = _("scenario targets")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "indicator", "year"], name="scenario_target_unique"
            )
        ]

    def __str__(self):
        return f"{self.scenario.code} {self.indicator.code} {self.year}: {self.value}"
