from django.db import migrations, models

from plans.db_triggers import sqlite_triggers_suspended


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_year_in_plan_triggers")]

    operations = sqlite_triggers_suspended(
        migrations.AddField(
            model_name="strategicplan",
            name="revision",
            field=models.PositiveBigIntegerField(db_default=0, default=0, editable=False),
        ),
    )
