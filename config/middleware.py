from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse
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
