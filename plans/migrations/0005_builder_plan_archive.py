from django.db import migrations, models

from plans.db_triggers import sqlite_triggers_suspended


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_risks_and_scenarios")]

    operations = sqlite_triggers_suspended(
        migrations.AddField(
            model_name="goal",
            name="is_archived",
            field=models.BooleanField(default=False, verbose_name="archived"),
        ),
        migrations.AddField(
            model_name="objective",
            name="is_archived",
            field=models.BooleanField(default=False, verbose_name="archived"),
        ),
    )
