from plans.permissions import membership_of, role_of


def membership(request):
    """The signed-in user's unit and role, for the navigation bar."""
    return {
        "marsad_membership": membership_of(request.user),
        "marsad_role": role_of(request.user),
    }
