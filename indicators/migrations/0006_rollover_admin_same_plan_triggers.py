"""One plan, one world: triggers that refuse a reference across plans (plans.db_triggers)."""

from django.db import migrations

from plans.db_triggers import SAME_PLAN_TRIGGERS


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_rollover_admin_indicator_predecessor"),
        ("plans", "0004_risks_and_scenarios"),
    ]

    operations = [
        migrations.RunPython(trigger.forward, trigger.backward) for trigger in SAME_PLAN_TRIGGERS
    ]
