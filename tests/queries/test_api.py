"""Every API list and detail takes an exact number of queries, the same with one row of each
kind and with many (the budgets are in tests/queries/cases.py)."""

import pytest

from tests.queries.cases import API
from tests.queries.measure import request_queries, within_budget
from tests.queries.rows import grow


@pytest.mark.parametrize("case", API, ids=[case.name for case in API])
def test_api_takes_its_budget_at_one_and_at_many_rows(rows, api_for, case):
    client = api_for(getattr(rows.world, case.persona))
    counted = request_queries(client, case.url(rows), case.status)
    within_budget(counted, case.budget, f"{case.name}, one row of each kind")
    before = _rows_listed(counted)
    grow(rows)
    counted = request_queries(client, case.url(rows), case.status)
    within_budget(counted, case.budget, f"{case.name}, many rows of each kind")
    if before is not None:  # a list: it did list more rows
        assert _rows_listed(counted) > before > 0


def _rows_listed(counted) -> int | None:
    body = counted.answer.json()
    return body["count"] if isinstance(body, dict) and "count" in body else None
