"""API tokens: ``POST /api/v1/auth/token/`` (throttled and locked out like the sign-in form)."""

import math

from rest_framework import exceptions
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from config import signin
from config.parsers import BoundedJSONParser


class AddressRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, keyed on the client address as the trusted proxy saw it (DRF's
    own reads any ``X-Forwarded-For`` a client sends)."""

    def get_ident(self, request):
        return signin.client_address(request)


class TokenView(ObtainAuthToken):
    """POST username and password, get {"token": …}; throttled against guessing."""

    permission_classes = [AllowAny]
    throttle_classes = [AddressRateThrottle]
    throttle_scope = "token"
    parser_classes = [BoundedJSONParser, FormParser]

    def post(self, request, *args, **kwargs):
        username = str(request.data.get("username", "")) if hasattr(request.data, "get") else ""
        address = signin.client_address(request)
        try:
            signin.check_allowed(username, address)
        except signin.LockedOut as locked:
            error = exceptions.Throttled(detail=locked.message)
            error.wait = max(1, math.ceil(locked.until - signin.clock()))
            raise error from None
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if request.data.get("password"):
                signin.record_failure(username, address)
            raise exceptions.ValidationError(serializer.errors)
        signin.record_success(username)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
