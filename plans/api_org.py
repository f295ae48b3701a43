"""Writing the organisation, action plans, activities, risks and mitigation actions through
the API: POST, PATCH and DELETE for the planning admin (403 for other members, 404 for what
they may not see), through the same services as the builder pages. Unknown fields are
refused (400). The viewsets of plans.api take these mixins."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from plans.api_base import IsMember
from plans.errors import Conflict
from plans.models import ActionPlan, Objective, OrgUnit, Risk, RiskAction, StrategicPlan
from plans.permissions import visible_risks
from plans.services import action_plans as ap_services
from plans.services import organisation as org_services
from plans.services import risks as risk_services
from plans.services.checking import require_planning_admin


def _json_type_error(field, value) -> str | None:
    """DRF turns 5 into "5" for a text and "5" into 5 for a number; the schema gives each field
    one JSON type, so a value of another type is refused (with DRF's own message)."""
    if value is None or getattr(field, "accepts_numbers", False):
        return None
    if isinstance(field, serializers.BooleanField):
        wrong = not isinstance(value, bool)
    elif isinstance(field, serializers.IntegerField):
        wrong = isinstance(value, bool) or not isinstance(value, int)
    elif isinstance(field, serializers.PrimaryKeyRelatedField):
        if isinstance(value, bool) or not isinstance(value, int):
            message = field.error_messages["incorrect_type"]
            return str(message).format(data_type=type(value).__name__)
        return None
    elif isinstance(field, serializers.CharField | serializers.ChoiceField):
        wrong = not isinstance(value, str)
    else:
        return None
    if not wrong:
        return None
    # A ChoiceField has no "invalid" message of its own: a value of another type is not text.
    message = field.error_messages.get(
        "invalid", serializers.CharField.default_error_messages["invalid"]
    )
    return str(message)


def refuse_unknown(serializer, data) -> None:
    """Refuse (400) a body that is not an object, fields the serializer does not know, and
    values not of their field's JSON type; the schema says so (``refuses_unknown_fields``:
    ``additionalProperties: false``, one type per field)."""
    if not isinstance(data, dict):
        raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
    unknown = sorted(set(data) - set(serializer.fields))
    errors = {name: [_("This field is not known.")] for name in unknown}
    for name, field in serializer.fields.items():
        message = _json_type_error(field, data[name]) if name in data else None
        if message is not None and not field.read_only:
            errors[name] = [message]
    if errors:
        raise serializers.ValidationError(errors)


class StrictInput(serializers.Serializer):
    """Refuses fields it does not know and values of another JSON type, rather than ignoring
    or converting them silently (``refuse_unknown``)."""

    refuses_unknown_fields = True

    def to_internal_value(self, data):
        refuse_unknown(self, data)
        return super().to_internal_value(data)


def late_reason_field():
    """``late_reason``: needed only in a closed period, which only the planning admin may
    still write into; the schema cannot say when, so it says it in words."""
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=gettext_lazy(
            "Why this is done late. Required (400 without it) when the period is closed, "
            "where only a planning admin may still write; others get 409 there."
        ),
    )


class RequiredText(serializers.CharField):
    """A text the step cannot do without: given, and not only spaces. The service refuses a
    blank one, in the words the pages use; the schema says so (``non_blank``)."""

    non_blank = True

    def __init__(self, **kwargs):
        super().__init__(allow_blank=True, **kwargs)


def required_text(max_length: int, help_text):
    return RequiredText(max_length=max_length, help_text=help_text)


def _text(max_length: int, required: bool = False):
    return serializers.CharField(
        max_length=max_length, required=required, allow_blank=not required, trim_whitespace=True
    )


def _long_text():
    return serializers.CharField(required=False, allow_blank=True, max_length=10000)


def _ref(queryset, **kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=queryset, **kwargs)


class BuilderWrites:
    """POST (create), PATCH (partial_update) and DELETE (destroy) through the services.

    A subclass names ``create_input`` and ``change_input`` (StrictInput serializers) and
    implements ``perform_builder_create(data)``, ``perform_builder_update(instance, data)``,
    ``perform_builder_delete(instance)`` and ``current_values(instance)`` (what PATCH keeps
    of the fields it does not send). Answers are the viewset's own read serializer.
    """

    create_input: type[serializers.Serializer]
    change_input: type[serializers.Serializer]
    throttle_scope = "writes"

    def get_throttles(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return []
        return [ScopedRateThrottle()]

    def _answer(self, instance, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        require_planning_admin(request.user)
        given = self.create_input(data=request.data)
        given.is_valid(raise_exception=True)
        instance = self.perform_builder_create(dict(given.validated_data))
        return self._answer(instance, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        require_planning_admin(request.user)
        given = self.change_input(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        values = self.current_values(instance) | dict(given.validated_data)
        instance = self.perform_builder_update(instance, values)
        return self._answer(instance)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        require_planning_admin(request.user)
        try:
            self.perform_builder_delete(instance)
        except DjangoValidationError as refused:
            # A delete sends nothing to get wrong: what stops it is what depends on the
            # object, a conflict with the state of things (409), as for the plan builder's.
            raise Conflict(" ".join(refused.messages)) from refused
        return Response(status=status.HTTP_204_NO_CONTENT)


def _writes_schema(read_serializer, create_input, change_input):
    """The OpenAPI description of the three writes of a resource."""
    return {
        "create": extend_schema(request=create_input, responses={201: read_serializer}),
        "partial_update": extend_schema(
            request=change_input(partial=True), responses={200: read_serializer}
        ),
        "destroy": extend_schema(responses={204: OpenApiResponse(description=_("Deleted."))}),
    }


def documented(read_serializer, create_input, change_input):
    """Class decorator: the writes of a viewset, documented with their inputs."""
    return extend_schema_view(**_writes_schema(read_serializer, create_input, change_input))


# --- Units ----------------------------------------------------------------------------------


class UnitInput(StrictInput):
    code = serializers.SlugField(max_length=40)
    name_ar = _text(200, required=True)
    name_en = _text(200)
    kind = serializers.ChoiceField(choices=OrgUnit.Kind.choices)
    parent = _ref(OrgUnit.objects.all(), required=False, allow_null=True)
    order = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)


class UnitWrites(BuilderWrites):
    create_input = change_input = UnitInput

    def current_values(self, unit):
        return {"code": unit.code, "name_ar": unit.name_ar, "name_en": unit.name_en,
                "kind": unit.kind, "parent": unit.parent, "order": unit.order,
                "email": unit.email}  # fmt: skip

    def perform_builder_create(self, data):
        return org_services.unit_create(by=self.request.user, **data)

    def perform_builder_update(self, unit, data):
        return org_services.unit_update(unit=unit, by=self.request.user, **data)

    def perform_builder_delete(self, unit):
        org_services.unit_delete(unit=unit, by=self.request.user)


# --- Action plans and activities ------------------------------------------------------------


class ActionPlanChange(StrictInput):
    unit = _ref(OrgUnit.objects.all())
    year = serializers.IntegerField(min_value=1, max_value=9999)
    title_ar = _text(300, required=True)
    title_en = _text(300)


class ActionPlanCreate(ActionPlanChange):
    plan = _ref(StrategicPlan.objects.all())


class ActionPlanWrites(BuilderWrites):
    create_input, change_input = ActionPlanCreate, ActionPlanChange

    def current_values(self, action_plan):
        return {"unit": action_plan.unit, "year": action_plan.year,
                "title_ar": action_plan.title_ar, "title_en": action_plan.title_en}  # fmt: skip

    def perform_builder_create(self, data):
        return ap_services.action_plan_create(by=self.request.user, **data)

    def perform_builder_update(self, action_plan, data):
        return ap_services.action_plan_update(action_plan=action_plan, by=self.request.user, **data)

    def perform_builder_delete(self, action_plan):
        ap_services.action_plan_delete(action_plan=action_plan, by=self.request.user)


class ActivityChange(StrictInput):
    code = _text(30, required=True)
    title_ar = _text(300, required=True)
    title_en = _text(300)
    owner_ar = _text(200, required=True)
    owner_en = _text(200)
    objective = _ref(Objective.objects.all())
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=2, required=False)
    budget_planned = serializers.DecimalField(max_digits=16, decimal_places=0, required=False)
    budget_spent = serializers.DecimalField(max_digits=16, decimal_places=0, required=False)


class ActivityCreate(ActivityChange):
    action_plan = _ref(ActionPlan.objects.all())


class ActivityWrites(BuilderWrites):
    create_input, change_input = ActivityCreate, ActivityChange

    def current_values(self, activity):
        names = [n for n in ActivityChange().fields if n != "objective"]
        return {name: getattr(activity, name) for name in names} | {"objective": activity.objective}

    def perform_builder_create(self, data):
        return ap_services.activity_create(by=self.request.user, **data)

    def perform_builder_update(self, activity, data):
        return ap_services.activity_update(activity=activity, by=self.request.user, **data)

    def perform_builder_delete(self, activity):
        ap_services.activity_delete(activity=activity, by=self.request.user)


# --- Risks and their mitigation actions -----------------------------------------------------


class RiskChange(StrictInput):
    code = _text(30, required=True)
    kind = serializers.ChoiceField(choices=Risk.Kind.choices, required=False)
    category = serializers.ChoiceField(choices=Risk.Category.choices)
    title_ar = _text(300, required=True)
    title_en = _text(300)
    description_ar = _long_text()
    description_en = _long_text()
    objectives = _ref(Objective.objects.all(), many=True, required=False)
    unit = _ref(OrgUnit.objects.all())
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    impact = serializers.IntegerField(min_value=1, max_value=5)
    mitigation_ar = _long_text()
    mitigation_en = _long_text()
    owner_ar = _text(200)
    owner_en = _text(200)
    review_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Risk.Status.choices, required=False)


class RiskChangeWithReason(RiskChange):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Kept with the risk's history when the likelihood or impact changes."),
    )


class RiskCreate(RiskChange):
    plan = _ref(StrategicPlan.objects.all())


class RiskWrites(BuilderWrites):
    create_input, change_input = RiskCreate, RiskChangeWithReason

    def current_values(self, risk):
        names = [n for n in RiskChange().fields if n not in ("objectives", "unit")]
        return {name: getattr(risk, name) for name in names} | {
            "unit": risk.unit,
            "objectives": list(risk.objectives.all()),
        }

    def perform_builder_create(self, data):
        return risk_services.risk_create(by=self.request.user, **data)

    def perform_builder_update(self, risk, data):
        return risk_services.risk_update(risk=risk, by=self.request.user, **data)

    def perform_builder_delete(self, risk):
        risk_services.risk_delete(risk=risk, by=self.request.user)


class RiskActionResourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskAction
        fields = ["id", "risk", "title_ar", "title_en", "owner_ar", "owner_en", "due_on",
                  "status"]  # fmt: skip


class RiskActionChange(StrictInput):
    title_ar = _text(300, required=True)
    title_en = _text(300)
    owner_ar = _text(200)
    owner_en = _text(200)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=RiskAction.Status.choices, required=False)


class RiskActionCreate(RiskActionChange):
    risk = _ref(Risk.objects.all())


@documented(RiskActionResourceSerializer, RiskActionCreate, RiskActionChange)
class RiskActionViewSet(BuilderWrites, viewsets.ReadOnlyModelViewSet):
    """Mitigation actions of the risks the user may see (``?risk=`` for one risk's); the
    planning admin adds, changes and deletes them."""

    permission_classes = [IsMember]
    queryset = RiskAction.objects.order_by("risk", "due_on", "id")
    serializer_class = RiskActionResourceSerializer
    filterset_fields = ["risk", "status"]
    create_input, change_input = RiskActionCreate, RiskActionChange

    def get_queryset(self):
        return super().get_queryset().filter(risk__in=visible_risks(self.request.user))

    def current_values(self, action):
        return {name: getattr(action, name) for name in RiskActionChange().fields}

    def perform_builder_create(self, data):
        return risk_services.risk_action_create(by=self.request.user, **data)

    def perform_builder_update(self, action, data):
        return risk_services.risk_action_update(action=action, by=self.request.user, **data)

    def perform_builder_delete(self, action):
        risk_services.risk_action_delete(action=action, by=self.request.user)
