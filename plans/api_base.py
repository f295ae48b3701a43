"""What every API endpoint shares: who may call it, and paging (errors: api_errors)."""

from rest_framework import exceptions, permissions
from rest_framework.pagination import PageNumberPagination

from plans.permissions import role_of


class IsMember(permissions.BasePermission):
    """Signed in (401 otherwise) and a member of the organisation (404 otherwise)."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if role_of(request.user) is None:
            raise exceptions.NotFound()
        return True


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
