"""Benchmark: a quarter-end burst, officers saving and submitting their quarter at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/burst.py [--officers 300] [--each 10] [--clients 64]

Builds a 3,000-indicator plan (benchmarks/scale.py: 30 directorates, 19 closed quarters of
approved values, the last quarter open) in its own PostgreSQL database ``marsad_burst``
(created, and dropped afterwards unless ``--keep``), ``--officers`` officers spread over
the directorates and one head per directorate, each with an API token made in the database
(no sign-in, so the sign-in throttle and lockout of config/signin.py do not apply). Starts
gunicorn with 4 workers as deploy/marsad-gunicorn.service does (DEBUG off, background
tasks queued in the database), then over real HTTP from ``--clients`` threads:

1. every officer enters ``--each`` values of the open quarter (``POST /api/v1/progress/``)
   and submits each (``POST …/{id}/submit/``), all officers at once;
2. every head approves the submitted values of the directorate (``POST …/{id}/approve/``),
   all heads at once.

Prints for each phase the requests per second, submissions (or approvals) per second, p50
and p95 latency of each kind of request and the errors; then checks in the database that
every acknowledged write is there (its value, its state, its version), none twice (one
entry per indicator and quarter, one trail line per step) and none lost. Aims: 200
submissions a second, p95 under 300 ms, nothing lost or duplicated.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "marsad_burst"
PORT = 8100 + sum(map(ord, "govscale")) % 100  # this benchmark's own port, 8100–8199


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    return urlunsplit(urlsplit(server_url())._replace(path=f"/{name}"))


def recreate_database(create: bool) -> None:
    import psycopg2

    conn = psycopg2.connect(database_url("postgres"))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        if create:
            cursor.execute(f"CREATE DATABASE {DATABASE}")
    conn.close()


def prepare(officers: int, each: int):
    """The plan, the accounts and their tokens; returns (open period id, officers' work,
    heads' tokens by unit)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token
    from scale import build_plan

    from indicators.models import Indicator
    from plans.models import Membership, OrgUnit, ReportingPeriod

    call_command("migrate", verbosity=0)
    plan = build_plan(3000)
    period = ReportingPeriod.objects.get(plan=plan, state="open")
    units = list(OrgUnit.objects.filter(kind="directorate").order_by("pk"))
    by_unit = defaultdict(list)
    rows = Indicator.objects.filter(plan=plan).order_by("pk")
    for pk, unit_id, measure in rows.values_list("pk", "unit_id", "measure"):
        by_unit[unit_id].append((pk, measure))
    User = get_user_model()
    work, heads = [], {}
    users = [User(username=f"officer{i}") for i in range(officers)]
    users += [User(username=f"head{u.pk}") for u in units]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users)
    tokens = {user.pk: Token.generate_key() for user in users}
    Token.objects.bulk_create(Token(user=user, key=tokens[user.pk]) for user in users)
    memberships = []
    for i, user in enumerate(users[:officers]):
        unit = units[i % len(units)]
        memberships.append(Membership(user=user, unit=unit, role="officer"))
        # Officer k of a unit takes its indicators k·each … (k+1)·each − 1.
        k = i // len(units)
        mine = by_unit[unit.pk][k * each : (k + 1) * each]
        if len(mine) < each:
            raise SystemExit(f"not enough indicators: {officers} officers × {each} each")
        work.append((tokens[user.pk], unit.pk, mine))
    for unit, user in zip(units, users[officers:], strict=True):
        memberships.append(Membership(user=user, unit=unit, role="head"))
        heads[unit.pk] = tokens[user.pk]
    Membership.objects.bulk_create(memberships)
    return period.pk, work, heads


def start_gunicorn(log):
    env = dict(
        os.environ,
        DATABASE_URL=database_url(DATABASE),
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="burst-benchmark-only-a-long-random-looking-secret-value-0123456789",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        MARSAD_TASKS="database",  # as in production: emails queued, not sent in the request
    )
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
            "--workers", "4", "--timeout", "120", "--error-logfile", "-",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{PORT}/healthz", timeout=5).status_code == 200:
                return process
        except requests.RequestException:  # not listening yet, or still booting
            pass
        if process.poll() is not None:
            raise SystemExit("gunicorn did not start; see its log")
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz")


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.errors = defaultdict(int)

    def call(self, session, kind, url, body, ok):
        start = time.perf_counter()
        try:
            response = session.post(url, json=body, timeout=60)
        except requests.RequestException as error:
            with self.lock:
                self.errors[f"{kind}: {type(error).__name__}"] += 1
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.latency[kind].append(elapsed)
            if response.status_code != ok:
                self.errors[f"{kind}: HTTP {response.status_code} {response.text[:80]}"] += 1
                return None
        return response.json()

    def report(self, title, wall, count_kind):
        total = sum(len(v) for v in self.latency.values())
        done = len(self.latency[count_kind]) - sum(
            n for k, n in self.errors.items() if k.startswith(count_kind + ":")
        )
        print(f"\n{title}: {total} requests in {wall:.1f} s — {total / wall:.0f} requests/s, "
              f"{done / wall:.0f} {count_kind}s/s")  # fmt: skip
        print(f"  {'':<10} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for kind, times in self.latency.items():
            print(
                f"  {kind:<10} {len(times):>7} {statistics.median(times) * 1000:>8.1f} "
                f"{percentile(times, 0.95) * 1000:>8.1f} {max(times) * 1000:>8.1f}"
            )
        print(f"  errors: {sum(self.errors.values())}")
        for kind, n in sorted(self.errors.items()):
            print(f"    {n} × {kind}")


def run(args) -> None:
    from django.db import connection
    from django.db.models import Count

    from indicators.models import EntryEvent, ProgressEntry

    period, work, heads = prepare(args.officers, args.each)
    connection.close()
    api = f"http://127.0.0.1:{PORT}/api/v1/progress/"
    log_path = Path(f"/tmp/burst-gunicorn-{os.getpid()}.log")
    with open(log_path, "w") as log:
        server = start_gunicorn(log)
        try:
            acknowledged = {}  # entry id → (indicator, value, version, unit)
            saves = Recorder()

            def officer(job):
                token, unit_id, indicators = job
                session = requests.Session()
                session.headers["Authorization"] = f"Token {token}"
                for n, (indicator, measure) in enumerate(indicators):
                    value = 60 + (indicator * 7 + n) % 40
                    body = {"indicator": indicator, "period": period}
                    if measure == "ratio":
                        body.update(numerator=str(value), denominator="150")
                    else:
                        body["value"] = str(value)
                    body["quality_note"] = "قيمة من سجل المديرية"
                    saved = saves.call(session, "save", api, body, 201)
                    if saved is None:
                        continue
                    with saves.lock:
                        value = saved["value"] and Decimal(saved["value"])
                        acknowledged[saved["id"]] = [indicator, value, saved["version"], unit_id]
                    submitted = saves.call(
                        session,
                        "submit",
                        f"{api}{saved['id']}/submit/",
                        {"version": saved["version"]},
                        200,
                    )
                    if submitted is not None:
                        with saves.lock:
                            acknowledged[saved["id"]][2] = submitted["version"]
                            acknowledged[saved["id"]].append("submitted")

            start = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(officer, work))
            saves.report(
                f"phase 1, {len(work)} officers × {args.each} values",
                time.perf_counter() - start,
                "submit",
            )

            approvals = Recorder()
            queue = defaultdict(list)
            for entry_id, record in acknowledged.items():
                if record[-1] == "submitted":
                    queue[record[3]].append(entry_id)

            def head(unit_id):
                session = requests.Session()
                session.headers["Authorization"] = f"Token {heads[unit_id]}"
                for entry_id in queue[unit_id]:
                    done = approvals.call(
                        session,
                        "approve",
                        f"{api}{entry_id}/approve/",
                        {"version": acknowledged[entry_id][2]},
                        200,
                    )
                    if done is not None:
                        with approvals.lock:
                            acknowledged[entry_id][2] = done["version"]
                            acknowledged[entry_id][-1] = "approved"

            start = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                list(pool.map(head, list(queue)))
            approvals.report(
                f"phase 2, {len(queue)} heads approving", time.perf_counter() - start, "approve"
            )
        finally:
            server.terminate()
            server.wait(30)

    # Every acknowledged write in the database, none twice, none lost.
    rows = {
        e["pk"]: e
        for e in ProgressEntry.objects.filter(period_id=period).values(
            "pk", "indicator_id", "value", "status", "version"
        )
    }
    lost = wrong = 0
    for entry_id, record in acknowledged.items():
        row = rows.get(entry_id)
        state = record[4] if len(record) > 4 else "draft"
        if row is None:
            lost += 1
        elif (
            row["indicator_id"] != record[0]
            or row["value"] != record[1]
            or row["version"] != record[2]
            or row["status"] != state
        ):
            wrong += 1
    twice = (
        ProgressEntry.objects.filter(period_id=period)
        .values("indicator_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    steps_twice = (
        EntryEvent.objects.filter(entry__period_id=period)
        .values("entry_id", "action")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    unacknowledged = len(set(rows) - set(acknowledged))
    print(
        f"\ndatabase check: {len(acknowledged)} acknowledged entries, {len(rows)} in the "
        f"database; lost {lost}, differing {wrong}, duplicated entries {twice}, "
        f"duplicated trail steps {steps_twice}, in the database but never acknowledged "
        f"{unacknowledged}"
    )
    print(f"gunicorn log: {log_path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=300)
    parser.add_argument("--each", type=int, default=10, help="values per officer")
    parser.add_argument("--clients", type=int, default=64, help="client threads")
    parser.add_argument("--keep", action="store_true", help="leave the database")
    args = parser.parse_args()
    recreate_database(create=True)
    os.environ["DATABASE_URL"] = database_url(DATABASE)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.db import connection

    try:
        run(args)
    finally:
        connection.close()
        if not args.keep:
            recreate_database(create=False)


if __name__ == "__main__":
    main()
