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


def sqlite_triggers_suspended(*operations):
    """Wrap migration operations that rebuild a table the triggers read (SQLite rebuilds a
    table to alter it, and refuses while another table's trigger names it): the triggers
    are dropped before and created again after. Other databases are left alone."""
    from django.db import migrations

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for name, table, from_sql in TRIGGERS:
                year_in_plan_trigger(name, table, from_sql)[1](apps, schema_editor)

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            tables = set(schema_editor.connection.introspection.table_names())
            for name, table, from_sql in TRIGGERS:
                if table in tables:  # a later migration creates the others
                    year_in_plan_trigger(name, table, from_sql)[0](apps, schema_editor)

    return [
        migrations.RunPython(drop, create),
        *operations,
        migrations.RunPython(create, drop),
    ]
