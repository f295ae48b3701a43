"""Schemathesis against /api/schema/: generated requests to every operation, as a signed-in
planning admin; no answer may be a server error, and every answer must match the schema.

(Schemathesis's own pytest plugin does not run on this pytest; its strategies are driven
with Hypothesis directly instead.)"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests import builders

pytestmark = pytest.mark.django_db

EXAMPLES = 12


@pytest.fixture
def keep_connection():
    """Calling the WSGI application directly fires request_started/finished, whose handler
    would close the test's database connection inside its transaction; Django's own test
    client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_the_schema(cycle, keep_connection):
    from config.wsgi import application

    world = cycle.world
    builders.entry(world.indicator_a, cycle.closed_period, 5)
    builders.action_plan(world.plan, world.unit_a, 2021)
    headers = {"Authorization": f"Token {Token.objects.create(user=world.admin).key}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    calls = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case):
            response = case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )
            calls.append(response.status_code)

        conforms()
    assert len(calls) >= len(operations)  # every operation was really called
    assert 200 in calls and 400 in calls
