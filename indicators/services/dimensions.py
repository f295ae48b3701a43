"""A plan's dimensions (governorate, sex, age group…), their ordered options, the dimensions
an indicator is broken down by, and per-option targets (docs/disaggregation.md).

Only a planning admin calls these. Every write bumps the plan's revision, so that cached
scores are computed again.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Dimension, DimensionOption, Indicator, OptionTarget, ProgressEntry
from plans.errors import Conflict
from plans.inputs import decimal_problem
from plans.models import StrategicPlan
from plans.services.checking import check_and_raise, require_planning_admin, required_text
from plans.services.periods import plan_touch

MAX_OPTIONS = 60  # more would not fit an entry grid


def _fill(dimension: Dimension, *, code: str, name_ar: str, name_en: str, order: int) -> None:
    errors: dict = {}
    dimension.code = required_text(errors, "code", code, _("Enter a code."))
    dimension.name_ar = required_text(errors, "name_ar", name_ar, _("Enter the name in Arabic."))
    dimension.name_en = (name_en or "").strip()
    dimension.order = order
    if (
        dimension.code
        and Dimension.objects.filter(plan_id=dimension.plan_id, code=dimension.code)
        .exclude(pk=dimension.pk)
        .exists()
    ):
        errors["code"] = _("Another dimension of this plan already has this code.")
    check_and_raise(dimension, errors, exclude=("plan",))


@transaction.atomic
def dimension_create(
    *, by, plan: StrategicPlan, code: str, name_ar: str, name_en: str = "", order: int = 0
) -> Dimension:
    """Add a dimension to a plan, without options yet. Writes one Dimension; the plan's
    revision."""
    require_planning_admin(by)
    dimension = Dimension(plan=plan)
    _fill(dimension, code=code, name_ar=name_ar, name_en=name_en, order=order)
    dimension.save()
    plan_touch(plan.pk)
    return dimension


@transaction.atomic
def dimension_update(
    *, dimension: Dimension, by, code: str, name_ar: str, name_en: str = "", order: int = 0
) -> Dimension:
    """Change a dimension's code, names or order (its plan and options stay)."""
    require_planning_admin(by)
    dimension = Dimension.objects.select_for_update().get(pk=dimension.pk)
    _fill(dimension, code=code, name_ar=name_ar, name_en=name_en, order=order)
    dimension.save()
    plan_touch(dimension.plan_id)
    return dimension


def _used_by(dimension: Dimension):
    return Indicator.objects.filter(dimension_1=dimension) | Indicator.objects.filter(
        dimension_2=dimension
    )


@transaction.atomic
def dimension_delete(*, dimension: Dimension, by) -> None:
    """Delete a dimension with its options; refused (Conflict) while an indicator uses it."""
    require_planning_admin(by)
    used = _used_by(dimension).order_by("code").values_list("code", flat=True)[:5]
    if used:
        raise Conflict(
            _("Indicators are broken down by this dimension: %(codes)s.")
            % {"codes": ", ".join(used)}
        )
    plan_id = dimension.plan_id
    dimension.delete()
    plan_touch(plan_id)


def _option_in_cells(option_ids: set[int], dimension: Dimension) -> bool:
    """Whether any entry of an indicator using the dimension has a cell of these options."""
    if not option_ids:
        return False
    for cells, approved in ProgressEntry.objects.filter(
        indicator__in=_used_by(dimension)
    ).values_list("cells", "approved_cells"):
        for key in (*cells, *approved):
            if {int(part) for part in key.split(":")} & option_ids:
                return True
    return False


@transaction.atomic
def dimension_options_set(
    *, dimension: Dimension, by, options: Sequence[tuple[str, str, str]]
) -> list[DimensionOption]:
    """Set a dimension's options, in order, as (code, Arabic name, English name): an option
    is matched by its code (its names and order change), a new code is added, a code left
    out is removed — refused (Conflict) when a value was entered for it.

    Errors by line: ``ValidationError({"options": [messages]})`` with nothing written.
    """
    require_planning_admin(by)
    dimension = Dimension.objects.select_for_update().get(pk=dimension.pk)
    errors, seen = [], set()
    if len(options) > MAX_OPTIONS:
        errors.append(_("At most %(count)s options.") % {"count": MAX_OPTIONS})
    existing = {o.code: o for o in dimension.options.all()}
    wanted = []
    for line, (code, name_ar, name_en) in enumerate(options, start=1):
        code, name_ar, name_en = (code or "").strip(), (name_ar or "").strip(), (name_en or "")
        option = existing.get(code) or DimensionOption(dimension=dimension)
        option.code, option.name_ar, option.name_en, option.order = (
            code,
            name_ar,
            name_en.strip(),
            line,
        )
        problems = []
        if not code or not name_ar:
            problems.append(_("a code and an Arabic name are needed"))
        elif code in seen:
            problems.append(_("this code is given twice"))
        else:
            try:
                option.full_clean(exclude=["dimension"], validate_unique=False)
            except ValidationError as error:
                problems.extend(m for ms in error.message_dict.values() for m in ms)
        seen.add(code)
        if problems:
            errors.append(
                _("Line %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
        wanted.append(option)
    if errors:
        raise ValidationError({"options": errors})
    gone = [o for code, o in existing.items() if code not in seen]
    if _option_in_cells({o.pk for o in gone}, dimension):
        raise Conflict(_("Values were entered for an option left out; it cannot be removed."))
    DimensionOption.objects.filter(pk__in=[o.pk for o in gone]).delete()
    for option in wanted:
        option.save()
    plan_touch(dimension.plan_id)
    return wanted


def check_indicator_dimensions(indicator: Indicator) -> dict[str, str]:
    """The dimensions of an indicator are its plan's, the second only after the first and
    not the same one; they cannot change once values were entered in cells."""
    errors = {}
    first, second = indicator.dimension_1, indicator.dimension_2
    for name, dimension in (("dimension_1", first), ("dimension_2", second)):
        if dimension is not None and dimension.plan_id != indicator.plan_id:
            errors[name] = _("The dimension belongs to another plan.")
    if second is not None and first is None:
        errors["dimension_2"] = _("Choose the first dimension before the second.")
    elif second is not None and second.pk == first.pk:
        errors["dimension_2"] = _("Choose two different dimensions.")
    if indicator.pk and not errors:
        before = (
            Indicator.objects.filter(pk=indicator.pk)
            .values_list("dimension_1_id", "dimension_2_id")
            .first()
        )
        now = (indicator.dimension_1_id, indicator.dimension_2_id)
        if (
            before is not None
            and before != now
            and (
                ProgressEntry.objects.filter(indicator_id=indicator.pk).exclude(cells={}).exists()
                or ProgressEntry.objects.filter(indicator_id=indicator.pk)
                .exclude(approved_cells={})
                .exists()
            )
        ):
            errors["dimension_1"] = _(
                "Values were entered by option already; the dimensions can no longer change."
            )
    return errors


@transaction.atomic
def option_targets_save(
    *, indicator: Indicator, by, cells: Mapping[tuple[int, int], Decimal | None]
) -> int:
    """Set (a number), keep or remove (None) the yearly target of each option of the
    indicator's dimensions: ``cells`` maps (option id, year) to a value. Returns how many
    targets the indicator now has per option. Errors keyed "<option id>-<year>"."""
    require_planning_admin(by)
    options = {
        o.pk
        for o in DimensionOption.objects.filter(
            dimension_id__in=[d for d in (indicator.dimension_1_id, indicator.dimension_2_id) if d]
        )
    }
    years = set(indicator.plan.years)
    errors = {}
    for (option, year), value in cells.items():
        key = f"{option}-{year}"
        if option not in options or year not in years:
            errors[key] = _("This option or year is not the indicator's.")
        elif value is not None:
            problem = decimal_problem(value)
            if problem:
                errors[key] = problem[1]
            elif value < 0:
                errors[key] = _("A target cannot be negative.")
    if errors:
        raise ValidationError(errors)
    stored = {(t.option_id, t.year): t for t in OptionTarget.objects.filter(indicator=indicator)}
    for (option, year), value in cells.items():
        target = stored.get((option, year))
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            OptionTarget.objects.create(
                indicator=indicator, option_id=option, year=year, value=value
            )
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])
    plan_touch(indicator.plan_id)
    return OptionTarget.objects.filter(indicator=indicator).count()
