"""API tokens: ``POST /api/v1/auth/token/`` (throttled and locked out like the sign-in form),
with a lifetime (``MARSAD_TOKEN_DAYS``), deleted when their owner's password changes, and
listed and revoked at ``/api/v1/auth/tokens/`` by their owner (the planning admin: anyone's).

A token's key is shown once, when it is made; the list names each token by ``id``, a digest
of its key, so that nobody reads keys back out of the API.

A user with two-step sign-in on (``config.second_factor``) sends a current code from the
authenticator app (or a backup code) as ``otp`` with the password; a wrong one counts like a
wrong password. When ``MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS`` requires two-step sign-in
of a user who has not set it up, no token is given.
"""

import math

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from config import second_factor, signin
from config.authentication import expires_at, token_id
from config.parsers import BoundedJSONParser
from plans.api_base import IsMember
from plans.permissions import is_planning_admin


class AddressRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, keyed on the client address as the trusted proxy saw it (DRF's
    own reads any ``X-Forwarded-For`` a client sends)."""

    def get_ident(self, request):
        return signin.client_address(request)


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        label=gettext_lazy("Code"),
        help_text=gettext_lazy(
            "Needed when the account has two-step sign-in on: the six digits the "
            "authenticator app shows now, or an unused backup code."
        ),
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=32,
    )


class TokenView(ObtainAuthToken):
    """POST username and password (and ``otp`` with two-step sign-in on), get
    {"token": …}; throttled against guessing."""

    serializer_class = TokenRequestSerializer
    authentication_classes = []  # the credentials are in the body
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
        user = serializer.validated_data["user"]
        self._check_second_factor(user, serializer.validated_data.get("otp", ""), address)
        signin.record_success(username)
        token, _created = Token.objects.get_or_create(user=user)
        if expires_at(token) <= timezone.now():
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})

    @staticmethod
    def _check_second_factor(user, code: str, address: str) -> None:
        username = user.get_username()
        if not second_factor.has_device(user):
            if second_factor.required_for(user):
                raise exceptions.ValidationError(
                    {
                        "otp": [
                            _(
                                "Your role requires two-step sign-in. Set up an authenticator "
                                "app under your account on the site first."
                            )
                        ]
                    }
                )
            return
        if not code:
            raise exceptions.ValidationError(
                {
                    "otp": [
                        _(
                            "This account has two-step sign-in on: send the code from the "
                            "authenticator app (or a backup code) as “otp”."
                        )
                    ]
                }
            )
        try:
            second_factor.check_code(user, code)
        except second_factor.TooSoon as refused:
            error = exceptions.Throttled(detail=refused.message)
            error.wait = refused.seconds
            raise error from None
        except second_factor.WrongCode as refused:
            signin.record_failure(username, address)
            raise exceptions.ValidationError({"otp": [refused.message]}) from None


class TokenInfoSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    user = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username")
    created = serializers.DateTimeField()
    expires = serializers.SerializerMethodField()

    def get_id(self, token) -> str:
        return token_id(token)

    def get_expires(self, token) -> str:
        return serializers.DateTimeField().to_representation(expires_at(token))


def _visible_tokens(user):
    tokens = Token.objects.select_related("user").order_by("created")
    return tokens if is_planning_admin(user) else tokens.filter(user=user)


class TokenListView(generics.ListAPIView):
    """The API tokens you hold (the planning admin: everyone's); never their keys."""

    permission_classes = [IsMember]
    serializer_class = TokenInfoSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the view
            return Token.objects.none()
        return _visible_tokens(self.request.user)


class TokenRevokeView(generics.GenericAPIView):
    """Revoke a token by its ``id``: its owner, or the planning admin."""

    permission_classes = [IsMember]
    serializer_class = TokenInfoSerializer

    @extend_schema(responses={204: None})
    def delete(self, request, token):
        for candidate in _visible_tokens(request.user):
            if token_id(candidate) == token:
                candidate.delete()
                return Response(status=status.HTTP_204_NO_CONTENT)
        raise exceptions.NotFound()
