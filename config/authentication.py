"""Token authentication with a lifetime, and the hook that deletes a user's tokens when the
password changes (kept apart from config.tokens, which DRF's settings import while
rest_framework.views is still loading)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def lifetime() -> timedelta:
    return timedelta(days=settings.MARSAD_TOKEN_DAYS)


def expires_at(token: Token):
    return token.created + lifetime()


def token_id(token: Token) -> str:
    return hashlib.sha256(token.key.encode()).hexdigest()[:16]


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (and deleting) tokens past their lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expires_at(token) <= timezone.now():
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired; ask for a new one."))
        return user, token


class RevokeTokensOnPasswordChange:
    """Not a rule for passwords: Django tells every password validator when a password has
    changed (wherever it changed: the pages, the admin, ``changepassword``), and this one
    deletes the user's API tokens then."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            Token.objects.filter(user=user).delete()

    def get_help_text(self):
        return ""
