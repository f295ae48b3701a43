"""One shape for every API error (kept apart from plans.api_base, which DRF's settings import
while rest_framework.views is still loading)."""

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser
from rest_framework.response import Response
from rest_framework.views import exception_handler

from plans.errors import Conflict


def _field_errors(detail) -> dict:
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (value if isinstance(value, list) else [value])]
            for key, value in detail.items()
        }
    return {
        "non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]
    }


def handle_exception(error, context):
    """Errors as JSON: ``detail`` in the request's language and, for bad input, the
    messages per field. Service errors map to 400 (bad input), 403, 404 and 409."""
    if isinstance(error, Conflict):
        return Response({"detail": error.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(error, DjangoValidationError):
        errors = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {"non_field_errors": error.messages}
        )
        return Response(
            {"detail": _("The input is not valid."), "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(error, BadRequest):  # plans.inputs.BadInput: a malformed id, a NUL byte
        error = exceptions.ParseError(getattr(error, "message", None) or _("Bad request."))
    if isinstance(error, RequestDataTooBig):
        error = exceptions.ParseError(_("The request body is too large."))
    elif isinstance(error, SuspiciousOperation):  # Django's text is not for users
        error = exceptions.ParseError(_("The request could not be read."))
    if isinstance(error, exceptions.UnsupportedMediaType):
        view = context.get("view")
        if any(parser is FormParser for parser in getattr(view, "parser_classes", ())):
            error = exceptions.ParseError(
                _("Send JSON (Content-Type: application/json) or form data.")
            )
        else:
            error = exceptions.ParseError(_("Send JSON (Content-Type: application/json)."))
    if isinstance(error, DjangoPermissionDenied) and not error.args:
        error = exceptions.PermissionDenied()
    if isinstance(error, Http404):
        error = exceptions.NotFound()
    response = exception_handler(error, context)
    if response is None:
        return None
    if isinstance(error, exceptions.ValidationError):
        response.data = {
            "detail": _("The input is not valid."),
            "errors": _field_errors(error.detail),
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response
