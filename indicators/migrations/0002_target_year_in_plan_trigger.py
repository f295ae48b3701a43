from django.db import migrations

from plans.db_triggers import year_in_plan_trigger

forward, backward = year_in_plan_trigger(
    "marsad_target_year_in_plan",
    "indicators_target",
    "FROM plans_strategicplan WHERE id = "
    "(SELECT plan_id FROM indicators_indicator WHERE id = NEW.indicator_id)",
)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
