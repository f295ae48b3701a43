"""Benchmark: compute the full achievement tree of a ministry-scale plan.

    .venv/bin/python benchmarks/achievement.py [--repeat 5] [--scales 1 2 4]

3,000 indicators and 20 quarters of values at 1×. Prints, for each scale, the median and
best time of ``achievement_tree`` over the whole plan, the same with every indicator's
forecast worked out too (pages that show forecasts pay that), and the query count. Uses a throwaway
database (DATABASE_URL decides SQLite or PostgreSQL). Aim: under 0.5 s at 1×, growing no
faster than the data.
"""

import argparse
import statistics
import time

from dashboard import sql_limit
from scale import build_plan, setup_django, throwaway_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.models import ProgressEntry
    from indicators.selectors import achievement_tree
    from indicators.selectors.achievement import forget_kept_results

    with throwaway_database():
        print(f"database: {connection.vendor}")
        print(
            f"{'scale':>5} {'indicators':>10} {'values':>8} {'median s':>9} {'best s':>7} "
            f"{'queries':>7}"
        )
        for scale in args.scales:
            plan = build_plan(3000 * scale, seed=scale)
            values = ProgressEntry.objects.filter(period__plan=plan).count()
            timings, with_forecasts = [], []
            for _ in range(args.repeat):
                forget_kept_results()  # cold: the whole tree, nothing kept
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    tree = achievement_tree(plan)
                    timings.append(time.perf_counter() - start)
                    red = sum(1 for item in tree.indicators if item.forecast.heading_for_red)
                    with_forecasts.append(time.perf_counter() - start)
            assert len(tree.indicators) == 3000 * scale and red >= 0
            print(
                f"{scale:>4}× {3000 * scale:>10} {values:>8} {statistics.median(timings):>9.3f} "
                f"{min(timings):>7.3f} {statistics.median(with_forecasts):>12.3f} "
                f"{len(queries):>7}"
            )
            if connection.vendor == "postgresql":
                limit = statistics.median(sql_limit(connection, plan.pk, args.repeat, year=2019))
                # The SQL limit of the plan's first year; the tree spans the whole plan so far.
                print(
                    f"      SQL limit (one statement, a year) {limit:.3f} s; "
                    f"tree / SQL limit: {statistics.median(timings) / limit:.2f}×"
                )


if __name__ == "__main__":
    main()
