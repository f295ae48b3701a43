"""Two-step sign-in: an authenticator app (TOTP, django-otp) and one-time backup codes.

Anyone may turn it on under the account menu (``/accounts/two-factor/``): the page shows a
new secret as a QR code (an SVG drawn here) and as text, and keeps it in the session until a
first code from the app confirms it; only then are the app's device and ten backup codes
stored, the codes shown once, the session marked verified (django-otp's ``OTPMiddleware``,
``user.is_verified()``) and the user's API tokens, made without a code, deleted. It is
turned off again with a current code.

Once on, signing in asks for a code after the password (``config.signin``) and the token
endpoint wants it as ``otp`` (``config.tokens``); wrong codes count towards the same lockout
as wrong passwords, and django-otp also slows down repeated wrong codes per device.

With ``MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS``, planning admins and superusers must use it:
until their session is verified by a code, every page sends them to set it up (or, with an
app already set up, to sign in again with a code), the admin refuses them, and the API
answers 403 to their sessions and to their tokens until they have set it up
(``config.second_factor_auth``).
"""

import math
import secrets
import unicodedata
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import drf_spectacular.authentication
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from plans.permissions import is_planning_admin

BACKUP_CODE_COUNT = 10
SETUP_KEY = "marsad_totp_setup"  # session: the secret being set up, until confirmed
FRESH_CODES = "marsad_backup_codes"  # session: new backup codes, until shown once
APP_NAME = "authenticator app"
BACKUP_NAME = "backup codes"

# Codes as people type them: Arabic-Indic (or full-width) digits, spaces or a hyphen inside.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class CodeRefused(Exception):
    """A code was not accepted; ``message`` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class WrongCode(CodeRefused):
    """The code is not the app's current one nor an unused backup code."""


class TooSoon(CodeRefused):
    """django-otp's own brake after wrong codes: the device does not check codes yet."""

    def __init__(self, seconds: int):
        super().__init__(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                seconds,
            )
            % {"seconds": seconds}
        )
        self.seconds = seconds


def wrong_code() -> WrongCode:
    return WrongCode(
        _(
            "That code is not right. Enter the six digits your authenticator app shows now, "
            "or one of your unused backup codes."
        )
    )


def required_for(user) -> bool:
    """Whether the setting makes this user use two-step sign-in."""
    return bool(
        settings.MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS
        and getattr(user, "is_authenticated", False)
        and (user.is_superuser or is_planning_admin(user))
    )


def is_verified(user) -> bool:
    """The session was verified by a code (OTPMiddleware sets ``is_verified``)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def app_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user) -> bool:
    """Two-step sign-in is on: the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalize(code) -> str:
    text = unicodedata.normalize("NFKC", str(code or "")).translate(_DIGITS)
    return "".join(ch for ch in text if not ch.isspace() and ch != "-").lower()


def _is_app_code(text: str) -> bool:
    return len(text) == 6 and text.isascii() and text.isdigit()


def check_code(user, code):
    """The device that accepts ``code``: the app's current six digits, or an unused backup
    code (used up by this). Raises ``WrongCode``, or ``TooSoon`` while django-otp's brake
    after wrong codes holds; nothing but the device's failure count changes then."""
    text = normalize(code)
    devices = TOTPDevice if _is_app_code(text) else StaticDevice
    refusal: CodeRefused = wrong_code()
    with transaction.atomic():
        device = devices.objects.select_for_update().filter(user_id=user.pk, confirmed=True).first()
        if device is not None and text:
            allowed, info = device.verify_is_allowed()
            if not allowed:
                until = (info or {}).get("locked_until") or timezone.now()
                refusal = TooSoon(max(1, math.ceil((until - timezone.now()).total_seconds())))
            elif device.verify_token(text):
                return device
    raise refusal


def backup_codes_renew(*, user) -> list[str]:
    """Ten new backup codes for the user (the old ones stop working), returned once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return sorted(codes)


def new_secret() -> str:
    return secrets.token_hex(20)  # 160 bits, as RFC 4226 recommends


def secret_text(key: str) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def config_url(user, key: str) -> str:
    return TOTPDevice(user=user, key=key).config_url


def qr_svg(data: str) -> str:
    """A QR code as an SVG element (no script, no style: the CSP holds)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        box_size=12,
        border=4,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    return svg.replace("<svg ", '<svg role="img" class="qr" ', 1)


class AlreadyOn(Exception):
    pass


def second_factor_enrol(*, user, key: str, code) -> tuple[TOTPDevice, list[str]]:
    """Store the app (secret ``key``) once ``code`` shows the app has it, make new backup
    codes and delete the user's API tokens (made without a code). A wrong code changes
    nothing."""
    text = normalize(code)
    totp = TOTP(bytes.fromhex(key))
    if not (_is_app_code(text) and totp.verify(int(text), tolerance=1)):
        raise wrong_code()
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if has_device(user):
            raise AlreadyOn
        TOTPDevice.objects.filter(user=user).delete()  # unconfirmed leftovers
        device = TOTPDevice.objects.create(
            user=user,
            name=APP_NAME,
            key=key,
            confirmed=True,
            drift=totp.drift,
            last_t=totp.t(),  # this code cannot be used again to sign in
        )
        codes = backup_codes_renew(user=user)
        Token.objects.filter(user=user).delete()
    return device, codes


def second_factor_disable(*, user) -> None:
    """Turn two-step sign-in off (the page asks for a current code first)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


# -- pages -----------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        strip=True,
        error_messages={"required": gettext_lazy("Enter the code.")},
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(name: str, target: str) -> str:
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def _checked(request, form) -> bool:
    """The form's code is right, counted like a sign-in (lockout included); form errors
    otherwise."""
    from config import signin  # signin imports this module

    if not form.is_valid():
        return False
    username = request.user.get_username()
    address = signin.client_address(request)
    try:
        signin.check_allowed(username, address)
    except signin.LockedOut as locked:
        form.add_error(None, locked.message)
        return False
    try:
        check_code(request.user, form.cleaned_data["code"])
    except TooSoon as refused:
        form.add_error("code", refused.message)
        return False
    except WrongCode as refused:
        signin.record_failure(username, address)
        form.add_error("code", refused.message)
        return False
    signin.record_success(username)
    return True


def _overview(request, *, disable_form=None, codes_form=None, status=200):
    user = request.user
    device = app_device(user)
    context = {
        "device": device,
        "required": required_for(user),
        "codes_left": backup_codes_left(user) if device else 0,
        "disable_form": disable_form or CodeForm(prefix="off"),
        "codes_form": codes_form or CodeForm(prefix="codes"),
    }
    return render(request, "account/two_factor.html", context, status=status)


def overview(request):
    """The account's two-step sign-in: on or off, backup codes left, turn off."""
    return _overview(request)


def setup(request):
    """Show a new secret (QR code and text); a first code from the app confirms it."""
    user = request.user
    target = _next_url(request)
    if has_device(user):
        messages.info(request, _("Two-step sign-in is already on."))
        return redirect("two-factor")
    key = request.session.get(SETUP_KEY)
    if not (isinstance(key, str) and len(key) == 40):
        key = request.session[SETUP_KEY] = new_secret()
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            device, codes = second_factor_enrol(user=user, key=key, code=form.cleaned_data["code"])
        except WrongCode as refused:
            form.add_error("code", refused.message)
        except AlreadyOn:
            messages.info(request, _("Two-step sign-in is already on."))
            return redirect("two-factor")
        else:
            django_otp.login(request, device)
            request.session.pop(SETUP_KEY, None)
            request.session[FRESH_CODES] = codes
            messages.success(request, _("Two-step sign-in is on."))
            return redirect(_with_next("two-factor-backup-codes", target))
    url = config_url(user, key)
    context = {
        "form": form,
        "qr": mark_safe(qr_svg(url)),  # drawn here from our own data
        "secret": secret_text(key),
        "required": required_for(user),
        "next": target,
    }
    status = 400 if form.errors else 200
    return render(request, "account/two_factor_setup.html", context, status=status)


def backup_codes(request):
    """New backup codes, shown once (GET); POST with a current code makes new ones."""
    user = request.user
    if not has_device(user):
        return redirect("two-factor")
    if request.method == "POST":
        form = CodeForm(request.POST, prefix="codes")
        if not _checked(request, form):
            return _overview(request, codes_form=form, status=400)
        request.session[FRESH_CODES] = backup_codes_renew(user=user)
        messages.success(request, _("New backup codes were made; the old ones no longer work."))
        return redirect("two-factor-backup-codes")
    codes = request.session.pop(FRESH_CODES, None)
    context = {"codes": codes, "next": _next_url(request) or reverse("home")}
    return render(request, "account/backup_codes.html", context)


@require_POST
def turn_off(request):
    """Turn two-step sign-in off with a current code; refused while the setting requires it."""
    form = CodeForm(request.POST, prefix="off")
    if not has_device(request.user):
        return redirect("two-factor")
    if required_for(request.user):
        form.is_valid()
        form.add_error(None, _("Your role requires two-step sign-in; it cannot be turned off."))
        return _overview(request, disable_form=form, status=400)
    if not _checked(request, form):
        return _overview(request, disable_form=form, status=400)
    second_factor_disable(user=request.user)
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("two-factor")


class SecondFactorMiddleware:
    """With ``MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS``, a planning admin or superuser whose
    session no code has verified opens only the pages that set two-step sign-in up, sign in
    and out, and switch the language; every other page sends them to set it up (or, with an
    app already set up, signs them out to sign in again with a code). The API is left to
    ``config.second_factor_auth``."""

    OPEN = frozenset({"two-factor-setup", "login", "login-code", "logout", "set_language"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MARSAD_REQUIRE_TOTP_FOR_PLANNING_ADMINS:
            return None
        if request.path.startswith("/api/") or not getattr(view_func, "login_required", True):
            return None
        user = request.user
        if not required_for(user) or is_verified(user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.OPEN:
            return None
        target = request.get_full_path() if request.method == "GET" else ""
        if has_device(user):
            logout(request)
            messages.info(request, _("Sign in again with a code from your authenticator app."))
            return redirect(_with_next("login", target))
        messages.warning(
            request,
            _("Your role requires two-step sign-in. Set up an authenticator app to continue."),
        )
        return redirect(_with_next("two-factor-setup", target))


class SessionScheme(drf_spectacular.authentication.SessionScheme):
    """The API schema names the session authentication of config.second_factor_auth as
    Django's own (cookie) session."""

    target_class = "config.second_factor_auth.SessionAuthentication"
