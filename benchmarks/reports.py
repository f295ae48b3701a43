"""Benchmark: achievement reports, PDF and Excel, on the demo plan and a ministry-scale plan.

    .venv/bin/python benchmarks/reports.py [--skip-large]

Prints time (assembly + rendering) and peak Python memory (tracemalloc) for a unit's
quarterly report and the ministry's annual report. Aims: a unit's quarterly PDF under 3 s;
the ministry's annual Excel under 5 s.
"""

import argparse
import time
import tracemalloc

from scale import build_plan, setup_django, throwaway_database


def measure(label, make):
    # Time first, untraced (tracemalloc slows Python down several times); then memory.
    start = time.perf_counter()
    content = make()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    make()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<46} {elapsed:>7.2f} s {peak / 2**20:>8.1f} MiB {len(content) / 1024:>8.0f} KiB")


def run(plan, unit, year, quarter, name):
    from reports.assembly import assemble_report
    from reports.excel import render_xlsx
    from reports.render import render_pdf

    def report(**kwargs):
        return assemble_report(plan, language="ar", **kwargs)

    unit_q = {"year": year, "quarter": quarter, "unit": unit}
    measure(f"{name}: unit quarterly PDF", lambda: render_pdf(report(**unit_q)))
    measure(f"{name}: unit quarterly Excel", lambda: render_xlsx(report(**unit_q)))
    measure(f"{name}: ministry annual Excel", lambda: render_xlsx(report(year=year)))
    measure(f"{name}: ministry annual PDF", lambda: render_pdf(report(year=year)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from indicators.demo import seed_demo
    from plans.models import OrgUnit

    with throwaway_database():
        print(f"database: {connection.vendor}")
        print(f"{'report':<46} {'time':>9} {'peak mem':>12} {'size':>12}")
        demo = seed_demo().plan
        # Warm-up: WeasyPrint loads its fonts once per process.
        from reports.assembly import assemble_report
        from reports.render import render_pdf

        render_pdf(
            assemble_report(demo, year=2023, quarter=3, unit=OrgUnit.objects.get(code="borders"))
        )
        run(demo, OrgUnit.objects.get(code="civil-defence"), 2023, 3, "demo (62 indicators)")
        if not args.skip_large:
            plan = build_plan(3000)
            unit = OrgUnit.objects.get(code="u1-3000-7")
            run(plan, unit, 2023, 3, "ministry scale (3,000 indicators)")


if __name__ == "__main__":
    main()
