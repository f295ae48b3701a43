"""The page for bad input (400): the translated reason when Marsad's input layer gave one;
an address that names nothing (404), in JSON under /api/."""

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound

from plans.inputs import BadInput


def bad_request(request, exception):
    """Any 400 outside the API: a malformed id, a NUL byte, a body too large…"""
    if not hasattr(request, "user"):  # refused before authentication (a disallowed host)
        request.user = AnonymousUser()
    if isinstance(exception, BadInput):
        message = exception.message
    else:  # Django's own (too many fields, too large a body): its text is not for users
        message = _("The request could not be read. Check what you entered and try again.")
    return render(request, "400.html", {"message": message}, status=400)


def not_found(request, exception):
    """An address that names nothing: the API answers in its own error shape."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)
