"""Benchmark: Excel in and out at a ministry's scale.

    .venv/bin/python benchmarks/excel.py [--indicators 3000] [--rows 60000]

1. The raw data export (every progress entry of a plan) as CSV and as Excel, for a plan of
   about a tenth of ``--rows`` entries and one of ``--rows`` entries.
2. The plan workbook: a plan of ``--indicators`` indicators with 25 targets each (5 yearly,
   20 quarterly; built with bulk inserts by ``scale.build_plan``) exported with
   ``export_plan``; then the database is emptied (``flush``) and the workbook imported into
   it with ``plan_import`` (the import page's and ``import_plan``'s one entry point: every
   cell checked, one transaction), and the imported plan counted.

For each step: the wall time, the CPU time of this process (the database server's is not
counted; on a shared machine it is the steadier figure), and the peak resident memory of
this process during the step (RSS: ``VmHWM`` of /proc/self/status, reset with
``echo 5 > /proc/self/clear_refs`` before the step; "from" is the RSS when the step began,
since memory Python freed is not always given back to the system). For the raw export also
the peak of Python's own allocations (tracemalloc, a second untimed run), which does not
depend on what earlier steps left.

Aims: import under 30 s and 500 MiB; export under 10 s; raw export memory flat in the number
of rows (the ratio of the two peaks near 1 while the rows grow tenfold). Uses a throwaway
database (DATABASE_URL decides SQLite or PostgreSQL).
"""

import argparse
import io
import resource
import time
import tracemalloc
from pathlib import Path

from scale import build_plan, setup_django, throwaway_database

STATUS = Path("/proc/self/status")
LAST_CPU = 0.0


def rss_mib(field: str) -> float:
    for line in STATUS.read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in {STATUS}")


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(make):
    """(result, seconds, RSS at the start, peak RSS during) of ``make()``; the CPU seconds
    this process spent (the database server's not counted) go into ``LAST_CPU``."""
    global LAST_CPU
    reset_peak()
    start_rss = rss_mib("VmRSS")
    start, cpu = time.perf_counter(), cpu_seconds()
    result = make()
    elapsed = time.perf_counter() - start
    LAST_CPU = cpu_seconds() - cpu
    return result, elapsed, start_rss, rss_mib("VmHWM")


def traced_peak(make) -> float:
    tracemalloc.start()
    make()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def line(what, count, elapsed, start_rss, peak_rss, extra=""):
    print(
        f"{what:<30} {count:>8} {elapsed:>8.2f} s (cpu {LAST_CPU:>6.2f} s) {peak_rss:>6.0f} MiB"
        f" (from {start_rss:>4.0f}) {extra}",
        flush=True,
    )


def raw_exports(rows: int) -> None:
    from indicators.models import ProgressEntry
    from reports.raw import RawQuery, csv_lines, write_xlsx

    def csv_size(query):
        return sum(len(line.encode()) for line in csv_lines(query))

    def xlsx_size(query):
        with write_xlsx(query, rtl=True) as output:
            return len(output.read())

    traced = {}
    for count in (rows // 10, rows):
        plan = build_plan(max(1, count // 19), seed=count)  # 19 closed quarters each
        entries = ProgressEntry.objects.filter(period__plan=plan).count()
        query = RawQuery(plan=plan)
        for name, make in (("CSV", csv_size), ("Excel", xlsx_size)):
            size, elapsed, start_rss, peak_rss = measured(lambda m=make, q=query: m(q))
            peak = traced_peak(lambda m=make, q=query: m(q))
            traced.setdefault(name, []).append(peak)
            line(
                f"raw export, {name}",
                entries,
                elapsed,
                start_rss,
                peak_rss,
                f"python peak {peak:6.1f} MiB, file {size / 2**20:5.1f} MiB",
            )
    for name, (small, large) in traced.items():
        print(f"raw export, {name}: python peak at 10x the rows = {large / small:.2f}x")


def plan_round_trip(indicators: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from indicators.models import Indicator, Target
    from indicators.plan_workbook.export import export_plan
    from indicators.plan_workbook.importer import plan_import

    plan = build_plan(indicators, seed=1, values=False, quarterly_targets=True)
    code = plan.code
    targets = Target.objects.filter(indicator__plan=plan).count()
    data, elapsed, start_rss, peak_rss = measured(lambda: export_plan(plan))
    line("plan export", indicators, elapsed, start_rss, peak_rss,
         f"{targets} targets, file {len(data) / 2**20:5.1f} MiB")  # fmt: skip

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    root = get_user_model().objects.create_user("bench", is_superuser=True, is_staff=True)

    def run(dry_run=False):
        return plan_import(
            by=root, source=io.BytesIO(data), file_name="bench.xlsx", dry_run=dry_run
        )

    result, elapsed, start_rss, peak_rss = measured(run)
    assert result.saved and not result.problems, [str(p) for p in result.problems[:10]]
    imported = Indicator.objects.filter(plan__code=code).count()
    imported_targets = Target.objects.filter(indicator__plan__code=code).count()
    assert (imported, imported_targets) == (indicators, targets), (imported, imported_targets)
    line("plan import (empty database)", indicators, elapsed, start_rss, peak_rss,
         f"{imported_targets} targets")  # fmt: skip

    result, elapsed, start_rss, peak_rss = measured(run)
    assert result.saved and result.total("created") == 0 and result.total("changed") == 0
    line("plan re-import (no change)", indicators, elapsed, start_rss, peak_rss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--indicators", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=60000)
    parser.add_argument("--only", choices=["raw", "plan"])
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.utils import translation

    translation.activate("ar")
    with throwaway_database():
        print(f"database: {connection.vendor}")
        print(f"{'step':<30} {'rows':>8} {'time (this process cpu)':>25} {'peak RSS':>12}")
        if args.only != "plan":
            raw_exports(args.rows)
        if args.only != "raw":
            plan_round_trip(args.indicators)


if __name__ == "__main__":
    main()
