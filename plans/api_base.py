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
    """``?page=`` (from 1) and ``?page_size=`` (1 to 500, 50 by default); a value outside
    these is refused with a 400 (``config.api_query``), a page past the last is a 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_schema_operation_parameters(self, view):
        page, size = super().get_schema_operation_parameters(view)
        page["schema"] |= {"minimum": 1}
        size["schema"] |= {"minimum": 1, "maximum": self.max_page_size}
        return [page, size]
