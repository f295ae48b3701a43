"""One plan, one world: triggers that refuse a reference across plans (plans.db_triggers).

A later migration that makes SQLite rebuild a table these triggers read wraps its
operations in ``plans.db_triggers.sqlite_triggers_suspended``."""

from django.db import migrations

from plans.db_triggers import SAME_PLAN_TRIGGERS


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0010_merge_quality3"),
        ("plans", "0011_merge_engine"),
    ]

    operations = [
        migrations.RunPython(trigger.forward, trigger.backward) for trigger in SAME_PLAN_TRIGGERS
    ]
