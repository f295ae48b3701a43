"""Who may enter, review and see progress entries. Built on the organisation rights of
plans.permissions, and reused by the pages, the API and the templates."""

from django.db.models import Q

from plans.models import Membership
from plans.permissions import (
    can_report_for_unit,
    can_review_for_unit,
    can_view_unit,
    is_planning_admin,
    role_of,
    visible_unit_ids,
)

Role = Membership.Role


def can_view_indicator_data(user, indicator) -> bool:
    """Values, entries and evidence of an indicator: its unit's tree, admins and viewers."""
    return can_view_unit(user, indicator.unit_id)


def can_enter(user, indicator) -> bool:
    """Planning officers enter their own unit's (and sub-units') values; admins anything."""
    return can_report_for_unit(user, indicator.unit_id)


def can_review(user, indicator) -> bool:
    """Heads approve or return their unit's (and sub-units') entries; admins anything."""
    return can_review_for_unit(user, indicator.unit_id)


def enterable_unit_ids(user) -> set[int] | None:
    """Units whose entry page the user may use (None: all)."""
    if is_planning_admin(user):
        return None
    if role_of(user) == Role.OFFICER:
        return visible_unit_ids(user)
    return set()


def reviewable_unit_ids(user) -> set[int] | None:
    if is_planning_admin(user):
        return None
    if role_of(user) == Role.HEAD:
        return visible_unit_ids(user)
    return set()


def visible_entries_q(visible: set[int]) -> Q:
    """Progress entries of the units in ``visible`` (see ``visible_unit_ids``): those of
    their indicators, and those they entered of an indicator since moved away (history)."""
    return Q(indicator__unit_id__in=visible) | Q(unit_id__in=visible)
