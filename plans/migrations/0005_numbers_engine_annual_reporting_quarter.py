import django.core.validators
from django.db import migrations, models

from plans.db_triggers import sqlite_triggers_suspended


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_risks_and_scenarios")]

    # Existing plans take the default: yearly indicators are due in Q4.
    operations = sqlite_triggers_suspended(
        migrations.AddField(
            model_name="strategicplan",
            name="annual_reporting_quarter",
            field=models.PositiveSmallIntegerField(
                default=4,
                help_text="The quarter of each year in which yearly indicators report their value.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(4),
                ],
                verbose_name="yearly indicators reported in quarter",
            ),
        ),
        migrations.AddConstraint(
            model_name="strategicplan",
            constraint=models.CheckConstraint(
                condition=models.Q(annual_reporting_quarter__gte=1)
                & models.Q(annual_reporting_quarter__lte=4),
                name="plan_annual_reporting_quarter_1_to_4",
            ),
        ),
    )
