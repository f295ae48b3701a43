"""Whose scores a user may see: shared by the dashboard, the reports and the API."""

from django.http import Http404

from plans.permissions import can_view_unit, membership_of, sees_everything, visible_unit_ids


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
