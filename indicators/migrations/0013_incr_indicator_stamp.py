"""An indicator's stamp (its result kept in memory); SQLite rebuilds the table to add it,
so the triggers are suspended around it."""

import plans.models
from django.db import migrations, models

from plans.db_triggers import sqlite_triggers_suspended


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0012_search_folded_text'),
    ]

    operations = sqlite_triggers_suspended(
        migrations.AddField(
            model_name='indicator',
            name='stamp',
            field=models.PositiveBigIntegerField(db_default=0, default=plans.models.new_stamp, editable=False),
        ),
    )
