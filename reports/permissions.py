"""Whose scores a user may see: shared by the dashboard, the reports and the API."""

from django.http import Http404

from plans.models import Membership
from plans.permissions import (
    can_view_unit,
    is_planning_admin,
    membership_of,
    sees_everything,
    visible_unit_ids,
)


def dashboard_scope(user, unit):
    """The unit whose scores are shown (None: the whole ministry), checked against the
    user's rights: a unit outside them is not found; without a unit, planning admins and
    viewers see the ministry and everybody else their own unit."""
    allowed = visible_unit_ids(user)
    if unit is not None:
        if allowed is not None and unit.pk not in allowed:
            raise Http404
        return unit
    if allowed is None:
        return None
    membership = membership_of(user)
    if membership is None:
        raise Http404
    return membership.unit


def may_see_report(user, unit_id: int | None) -> bool:
    """Officers and heads get their own unit's reports (with sub-units); the planning admin
    and viewers get everything, the whole ministry included."""
    if unit_id is None:
        return sees_everything(user)
    return can_view_unit(user, unit_id)


def is_planning_directorate_head(user) -> bool:
    """The head of the planning directorate: a head whose unit is a planning admin's (1
    query, kept on the user)."""
    membership = membership_of(user)
    if membership is None or membership.role != Membership.Role.HEAD:
        return False
    if not hasattr(user, "_marsad_planning_head"):
        user._marsad_planning_head = Membership.objects.filter(
            unit_id=membership.unit_id, role=Membership.Role.PLANNING_ADMIN
        ).exists()
    return user._marsad_planning_head


def may_sign_ministry_report(user) -> bool:
    """Who reads a ministry report's draft summary and takes part in its sign-off: the
    planning admins and the head of the planning directorate. Others get 404."""
    return is_planning_admin(user) or is_planning_directorate_head(user)


def may_review_ministry_report(user, record) -> bool:
    """A second planning admin or the head of the planning directorate: not the preparer."""
    return may_sign_ministry_report(user) and user.pk != record.prepared_by_id


def may_approve_ministry_report(user, record) -> bool:
    """Separation of duties: three pairs of eyes; whoever prepared or reviewed the report
    cannot approve it."""
    return may_sign_ministry_report(user) and user.pk not in (
        record.prepared_by_id,
        record.reviewed_by_id,
    )
