from functools import cache

from plans.permissions import membership_of, role_of
from plans.selectors import unread_notice_count


def membership(request):
    """The signed-in user's unit and role, for the navigation bar, and the bell's count of
    unread notices: one query, made only when a page draws the header (the template calls
    it), and at most once."""
    user = request.user

    @cache
    def unread() -> int:
        return unread_notice_count(user) if user.is_authenticated else 0

    return {
        "marsad_membership": membership_of(user),
        "marsad_role": role_of(user),
        "marsad_unread": unread,
    }
