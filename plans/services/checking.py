"""What the builder services for the organisation, risks, action plans and scenarios share:
who may call them, and turning every database rule into a translated message first.

A service collects its own checks (with messages written for the planning directorate)
into ``errors``, then ``check_and_raise`` runs the model's own validation — field lengths,
choices, decimal places and every ``UniqueConstraint``/``CheckConstraint`` — for the fields
not already in error, so that a bad value is a ValidationError and never an IntegrityError.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from plans.models import StrategicPlan
from plans.permissions import is_planning_admin
from plans.services.periods import plan_touch


def require_planning_admin(by) -> None:
    """Only a planning admin builds the plan and the organisation."""
    if not is_planning_admin(by):
        raise PermissionDenied(_("Only a planning admin can change the plan and the organisation."))


def required_text(errors: dict, field: str, value: str, message: str) -> str:
    """The text stripped; an error under ``field`` when it is empty."""
    value = (value or "").strip()
    if not value:
        errors.setdefault(field, message)
    return value


def check_and_raise(instance: models.Model, errors: dict, *, exclude: tuple[str, ...] = ()) -> None:
    """Run the model's validation for the fields not already in error and raise every
    message at once (nothing is written when anything is wrong)."""
    skip = set(exclude) | set(errors)
    try:
        instance.full_clean(exclude=sorted(skip))
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field == NON_FIELD_ERRORS and errors:
                continue  # a constraint on a field that has its own message already
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def touch_every_plan() -> None:
    """Units carry scores in every plan: a change to the organisation moves them all."""
    for plan_id in StrategicPlan.objects.values_list("pk", flat=True):
        plan_touch(plan_id)


def in_plan_years(errors: dict, field: str, plan: StrategicPlan, year) -> None:
    """An error under ``field`` unless ``year`` is one of the plan's years."""
    if not isinstance(year, int) or isinstance(year, bool) or year not in plan.years:
        errors.setdefault(
            field,
            _("The year must be inside the plan (%(first)s–%(last)s).")
            % {"first": plan.first_year, "last": plan.last_year},
        )
