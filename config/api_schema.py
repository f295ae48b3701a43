"""The OpenAPI schema tells the truth about the API (docs/api.md, "Status codes" and "Query
parameters"): every operation lists every status it can answer, with the one error shape
(``config.api_errors``); every query and path parameter has its real type and range; a
request body that refuses unknown fields says so (``additionalProperties: false``).

``config.api_query`` reads the parameters back out of this schema and refuses, with a 400,
a query the schema does not allow: the schema is the validator, so the two cannot drift.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from config.api_filters import ID_SCHEMA


class ErrorSerializer(serializers.Serializer):
    """Every error answer: ``detail`` in the request's language; ``errors`` for bad input."""

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Bad input (400): the messages per field or query parameter."),
    )

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: _(
        "Bad input: a query parameter the schema does not allow, a body that cannot be read or "
        "that breaks a rule (`errors` names the fields)."
    ),
    401: _("No credentials, or a token that expired or was revoked."),
    403: _("You may see this but not do it (or two-step sign-in is required first)."),
    404: _("No such object, one you may not see, a page past the last, or not a member."),
    409: _(
        "The state forbids it: a closed period, a step not allowed, a stale version, or "
        "something depends on it."
    ),  # fmt: skip
    414: _("The address is too long (answered by the web server)."),
    429: _("Too many requests: try again after `Retry-After` seconds."),
}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


class MarsadAutoSchema(AutoSchema):
    """drf-spectacular's schema with Marsad's error answers and strict request bodies."""

    def error_statuses(self) -> set[int]:
        """What this operation can answer besides success. A view may name them itself
        (``api_errors``); otherwise they follow from its authentication, method and
        throttling."""
        named = getattr(self.view, "api_errors", None)
        if named is not None:
            return set(named)
        statuses = {400, 404, 414}
        if self.view.authentication_classes:
            statuses |= {401, 403}
        if self.method in WRITES:
            statuses.add(409)
            if getattr(self.view, "throttle_scope", None) or self.view.throttle_classes:
                statuses.add(429)
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in sorted(self.error_statuses()):
            code = str(status)
            described = responses.get(code, {}).get("description")
            answer = {"description": described or str(ERROR_DESCRIPTIONS[status])}
            if status != 414:  # the web server's own page, not Marsad's JSON
                answer |= self._get_response_for_code(ErrorSerializer, code)
                answer["description"] = described or str(ERROR_DESCRIPTIONS[status])
            responses[code] = answer
        return dict(sorted(responses.items()))

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter["in"] != "query":
                continue
            if schema.get("type") == "string":
                schema.setdefault("minLength", 1)  # an empty value is refused (api_query)
            elif schema.get("type") == "integer" and not {"enum", "minimum"} & set(schema):
                schema |= ID_SCHEMA  # a whole number without a range of its own is an id
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or schema is None:
            return schema
        if isinstance(field, serializers.DecimalField):
            # A decimal is sent as a string or as a JSON number (DRF reads both).
            text = {"type": "string", "pattern": decimal_pattern(field)}
            kept = {k: v for k, v in schema.items() if k not in ("type", "format", "pattern")}
            schema = kept | {"oneOf": [text, {"type": "number"}]}
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction != "request":
            return schema
        for name, field in serializer.fields.items():
            prop = schema["properties"].get(name)
            if (
                isinstance(prop, dict)
                and isinstance(field, serializers.CharField)
                and (not field.allow_blank or getattr(field, "non_blank", False))
                and field.trim_whitespace
            ):
                # Spaces alone are blank: DRF strips them, and a ``non_blank`` field is
                # refused blank by its service.
                if "oneOf" in prop:  # drf-spectacular's "or empty" for a blank-allowing field
                    prop |= prop.pop("oneOf")[0]
                if prop.get("type") == "string" and "pattern" not in prop:
                    prop |= {"minLength": 1, "pattern": r"\S"}
        return schema

    def _get_request_for_media_type(self, serializer, direction="request"):
        # A PATCH whose view validates the whole input (``whole_on_patch``) has its
        # required fields, as a POST would.
        if self.method == "PATCH" and getattr(serializer, "whole_on_patch", False):
            self.method = "POST"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"].get("type") == "integer":  # an id
                parameter["schema"] |= ID_SCHEMA
        return parameters

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and getattr(serializer, "refuses_unknown_fields", False):
            schema["additionalProperties"] = False
        return schema


def decimal_pattern(field) -> str:
    """The decimals a DecimalField takes, written with digits (1250, -12.5): at most its
    whole digits and places and, for ``TypedDecimalField``, its ``significant_digits`` in
    all (fewer places as the number grows). ``TypedDecimalField`` also reads what people
    type (Arabic-Indic digits, 1,250, 12.5%), which its description says."""
    places = field.decimal_places or 0
    whole = (field.max_digits or 18) - places
    significant = getattr(field, "significant_digits", None) or whole + places
    by_places: dict[int, list[int]] = {}
    for digits in range(1, whole + 1):
        by_places.setdefault(min(places, significant - digits), []).append(digits)
    choices = []
    for fraction, counts in by_places.items():
        count = f"{{{counts[0]}}}" if counts[0] == counts[-1] else f"{{{counts[0]},{counts[-1]}}}"
        tail = rf"(?:\.\d{{1,{fraction}}})?" if fraction > 0 else ""
        choices.append(rf"\d{count}{tail}")
    return "^-?(?:" + "|".join(choices) + ")$"
