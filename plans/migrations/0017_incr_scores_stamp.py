"""The plan's scores stamp (indicator results kept in memory); SQLite rebuilds the table to
add it, so the triggers are suspended around it."""

import plans.models
from django.db import migrations, models

from plans.db_triggers import sqlite_triggers_suspended


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0016_notice_period_unit'),
    ]

    operations = sqlite_triggers_suspended(
        migrations.AddField(
            model_name='strategicplan',
            name='scores_stamp',
            field=models.PositiveBigIntegerField(db_default=0, default=plans.models.new_stamp, editable=False),
        ),
    )
