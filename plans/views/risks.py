"""The risk register, its 5×5 heat map, and a risk's page with its quarterly review."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from plans import charts, services
from plans import selectors as plan_selectors
from plans.errors import Conflict
from plans.filters import RiskFilter
from plans.inputs import optional_id
from plans.models import ReportingPeriod, Risk, RiskAssessment, StrategicPlan
from plans.permissions import (
    can_report_for_unit,
    can_review_for_unit,
    can_see_risk,
    role_of,
    visible_risks,
)


def risk_register(request):
    """Risks and threats with filters, and the heat map of where they sit."""
    if role_of(request.user) is None:
        raise Http404
    params = request.GET.copy()
    if not params.get("plan"):
        plan = plan_selectors.default_plan()
        if plan is not None:
            params["plan"] = str(plan.pk)
    filterset = RiskFilter(params, queryset=visible_risks(request.user))
    status = 200
    if not filterset.is_valid():
        status = 400
        risks_qs = Risk.objects.none()
        map_qs = Risk.objects.none()
    else:
        risks_qs = filterset.qs
        # The map shows every cell of the register as filtered, whatever cell was chosen.
        without_cell = params.copy()
        without_cell.pop("likelihood", None)
        without_cell.pop("impact", None)
        map_qs = RiskFilter(without_cell, queryset=visible_risks(request.user)).qs
    plan = filterset.form.cleaned_data.get("plan") if status == 200 else None
    plan = plan or StrategicPlan(band_medium=5, band_high=10, band_critical=17)
    risks = plan_selectors.risk_register(risks_qs)

    def cell_link(likelihood, impact):
        query = without_cell.copy() if status == 200 else params.copy()
        query["likelihood"], query["impact"] = likelihood, impact
        return f"{reverse('risk_register')}?{query.urlencode()}"

    heat = charts.heat_map(
        plan_selectors.risk_cells(map_qs),
        plan.band_of,
        title=_("Risks by likelihood and impact"),
        rtl=get_language_bidi(),
        link=cell_link if status == 200 else None,
        axis_labels=(_("Likelihood →"), _("Impact ↑")),
    )
    return render(
        request,
        "plans/risk_register.html",
        {
            "filterset": filterset,
            "risks": [(risk, plan.band_of(risk.score)) for risk in risks],
            "heat_map": heat,
            "chosen_cell": (params.get("likelihood"), params.get("impact")),
            "plain_query": urlencode({"plan": params.get("plan", "")}),
        },
        status=status,
    )


def risk_detail(request, pk: int):
    """A risk: what threatens which objectives, its assessments over time, its actions; the
    unit's officer records this quarter's assessment and the head reviews it."""
    if role_of(request.user) is None:
        raise Http404
    try:
        risk = plan_selectors.risk_with_history(pk)
    except Risk.DoesNotExist as missing:
        raise Http404 from missing
    if not can_see_risk(request.user, risk):
        raise Http404
    period = ReportingPeriod.objects.filter(plan=risk.plan).current_open()
    if request.method == "POST":
        _act_on_assessment(request, risk, period)
        return redirect("risk_detail", pk=risk.pk)
    assessments = list(risk.assessments.all())
    current = next((a for a in assessments if period and a.period_id == period.pk), None)
    approved = [a for a in assessments if a.status == RiskAssessment.Status.APPROVED]
    trend = charts.sparkline(
        [Decimal(a.score) for a in approved[-12:]],
        [f"{a.period}: {a.likelihood} × {a.impact}" for a in approved[-12:]],
        title=_("Risk score by quarter"),
        rtl=get_language_bidi(),
        ceiling=Decimal(25),
        suffix="",
    )
    return render(
        request,
        "plans/risk_detail.html",
        {
            "risk": risk,
            "band": risk.plan.band_of(risk.score),
            "assessments": list(reversed(assessments)),
            "current": current,
            "period": period,
            "trend": trend,
            "may_assess": period is not None and can_report_for_unit(request.user, risk.unit_id),
            "may_review": can_review_for_unit(request.user, risk.unit_id),
            "scores": range(1, 6),
            "events": plan_selectors.risk_assessment_events(risk),
        },
    )


def _act_on_assessment(request, risk, period) -> None:
    post = request.POST
    action = post.get("action", "")
    version = post.get("version", "")
    expected = optional_id(version, name="version")
    assessment_id = optional_id(post.get("assessment"), name="assessment")
    assessment = RiskAssessment.objects.filter(risk=risk, pk=assessment_id or 0).first()
    try:
        if action in ("save", "submit"):
            if period is None:
                raise Conflict(_("This period is not open for entry yet."))
            try:
                likelihood, impact = int(post.get("likelihood", "")), int(post.get("impact", ""))
            except ValueError as error:
                raise ValidationError(_("Choose a whole number from 1 to 5.")) from error
            assessment = services.risk_assessment_save(
                risk=risk,
                period=period,
                by=request.user,
                likelihood=likelihood,
                impact=impact,
                note=post.get("note", ""),
                expected_version=expected,
            )
            if action == "submit":
                services.risk_assessment_submit(
                    assessment=assessment, by=request.user, expected_version=assessment.version
                )
        elif action == "approve" and assessment is not None:
            services.risk_assessment_approve(
                assessment=assessment, by=request.user, expected_version=expected
            )
        elif action == "return" and assessment is not None:
            services.risk_assessment_return(
                assessment=assessment,
                by=request.user,
                expected_version=expected,
                comment=post.get("comment", ""),
            )
        elif action == "reopen" and assessment is not None:
            services.risk_assessment_reopen(
                assessment=assessment,
                by=request.user,
                expected_version=expected,
                comment=post.get("comment", ""),
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Conflict as error:
        messages.error(request, error.message)
    else:  # PermissionDenied goes through: a 403 for who may see but not do
        messages.success(request, _("Your review was recorded."))
