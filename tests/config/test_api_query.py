"""Query parameters are held to the schema (config.api_query, docs/api.md "Query parameters"):
an undeclared, empty, repeated or ill-typed parameter, or one outside its range or values,
is a translated 400 naming it; a path id that is not an id is a 404."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.admin)
    return client


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("stauts=open", "stauts", "“stauts” is not a parameter of this address."),
        ("status=", "status", "“status” is empty: give a value or leave it out."),
        ("status=open&status=closed", "status", "Give “status” once."),
        ("status=ajar", "status", "“status” must be one of: closed, open, planned."),
        ("plan=1&plan=2", "plan", "Give “plan” once."),
        ("plan=x", "plan", "“plan” must be a whole number written with the digits 0–9."),
        ("page_size=0", "page_size", "“page_size” must be from 1 to 500."),
        ("page_size=501", "page_size", "“page_size” must be from 1 to 500."),
        ("page_size=ten", "page_size",
         "“page_size” must be a whole number written with the digits 0–9."),
        ("year=0", "year", "“year” must be from 1 to 32767."),
    ],
)  # fmt: skip
def test_a_query_the_schema_does_not_allow_is_a_400(api, query, name, message):
    response = api.get(f"/api/v1/periods/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"] == {name: [message]}


def test_the_message_is_in_the_request_language(world):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="ar")
    client.force_authenticate(world.admin)
    response = client.get("/api/v1/periods/?stauts=open")
    assert response.status_code == 400
    assert response.json()["errors"] == {"stauts": ["«stauts» ليس من معاملات هذا العنوان."]}


@pytest.mark.parametrize("query", ["", "?page_size=500", "?status=open&plan=1", "?page_size=1"])
def test_a_query_the_schema_allows_is_answered(api, query):
    assert api.get(f"/api/v1/periods/{query}").status_code == 200


def test_a_path_id_that_is_not_an_id_is_a_404(api):
    assert api.get("/api/v1/periods/abc/").status_code == 404
    assert api.get("/api/v1/periods/0/").status_code == 404
