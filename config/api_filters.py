"""The API lists' filters: each API list uses its page's FilterSet with references as ids (an
unknown id matches nothing, like any other value that matches nothing) and whole numbers with
their ranges, so that the schema gives each query parameter its real type. The values are
checked against the schema before the view runs (``config.api_query``).

(Kept apart from ``config.api_schema``: DRF's settings import this module while
rest_framework.generics is still loading.)"""

from functools import cache

import django_filters
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from plans.filters import FilterSet

# Ids are 1 to 18 digits (plans.inputs.parse_id): always inside a 64-bit database integer.
ID_MAX = 10**18 - 1
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": ID_MAX}

# The whole-number filters that are not ids, and the values they take.
WHOLE_NUMBERS = {
    "year": {"type": "integer", "minimum": 1, "maximum": 32767},
    "quarter": {"type": "integer", "enum": [1, 2, 3, 4]},
    "likelihood": {"type": "integer", "minimum": 1, "maximum": 5},
    "impact": {"type": "integer", "minimum": 1, "maximum": 5},
}


def _model_field(model, path: str):
    field = None
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = field.related_model or model
    return field


def _api_filter(model, name: str, given):
    """The API's form of one filter: a reference is an id (an unknown id matches nothing,
    as any other value that matches nothing); a whole number has its range."""
    path = given.field_name or name
    field = _model_field(model, path)
    if isinstance(given, django_filters.ModelChoiceFilter) or (
        isinstance(given, django_filters.NumberFilter)
        and field is not None
        and (field.is_relation or field.primary_key)
    ):
        replacement = django_filters.NumberFilter(
            field_name=path, lookup_expr=given.lookup_expr, label=given.label
        )
        return extend_schema_field(ID_SCHEMA)(replacement)
    if isinstance(given, django_filters.NumberFilter):
        last = path.split("__")[-1]
        if last not in WHOLE_NUMBERS:
            raise ImproperlyConfigured(f"Give the range of the API filter {name!r}.")
        return extend_schema_field(WHOLE_NUMBERS[last])(given)
    if isinstance(given, django_filters.CharFilter) and isinstance(field, models.CharField):
        return extend_schema_field({"type": "string", "maxLength": field.max_length})(given)
    return given


@cache
def api_filterset(filterset_class):
    """The FilterSet an API list uses: the page's FilterSet with ids for references."""
    model = filterset_class._meta.model
    filters = {
        name: _api_filter(model, name, given)
        for name, given in filterset_class.base_filters.items()
    }
    return type(f"Api{filterset_class.__name__}", (filterset_class,), filters)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend with ``api_filterset``; the values themselves are checked
    against the schema before the view runs (``config.api_query``)."""

    def get_filterset_class(self, view, queryset=None):
        declared = getattr(view, "filterset_class", None)
        if declared is None:
            fields = getattr(view, "filterset_fields", None)
            if not fields or queryset is None:
                return None
            declared = _auto_filterset(queryset.model, tuple(fields))
        return api_filterset(declared)


@cache
def _auto_filterset(model, fields):
    meta = type("Meta", (), {"model": model, "fields": list(fields)})
    return type(f"{model.__name__}Filter", (FilterSet,), {"Meta": meta})
