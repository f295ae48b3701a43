"""Building a plan's risk and threat analysis: risks, their objectives and mitigation actions.

Only a planning admin calls these. The quarterly assessment (plans.services.reviews) stays
the way units report how a risk moves; a likelihood or impact the planning admin changes
here directly is recorded as a RiskScoreChange. Risks appear in the plan's reports, which
are cached under the plan's revision, so every change touches the plan.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Objective, OrgUnit, Risk, RiskAction, RiskScoreChange, StrategicPlan
from plans.services.checking import check_and_raise, require_planning_admin, required_text
from plans.services.periods import plan_touch


def _score_errors(errors: dict, likelihood, impact) -> None:
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = _("Choose a whole number from 1 to 5.")


def _objectives_in_plan(errors: dict, plan: StrategicPlan, objectives) -> list[Objective]:
    objectives = list(objectives or [])
    strangers = [o for o in objectives if o.plan_id != plan.pk]
    if strangers:
        errors["objectives"] = _(
            "Every objective must belong to the risk's plan; %(codes)s belong to another plan."
        ) % {"codes": ", ".join(o.code for o in strangers)}
    return objectives


def _fill_risk(
    risk: Risk,
    errors: dict,
    *,
    code: str,
    kind: str,
    category: str,
    title_ar: str,
    title_en: str,
    description_ar: str,
    description_en: str,
    unit: OrgUnit | None,
    likelihood: int,
    impact: int,
    mitigation_ar: str,
    mitigation_en: str,
    owner_ar: str,
    owner_en: str,
    review_on: datetime.date | None,
    status: str,
) -> None:
    risk.code = required_text(errors, "code", code, _("Enter a code."))
    risk.title_ar = required_text(errors, "title_ar", title_ar, _("Enter the title in Arabic."))
    risk.title_en = (title_en or "").strip()
    risk.kind, risk.category, risk.status = kind, category, status
    risk.description_ar = (description_ar or "").strip()
    risk.description_en = (description_en or "").strip()
    risk.mitigation_ar = (mitigation_ar or "").strip()
    risk.mitigation_en = (mitigation_en or "").strip()
    risk.owner_ar = (owner_ar or "").strip()
    risk.owner_en = (owner_en or "").strip()
    risk.review_on = review_on
    if unit is None:
        errors["unit"] = _("Choose the responsible unit.")
    else:
        risk.unit = unit
    _score_errors(errors, likelihood, impact)
    risk.likelihood, risk.impact = likelihood, impact
    if (
        risk.code
        and Risk.objects.filter(plan_id=risk.plan_id, code=risk.code).exclude(pk=risk.pk).exists()
    ):
        errors["code"] = _("Another risk of this plan already has this code.")
    check_and_raise(risk, errors, exclude=("plan",))


@transaction.atomic
def risk_create(
    *,
    by,
    plan: StrategicPlan,
    code: str,
    category: str,
    title_ar: str,
    unit: OrgUnit,
    likelihood: int,
    impact: int,
    kind: str = Risk.Kind.RISK,
    title_en: str = "",
    description_ar: str = "",
    description_en: str = "",
    objectives: Iterable[Objective] = (),
    mitigation_ar: str = "",
    mitigation_en: str = "",
    owner_ar: str = "",
    owner_en: str = "",
    review_on: datetime.date | None = None,
    status: str = Risk.Status.OPEN,
) -> Risk:
    """Add a risk or threat to a plan, linked to objectives of that same plan.

    Side effects: one Risk row and its objective links; the plan's revision is bumped.
    """
    require_planning_admin(by)
    risk = Risk(plan=plan)
    errors: dict = {}
    chosen = _objectives_in_plan(errors, plan, objectives)
    _fill_risk(
        risk, errors, code=code, kind=kind, category=category, title_ar=title_ar,
        title_en=title_en, description_ar=description_ar, description_en=description_en,
        unit=unit, likelihood=likelihood, impact=impact, mitigation_ar=mitigation_ar,
        mitigation_en=mitigation_en, owner_ar=owner_ar, owner_en=owner_en,
        review_on=review_on, status=status,
    )  # fmt: skip
    risk.save()
    risk.objectives.set(chosen)
    plan_touch(plan.pk)
    return risk


@transaction.atomic
def risk_update(
    *,
    risk: Risk,
    by,
    code: str,
    category: str,
    title_ar: str,
    unit: OrgUnit,
    likelihood: int,
    impact: int,
    kind: str = Risk.Kind.RISK,
    title_en: str = "",
    description_ar: str = "",
    description_en: str = "",
    objectives: Iterable[Objective] = (),
    mitigation_ar: str = "",
    mitigation_en: str = "",
    owner_ar: str = "",
    owner_en: str = "",
    review_on: datetime.date | None = None,
    status: str = Risk.Status.OPEN,
    reason: str = "",
) -> Risk:
    """Change a risk (its plan stays). A new likelihood or impact is recorded, with who,
    when and the optional ``reason``; the quarterly assessments are left as they are.

    Side effects: the Risk row and its objective links; a RiskScoreChange row when the
    likelihood or impact changes; the plan's revision is bumped.
    """
    require_planning_admin(by)
    risk = Risk.objects.select_for_update(of=("self",)).select_related("plan").get(pk=risk.pk)
    old = (risk.likelihood, risk.impact)
    errors: dict = {}
    chosen = _objectives_in_plan(errors, risk.plan, objectives)
    _fill_risk(
        risk, errors, code=code, kind=kind, category=category, title_ar=title_ar,
        title_en=title_en, description_ar=description_ar, description_en=description_en,
        unit=unit, likelihood=likelihood, impact=impact, mitigation_ar=mitigation_ar,
        mitigation_en=mitigation_en, owner_ar=owner_ar, owner_en=owner_en,
        review_on=review_on, status=status,
    )  # fmt: skip
    risk.save()
    risk.objectives.set(chosen)
    if old != (risk.likelihood, risk.impact):
        RiskScoreChange.objects.create(
            risk=risk,
            old_likelihood=old[0],
            old_impact=old[1],
            new_likelihood=risk.likelihood,
            new_impact=risk.impact,
            reason=(reason or "").strip()[:2000],
            by=by,
        )
    plan_touch(risk.plan_id)
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk, by) -> None:
    """Delete a risk that has no quarterly assessment yet (one with a history is closed
    instead, so that the history stays).

    Side effects: the Risk row, its objective links, mitigation actions and score changes;
    the plan's revision is bumped.
    """
    require_planning_admin(by)
    if risk.assessments.exists():
        raise ValidationError(
            _(
                "This risk has quarterly assessments and cannot be deleted; "
                "set its status to closed instead."
            )
        )
    plan_id = risk.plan_id
    risk.delete()
    plan_touch(plan_id)


# --- Mitigation actions -------------------------------------------------------------------


def _fill_action(
    action: RiskAction,
    *,
    title_ar: str,
    title_en: str,
    owner_ar: str,
    owner_en: str,
    due_on: datetime.date | None,
    status: str,
) -> None:
    errors: dict = {}
    action.title_ar = required_text(errors, "title_ar", title_ar, _("Enter the title in Arabic."))
    action.title_en = (title_en or "").strip()
    action.owner_ar = (owner_ar or "").strip()
    action.owner_en = (owner_en or "").strip()
    action.due_on = due_on
    action.status = status
    check_and_raise(action, errors, exclude=("risk",))


@transaction.atomic
def risk_action_create(
    *,
    by,
    risk: Risk,
    title_ar: str,
    title_en: str = "",
    owner_ar: str = "",
    owner_en: str = "",
    due_on: datetime.date | None = None,
    status: str = RiskAction.Status.PLANNED,
) -> RiskAction:
    """Add a mitigation action to a risk.

    Side effects: one RiskAction row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    action = RiskAction(risk=risk)
    _fill_action(
        action, title_ar=title_ar, title_en=title_en, owner_ar=owner_ar, owner_en=owner_en,
        due_on=due_on, status=status,
    )  # fmt: skip
    action.save()
    plan_touch(risk.plan_id)
    return action


@transaction.atomic
def risk_action_update(
    *,
    action: RiskAction,
    by,
    title_ar: str,
    title_en: str = "",
    owner_ar: str = "",
    owner_en: str = "",
    due_on: datetime.date | None = None,
    status: str = RiskAction.Status.PLANNED,
) -> RiskAction:
    """Change a mitigation action (it stays with its risk).

    Side effects: the RiskAction row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    action = (
        RiskAction.objects.select_for_update(of=("self",)).select_related("risk").get(pk=action.pk)
    )
    _fill_action(
        action, title_ar=title_ar, title_en=title_en, owner_ar=owner_ar, owner_en=owner_en,
        due_on=due_on, status=status,
    )  # fmt: skip
    action.save()
    plan_touch(action.risk.plan_id)
    return action


@transaction.atomic
def risk_action_delete(*, action: RiskAction, by) -> None:
    """Delete a mitigation action.

    Side effects: the RiskAction row; the plan's revision is bumped.
    """
    require_planning_admin(by)
    plan_id = action.risk.plan_id
    action.delete()
    plan_touch(plan_id)
