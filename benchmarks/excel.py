"""Benchmark: the raw data export (every progress entry of a plan) as CSV and as Excel.

    .venv/bin/python benchmarks/excel.py [--rows 60000]

Builds plans of about a tenth of ``--rows`` and of ``--rows`` entries, and prints for each
the time (untraced) and the peak Python memory (tracemalloc, a second run) of writing the
CSV and the workbook. Aim: memory flat in the number of rows (the ratio of the two peaks
near 1, while the rows grow tenfold).
"""

import argparse
import time
import tracemalloc

from scale import build_plan, setup_django, throwaway_database


def measure(make):
    start = time.perf_counter()
    size = make()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    make()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 2**20, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60000)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.utils import translation

    from indicators.models import ProgressEntry
    from reports.raw import RawQuery, csv_lines, write_xlsx

    def csv_size(query):
        return sum(len(line.encode()) for line in csv_lines(query))

    def xlsx_size(query):
        with write_xlsx(query, rtl=True) as output:
            return len(output.read())

    translation.activate("ar")
    with throwaway_database():
        print(f"database: {connection.vendor}")
        print(f"{'export':<28} {'rows':>8} {'time':>9} {'peak mem':>12} {'size':>10}")
        peaks = {}
        for rows in (args.rows // 10, args.rows):
            plan = build_plan(max(1, rows // 19), seed=rows)  # 19 closed quarters each
            count = ProgressEntry.objects.filter(period__plan=plan).count()
            query = RawQuery(plan=plan)
            for name, make in (("CSV", csv_size), ("Excel", xlsx_size)):
                elapsed, peak, size = measure(lambda make=make, query=query: make(query))
                peaks.setdefault(name, []).append(peak)
                print(
                    f"raw export, {name:<16} {count:>8} {elapsed:>7.2f} s {peak:>8.1f} MiB"
                    f" {size / 2**20:>7.1f} MiB"
                )
        for name, (small, large) in peaks.items():
            print(f"{name}: peak memory at 10x the rows = {large / small:.2f}x")


if __name__ == "__main__":
    main()
