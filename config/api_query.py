"""Query and path parameters of the API, checked against the OpenAPI schema before any view
runs: the schema (``config.api_schema``) is the one description of what each operation takes,
and this middleware holds every request to it.

A query parameter is refused with a 400 and a translated message per parameter when the
operation does not declare it (a misspelt filter would otherwise be silently ignored), when it
is given more than once, empty, not of its type (whole numbers are written with the digits
0–9), outside its range or not one of its values. A path parameter that is not of its type
names nothing: 404.
"""

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

PREFIX = "/api/v1/"
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_PARAMETER = re.compile(r"\{([^}/]+)\}")


@cache
def operations() -> list[tuple[re.Pattern, dict]]:
    """(path pattern, {method: {"query": {name: schema}, "path": {name: schema}}}) for every
    path of the schema, read once per process."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for template, item in schema["paths"].items():
        pattern = re.compile(
            "".join(
                f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part)
                for index, part in enumerate(_PARAMETER.split(template))
            )
        )
        methods = {}
        for method, operation in item.items():
            parameters = {"query": {}, "path": {}}
            for parameter in operation.get("parameters", []):
                if parameter["in"] in parameters:
                    parameters[parameter["in"]][parameter["name"]] = parameter.get("schema", {})
            methods[method.upper()] = parameters
        found.append((pattern, methods))
    return found


def problem(name: str, value: str, schema: dict) -> str | None:
    """Why ``value`` is not a value of ``schema``, in the request's language, or None."""
    if value == "":
        return _("“%(name)s” is empty: give a value or leave it out.") % {"name": name}
    kind = schema.get("type")
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            return _("“%(name)s” must be a whole number written with the digits 0–9.") % {
                "name": name
            }
        number = int(value)
    elif kind == "number":
        if not _NUMBER.fullmatch(value):
            return _("“%(name)s” must be a number written with the digits 0–9.") % {"name": name}
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return _("“%(name)s” must be a number written with the digits 0–9.") % {"name": name}
    elif kind == "boolean":
        if value not in ("true", "false"):
            return _("“%(name)s” must be true or false.") % {"name": name}
        return None
    else:
        number = None
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return _("“%(name)s” must be at most %(count)s characters.") % {
                "name": name,
                "count": schema["maxLength"],
            }
    if "enum" in schema:
        choices = [str(choice) for choice in schema["enum"]]
        if value not in choices:
            return _("“%(name)s” must be one of: %(choices)s.") % {
                "name": name,
                "choices": ", ".join(choices),
            }
    if number is not None:
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and number < low) or (high is not None and number > high):
            return _("“%(name)s” must be from %(low)s to %(high)s.") % {
                "name": name,
                "low": low if low is not None else "…",
                "high": high if high is not None else "…",
            }
    return None


def _declared(path: str, method: str):
    for pattern, methods in operations():
        match = pattern.fullmatch(path)
        if match is not None:
            return match, methods.get("GET" if method == "HEAD" else method)
    return None, None


class ApiParametersMiddleware:
    """Hold every API request to the parameters its operation declares (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(PREFIX):
            refusal = self.refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def refusal(request) -> JsonResponse | None:
        match, declared = _declared(request.path_info, request.method)
        if declared is None:
            return None
        for name, schema in declared["path"].items():
            if problem(name, match.group(name), schema) is not None:
                return JsonResponse(
                    {"detail": str(NotFound.default_detail)},
                    status=404,
                    json_dumps_params={"ensure_ascii": False},
                )
        errors = {
            name: [_("“%(name)s” is not a parameter of this address.") % {"name": name}]
            for name in request.GET
            if name not in declared["query"]
        }
        for name, schema in declared["query"].items():
            values = request.GET.getlist(name)
            if len(values) > 1:
                errors[name] = [_("Give “%(name)s” once.") % {"name": name}]
            elif values and (message := problem(name, values[0], schema)) is not None:
                errors[name] = [message]
        if errors:
            body = {"detail": _("The input is not valid."), "errors": errors}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return None
