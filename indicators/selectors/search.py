"""The search box: plan items, action plans and activities, units, risks and people whose code
or title (Arabic or English) holds every word typed, folded as ``plans/search.py`` folds them,
within what the user may see. One query per kind, each with a ``LIMIT``: the page takes the
same number of queries for one matching row or ten thousand.

Who sees what is the pages' own rule, so that no result links to a 404:

- goals and objectives: every member (``can_browse_plan``, as the plan tree and the
  objective page);
- indicators, action plans and their activities, units: those of the units whose data the
  user sees (``visible_unit_ids``, as the indicator, action-plan and unit pages);
- risks: ``visible_risks``, as the register;
- people: only the planning admin, who manages accounts (``builder/users/``); others never
  see a list of the organisation's users, so the search does not show them one either.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from plans.models import ActionPlan, Activity, Goal, Objective, OrgUnit
from plans.permissions import can_browse_plan, is_planning_admin, visible_risks, visible_unit_ids
from plans.search import MAX_QUERY, MIN_QUERY, fold, folded, terms

# Results shown per kind; one more is read to know there are more.
PER_KIND = 20


@dataclass
class Hit:
    code: str
    title: str
    url: str
    context: str = ""  # the plan, the unit or the action plan it belongs to
    archived: bool = False


@dataclass
class Group:
    kind: str  # a stable key, for the page's anchors and the tests
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more than PER_KIND matched: the user should type more


@dataclass
class Results:
    query: str
    problem: str = ""  # why nothing was searched (empty or too short), translated
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(group.hits) for group in self.groups)


def _matching(queryset, words: list[str], fields: tuple[str, ...] | None):
    """The rows of ``queryset`` whose folded text holds every word: the ``search_text`` the
    database keeps (``fields`` None), or, for the accounts, ``fields`` folded as it reads."""
    column = "search_text"
    if fields is not None:
        queryset, column = queryset.alias(_folded=folded(*fields)), "_folded"
    return queryset.filter(reduce(and_, (Q(**{f"{column}__contains": word}) for word in words)))


def _group(kind, label, queryset, words, fields, hit) -> Group:
    rows = list(_matching(queryset, words, fields)[: PER_KIND + 1])
    return Group(kind, str(label), [hit(row) for row in rows[:PER_KIND]], len(rows) > PER_KIND)


def search(user, query: str) -> Results:
    """What ``user`` may see that matches ``query`` (already bounded to ``MAX_QUERY``)."""
    query = (query or "").strip()[:MAX_QUERY]
    results = Results(query=query)
    if not fold(query):
        results.problem = str(_("Type a word, a name or a code to search for."))
        return results
    if len(fold(query).replace(" ", "")) < MIN_QUERY:
        results.problem = str(
            _("Type at least %(count)s letters or digits to search for.") % {"count": MIN_QUERY}
        )
        return results
    if not can_browse_plan(user):
        return results
    words = terms(query)
    visible = visible_unit_ids(user)

    def in_units(queryset, path):
        return queryset if visible is None else queryset.filter(**{f"{path}__in": visible})

    titles = None  # each kind's own search_text column
    groups = results.groups
    groups.append(
        _group(
            "goal",
            _("Strategic goals"),
            Goal.objects.select_related("plan").order_by("-plan__first_year", "order", "code"),
            words,
            titles,
            lambda g: Hit(
                g.code,
                g.title,
                reverse("plan_detail", args=[g.plan_id]) + f"#goal-{g.pk}",
                g.plan.name,
                g.is_archived,
            ),
        )
    )
    groups.append(
        _group(
            "objective",
            _("Objectives"),
            Objective.objects.select_related("plan").order_by("-plan__first_year", "order", "code"),
            words,
            titles,
            lambda o: Hit(
                o.code,
                o.title,
                reverse("objective_detail", args=[o.pk]),
                o.plan.name,
                o.is_archived,
            ),
        )
    )
    groups.append(
        _group(
            "indicator",
            _("Indicators"),
            in_units(Indicator.objects.select_related("plan", "unit"), "unit_id").order_by(
                "-plan__first_year", "code"
            ),
            words,
            titles,
            lambda i: Hit(
                i.code,
                i.title,
                reverse("indicator_detail", args=[i.pk]),
                f"{i.plan.name} · {i.unit.name}",
                i.is_archived,
            ),
        )
    )
    groups.append(
        _group(
            "action_plan",
            _("Action plans"),
            in_units(ActionPlan.objects.select_related("plan", "unit"), "unit_id").order_by(
                "-year", "unit__order", "unit__code"
            ),
            words,
            titles,
            lambda a: Hit(
                str(a.year),
                a.title,
                reverse("action_plan_detail", args=[a.pk]),
                f"{a.plan.name} · {a.unit.name}",
            ),
        )
    )
    groups.append(
        _group(
            "activity",
            _("Activities"),
            in_units(
                Activity.objects.select_related("action_plan"), "action_plan__unit_id"
            ).order_by("-action_plan__year", "code"),
            words,
            titles,
            lambda a: Hit(
                a.code,
                a.title,
                reverse("action_plan_detail", args=[a.action_plan_id]),
                a.action_plan.title,
            ),
        )
    )
    groups.append(
        _group(
            "unit",
            _("Units"),
            in_units(OrgUnit.objects.select_related("parent"), "pk").order_by("order", "code"),
            words,
            titles,
            lambda u: Hit(
                u.code,
                u.name,
                reverse("unit_detail", args=[u.pk]),
                u.parent.name if u.parent else "",
            ),
        )
    )
    groups.append(
        _group(
            "risk",
            _("Risks and threats"),
            visible_risks(user)
            .select_related("plan", "unit")
            .order_by("-plan__first_year", "code"),
            words,
            titles,
            lambda r: Hit(
                r.code,
                r.title,
                reverse("risk_detail", args=[r.pk]),
                f"{r.plan.name} · {r.unit.name}",
            ),
        )
    )
    if is_planning_admin(user):
        groups.append(
            _group(
                "person",
                _("People"),
                get_user_model().objects.select_related("membership__unit").order_by("username"),
                words,
                ("username", "first_name", "last_name", "email"),
                _person,
            )
        )
    return results


def _person(account) -> Hit:
    membership = getattr(account, "membership", None)
    context = f"{membership.get_role_display()} · {membership.unit.name}" if membership else ""
    return Hit(
        account.get_username(),
        account.get_full_name() or account.get_username(),
        reverse("org_user_edit", args=[account.pk]),
        context,
    )
