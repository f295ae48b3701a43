"""Against password guessing: failed sign-ins are counted per account and per client address
in the shared cache (Redis in production, so every worker and machine counts together), and
too many within a window lock the account or the address out for a while.

The sign-in form (``/accounts/login/``) and the API's token endpoint both go through
``check_allowed`` before they look at the password and ``record_failure`` after a wrong one.

For a user with two-step sign-in on (``config.second_factor``) a right password is only half:
the form keeps the user in the session as pending and asks for a code
(``/accounts/login/code/``, for five minutes); a wrong code is a failure like a wrong
password, and only a right code clears the account's count and signs in.

The client address is ``REMOTE_ADDR``. Only when ``DJANGO_TRUSTED_PROXIES`` names the proxies in
front of the application is ``X-Forwarded-For`` read, and then its right-most hop that is not
a trusted proxy: whatever a client writes into the header itself is further left and ignored.
"""

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView

from config import second_factor


def clock() -> float:
    """Seconds since the epoch; tests move it."""
    return time.time()


@dataclass(frozen=True)
class Limits:
    account: int
    address: int
    window: int  # seconds in which failures are counted
    lockout: int  # seconds an account or address stays locked


def limits() -> Limits:
    return Limits(
        account=settings.MARSAD_SIGNIN_ACCOUNT_FAILURES,
        address=settings.MARSAD_SIGNIN_ADDRESS_FAILURES,
        window=settings.MARSAD_SIGNIN_WINDOW,
        lockout=settings.MARSAD_SIGNIN_LOCKOUT,
    )


def _networks():
    return [ipaddress.ip_network(item, strict=False) for item in settings.MARSAD_TRUSTED_PROXIES]


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The address the request came from, as seen by the proxy we trust (see above)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    networks = _networks()
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, networks):
            return hop
    return remote


def _account_key(username: str) -> str:
    digest = hashlib.sha256((username or "").strip().casefold().encode()).hexdigest()
    return f"signin:account:{digest}"


def _address_key(address: str) -> str:
    return f"signin:address:{hashlib.sha256(address.encode()).hexdigest()}"


class LockedOut(Exception):
    """Too many failed sign-ins; ``until`` is when the next try is allowed (epoch seconds)."""

    def __init__(self, until: float):
        super().__init__(until)
        self.until = until

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil((self.until - clock()) / 60))
        at = timezone.localtime(datetime.fromtimestamp(self.until, tz=UTC)).strftime("%H:%M")
        return ngettext(
            "Too many failed sign-ins. Try again in %(minutes)d minute (at %(time)s).",
            "Too many failed sign-ins. Try again in %(minutes)d minutes (at %(time)s).",
            minutes,
        ) % {"minutes": minutes, "time": at}


def check_allowed(username: str, address: str) -> None:
    """Raise LockedOut while the account or the address is locked out."""
    now = clock()
    keys = [f"{_account_key(username)}:locked", f"{_address_key(address)}:locked"]
    until = max((value for value in cache.get_many(keys).values() if value), default=0)
    if until > now:
        raise LockedOut(until)


def _count(key: str, window: int) -> int:
    """Add one failure to the current window's counter (atomic in Redis)."""
    bucket = f"{key}:{int(clock() // window)}"
    cache.add(bucket, 0, timeout=window)
    try:
        return cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.add(bucket, 1, timeout=window)
        return 1


def record_failure(username: str, address: str) -> None:
    """Count a wrong password; lock the account or the address once it reaches its limit."""
    rules = limits()
    until = clock() + rules.lockout
    counters = ((_account_key(username), rules.account), (_address_key(address), rules.address))
    for key, limit in counters:
        if _count(key, rules.window) >= limit:
            cache.set(f"{key}:locked", until, timeout=rules.lockout)


def record_success(username: str) -> None:
    """A right password clears the account's count (not the address's)."""
    rules = limits()
    cache.delete(f"{_account_key(username)}:{int(clock() // rules.window)}")


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing to check passwords while locked out."""

    locked = ""  # the lockout message, shown instead of "did not match"
    needs_code = False  # the password was right and two-step sign-in is on

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request else "unknown"
        try:
            check_allowed(username, address)
        except LockedOut as locked:
            self.locked = locked.message
            raise ValidationError(locked.message, code="locked") from None
        try:
            cleaned = super().clean()
        except ValidationError:
            if self.cleaned_data.get("password"):
                record_failure(username, address)
            raise
        user = self.get_user()  # None when a field was left empty
        self.needs_code = user is not None and second_factor.has_device(user)
        if not self.needs_code:
            record_success(username)
        return cleaned


PENDING = "marsad_signin_pending"  # session: the user whose password was right, and when
PENDING_SECONDS = 5 * 60


class SignInView(LoginView):
    form_class = SignInForm

    def form_valid(self, form):
        if not form.needs_code:
            return super().form_valid(form)
        user = form.get_user()
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "username": user.get_username(),
            "backend": user.backend,
            "next": self.get_success_url(),
            "since": clock(),
        }
        return redirect("login-code")


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        strip=True,
        error_messages={"required": gettext_lazy("Enter the code.")},
    )


@method_decorator(login_not_required, name="dispatch")
class SignInCodeView(FormView):
    """The second step: a code from the authenticator app, or a backup code."""

    form_class = SignInCodeForm
    template_name = "registration/login_code.html"

    def dispatch(self, request, *args, **kwargs):
        pending = request.session.get(PENDING)
        self.user = None
        if isinstance(pending, dict) and clock() - pending.get("since", 0) <= PENDING_SECONDS:
            self.user = get_user_model().objects.filter(pk=pending.get("user")).first()
        if self.user is None or not self.user.is_active or not second_factor.has_device(self.user):
            request.session.pop(PENDING, None)
            messages.info(request, _("Sign in again: the sign-in was not finished in time."))
            return redirect("login")
        self.pending = pending
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form):
        username = self.pending["username"]
        address = client_address(self.request)
        try:
            check_allowed(username, address)
            device = second_factor.check_code(self.user, form.cleaned_data["code"])
        except LockedOut as locked:
            form.add_error(None, locked.message)
            return self.form_invalid(form)
        except second_factor.TooSoon as refused:
            form.add_error("code", refused.message)
            return self.form_invalid(form)
        except second_factor.WrongCode as refused:
            record_failure(username, address)
            form.add_error("code", refused.message)
            return self.form_invalid(form)
        record_success(username)
        del self.request.session[PENDING]
        auth_login(self.request, self.user, backend=self.pending["backend"])
        django_otp.login(self.request, device)
        return redirect(self.pending["next"])


@login_not_required
def admin_sign_in(request, extra_context=None):
    """The admin's own sign-in page would check passwords without the lockout and the second
    step: send it to the one sign-in form, keeping where to go afterwards."""
    query = request.GET.urlencode()
    return redirect(f"{resolve_url(settings.LOGIN_URL)}?{query}" if query else settings.LOGIN_URL)
