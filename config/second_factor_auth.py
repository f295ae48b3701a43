"""The API's authentication with two-step sign-in required (``config.second_factor``): DRF's
session and (expiring) token authentication, answering 403 to a planning admin or superuser
whom ``MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS`` requires to use it and who

- signs in by session: until a code has verified the session;
- sends a token: until they have set up an authenticator app (a token of such a user was
  made with a code, ``config.tokens``; those made before it was set up were deleted then).

Views open to anyone (the schema, its documentation page) stay open.

Kept apart from config.second_factor, which imports models and views: DRF's settings import
this module while rest_framework.views is still loading.
"""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, permissions

from config.authentication import ExpiringTokenAuthentication


def _open_to_anyone(request) -> bool:
    view = (getattr(request, "parser_context", None) or {}).get("view")
    classes = getattr(view, "permission_classes", None) or []
    return bool(classes) and all(
        isinstance(c, type) and issubclass(c, permissions.AllowAny) for c in classes
    )


def _refuse(request):
    if _open_to_anyone(request):
        return
    raise exceptions.PermissionDenied(
        _(
            "Your role requires two-step sign-in. Set up an authenticator app under your "
            "account on the site, then sign in with a code."
        )
    )


class TokenAuthentication(ExpiringTokenAuthentication):
    def authenticate(self, request):
        from config import second_factor

        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            if second_factor.required_for(user) and not second_factor.has_device(user):
                _refuse(request)
        return result


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        from config import second_factor

        result = super().authenticate(request)
        if result is not None:
            user = result[0]
            if second_factor.required_for(user) and not second_factor.is_verified(user):
                _refuse(request)
        return result
