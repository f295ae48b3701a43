"""A ministry-scale plan for benchmarks, built with bulk inserts in a throwaway database."""

import datetime
import os
import random
import sys
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The indicators' kinds, in turn: (measure, direction, aggregation, method).
KINDS = [
    ("number", "increase", "sum", "ratio"),
    ("number", "decrease", "sum", "ratio"),
    ("percentage", "increase", "last", "baseline"),
    ("days", "decrease", "average", "ratio"),
    ("ratio", "increase", "sum", "ratio"),
    ("percentage", "maintain", "average", "ratio"),
]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()


@contextmanager
def throwaway_database():
    """A fresh test database (SQLite or PostgreSQL per DATABASE_URL), dropped afterwards."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def build_plan(
    indicators: int,
    first_year: int = 2019,
    years: int = 5,
    seed: int = 7,
    *,
    values: bool = True,
    quarterly_targets: bool = False,
):
    """A plan with ``indicators`` indicators over ``years`` years: yearly targets (and a
    target for every quarter too with ``quarterly_targets``), and unless ``values`` is false
    an approved value for every closed quarter (all but the last one)."""
    from indicators.models import Indicator, ProgressEntry, Target
    from plans.models import Goal, Objective, OrgUnit, ReportingPeriod, StrategicPlan

    rng = random.Random(seed)
    tag = f"{indicators}-{seed}"
    ministry = OrgUnit.objects.create(code=f"m-{tag}", kind="ministry", name_ar="وزارة")
    units = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"u{i}-{tag}", kind="directorate", name_ar=f"مديرية {i}", parent=ministry)
        for i in range(30)
    )
    plan = StrategicPlan.objects.create(
        code=f"bench-{tag}",
        name_ar="خطة قياس الأداء",
        first_year=first_year,
        last_year=first_year + years - 1,
        status="active",
    )
    goals = Goal.objects.bulk_create(
        Goal(plan=plan, code=f"G{g}", title_ar=f"هدف {g}", order=g) for g in range(10)
    )
    per_objective = 10
    objective_count = max(1, indicators // per_objective)
    objectives = Objective.objects.bulk_create(
        Objective(
            plan=plan,
            goal=goals[o % len(goals)],
            code=f"O{o}",
            title_ar=f"هدف فرعي {o}",
            lead_unit=units[o % len(units)],
            order=o,
        )
        for o in range(objective_count)
    )
    rows = []
    for i in range(indicators):
        measure, direction, aggregation, method = KINDS[i % len(KINDS)]
        rows.append(
            Indicator(
                plan=plan,
                objective=objectives[i % objective_count],
                unit=units[i % len(units)],
                code=f"I{i}",
                title_ar=f"مؤشر {i}",
                measure=measure,
                direction=direction,
                aggregation=aggregation,
                method=method,
                baseline_value=Decimal(40) if method == "baseline" else None,
                tolerance=Decimal(3) if direction == "maintain" else None,
                order=i,
            )
        )
    created = Indicator.objects.bulk_create(rows, batch_size=2000)
    periods = []
    quarters = [(first_year + y, q) for y in range(years) for q in (1, 2, 3, 4)]
    for n, (year, quarter) in enumerate(quarters):
        opens = datetime.date(year, quarter * 3, 1)
        periods.append(
            ReportingPeriod(
                plan=plan,
                year=year,
                quarter=quarter,
                state="open" if n == len(quarters) - 1 else "closed",
                opens_on=opens,
                closes_on=opens + datetime.timedelta(days=30),
            )
        )
    periods = ReportingPeriod.objects.bulk_create(periods)
    Target.objects.bulk_create(
        (
            Target(
                indicator=ind,
                year=first_year + y,
                # A percentage (or a ratio, as a percentage) is at most 100.
                value=Decimal(
                    rng.randrange(50, 100)
                    if ind.measure in ("percentage", "ratio")
                    else rng.randrange(50, 500)
                ),
            )
            for ind in created
            for y in range(years)
        ),
        batch_size=5000,
    )
    if quarterly_targets:
        Target.objects.bulk_create(
            (
                Target(
                    indicator=ind,
                    year=first_year + y,
                    quarter=q,
                    value=Decimal(rng.randrange(10, 100)),
                )
                for ind in created
                for y in range(years)
                for q in (1, 2, 3, 4)
            ),
            batch_size=5000,
        )
    if not values:
        return plan

    def entries():
        for ind in created:
            for period in periods[:-1]:
                value = Decimal(rng.randrange(10, 150))
                if ind.measure == "ratio":
                    yield ProgressEntry(
                        indicator=ind,
                        period=period,
                        unit_id=ind.unit_id,
                        value=value,
                        numerator=value,
                        denominator=Decimal(150),
                        status="approved",
                    )
                else:
                    yield ProgressEntry(
                        indicator=ind,
                        period=period,
                        unit_id=ind.unit_id,
                        value=value,
                        status="approved",
                    )

    ProgressEntry.objects.bulk_create(entries(), batch_size=5000)
    return plan
