"""Benchmark: the dashboard of a ministry-scale plan, served by Django's test client.

    .venv/bin/python benchmarks/dashboard.py [--repeat 20]

3,000 indicators, 20 quarters. Prints the server time of the dashboard (median and 95th
percentile) when the computed dashboard is cached (the plan did not change since the last
view) and when it is not (the first view after any change), its query count, and the time
of the bare SQL that fetches the same values. Aims: under 150 ms at the median, within 3×
of the bare SQL.
"""

import argparse
import statistics
import time

from scale import build_plan, setup_django, throwaway_database


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cold-repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from plans.models import Membership, OrgUnit

    with throwaway_database():
        plan = build_plan(3000)
        ministry = OrgUnit.objects.get(code="m-3000-7")
        user = get_user_model().objects.create_user("bench", password="x")
        Membership.objects.create(user=user, unit=ministry, role="admin")
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        url = f"/?plan={plan.pk}&year=2023"

        def timed() -> tuple[float, int]:
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - start
            assert response.status_code == 200, response.status_code
            return elapsed, len(queries)

        cold = []
        for _ in range(args.cold_repeat):
            cache.clear()
            cold.append(timed())
        warm = [timed() for _ in range(args.repeat)]

        sql = """
            SELECT e.indicator_id, p.year, p.quarter, e.value, e.numerator, e.denominator
            FROM indicators_progressentry e JOIN plans_reportingperiod p ON p.id = e.period_id
            WHERE p.plan_id = %s AND p.year = 2023 AND e.status = 'approved'
        """
        target_sql = """
            SELECT t.indicator_id, t.year, t.quarter, t.value FROM indicators_target t
            JOIN indicators_indicator i ON i.id = t.indicator_id
            WHERE i.plan_id = %s AND t.year = 2023
        """
        bare = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, [plan.pk])
                cursor.fetchall()
                cursor.execute(target_sql, [plan.pk])
                cursor.fetchall()
            bare.append(time.perf_counter() - start)

        def row(name, samples):
            times = [s if isinstance(s, float) else s[0] for s in samples]
            queries = samples[-1][1] if isinstance(samples[-1], tuple) else "-"
            print(
                f"{name:<28} {statistics.median(times) * 1000:>9.1f} "
                f"{percentile(times, 0.95) * 1000:>9.1f} {queries:>8}"
            )

        print(f"database: {connection.vendor}; plan: 3000 indicators, 20 quarters; year 2023")
        print(f"{'':<28} {'median ms':>9} {'p95 ms':>9} {'queries':>8}")
        row("dashboard (cached)", warm)
        row("dashboard (after a change)", cold)
        row("bare SQL (values, targets)", bare)
        ratio = statistics.median(t for t, _ in warm) / statistics.median(bare)
        print(f"cached dashboard / bare SQL: {ratio:.2f}×")


if __name__ == "__main__":
    main()
