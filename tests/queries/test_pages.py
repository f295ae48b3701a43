"""Every page takes an exact number of queries, the same with one row of each kind and with
many rows of each kind (the budgets are in tests/queries/cases.py)."""

import pytest

from tests.queries.cases import PAGES
from tests.queries.measure import request_queries, within_budget
from tests.queries.rows import grow


@pytest.mark.parametrize("case", PAGES, ids=[case.name for case in PAGES])
def test_page_takes_its_budget_at_one_and_at_many_rows(rows, client_for, case):
    persona = getattr(rows.world, case.persona) if case.persona else None
    client = client_for(persona)
    counted = request_queries(client, case.url(rows), case.status)
    within_budget(counted, case.budget, f"{case.name}, one row of each kind")
    grow(rows)
    counted = request_queries(client, case.url(rows), case.status)
    within_budget(counted, case.budget, f"{case.name}, many rows of each kind")
