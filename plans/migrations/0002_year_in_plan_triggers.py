from django.db import migrations

from plans.db_triggers import year_in_plan_trigger

PLAN_BY_ID = "FROM plans_strategicplan WHERE id = NEW.plan_id"

period_forward, period_backward = year_in_plan_trigger(
    "marsad_period_year_in_plan", "plans_reportingperiod", PLAN_BY_ID
)
action_plan_forward, action_plan_backward = year_in_plan_trigger(
    "marsad_action_plan_year_in_plan", "plans_actionplan", PLAN_BY_ID
)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.RunPython(period_forward, period_backward),
        migrations.RunPython(action_plan_forward, action_plan_backward),
    ]
