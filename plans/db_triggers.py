"""Database triggers for the rule no CHECK constraint can express: a year that belongs to a
plan must lie inside the plan's years. Written for SQLite and PostgreSQL, the two databases
Marsad runs on; used by migrations only."""

SQLITE_TEMPLATE = """
CREATE TRIGGER {name}_{event} BEFORE {event_sql} ON {table}
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
