import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from plans.inputs import BadInput


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in user (anonymous visitors go to the sign-in form); the
    API authenticates by session or token itself and answers 401, so it is left to DRF."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class RejectNulMiddleware:
    """A NUL byte in any query or form field (name or value) is bad input, refused with a 400
    before any view, form or database sees it: PostgreSQL cannot store it in text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            fields += [request.POST, request.FILES]
        for data in fields:
            for key, values in data.lists():
                names = [key, *(getattr(v, "name", v) or "" for v in values)]
                if any("\x00" in str(text) for text in names):
                    message = _("The request holds a NUL character, which is not allowed.")
                    if request.path.startswith("/api/"):
                        return JsonResponse({"detail": message}, status=400)
                    raise BadInput(message)
        return self.get_response(request)


def clock() -> float:
    """Seconds since the epoch; tests move it."""
    return time.time()


class SessionTimeoutMiddleware:
    """A signed-in session ends after ``MARSAD_SESSION_IDLE`` seconds without a request and
    ``MARSAD_SESSION_ABSOLUTE`` seconds after signing in, whichever comes first; the next
    request is then anonymous (pages send it to the sign-in form)."""

    STARTED, SEEN = "marsad_started", "marsad_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = clock()
            started = session.setdefault(self.STARTED, now)
            seen = session.get(self.SEEN, now)
            if (
                now - seen > settings.MARSAD_SESSION_IDLE
                or now - started > settings.MARSAD_SESSION_ABSOLUTE
            ):
                logout(request)
            elif now - seen >= 60 or self.SEEN not in session:
                session[self.SEEN] = now  # written at most once a minute
        return self.get_response(request)


class NoStoreMiddleware:
    """What a signed-in user sees, every API answer and every download is marked
    ``Cache-Control: no-store``, so that no browser or proxy cache keeps a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or request.path.startswith("/api/")
            or response.get("Content-Disposition", "").startswith("attachment")
        ):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


@receiver(user_logged_in)
def _session_clock_starts(sender, request, user, **kwargs):
    """Start the session's clocks at sign-in, so that the requests after it (within a
    minute) need not write the session again."""
    session = getattr(request, "session", None)
    if session is not None:
        now = clock()
        session[SessionTimeoutMiddleware.STARTED] = now
        session[SessionTimeoutMiddleware.SEEN] = now
