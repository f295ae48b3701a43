"""Benchmark: a government-wide deployment, every ministry's plan in one PostgreSQL database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/government.py [--plans 100] [--indicators 3000] [--keep]

Builds ``--plans`` plans (default 100), each of its own ministry with 30 directorates,
``--indicators`` indicators each (default 3,000) over 20 quarters: yearly targets, an
approved value for every closed quarter and a submitted one for the open quarter, so
100 × 3,000 × 20 = 6 million values. The database ``marsad_government`` is created (the
server and the user come from DATABASE_URL), loaded with COPY and dropped afterwards
(``--keep`` leaves it). Then, for one plan in the middle, it prints the server time of:

- a ministry's dashboard after a change (the cache cleared), as its planning admin
  (the whole plan) and as the ministry's head (the ministry's units);
- a directorate's dashboard after a change, as its head;
- an approval's write path: ``progress_approve`` over 50 submitted values (p50, p95);

their query counts, the slowest queries of each with their EXPLAIN ANALYZE plan, every
sequential scan of a large table they do, and the database's size. Aims: a dashboard
under 150 ms, an approval under 50 ms at the 95th percentile, whatever the number of plans.
"""

import argparse
import datetime
import io
import logging
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from scale import KINDS  # the same kinds of indicator as every benchmark's plan

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "marsad_government"
UNITS_PER_MINISTRY = 30
GOALS = 10
OBJECTIVES = 300
FIRST_YEAR, YEARS = 2019, 5


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def admin_connection():
    """A connection to the server's maintenance database, to create and drop ours."""
    import psycopg2

    parts = urlsplit(server_url())
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    conn.autocommit = True
    return conn


def create_database() -> None:
    conn = admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")
    conn.close()


def drop_database() -> None:
    conn = admin_connection()
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    conn.close()


def setup_django() -> None:
    parts = urlsplit(server_url())
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{DATABASE}"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()


def copy(cursor, table: str, columns: list[str], rows) -> None:
    """COPY ``rows`` (tuples, None for NULL) into ``table`` through psycopg2's copy_expert."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cols = ", ".join(f'"{c}"' for c in columns)
    cursor.copy_expert(f"COPY {table} ({cols}) FROM STDIN", buffer)


def build_plan(n: int, indicators: int, rng: random.Random, officer_of: dict) -> int:
    """One ministry, its directorates and its plan; returns the plan's id."""
    from django.db import connection, transaction

    from plans.models import Goal, Objective, OrgUnit, ReportingPeriod, StrategicPlan

    now = datetime.datetime.now(datetime.UTC).isoformat()
    with transaction.atomic():
        ministry = OrgUnit.objects.create(code=f"M{n}", kind="ministry", name_ar=f"وزارة {n}")
        units = OrgUnit.objects.bulk_create(
            OrgUnit(code=f"M{n}-D{u}", kind="directorate", name_ar=f"مديرية {u}", parent=ministry)
            for u in range(UNITS_PER_MINISTRY)
        )
        plan = StrategicPlan.objects.create(
            code=f"P{n}",
            name_ar=f"خطة الوزارة {n}",
            first_year=FIRST_YEAR,
            last_year=FIRST_YEAR + YEARS - 1,
            status="active",
        )
        goals = Goal.objects.bulk_create(
            Goal(plan=plan, code=f"G{g}", title_ar=f"هدف {g}", order=g) for g in range(GOALS)
        )
        objectives = Objective.objects.bulk_create(
            Objective(
                plan=plan,
                goal=goals[o % GOALS],
                code=f"O{o}",
                title_ar=f"هدف فرعي {o}",
                lead_unit=units[o % len(units)],
                order=o,
            )
            for o in range(OBJECTIVES)
        )
        quarters = [(FIRST_YEAR + y, q) for y in range(YEARS) for q in (1, 2, 3, 4)]
        periods = ReportingPeriod.objects.bulk_create(
            ReportingPeriod(
                plan=plan,
                year=year,
                quarter=quarter,
                state="open" if i == len(quarters) - 1 else "closed",
                opens_on=datetime.date(year, quarter * 3, 1),
                closes_on=datetime.date(year, quarter * 3, 1) + datetime.timedelta(days=30),
            )
            for i, (year, quarter) in enumerate(quarters)
        )
        cursor = connection.cursor().cursor  # psycopg2's own cursor, for copy_expert
        indicator_rows = []
        for i in range(indicators):
            measure, direction, aggregation, method = KINDS[i % len(KINDS)]
            indicator_rows.append(
                (
                    f"I{i}", f"مؤشر {i}", "", "", "", 1, i, measure, direction, aggregation,
                    method, 40 if method == "baseline" else None,
                    3 if direction == "maintain" else None, "", "", "", "", "quarterly",
                    objectives[i % OBJECTIVES].pk, plan.pk, units[i % len(units)].pk, "f",
                    "", "", "", "",
                )
            )  # fmt: skip
        copy(
            cursor,
            "indicators_indicator",
            [
                "code", "title_ar", "title_en", "description_ar", "description_en", "weight",
                "order", "measure", "direction", "aggregation", "method", "baseline_value",
                "tolerance", "data_source_ar", "data_source_en", "verification_ar",
                "verification_en", "frequency", "objective_id", "plan_id", "unit_id",
                "is_archived", "numerator_label_ar", "numerator_label_en",
                "denominator_label_ar", "denominator_label_en",
            ],
            indicator_rows,
        )  # fmt: skip
        cursor.execute(
            "SELECT id, unit_id, measure FROM indicators_indicator WHERE plan_id = %s "
            'ORDER BY "order"',
            [plan.pk],
        )
        created = cursor.fetchall()
        copy(
            cursor,
            "indicators_target",
            ["indicator_id", "year", "quarter", "value"],
            (
                (
                    pk,
                    FIRST_YEAR + y,
                    None,
                    rng.randrange(50, 100)
                    if measure in ("percentage", "ratio")
                    else rng.randrange(50, 500),
                )
                for pk, _, measure in created
                for y in range(YEARS)
            ),
        )

        def entries():
            for pk, unit_id, measure in created:
                for i, period in enumerate(periods):
                    value = rng.randrange(10, 150)
                    ratio = measure == "ratio"
                    if i < len(periods) - 1:
                        state, by, at = "approved", None, None
                    else:  # the open quarter: submitted, for the heads to approve
                        state, by, at = "submitted", officer_of.get(unit_id), now
                    yield (
                        pk, period.pk, unit_id, value, value if ratio else None,
                        150 if ratio else None, "", state, "", "", "", 1, now, now, by, at,
                        "{}", "{}",
                    )  # fmt: skip

        copy(
            cursor,
            "indicators_progressentry",
            [
                "indicator_id", "period_id", "unit_id", "value", "numerator", "denominator",
                "comment", "status", "review_comment", "quality_flags", "quality_note",
                "version", "created_at", "updated_at", "submitted_by_id", "submitted_at",
                "cells", "approved_cells",  # no breakdown by option: empty grids
            ],
            entries(),
        )  # fmt: skip
    return plan.pk


def load(plans: int, indicators: int) -> None:
    from django.db import connection

    rng = random.Random(7)
    with connection.cursor() as cursor:
        # The rows are consistent by construction (each entry's period in its indicator's
        # plan, and so on): the per-row checks of the user triggers are skipped while
        # loading. Foreign keys and unique constraints still hold.
        for table in ("indicators_indicator", "indicators_progressentry", "indicators_target"):
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    started = time.perf_counter()
    for n in range(plans):
        build_plan(n, indicators, rng, {})
        if (n + 1) % 10 == 0 or n + 1 == plans:
            print(f"  {n + 1} plans loaded in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        for table in ("indicators_indicator", "indicators_progressentry", "indicators_target"):
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("ANALYZE")


def people(plan_id: int):
    """The plan's planning admin, its ministry's head, a directorate's head and officer;
    the open quarter's entries of that directorate are marked as the officer's."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from indicators.models import ProgressEntry
    from plans.models import Membership, OrgUnit, StrategicPlan

    User = get_user_model()
    plan = StrategicPlan.objects.get(pk=plan_id)
    ministry = OrgUnit.objects.get(code=f"M{plan.code[1:]}")
    # The directorate with the most values still waiting (a --reuse run approved some).
    directorate = (
        OrgUnit.objects.filter(parent=ministry)
        .annotate(waiting=Count("entries", filter=Q(entries__status="submitted")))
        .order_by("-waiting", "code")
        .first()
    )
    User.objects.filter(
        username__in=["gov-admin", "ministry-head", "unit-head", "unit-officer"]
    ).delete()
    made = {}
    for name, unit, role in (
        ("gov-admin", ministry, "admin"),
        ("ministry-head", ministry, "head"),
        ("unit-head", directorate, "head"),
        ("unit-officer", directorate, "officer"),
    ):
        user = User.objects.create_user(name, password=None)
        Membership.objects.create(user=user, unit=unit, role=role)
        made[name] = user
    ProgressEntry.objects.filter(unit=directorate, period__plan=plan, status="submitted").update(
        submitted_by=made["unit-officer"]
    )
    return plan, ministry, directorate, made


def explain(captured, label: str, top: int = 3) -> list[str]:
    """EXPLAIN ANALYZE of each SELECT captured (EXPLAIN alone for writes): the slowest
    ``top`` with the start of their plans, and every sequential scan of a large table
    (10,000 rows or more)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= 10000")
        large = {row[0] for row in cursor.fetchall()}
    findings, timed = [], []
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE")):
                continue  # BEGIN, SAVEPOINT and the like
            analyze = sql.lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in sql
            cursor.execute(("EXPLAIN (ANALYZE) " if analyze else "EXPLAIN ") + sql)
            lines = [row[0] for row in cursor.fetchall()]
            found = [re.search(r"Execution Time: ([\d.]+)", line) for line in lines]
            total = next((float(m.group(1)) for m in found if m), 0.0)
            timed.append((total, sql, lines))
            for line in lines:
                scan = re.search(r"Seq Scan on (\w+)", line)
                if scan and scan.group(1) in large:
                    findings.append(f"  seq scan of {scan.group(1)} in: {sql[:150]}")
    print(f"\n{label}: {len(timed)} statements, {sum(t for t, _, _ in timed):.1f} ms in SQL")
    for total, sql, lines in sorted(timed, key=lambda t: -t[0])[:top]:
        print(f"  {total:7.2f} ms  {sql[:150]}")
        for line in lines[:8]:
            print(f"             {line[:150]}")
    print("\n".join(findings) if findings else "  no sequential scan of a large table")
    return findings


def measure(plan_id: int, repeat: int, approvals: int) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from indicators.models import ProgressEntry
    from indicators.services.progress import progress_approve

    setup_test_environment()
    logging.getLogger("marsad.request").setLevel(logging.WARNING)
    plan, ministry, directorate, users = people(plan_id)
    year = FIRST_YEAR + YEARS - 1

    def dashboard(user, unit=None):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        url = f"/?plan={plan.pk}&year={year}" + (f"&unit={unit.pk}" if unit else "")
        client.get(url)  # sessions, language and the like warmed once
        times = []
        for _ in range(repeat):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        return times, captured

    print(f"\nplan {plan.code} (id {plan.pk}), year {year}; each dashboard after a change")
    print(f"{'':<36} {'median ms':>9} {'p95 ms':>9} {'queries':>8}")
    captures = {}
    for label, user, unit in (
        ("ministry dashboard (planning admin)", users["gov-admin"], None),
        ("ministry dashboard (ministry head)", users["ministry-head"], None),
        ("directorate dashboard (its head)", users["unit-head"], None),
    ):
        times, captured = dashboard(user, unit)
        captures[label] = captured
        if os.environ.get("GOVERNMENT_DUMP"):
            with open(os.environ["GOVERNMENT_DUMP"], "a") as dump:
                dump.write(f"=== {label}\n")
                for q in captured:
                    dump.write(f"{q['time']} {q['sql'][:3000]}\n")
        print(
            f"{label:<36} {statistics.median(times) * 1000:>9.1f} "
            f"{percentile(times, 0.95) * 1000:>9.1f} {len(captured):>8}"
        )

    entries = list(
        ProgressEntry.objects.filter(unit=directorate, period__plan=plan, status="submitted")
        .select_related("indicator", "period")
        .order_by("pk")[: approvals + 1]
    )
    head = users["unit-head"]
    times = []
    for i, entry in enumerate(entries):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            progress_approve(entry=entry, by=head, expected_version=entry.version)
            elapsed = time.perf_counter() - start
        if i:  # the first one warms the permission caches
            times.append(elapsed)
        captures["approval"] = captured
    print(
        f"{'approval (progress_approve)':<36} {statistics.median(times) * 1000:>9.1f} "
        f"{percentile(times, 0.95) * 1000:>9.1f} {len(captured):>8}"
        f"   ({len(times)} approvals)"
    )
    findings = []
    for label, captured in captures.items():
        findings += explain(captured, label)
    print(f"\nsequential scans of large tables: {len(findings)}")


def main() -> None:
    global DATABASE
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--indicators", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--approvals", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="leave the database")
    parser.add_argument("--database", default=DATABASE, help=f"its name ({DATABASE})")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep, not rebuilt"
    )
    args = parser.parse_args()
    DATABASE = args.database
    if not args.reuse:
        create_database()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.0f} s")
        total = args.plans * args.indicators
        if not args.reuse:
            print(
                f"loading {args.plans} plans × {args.indicators} indicators × 20 quarters: "
                f"{total:,} indicators, {total * 20:,} values"
            )
            started = time.perf_counter()
            load(args.plans, args.indicators)
            print(f"loaded in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM indicators_indicator")
            indicators = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM indicators_progressentry")
            print(f"{indicators:,} indicators, {cursor.fetchone()[0]:,} values")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            print(f"database size: {cursor.fetchone()[0]}")
            cursor.execute("SELECT id FROM plans_strategicplan ORDER BY id")
            ids = [row[0] for row in cursor.fetchall()]
        measure(ids[len(ids) // 2], args.repeat, args.approvals)
    finally:
        connection.close()
        if not (args.keep or args.reuse):
            drop_database()


if __name__ == "__main__":
    main()
