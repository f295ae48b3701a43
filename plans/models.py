"""The plan and the organisation: units, memberships, plans, goals, objectives, reporting
periods, action plans and activities.

Names users type are stored in Arabic (required) and English (optional); the properties
``name``/``title`` pick the one for the active language and fall back to Arabic.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from plans.search import search_column
from plans.vocabulary import band_of, period_label


def pick_language(arabic: str, english: str) -> str:
    """The English text when English is active and there is one; otherwise the Arabic."""
    if english and (get_language() or "").startswith("en"):
        return english
    return arabic


def new_stamp() -> int:
    """A fresh random stamp (63 bits): unlike a counter, never the same again after a
    transaction that set one was rolled back or a row's id is used again."""
    return secrets.randbits(63)


class FreshStampOnSave:
    """A model whose ``stamp_field`` gets a fresh stamp each time a row is saved, so that a
    save from an instance read earlier never puts back a stamp that results were kept
    under (indicators/selectors/achievement.py)."""

    stamp_field = ""

    def save(self, *args, **kwargs):
        setattr(self, self.stamp_field, new_stamp())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], self.stamp_field}
        super().save(*args, **kwargs)


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        DIRECTORATE = "directorate", _("Directorate")
        COMMAND = "command", _("Command")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    email = models.EmailField(
        _("email for notifications"),
        blank=True,
        help_text=_("Where notices for this unit are sent; leave empty for none."),
    )
    # The code and names folded for the search box (plans/search.py), kept by the database.
    search_text = search_column("code", "name_ar", "name_en")

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="orgunit_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_ar, self.name_en)


class Membership(models.Model):
    """A user's place in the organisation: one unit, one role."""

    class Role(models.TextChoices):
        PLANNING_ADMIN = "admin", _("Planning admin")
        HEAD = "head", _("Directorate head")
        OFFICER = "officer", _("Planning officer")
        VIEWER = "viewer", _("Viewer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="membership",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class StrategicPlan(FreshStampOnSave, models.Model):
    stamp_field = "scores_stamp"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    vision_ar = models.TextField(_("vision (Arabic)"), blank=True)
    vision_en = models.TextField(_("vision (English)"), blank=True)
    mission_ar = models.TextField(_("mission (Arabic)"), blank=True)
    mission_en = models.TextField(_("mission (English)"), blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(1990), MaxValueValidator(2200)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    green_threshold = models.DecimalField(
        _("green from (%)"), max_digits=6, decimal_places=2, default=Decimal("90")
    )
    amber_threshold = models.DecimalField(
        _("amber from (%)"), max_digits=6, decimal_places=2, default=Decimal("70")
    )
    achievement_cap = models.DecimalField(
        _("achievement cap (%)"), max_digits=6, decimal_places=2, default=Decimal("100")
    )
    # Data quality: a value more than this many times the previous one (or less than the
    # previous one divided by it) needs a confirming note.
    jump_factor = models.DecimalField(
        _("jump factor"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("3"),
        help_text=_(
            "A value more than this many times the previous one, or less than the previous "
            "one divided by it, must be confirmed."
        ),
    )
    # Yearly indicators are due in this quarter of each year (their value is the year's).
    annual_reporting_quarter = models.PositiveSmallIntegerField(
        _("yearly indicators reported in quarter"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("The quarter of each year in which yearly indicators report their value."),
    )
    # Bumped by every change that can move a score, so that computed dashboards and
    # reports can be cached under it and are never stale.
    revision = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)
    # Changed (to a fresh random stamp) by a change that can move any indicator's result
    # (``plan_touch`` unless told which indicators it changed): every indicator result kept
    # in memory for the plan is then computed again (indicators/selectors/achievement.py).
    scores_stamp = models.PositiveBigIntegerField(default=new_stamp, db_default=0, editable=False)
    # Risk bands: a score (likelihood × impact, 1–25) at or above each bound.
    band_medium = models.PositiveSmallIntegerField(_("medium risk from score"), default=5)
    band_high = models.PositiveSmallIntegerField(_("high risk from score"), default=10)
    band_critical = models.PositiveSmallIntegerField(_("critical risk from score"), default=17)
    # Separation of duties: by default nobody approves what they submitted themselves.
    allow_self_approval = models.BooleanField(
        _("allow self-approval"),
        default=False,
        help_text=_(
            "Where a unit has one person, let the one who submitted also approve; each such "
            "approval is marked in the trail and the reports."
        ),
    )
    is_illustrative = models.BooleanField(
        _("illustrative content"),
        default=False,
        help_text=_("Marks demonstration data that is not the ministry's real plan."),
    )

    class Meta:
        ordering = ["-first_year", "code"]
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")), name="plan_years_in_order"
            ),
            models.CheckConstraint(
                condition=Q(amber_threshold__gt=0) & Q(green_threshold__gte=F("amber_threshold")),
                name="plan_thresholds_in_order",
            ),
            models.CheckConstraint(
                condition=Q(achievement_cap__gte=100), name="plan_cap_at_least_100"
            ),
            models.CheckConstraint(
                condition=Q(annual_reporting_quarter__gte=1) & Q(annual_reporting_quarter__lte=4),
                name="plan_annual_reporting_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(band_medium__gte=1)
                & Q(band_high__gt=F("band_medium"))
                & Q(band_critical__gt=F("band_high"))
                & Q(band_critical__lte=25),
                name="plan_risk_bands_in_order",
            ),
            models.CheckConstraint(condition=Q(jump_factor__gt=1), name="plan_jump_factor_above_1"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return pick_language(self.name_ar, self.name_en)

    @property
    def vision(self) -> str:
        return pick_language(self.vision_ar, self.vision_en)

    @property
    def mission(self) -> str:
        return pick_language(self.mission_ar, self.mission_en)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def band_bounds(self) -> tuple[int, int, int]:
        """The scores at which a risk's band becomes medium, high and critical."""
        return (self.band_medium, self.band_high, self.band_critical)

    def band_of(self, score: int) -> str:
        """low, medium, high or critical, by the plan's bounds (``plans/vocabulary.py``)."""
        return band_of(score, self.band_bounds)


class PlanItem(models.Model):
    """What goals and objectives share: a code, a bilingual title, a weight, an order."""

    code = models.CharField(_("code"), max_length=30)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=Decimal("1"))
    order = models.PositiveIntegerField(_("order"), default=0)
    # Kept with its history but left out of scores and entry pages; deleting is refused
    # once anything depends on the item, so archiving is how it leaves the plan.
    is_archived = models.BooleanField(_("archived"), default=False)
    # The code and titles folded for the search box (plans/search.py), kept by the database.
    search_text = search_column("code", "title_ar", "title_en")

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return pick_language(self.title_ar, self.title_en)

    @property
    def description(self) -> str:
        return pick_language(self.description_ar, self.description_en)


def positive_weight(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(weight__gt=0), name=name)


class Goal(PlanItem):
    plan = models.ForeignKey(
        StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals"
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="goal_code_unique_in_plan"),
            positive_weight("goal_weight_positive"),
        ]


class Objective(PlanItem):
    # The plan is repeated from the goal so that codes are unique within a plan in the
    # database and a plan's objectives are read without a join.
    plan = models.ForeignKey(
        StrategicPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="objectives",
        editable=False,
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="objectives"
    )
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="led_objectives",
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="objective_code_unique_in_plan"),
            positive_weight("objective_weight_positive"),
        ]


class ReportingPeriodQuerySet(models.QuerySet):
    def before(self, period) -> "ReportingPeriodQuerySet":
        """Periods earlier than ``period``."""
        return self.filter(
            Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter)
        )

    def open(self) -> "ReportingPeriodQuerySet":
        """The periods open for entry: the one meaning of "open" that every page, list,
        reminder and the API use (docs/architecture.md)."""
        return self.filter(state=ReportingPeriod.State.OPEN)

    def current_open(self) -> "ReportingPeriod | None":
        """The current open period of the periods asked (filter by plan first): the newest
        open one. Two can be open at once (a past quarter reopened for a late correction
        while this quarter is open); "the current" is then this quarter, never the older."""
        return self.open().order_by("-year", "-quarter").first()


class ReportingPeriod(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Not yet open")
        OPEN = "open", pgettext_lazy("period state", "Open")  # not the button (a verb)
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(
        StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "year", "quarter"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="period_unique_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="period_dates_in_order"
            ),
        ]

    def __str__(self):
        return period_label(self.year, self.quarter)

    @property
    def key(self) -> tuple[int, int]:
        return (self.year, self.quarter)


class ReviewStatus(models.TextChoices):
    """Where a quarterly report (entry, risk assessment, activity progress) is in review."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class TrailEvent(models.Model):
    """One line of the audit trail of a reviewed record (see plans/workflow.py): each kind
    of record has its own table with a foreign key to it, and these columns.

    ``changes`` holds every tracked field that changed, as ``{field: [old, new]}`` with
    the values as text (an evidence file's name for evidence lines); ``old_value`` and
    ``new_value`` repeat the record's headline number for quick reading.
    """

    class Action(models.TextChoices):
        # A step, not the state it leads to (ReviewStatus): Arabic says «أُرسل», not «مُرسَل».
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        SUBMIT = "submit", pgettext_lazy("trail action", "Submitted")
        APPROVE = "approve", pgettext_lazy("trail action", "Approved")
        RETURN = "return", pgettext_lazy("trail action", "Returned")
        REOPEN = "reopen", pgettext_lazy("trail action", "Reopened for correction")
        EVIDENCE_ADD = "evidence_add", _("Evidence added")
        EVIDENCE_REMOVE = "evidence_remove", _("Evidence withdrawn")

    action = models.CharField(max_length=20, choices=Action.choices)
    old_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    new_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    # A planning admin's step in a closed period; ``comment`` holds the reason.
    late = models.BooleanField(default=False)
    # An approval by the person who submitted, allowed by the plan's setting.
    self_approved = models.BooleanField(default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class PeriodEvent(models.Model):
    """Who opened, closed or reopened a period, and why: kept for the review trail."""

    class Action(models.TextChoices):
        OPEN = "open", _("Opened")
        CLOSE = "close", pgettext_lazy("period event", "Closed")  # a step, not the state
        REOPEN = "reopen", _("Reopened")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("period event")
        verbose_name_plural = _("period events")

    def __str__(self):
        return f"{self.period_id}: {self.action}"


class ActionPlan(models.Model):
    plan = models.ForeignKey(
        StrategicPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="action_plans",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="action_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    search_text = search_column("title_ar", "title_en")  # plans/search.py

    class Meta:
        ordering = ["plan", "year", "unit__order", "unit__code"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "year"], name="action_plan_unique_per_unit_year"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.title_ar, self.title_en)


class Activity(models.Model):
    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    code = models.CharField(_("code"), max_length=30)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    owner_ar = models.CharField(_("owner (Arabic)"), max_length=200)
    owner_en = models.CharField(_("owner (English)"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=2, default=Decimal("1"))
    budget_planned = models.DecimalField(
        _("planned budget (IQD)"), max_digits=16, decimal_places=0, default=0
    )
    budget_spent = models.DecimalField(
        _("spent budget (IQD)"), max_digits=16, decimal_places=0, default=0
    )
    search_text = search_column("code", "title_ar", "title_en")  # plans/search.py

    class Meta:
        ordering = ["action_plan", "planned_start", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "code"], name="activity_code_unique_in_action_plan"
            ),
            positive_weight("activity_weight_positive"),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="activity_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(budget_planned__gte=0, budget_spent__gte=0),
                name="activity_budget_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return pick_language(self.title_ar, self.title_en)

    @property
    def owner(self) -> str:
        return pick_language(self.owner_ar, self.owner_en)


class ActivityProgressQuerySet(models.QuerySet):
    def in_force(self, *, include_submitted: bool = False):
        """Progress with a reviewed figure in force: approved now, or reopened for
        correction (whose ``approved_percent`` stays in force until the correction is
        approved); submitted progress too when ``include_submitted`` (provisional pages).
        A draft is nobody's word yet and never appears. Read the figure with
        ``percent_in_force``."""
        states = [ReviewStatus.APPROVED]
        if include_submitted:
            states.append(ReviewStatus.SUBMITTED)
        return self.filter(Q(review_status__in=states) | Q(approved_at__isnull=False))


class ActivityProgress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ON_HOLD = "on_hold", _("On hold")
        CANCELLED = "cancelled", _("Cancelled")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="progress"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="activity_progress",
    )
    percent_complete = models.DecimalField(
        _("percent complete"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    # The review (plans/workflow.py); ``status`` above is the activity's own state.
    review_status = models.CharField(
        _("review status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # The percent in force: set on each approval and kept while a reopened progress is being
    # corrected, so that dashboards and reports go on using it until the correction is
    # approved (like a progress entry's approved value).
    approved_percent = models.DecimalField(
        _("approved percent complete"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityProgressQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "period__year", "period__quarter"]
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "period"], name="activity_progress_unique_per_period"
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__gte=0, percent_complete__lte=100),
                name="activity_percent_0_to_100",
            ),
        ]

    def __str__(self):
        return f"{self.activity.code} {self.period}: {self.percent_complete}%"

    @property
    def under_correction(self) -> bool:
        return self.approved_at is not None and self.review_status != ReviewStatus.APPROVED

    def percent_in_force(self, *, include_submitted: bool = False) -> Decimal | None:
        """The percent complete that counts: this one when approved (or submitted, on a
        provisional page), else the approved one kept through a correction."""
        shown = {ReviewStatus.APPROVED} | ({ReviewStatus.SUBMITTED} if include_submitted else set())
        if self.review_status in shown:
            return self.percent_complete
        if self.approved_at is not None:
            return self.approved_percent
        return None


class ActivityProgressEvent(TrailEvent):
    """The audit trail of an activity's quarterly progress."""

    progress = models.ForeignKey(ActivityProgress, on_delete=models.CASCADE, related_name="events")

    class Meta(TrailEvent.Meta):
        verbose_name = _("activity progress event")
        verbose_name_plural = _("activity progress events")

    def __str__(self):
        return f"{self.progress_id}: {self.action}"


class RiskQuerySet(models.QuerySet):
    def for_units(self, unit_ids) -> "RiskQuerySet":
        """The risks of these units (all when None): a risk belongs to its responsible unit,
        whose members see it (``plans.permissions.visible_risks``) and whose reports and
        dashboards list it."""
        return self if unit_ids is None else self.filter(unit_id__in=unit_ids)


class Risk(models.Model):
    """A risk or threat from the plan's strategic analysis, tracked quarter by quarter."""

    class Kind(models.TextChoices):
        RISK = "risk", pgettext_lazy("risk kind", "Risk")  # not the column "Risk"
        THREAT = "threat", _("Threat")

    class Category(models.TextChoices):
        SECURITY = "security", _("Security")
        OPERATIONAL = "operational", _("Operational")
        FINANCIAL = "financial", _("Financial")
        INSTITUTIONAL = "institutional", _("Institutional")
        LEGAL = "legal", _("Legal")

    class Status(models.TextChoices):
        # A risk (خطر) is masculine in Arabic, a period (فترة) feminine: their own words.
        OPEN = "open", pgettext_lazy("risk status", "Open")
        MITIGATED = "mitigated", _("Mitigated")
        CLOSED = "closed", pgettext_lazy("risk status", "Closed")
        MATERIALISED = "materialised", _("Materialised")

    plan = models.ForeignKey(
        StrategicPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="risks"
    )
    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RISK)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives"), related_name="risks", blank=True
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="risks"
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    mitigation_ar = models.TextField(_("mitigation (Arabic)"), blank=True)
    mitigation_en = models.TextField(_("mitigation (English)"), blank=True)
    owner_ar = models.CharField(_("owner (Arabic)"), max_length=200, blank=True)
    owner_en = models.CharField(_("owner (English)"), max_length=200, blank=True)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.OPEN
    )
    search_text = search_column("code", "title_ar", "title_en")  # plans/search.py

    objects = RiskQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="risk_code_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return pick_language(self.title_ar, self.title_en)

    @property
    def description(self) -> str:
        return pick_language(self.description_ar, self.description_en)

    @property
    def mitigation(self) -> str:
        return pick_language(self.mitigation_ar, self.mitigation_en)

    @property
    def owner(self) -> str:
        return pick_language(self.owner_ar, self.owner_en)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RiskAction(models.Model):
    """A mitigation action of a risk."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    owner_ar = models.CharField(_("owner (Arabic)"), max_length=200, blank=True)
    owner_en = models.CharField(_("owner (English)"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PLANNED
    )

    class Meta:
        ordering = ["risk", "due_on", "id"]
        verbose_name = _("mitigation action")
        verbose_name_plural = _("mitigation actions")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return pick_language(self.title_ar, self.title_en)

    @property
    def owner(self) -> str:
        return pick_language(self.owner_ar, self.owner_en)


class RiskScoreChange(models.Model):
    """A likelihood or impact changed directly by a planning admin (outside the quarterly
    assessment), kept so that the risk's history stays complete."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="score_changes")
    old_likelihood = models.PositiveSmallIntegerField(_("old likelihood"))
    old_impact = models.PositiveSmallIntegerField(_("old impact"))
    new_likelihood = models.PositiveSmallIntegerField(_("new likelihood"))
    new_impact = models.PositiveSmallIntegerField(_("new impact"))
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["risk", "at", "id"]
        verbose_name = _("risk score change")
        verbose_name_plural = _("risk score changes")

    def __str__(self):
        return (
            f"{self.risk_id}: {self.old_likelihood}×{self.old_impact} → "
            f"{self.new_likelihood}×{self.new_impact}"
        )


class RiskAssessment(models.Model):
    """A quarterly review of a risk: the officer's likelihood, impact and note, approved or
    returned by the head. Approved assessments make the risk's history."""

    Status = ReviewStatus

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="risk_assessments"
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["risk", "period__year", "period__quarter"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["risk", "period"], name="risk_assessment_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_assessment_scores_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.risk.code} {self.period}: {self.likelihood}×{self.impact}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def under_correction(self) -> bool:
        return self.approved_at is not None and self.status != ReviewStatus.APPROVED


class MailDelivery(models.Model):
    """One email on its way: queued by ``plans.mail.send_messages``, sent by a background
    task, retried with growing pauses, and kept as a record (the planning admin sees the
    failed ones in the admin)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed; will be tried again")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed for good")

    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    from_email = models.CharField(max_length=254, blank=True)
    recipients = models.JSONField(_("recipients"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_due")]

    def __str__(self):
        return self.subject


class RiskAssessmentEvent(TrailEvent):
    """The audit trail of a risk's quarterly assessment."""

    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="events")

    class Meta(TrailEvent.Meta):
        verbose_name = _("risk assessment event")
        verbose_name_plural = _("risk assessment events")

    def __str__(self):
        return f"{self.assessment_id}: {self.action}"


class NameRecord(models.Model):
    """A name that a unit, a goal, an objective or an indicator had before it was changed,
    and when it was in force (docs/history.md): a report for a past span shows the names in
    force at its end. Only superseded names are kept; the current one is on the object.
    Written by ``plans.history.record_name_change``."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("organisational unit")
        GOAL = "goal", _("strategic goal")
        OBJECTIVE = "objective", _("objective")
        INDICATOR = "indicator", _("indicator")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # No foreign key: the four kinds live in two apps, and a name outlives nothing it names
    # (deleting what history depends on is refused elsewhere, e.g. units with entries).
    object_id = models.PositiveBigIntegerField(_("object"))
    name_ar = models.CharField(_("name (Arabic)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    valid_from = models.DateTimeField(_("in force from"), null=True, blank=True)  # None: always
    valid_to = models.DateTimeField(_("in force until"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "object_id", "valid_to"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        indexes = [models.Index(fields=["kind", "object_id", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_from__lte=F("valid_to")),
                name="name_record_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.name_ar} (→ {self.valid_to:%Y-%m-%d})"


class NarrativeQuerySet(models.QuerySet):
    def approved(self):
        """Narratives approved by their unit's head: the only ones reports and the objective
        page show (a draft, a submitted or a returned narrative is nobody's word yet)."""
        return self.filter(status=ReviewStatus.APPROVED)


class Narrative(models.Model):
    """A unit's word on an objective it leads, for one period: what was achieved, the
    challenges and their causes, the next steps; each part in Arabic and, when the author
    gives it, English. It goes through the one review workflow (plans/workflow.py) with the
    period's values: drafted by the unit's officer on the entry page, approved or returned
    by its head on the review page."""

    # The parts, each written in Arabic and English (both optional, at least one part given).
    PARTS = ("achievements", "challenges", "next_steps")
    TEXTS = tuple(f"{part}_{lang}" for part in PARTS for lang in ("ar", "en"))

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="narratives",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="narratives"
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="narratives",
    )
    achievements_ar = models.TextField(_("achievements (Arabic)"), blank=True)
    achievements_en = models.TextField(_("achievements (English)"), blank=True)
    challenges_ar = models.TextField(_("challenges and their causes (Arabic)"), blank=True)
    challenges_en = models.TextField(_("challenges and their causes (English)"), blank=True)
    next_steps_ar = models.TextField(_("next steps (Arabic)"), blank=True)
    next_steps_en = models.TextField(_("next steps (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = NarrativeQuerySet.as_manager()

    class Meta:
        ordering = ["period__year", "period__quarter", "objective__order", "objective__code"]
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "objective"], name="narrative_unique_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.objective_id} {self.period_id}: {self.status}"

    @property
    def achievements(self) -> str:
        return pick_language(self.achievements_ar, self.achievements_en) or self.achievements_en

    @property
    def challenges(self) -> str:
        return pick_language(self.challenges_ar, self.challenges_en) or self.challenges_en

    @property
    def next_steps(self) -> str:
        return pick_language(self.next_steps_ar, self.next_steps_en) or self.next_steps_en


class NarrativeEvent(TrailEvent):
    """The audit trail of a narrative: every change of every part, and every step."""

    narrative = models.ForeignKey(Narrative, on_delete=models.CASCADE, related_name="events")

    class Meta(TrailEvent.Meta):
        verbose_name = _("narrative event")
        verbose_name_plural = _("narrative events")

    def __str__(self):
        return f"{self.narrative_id}: {self.action}"


class Notice(models.Model):
    """One in-app notice for one user (the bell in the header): what happened, about what,
    and the page to act on. Written by ``plans.services.notices.notice_add``."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for your review")
        RETURNED = "returned", _("Returned to you")
        REOPENED = "reopened", _("Reopened for your correction")
        PERIOD_OPENED = "period_opened", _("A reporting period has opened")
        PERIOD_CLOSING = "period_closing", _("Values due before the period closes")
        OVERDUE = "overdue", _("Values overdue after the closing date")
        ESCALATED = "escalated", _("A unit below you is overdue")
        DIGEST = "digest", _("Waiting for your review today")
        LATE_REQUESTED = "late_requested", _("A late-entry request to answer")
        LATE_GRANTED = "late_granted", _("Your late-entry request was granted")
        LATE_REFUSED = "late_refused", _("Your late-entry request was refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the notice is about: its period and unit, named in the reader's language when it
    # is shown, and codes (indicators, objectives, risks, activities) or a count; never a
    # sentence, which would stay in the language of whoever caused the notice.
    period = models.ForeignKey(
        ReportingPeriod, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    about = models.CharField(_("about"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.about}"


class LateEntryRequest(models.Model):
    """An officer's request to enter or correct values of a closed period late, and the
    planning admin's answer. A granted request lets its officer write those values until
    ``deadline`` (``plans.services.periods.period_writing``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE,
        related_name="late_requests",
    )  # fmt: skip
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    # The ids of the indicators asked for; empty: the whole unit (every indicator and
    # activity of it). Ids, not a relation: plans does not know indicators.
    indicator_ids = models.JSONField(_("indicators"), default=list, blank=True)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("late-entry request")
        verbose_name_plural = _("late-entry requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="granted") | Q(deadline__isnull=False),
                name="late_grant_has_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.period_id}/{self.unit_id}: {self.status}"

    def covers(self, indicator_id: int | None) -> bool:
        """Whether the request names this indicator (any, when it is for the whole unit;
        an activity or a risk assessment, ``None``, only then)."""
        return not self.indicator_ids or indicator_id in self.indicator_ids


class ReminderSent(models.Model):
    """What ``send_reminders`` sent, to whom, on which day: a second run the same day sends
    nothing new, and a period's opening notice goes once."""

    day = models.DateField()
    key = models.CharField(max_length=200)  # kind:period:unit:recipient
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "key"], name="reminder_once_a_day"),
        ]
        indexes = [models.Index(fields=["key"], name="reminder_key")]

    def __str__(self):
        return f"{self.day}: {self.key}"
