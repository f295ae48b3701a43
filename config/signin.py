"""Against password guessing: failed sign-ins are counted per account and per client address
in the shared cache (Redis in production, so every worker and machine counts together), and
too many within a window lock the account or the address out for a while.

The sign-in form (``/accounts/login/``) and the API's token endpoint both go through
``check_allowed`` before they look at the password and ``record_failure`` after a wrong one.

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

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext


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
        record_success(username)
        return cleaned


class SignInView(LoginView):
    form_class = SignInForm
