"""Who may see and do what, decided in one place and reused by pages, API and templates.

Rights follow the organisation tree: a member sees their own unit and the units below it.
Planning admins and viewers see everything; only planning admins change the plan. What a
user may not see answers 404, never 403, so that outsiders learn nothing of it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from plans.models import Membership, Risk
from plans.selectors import unit_subtree_ids

Role = Membership.Role


def membership_of(user) -> Membership | None:
    """The user's membership (unit and role), read once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_marsad_membership"):
        user._marsad_membership = (
            Membership.objects.select_related("unit").filter(user=user).first()
        )
    return user._marsad_membership


def role_of(user) -> str | None:
    membership = membership_of(user)
    if membership is not None:
        return membership.role
    if getattr(user, "is_superuser", False):
        return Role.PLANNING_ADMIN
    return None


def is_planning_admin(user) -> bool:
    return role_of(user) == Role.PLANNING_ADMIN


def sees_everything(user) -> bool:
    return role_of(user) in (Role.PLANNING_ADMIN, Role.VIEWER)


def visible_unit_ids(user) -> set[int] | None:
    """Ids of the units whose data the user may see; ``None`` means every unit."""
    if sees_everything(user):
        return None
    membership = membership_of(user)
    if membership is None:
        return set()
    if not hasattr(user, "_marsad_unit_ids"):
        user._marsad_unit_ids = unit_subtree_ids(membership.unit_id)
    return user._marsad_unit_ids


def can_view_unit(user, unit_id: int) -> bool:
    visible = visible_unit_ids(user)
    return visible is None or unit_id in visible


def require_unit_visible(user, unit_id: int) -> None:
    """Raise 404 when the user may not see the unit's data."""
    if not can_view_unit(user, unit_id):
        raise Http404


def visible_risks(user, queryset=None):
    """The risks (of ``queryset``, else all) that ``user`` may see: those of the units whose
    data they see, so every risk for planning admins and viewers, none for a user without a
    role. The risk register and a risk's page, the objective page, the API and (through the
    scope the user may see) the dashboards and reports all read risks through this rule."""
    queryset = Risk.objects.all() if queryset is None else queryset
    return queryset.for_units(visible_unit_ids(user))


def can_see_risk(user, risk) -> bool:
    """Whether ``user`` may see this one risk (``visible_risks`` for one row)."""
    return can_view_unit(user, risk.unit_id)


def can_browse_plan(user) -> bool:
    """The plan's structure (goals, objectives, indicator titles) is open to every member."""
    return role_of(user) is not None


def has_role(user) -> bool:
    """A member of the organisation (any role). A signed-in user without one sees the
    "no role yet" page on the home page and the plan list (``plans.views.no_role``) and a
    404 everywhere else, pages and API alike."""
    return role_of(user) is not None


def can_use_admin(user) -> bool:
    return is_planning_admin(user)


def can_report_for_unit(user, unit_id: int) -> bool:
    """Officers report for their own unit (and sub-units): values, activities, risk
    assessments; planning admins for any unit."""
    if is_planning_admin(user):
        return True
    return role_of(user) == Role.OFFICER and can_view_unit(user, unit_id)


def can_review_for_unit(user, unit_id: int) -> bool:
    """Heads approve or return their unit's (and sub-units') reports; planning admins any."""
    if is_planning_admin(user):
        return True
    return role_of(user) == Role.HEAD and can_view_unit(user, unit_id)


def require_builder(user) -> None:
    """The builder pages: 404 for outsiders, 403 for members who may see but not build."""
    if role_of(user) is None:
        raise Http404
    if not is_planning_admin(user):
        raise PermissionDenied
