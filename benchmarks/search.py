"""Benchmark: the search page over a ministry-scale plan, served by Django's test client.

    .venv/bin/python benchmarks/search.py [--repeat 20]

3,000 indicators (300 objectives, 10 goals, 30 units). Prints the server time of a search
(median and 95th percentile) and its query count for the planning admin and for a unit's
officer, with words that match many rows, one row and none, and the median time of the
search itself (``indicators.selectors.search.search``, the queries and the rows). Each
search is a LIKE on the rows' folded ``search_text`` (plans/search.py), at most 21 rows per
kind. Aim: under 150 ms at the median.
"""

import argparse
import statistics
import time

from scale import build_plan, setup_django, throwaway_database

QUERIES = ["مؤشر 12", "مؤشر 2999", "الإطفاء", "i29"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from indicators.selectors.search import search
    from plans.models import Membership, OrgUnit

    with throwaway_database():
        build_plan(3000)
        ministry = OrgUnit.objects.get(code="m-3000-7")
        unit = OrgUnit.objects.get(code="u3-3000-7")
        personas = {}
        for name, where, role in (("admin", ministry, "admin"), ("officer", unit, "officer")):
            user = get_user_model().objects.create_user(f"bench-{name}", password="x")
            Membership.objects.create(user=user, unit=where, role=role)
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            personas[name] = (client, user)
        print(f"database: {connection.vendor}")
        for name, (client, user) in personas.items():
            for query in QUERIES:
                bare = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    search(user, query)
                    bare.append(time.perf_counter() - start)
                times, count = [], 0
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get("/search/", {"q": query})
                        times.append(time.perf_counter() - start)
                    assert response.status_code == 200, response.status_code
                    count = len(queries)
                print(
                    f"{name:8} {query!r:14} median {statistics.median(times) * 1000:6.1f} ms"
                    f"  p95 {percentile(times, 0.95) * 1000:6.1f} ms  {count} queries;"
                    f" the search alone {statistics.median(bare) * 1000:6.1f} ms"
                )


if __name__ == "__main__":
    main()
