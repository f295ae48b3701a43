"""Schemathesis against /api/schema/ (docs/api.md, "The schema is tested"): generated requests
to every operation, and sequences of operations chained by the links schemathesis infers from
the schema (a list or a creation gives the id that a read, a change, an action or a deletion
takes), as a planning admin, an officer, a head and a viewer. Every schemathesis check runs:
no server error, only documented statuses, content types and headers, answers that match
the schema, schema-valid requests accepted, schema-violating ones refused.

Schema-valid requests with a body may still be refused with a 400: the schema cannot say
that a referenced id exists, that a code is unique or that a year lies inside the plan
(the same holds for the achievement scores, whose year must lie inside the chosen plan).
A query alone never may: the schema says all there is to know about it.

(Schemathesis's own pytest plugin does not run on this pytest; its strategies and its state
machine are driven with Hypothesis directly. The runs are derandomized: the same requests on
every run.)"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.stateful import run_state_machine_as_test
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from tests import builders

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "head_a", "viewer")
# Examples per operation and generation mode; the admin, who may do everything, gets more.
EXAMPLES = {"admin": 3, "officer_a": 2, "head_a": 2, "viewer": 1}
SEQUENCES, STEPS = 20, 10  # stateful: sequences per persona, operations per sequence

# Bodies carry rules no schema can state (see the module); queries do not.
MAY_REFUSE = '["2xx", "400", "401", "403", "404", "409", "429"]'
CONFIG = f"""
[[operations]]
include-method = ["POST", "PUT", "PATCH", "DELETE"]
checks.positive_data_acceptance.expected-statuses = {MAY_REFUSE}

[[operations]]
include-path = "/api/v1/achievement/"
checks.positive_data_acceptance.expected-statuses = {MAY_REFUSE}
"""


def fixed(**kwargs):
    return settings(
        deadline=None,
        database=None,
        derandomize=True,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
        **kwargs,
    )


def is_list(case) -> bool:
    return case.method == "GET" and not case.operation.path_parameters and "{" not in case.path


@contextmanager
def fresh_state():
    """Each example starts from the same data (what an earlier one deleted is back), so that
    a failure replays as it was found."""
    savepoint = transaction.savepoint_create()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


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


@pytest.fixture
def api(cycle, keep_connection):
    """The schema, loaded from the application, and a token header per persona."""
    from config.wsgi import application

    world = cycle.world
    builders.entry(world.indicator_a, cycle.closed_period, 5)
    builders.entry(world.indicator_a, cycle.open_period, 7)
    builders.entry(world.indicator_a1, cycle.open_period, 3, status="draft")
    builders.action_plan(world.plan, world.unit_a, 2021)
    builders.risk(world.plan, world.unit_a, objectives=[world.objective])
    builders.scenario(world.plan)
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/", application, config=SchemathesisConfig.from_str(CONFIG)
    )
    headers = {
        persona: {"Authorization": f"Token {Token.objects.create(user=getattr(world, persona))}"}
        for persona in PERSONAS
    }
    return schema, headers


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_conforms_to_the_schema(api, persona):
    schema, headers = api
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 80
    calls = []
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    for operation in operations:
        for mode in modes:

            @given(case=operation.as_strategy(generation_mode=mode))
            @fixed(max_examples=EXAMPLES[persona])
            def conforms(case):
                with fresh_state():
                    # Every check schemathesis has (none named: all of them).
                    response = case.call_and_validate(headers=headers[persona])
                calls.append((case.meta.generation.mode, response.status_code))

            try:
                conforms()
            except Unsatisfiable:
                # No request breaks the schema of an operation that takes nothing but a
                # free string (DELETE auth/tokens/{token}/).
                assert mode is GenerationMode.NEGATIVE and operation.label == (
                    "DELETE /api/v1/auth/tokens/{token}/"
                )
    assert len(calls) >= 2 * len(operations) - 1  # every operation was really called
    statuses = {status for _, status in calls}
    assert {200, 400, 404} <= statuses
    assert (GenerationMode.NEGATIVE, 400) in calls


@pytest.mark.parametrize("persona", PERSONAS)
def test_sequences_of_operations_conform_to_the_schema(api, persona):
    schema, headers = api
    steps, linked = [], []

    class Machine(schema.as_state_machine()):
        def setup(self):
            self.savepoint = transaction.savepoint_create()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)

        def step(self, input):
            case = input.case
            if input.transition is None and is_list(case) and case.meta.generation.mode.is_positive:
                case.query = {}  # a sequence reads a list whole: its ids lead to the next step
            if input.transition is not None and input.is_applied:
                linked.append((input.transition.id, case.operation.label))
            return super().step(input)

        def get_call_kwargs(self, case):
            return {"headers": headers[persona]}

        def after_call(self, response, case):
            super().after_call(response, case)
            steps.append((case.operation.label, response.status_code))

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # The token is the persona's own, not generated: say so, as call_and_validate does.
            case.validate_response(
                response,
                additional_checks=additional_checks,
                headers=headers[persona],
                transport_kwargs=kwargs,
                recorder=getattr(self, "recorder", None),
            )

    assert schema.statistic.transitions.total >= 100  # links were inferred between operations
    run_state_machine_as_test(
        Machine, settings=fixed(max_examples=SEQUENCES, stateful_step_count=STEPS)
    )
    assert len(steps) >= SEQUENCES
    # Sequences went from one operation to another by links (an id one answered, given to
    # the next), and reached several kinds of operation so.
    assert len({label for _, label in linked}) >= 3, linked
