"""Counting queries exactly, the same way on every run."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.selectors.achievement import forget_kept_results


class Counted:
    """The queries of one request or call, and what it answered."""

    def __init__(self, captured, answer=None):
        self.queries = [query["sql"] for query in captured.captured_queries]
        self.answer = answer

    def __len__(self):
        return len(self.queries)

    def listing(self) -> str:
        return "\n".join(f"{i}. {sql}" for i, sql in enumerate(self.queries, 1))


def request_queries(client, url, status=200) -> Counted:
    """The queries of a GET of ``url``, after a first GET of it (which writes what a session
    writes at most once a minute and fills the process's own caches), with the shared cache
    emptied (and the indicator results kept in memory forgotten) so that a cached page is
    measured as it is built, not as it is read back."""
    client.get(url)
    cache.clear()
    forget_kept_results()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return Counted(captured, response)


def call_queries(function) -> Counted:
    """The queries of ``function()``, with the shared cache emptied first."""
    cache.clear()
    forget_kept_results()
    with CaptureQueriesContext(connection) as captured:
        answer = function()
    return Counted(captured, answer)


def within_budget(counted: Counted, budget: int, what: str) -> None:
    """Exactly ``budget`` queries: more is a query per row somewhere (or a new read to
    budget for), fewer a budget to lower."""
    assert len(counted) == budget, (
        f"{what}: {len(counted)} queries, the budget is {budget}:\n{counted.listing()}"
    )
