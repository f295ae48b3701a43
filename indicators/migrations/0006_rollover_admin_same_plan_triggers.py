"""Kept empty: the "one plan, one world" triggers are installed by
0011_same_plan_triggers, after every migration that rebuilds a table they read (SQLite
refuses to rebuild a table another table's trigger names)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_rollover_admin_indicator_predecessor"),
        ("plans", "0004_risks_and_scenarios"),
    ]

    operations = []
