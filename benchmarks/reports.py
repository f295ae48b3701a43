"""Benchmark: achievement reports, PDF and Excel, on the demo plan and a ministry-scale plan.

    .venv/bin/python benchmarks/reports.py [--skip-large]

Prints, for a unit's quarterly report and the ministry's annual report, the time (assembly
+ rendering) and the peak resident memory (the operating system's high-water mark of the
process, not only Python's objects): each report is made in a fresh child process of its
own, which reads the same throwaway database, and its peak is read from its resource use
when it ends (os.wait4). The child pays WeasyPrint's loading of its fonts before the clock
starts. Aims: a unit's quarterly PDF under 3 s; the ministry's annual Excel under 5 s; the
ministry's annual PDF at 3,000 indicators under 20 s and 300 MiB.

With SQLite the throwaway database lives in memory, which a child cannot open: the
figures are then measured in this process, and the memory is tracemalloc's peak.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc

from scale import build_plan, setup_django, throwaway_database

KINDS = (
    "unit quarterly PDF",
    "unit quarterly Excel",
    "ministry annual Excel",
    "ministry annual PDF",
)


def make(kind: str, plan_id: int, unit_id: int, year: int, quarter: int) -> bytes:
    from plans.models import OrgUnit, StrategicPlan
    from reports.assembly import assemble_report
    from reports.excel import render_xlsx
    from reports.render import render_pdf

    plan = StrategicPlan.objects.get(pk=plan_id)
    scope = (
        {"year": year, "quarter": quarter, "unit": OrgUnit.objects.get(pk=unit_id)}
        if kind.startswith("unit")
        else {"year": year}
    )
    report = assemble_report(plan, language="ar", **scope)
    return render_pdf(report) if kind.endswith("PDF") else render_xlsx(report)


def child(arguments: dict) -> None:
    """In the child: warm WeasyPrint up, then make one report and print its figures."""
    setup_django()
    from django.db import connection

    connection.settings_dict["NAME"] = arguments["database"]
    from weasyprint import HTML

    HTML(string="<p>تسخين</p>").write_pdf()  # fonts are loaded once per process
    start = time.perf_counter()
    content = make(arguments["kind"], *arguments["scope"])
    elapsed = time.perf_counter() - start
    print(json.dumps({"seconds": elapsed, "size": len(content)}))


def measure(label, kind, scope, database) -> None:
    if database is None:  # an in-memory database: in this process
        start = time.perf_counter()
        content = make(kind, *scope)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        make(kind, *scope)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size, memory = len(content), f"{peak / 2**20:>8.1f} MiB (traced)"
    else:
        process = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--child",
                json.dumps({"kind": kind, "scope": scope, "database": database}),
            ],
            stdout=subprocess.PIPE,
        )
        output = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.stdout.close()
        if status:
            raise SystemExit(f"{label} failed")
        figures = json.loads(output.decode().strip().splitlines()[-1])
        elapsed, size = figures["seconds"], figures["size"]
        memory = f"{usage.ru_maxrss / 1024:>8.0f} MiB (RSS)"  # Linux: kilobytes
    print(f"{label:<60} {elapsed:>7.2f} s {memory} {size / 1024:>8.0f} KiB", flush=True)


def run(plan, unit, year, quarter, name, database):
    from django.db import connections

    connections.close_all()  # each child opens its own
    for kind in KINDS:
        measure(f"{name}: {kind}", kind, (plan.pk, unit.pk, year, quarter), database)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    setup_django()
    from django.db import connection, transaction

    from indicators.demo import seed_demo
    from plans.models import OrgUnit

    with throwaway_database():
        print(f"database: {connection.vendor}")
        database = None if connection.vendor == "sqlite" else connection.settings_dict["NAME"]
        print(f"{'report':<60} {'time':>9} {'peak memory':>19} {'size':>12}")
        with transaction.atomic():
            demo = seed_demo().plan
        run(
            demo,
            OrgUnit.objects.get(code="civil-defence"),
            2023,
            3,
            "demo (62 indicators)",
            database,
        )
        if not args.skip_large:
            with transaction.atomic():
                plan = build_plan(3000)
            unit = OrgUnit.objects.get(code="u1-3000-7")
            run(plan, unit, 2023, 3, "ministry scale (3,000 indicators)", database)


if __name__ == "__main__":
    main()
