"""Database triggers for the rule no CHECK constraint can express: a year that belongs to a
plan must lie inside the plan's years. Written for SQLite and PostgreSQL, the two databases
Marsad runs on; used by migrations only."""

SQLITE_TEMPLATE = """
CREATE TRIGGER IF NOT EXISTS {name}_{event} BEFORE {event_sql} ON {table}
FOR EACH ROW WHEN NEW.year < ({plan_sql} first_year {from_sql})
               OR NEW.year > ({plan_sql} last_year {from_sql})
BEGIN SELECT RAISE(ABORT, 'year outside the plan ({table})'); END;
"""

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE first_y integer; last_y integer;
BEGIN
  SELECT first_year, last_year INTO first_y, last_y {from_sql};
  IF NEW.year < first_y OR NEW.year > last_y THEN
    RAISE EXCEPTION 'year % is outside the plan (% to %) in {table}', NEW.year, first_y, last_y
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table}
FOR EACH ROW EXECUTE FUNCTION {name}();
"""


def year_in_plan_trigger(name: str, table: str, from_sql: str):
    """Forward and backward functions for a RunPython operation.

    ``from_sql`` is the FROM/WHERE part that finds the row's plan, written with ``NEW.``.
    """

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for event, event_sql in (("insert", "INSERT"), ("update", "UPDATE")):
                schema_editor.execute(
                    SQLITE_TEMPLATE.format(
                        name=name,
                        event=event,
                        event_sql=event_sql,
                        table=table,
                        plan_sql="SELECT",
                        from_sql=from_sql,
                    )
                )
        elif vendor == "postgresql":
            # params=None: the SQL holds RAISE's own % placeholders, not query parameters.
            schema_editor.execute(
                POSTGRES_FUNCTION.format(name=name, table=table, from_sql=from_sql), params=None
            )

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_update")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")

    return forward, backward


# Every year-in-plan trigger, as its migration created it.
PLAN_BY_ID = "FROM plans_strategicplan WHERE id = NEW.plan_id"
TRIGGERS = [
    ("marsad_period_year_in_plan", "plans_reportingperiod", PLAN_BY_ID),
    ("marsad_action_plan_year_in_plan", "plans_actionplan", PLAN_BY_ID),
    (
        "marsad_target_year_in_plan",
        "indicators_target",
        "FROM plans_strategicplan WHERE id = "
        "(SELECT plan_id FROM indicators_indicator WHERE id = NEW.indicator_id)",
    ),
]


# --- One plan, one world -------------------------------------------------------------------
#
# Every reference stays inside one plan. A trigger per rule refuses a row that points across
# plans (on insert and update) and, for the parent side, a change of a parent's plan that
# would leave its children in the old one. ``condition`` is a SQL expression on ``NEW`` (and,
# for updates only, ``OLD``) that is true when the row must be refused; a NULL (a missing
# parent, which the foreign key refuses anyway) lets it through.

SAME_PLAN_SQLITE = """
CREATE TRIGGER IF NOT EXISTS {name}_{event} BEFORE {event_sql} ON {table}
FOR EACH ROW WHEN {condition}
BEGIN SELECT RAISE(ABORT, '{message} ({table})'); END;
"""

SAME_PLAN_POSTGRES = """
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  IF {condition} THEN
    RAISE EXCEPTION '{message} ({table})' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} BEFORE {events_sql} ON {table}
FOR EACH ROW EXECUTE FUNCTION {name}();
"""


class SamePlanTrigger:
    """One "same plan" rule on one table, for SQLite and PostgreSQL.

    ``needs`` lists the (table, column) pairs the condition reads, so that a migration that
    rebuilds a table can recreate only the triggers whose tables and columns exist.
    """

    def __init__(self, name, table, condition, message, *, needs, update_only=False):
        self.name, self.table, self.condition, self.message = name, table, condition, message
        self.needs, self.update_only = needs, update_only

    @property
    def quoted_message(self) -> str:
        return self.message.replace("'", "''")  # inside a SQL string literal

    @property
    def events(self):
        return (("update", "UPDATE"),) if self.update_only else (
            ("insert", "INSERT"), ("update", "UPDATE"),
        )  # fmt: skip

    def ready(self, connection) -> bool:
        introspection = connection.introspection
        with connection.cursor() as cursor:
            tables = set(introspection.table_names(cursor))
            for table, column in self.needs:
                if table not in tables:
                    return False
                columns = {c.name for c in introspection.get_table_description(cursor, table)}
                if column not in columns:
                    return False
        return True

    def forward(self, apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for event, event_sql in self.events:
                schema_editor.execute(
                    SAME_PLAN_SQLITE.format(
                        name=self.name,
                        event=event,
                        event_sql=event_sql,
                        table=self.table,
                        condition=self.condition,
                        message=self.quoted_message,
                    )
                )
        elif vendor == "postgresql":
            schema_editor.execute(
                SAME_PLAN_POSTGRES.format(
                    name=self.name,
                    table=self.table,
                    condition=self.condition,
                    message=self.quoted_message,
                    events_sql=" OR ".join(sql for _event, sql in self.events),
                ),
                params=None,
            )

    def backward(self, apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for event, _sql in self.events:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {self.name}_{event}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {self.name}()")


def _plan_of(table: str, id_sql: str) -> str:
    return f"(SELECT plan_id FROM {table} WHERE id = {id_sql})"


PERIOD_PLAN = _plan_of("plans_reportingperiod", "NEW.period_id")
SAME_PLAN_TRIGGERS = [
    SamePlanTrigger(
        "marsad_objective_in_goal_plan",
        "plans_objective",
        f"NEW.plan_id <> {_plan_of('plans_goal', 'NEW.goal_id')}",
        "an objective belongs to its goal's plan",
        needs=[("plans_objective", "plan_id"), ("plans_goal", "plan_id")],
    ),
    SamePlanTrigger(
        "marsad_goal_keeps_objectives_plan",
        "plans_goal",
        "NEW.plan_id <> OLD.plan_id AND EXISTS (SELECT 1 FROM plans_objective "
        "WHERE goal_id = NEW.id AND plan_id <> NEW.plan_id)",
        "a goal cannot move to another plan without its objectives",
        needs=[("plans_objective", "goal_id"), ("plans_goal", "plan_id")],
        update_only=True,
    ),
    SamePlanTrigger(
        "marsad_indicator_in_objective_plan",
        "indicators_indicator",
        f"NEW.plan_id <> {_plan_of('plans_objective', 'NEW.objective_id')}",
        "an indicator belongs to its objective's plan",
        needs=[("indicators_indicator", "objective_id"), ("plans_objective", "plan_id")],
    ),
    SamePlanTrigger(
        "marsad_indicator_predecessor_earlier_plan",
        "indicators_indicator",
        "NEW.predecessor_id IS NOT NULL AND (SELECT p.first_year FROM indicators_indicator i "
        "JOIN plans_strategicplan p ON p.id = i.plan_id WHERE i.id = NEW.predecessor_id) >= "
        "(SELECT first_year FROM plans_strategicplan WHERE id = NEW.plan_id)",
        "an indicator continues one of an earlier plan",
        needs=[("indicators_indicator", "predecessor_id")],
    ),
    SamePlanTrigger(
        "marsad_indicator_keeps_children_plan",
        "indicators_indicator",
        "NEW.plan_id <> OLD.plan_id AND ("
        "EXISTS (SELECT 1 FROM indicators_progressentry e JOIN plans_reportingperiod p "
        "ON p.id = e.period_id WHERE e.indicator_id = NEW.id AND p.plan_id <> NEW.plan_id) "
        "OR EXISTS (SELECT 1 FROM indicators_scenariotarget t JOIN indicators_scenario s "
        "ON s.id = t.scenario_id WHERE t.indicator_id = NEW.id AND s.plan_id <> NEW.plan_id))",
        "an indicator cannot move to another plan without its values and scenario targets",
        needs=[
            ("indicators_progressentry", "period_id"),
            ("indicators_scenariotarget", "indicator_id"),
            ("indicators_indicator", "plan_id"),
        ],
        update_only=True,
    ),
    SamePlanTrigger(
        "marsad_objective_keeps_children_plan",
        "plans_objective",
        "NEW.plan_id <> OLD.plan_id AND ("
        "EXISTS (SELECT 1 FROM indicators_indicator WHERE objective_id = NEW.id "
        "AND plan_id <> NEW.plan_id) "
        "OR EXISTS (SELECT 1 FROM plans_activity a JOIN plans_actionplan ap "
        "ON ap.id = a.action_plan_id WHERE a.objective_id = NEW.id AND ap.plan_id <> NEW.plan_id) "
        "OR EXISTS (SELECT 1 FROM plans_risk_objectives ro JOIN plans_risk r ON r.id = ro.risk_id "
        "WHERE ro.objective_id = NEW.id AND r.plan_id <> NEW.plan_id))",
        "an objective cannot move to another plan without its indicators, activities and risks",
        needs=[
            ("indicators_indicator", "objective_id"),
            ("plans_activity", "objective_id"),
            ("plans_risk_objectives", "objective_id"),
        ],
        update_only=True,
    ),
    SamePlanTrigger(
        "marsad_activity_objective_in_plan",
        "plans_activity",
        f"{_plan_of('plans_objective', 'NEW.objective_id')} <> "
        f"{_plan_of('plans_actionplan', 'NEW.action_plan_id')}",
        "an activity's objective belongs to its action plan's plan",
        needs=[("plans_activity", "objective_id"), ("plans_actionplan", "plan_id")],
    ),
    SamePlanTrigger(
        "marsad_action_plan_keeps_activities_plan",
        "plans_actionplan",
        "NEW.plan_id <> OLD.plan_id AND EXISTS (SELECT 1 FROM plans_activity a "
        "JOIN plans_objective o ON o.id = a.objective_id "
        "WHERE a.action_plan_id = NEW.id AND o.plan_id <> NEW.plan_id)",
        "an action plan cannot move to another plan with its activities' objectives",
        needs=[("plans_activity", "objective_id"), ("plans_actionplan", "plan_id")],
        update_only=True,
    ),
    SamePlanTrigger(
        "marsad_scenario_target_in_plan",
        "indicators_scenariotarget",
        f"{_plan_of('indicators_indicator', 'NEW.indicator_id')} <> "
        f"{_plan_of('indicators_scenario', 'NEW.scenario_id')}",
        "a scenario target's indicator belongs to the scenario's plan",
        needs=[("indicators_scenariotarget", "indicator_id"), ("indicators_scenario", "plan_id")],
    ),
    SamePlanTrigger(
        "marsad_scenario_keeps_targets_plan",
        "indicators_scenario",
        "NEW.plan_id <> OLD.plan_id AND EXISTS (SELECT 1 FROM indicators_scenariotarget t "
        "JOIN indicators_indicator i ON i.id = t.indicator_id "
        "WHERE t.scenario_id = NEW.id AND i.plan_id <> NEW.plan_id)",
        "a scenario cannot move to another plan with its targets",
        needs=[("indicators_scenariotarget", "scenario_id"), ("indicators_scenario", "plan_id")],
        update_only=True,
    ),
    SamePlanTrigger(
        "marsad_risk_objective_in_plan",
        "plans_risk_objectives",
        f"{_plan_of('plans_risk', 'NEW.risk_id')} <> "
        f"{_plan_of('plans_objective', 'NEW.objective_id')}",
        "a risk's objectives belong to the risk's plan",
        needs=[("plans_risk_objectives", "risk_id"), ("plans_risk", "plan_id")],
    ),
    SamePlanTrigger(
        "marsad_risk_keeps_objectives_plan",
        "plans_risk",
        "NEW.plan_id <> OLD.plan_id AND EXISTS (SELECT 1 FROM plans_risk_objectives ro "
        "JOIN plans_objective o ON o.id = ro.objective_id "
        "WHERE ro.risk_id = NEW.id AND o.plan_id <> NEW.plan_id)",
        "a risk cannot move to another plan with its objectives",
        needs=[("plans_risk_objectives", "risk_id"), ("plans_risk", "plan_id")],
        update_only=True,
    ),
    SamePlanTrigger(
        "marsad_entry_period_in_plan",
        "indicators_progressentry",
        f"{PERIOD_PLAN} <> {_plan_of('indicators_indicator', 'NEW.indicator_id')}",
        "an entry's period belongs to its indicator's plan",
        needs=[("indicators_progressentry", "period_id"), ("indicators_indicator", "plan_id")],
    ),
    SamePlanTrigger(
        "marsad_activity_progress_period_in_plan",
        "plans_activityprogress",
        f"{PERIOD_PLAN} <> (SELECT ap.plan_id FROM plans_activity a JOIN plans_actionplan ap "
        "ON ap.id = a.action_plan_id WHERE a.id = NEW.activity_id)",
        "an activity's progress period belongs to its action plan's plan",
        needs=[("plans_activityprogress", "period_id"), ("plans_actionplan", "plan_id")],
    ),
    SamePlanTrigger(
        "marsad_risk_assessment_period_in_plan",
        "plans_riskassessment",
        f"{PERIOD_PLAN} <> {_plan_of('plans_risk', 'NEW.risk_id')}",
        "a risk assessment's period belongs to the risk's plan",
        needs=[("plans_riskassessment", "period_id"), ("plans_risk", "plan_id")],
    ),
]


def sqlite_triggers_suspended(*operations):
    """Wrap migration operations that rebuild a table the triggers read (SQLite rebuilds a
    table to alter it, drops the table's own triggers with it, and refuses while another
    table's trigger names it): every trigger is dropped before and the ones that were there
    are created again after. Other databases are left alone."""
    from django.db import migrations

    present: set[str] = set()

    def _existing(schema_editor) -> set[str]:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {row[0] for row in cursor.fetchall()}

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        present.clear()
        present.update(_existing(schema_editor))
        for name, table, from_sql in TRIGGERS:
            year_in_plan_trigger(name, table, from_sql)[1](apps, schema_editor)
        for trigger in SAME_PLAN_TRIGGERS:
            trigger.backward(apps, schema_editor)

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        tables = set(schema_editor.connection.introspection.table_names())
        for name, table, from_sql in TRIGGERS:
            if f"{name}_insert" in present or (not present and table in tables):
                year_in_plan_trigger(name, table, from_sql)[0](apps, schema_editor)
        for trigger in SAME_PLAN_TRIGGERS:
            if f"{trigger.name}_update" in present and trigger.ready(schema_editor.connection):
                trigger.forward(apps, schema_editor)

    return [
        migrations.RunPython(drop, create),
        *operations,
        migrations.RunPython(create, drop),
    ]


def install_all(connection) -> None:
    """Create every trigger whose tables and columns exist, leaving those already there.

    Run after every ``migrate`` (``plans.apps``): migrations written on separate branches
    may rebuild a table on SQLite after the migration that made its triggers, and SQLite
    drops a table's triggers with it. Installing them again after the last migration keeps
    the rules in force whatever the order the migrations ran in."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return

    class _Editor:  # what the trigger functions need of a schema editor
        def __init__(self, connection):
            self.connection = connection

        def execute(self, sql, params=()):
            with self.connection.cursor() as cursor:
                cursor.execute(sql, None if params is None else params)

    editor = _Editor(connection)
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    for name, table, from_sql in TRIGGERS:
        if table not in tables:
            continue
        if connection.vendor == "postgresql":
            editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        year_in_plan_trigger(name, table, from_sql)[0](None, editor)
    for trigger in SAME_PLAN_TRIGGERS:
        if trigger.table in tables and trigger.ready(connection):
            trigger.forward(None, editor)
