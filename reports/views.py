"""The dashboard (the home page after sign-in) and the page that explains the numbers."""

from functools import lru_cache
from pathlib import Path

import markdown
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from indicators.models import Indicator
from plans.models import Membership, OrgUnit
from plans.permissions import membership_of, role_of, visible_unit_ids
from plans.selectors import default_plan, latest_closed_period
from reports import charts
from reports.filters import ScoreFilter, limit_choices
from reports.selectors import dashboard

Role = Membership.Role


def _scope(user, unit: OrgUnit | None) -> OrgUnit | None:
    """The unit a dashboard shows (None: the whole ministry), checked against the user's
    rights: a unit outside them is not found."""
    allowed = visible_unit_ids(user)
    if unit is not None:
        if allowed is not None and unit.pk not in allowed:
            raise Http404
        return unit
    if allowed is None:
        return None  # planning admins and viewers start from the ministry
    membership = membership_of(user)
    if membership is None:
        raise Http404
    return membership.unit


def home(request):
    """Where the plan stands for the user's scope: scores, trends, units, what needs
    attention; filters kept in the URL so that a view can be shared as a link."""
    if role_of(request.user) is None:
        raise Http404
    filterset = ScoreFilter(request.GET or None, queryset=Indicator.objects.none())
    data, status = {}, 200
    if filterset.is_bound:
        if filterset.is_valid():
            data = filterset.form.cleaned_data
        else:
            status = 400
    plan = data.get("plan") or default_plan()
    if plan is None:
        return render(request, "reports/dashboard.html", {"plan": None, "filterset": filterset})
    year, quarter = data.get("year"), data.get("quarter")
    if year is None and quarter is None and not data.get("plan"):
        latest = latest_closed_period(plan)
        if latest is not None:
            year, quarter = latest.year, latest.quarter
    unit = _scope(request.user, data.get("unit"))
    goal = data.get("goal")
    board = dashboard(
        plan,
        year=int(year) if year is not None else None,
        quarter=int(quarter) if quarter else None,
        unit=unit,
        goal_id=goal.pk if goal else None,
        include_submitted=bool(data.get("provisional")),
    )
    if status == 200:
        # Show the choices in effect, so that the form says what the page shows.
        shown = request.GET.copy()
        shown.update(
            {
                "plan": plan.pk,
                "year": year or "",
                "quarter": quarter or "",
                "unit": unit.pk if unit else "",
            }
        )
        filterset = ScoreFilter(shown, queryset=Indicator.objects.none())
    allowed = visible_unit_ids(request.user)
    units = OrgUnit.objects.all() if allowed is None else OrgUnit.objects.filter(pk__in=allowed)
    limit_choices(filterset, units=units.order_by("order", "code"), plan=plan)
    rtl = get_language_bidi()
    status_labels = {
        "green": _("green"),
        "amber": _("amber"),
        "red": _("red"),
        "grey": _("grey"),
    }
    goal_sparks = {
        card.id: charts.sparkline(
            card.series,
            board.series_labels,
            title=_("%(code)s by quarter") % {"code": card.code},
            rtl=rtl,
        )
        for card in board.goals
    }
    return render(
        request,
        "reports/dashboard.html",
        {
            "plan": plan,
            "board": board,
            "unit": unit,
            "filterset": filterset,
            "query": request.GET.urlencode(),
            "goal_sparks": goal_sparks,
            "status_chart": charts.status_strip(
                board.counts, status_labels, title=_("Indicators by status"), rtl=rtl
            ),
            "units_chart": charts.bar_chart(
                [(str(u.name), u.result.score, u.result.status) for u in board.units],
                title=_("Units compared"),
                rtl=rtl,
            )
            if board.units
            else "",
            "status_labels": status_labels,
        },
        status=status,
    )


ARABIC_PART = "\n## العربية"


@lru_cache(maxsize=1)
def _achievement_parts() -> tuple[str, str]:
    """The English and the Arabic halves of docs/achievement.md, as HTML."""
    text = (Path(settings.BASE_DIR) / "docs" / "achievement.md").read_text(encoding="utf-8")
    english, _sep, arabic = text.partition(ARABIC_PART)
    render_md = lambda part: markdown.markdown(part, extensions=["tables"])  # noqa: E731
    return render_md(english), render_md("## العربية" + arabic)


def how_achievement_is_calculated(request):
    """docs/achievement.md as a page that every score links to, in the reader's language
    first, each half in its own direction."""
    english, arabic = _achievement_parts()
    parts = [("ar", "rtl", mark_safe(arabic)), ("en", "ltr", mark_safe(english))]
    if not get_language_bidi():
        parts.reverse()
    return render(request, "reports/achievement_doc.html", {"parts": parts})
