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


SQL_LIMIT = """
WITH actual AS (
    SELECT e.indicator_id, SUM(e.value) AS actual
    FROM indicators_progressentry e JOIN plans_reportingperiod p ON p.id = e.period_id
    WHERE p.plan_id = %(plan)s AND p.year = %(year)s AND e.status = 'approved'
    GROUP BY e.indicator_id
), scored AS (
    SELECT i.id, i.objective_id, i.weight, a.actual, t.value AS target,
           LEAST(GREATEST(a.actual / NULLIF(t.value, 0) * 100, 0), 120) AS score
    FROM indicators_indicator i
    LEFT JOIN actual a ON a.indicator_id = i.id
    LEFT JOIN indicators_target t
        ON t.indicator_id = i.id AND t.year = %(year)s AND t.quarter IS NULL
    WHERE i.plan_id = %(plan)s
), objectives AS (
    SELECT o.id, o.goal_id, o.weight,
           SUM(s.weight * s.score) / NULLIF(SUM(s.weight) FILTER (WHERE s.score IS NOT NULL), 0)
               AS score
    FROM plans_objective o JOIN scored s ON s.objective_id = o.id GROUP BY o.id
), goals AS (
    SELECT g.id, g.weight,
           SUM(o.weight * o.score) / NULLIF(SUM(o.weight) FILTER (WHERE o.score IS NOT NULL), 0)
               AS score
    FROM plans_goal g JOIN objectives o ON o.goal_id = g.id GROUP BY g.id
)
SELECT 'i', id, actual, target, score FROM scored
UNION ALL SELECT 'o', id, NULL, NULL, score FROM objectives
UNION ALL SELECT 'g', id, NULL, NULL, score FROM goals
UNION ALL SELECT 'p', NULL, NULL, NULL,
    SUM(weight * score) / NULLIF(SUM(weight) FILTER (WHERE score IS NOT NULL), 0) FROM goals
"""


def sql_limit(connection, plan_id, repeat, year=2023) -> list[float]:
    """One PostgreSQL statement computing the span's per-indicator actual (a sum), target,
    achievement (clipped) and the weighted roll-ups: a reference for what the database
    alone costs, not Marsad's rules (those are the engine's)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(SQL_LIMIT, {"plan": plan_id, "year": year})
            cursor.fetchall()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cold-repeat", type=int, default=5)
    parser.add_argument("--indicators", type=int, default=3000)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from indicators.models import Indicator, ProgressEntry
    from indicators.selectors.achievement import forget_kept_results
    from indicators.services.revisions import indicators_touch
    from plans.models import Membership, OrgUnit

    with throwaway_database():
        plan = build_plan(args.indicators)
        ministry = OrgUnit.objects.get(code=f"m-{args.indicators}-7")
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
            forget_kept_results()
            cold.append(timed())
        warm = [timed() for _ in range(args.repeat)]
        # After one approval: one value changes and its indicator is touched as the workflow
        # touches it (a new plan revision: the dashboard is built again, from kept results).
        changed = []
        some = list(Indicator.objects.filter(plan=plan).values_list("pk", flat=True)[:50])
        for n in range(args.cold_repeat):
            ProgressEntry.objects.filter(indicator_id=some[n], period__year=2023).update(
                value=F("value") + 1
            )
            indicators_touch(plan_id=plan.pk, indicator_ids=[some[n]])
            plan.refresh_from_db()
            changed.append(timed())

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

        print(
            f"database: {connection.vendor}; plan: {args.indicators} indicators, 20 quarters; "
            "year 2023"
        )
        print(f"{'':<28} {'median ms':>9} {'p95 ms':>9} {'queries':>8}")
        row("dashboard (cached)", warm)
        row("dashboard (cold, nothing kept)", cold)
        row("dashboard (after one approval)", changed)
        row("bare SQL (values, targets)", bare)
        limit = sql_limit(connection, plan.pk, args.repeat)
        row("SQL limit (one statement)", limit)
        for name, samples in (("cached", warm), ("after one approval", changed), ("cold", cold)):
            ratio = statistics.median(t for t, _ in samples) / statistics.median(limit)
            print(f"dashboard {name} / SQL limit: {ratio:.2f}×")


if __name__ == "__main__":
    main()
