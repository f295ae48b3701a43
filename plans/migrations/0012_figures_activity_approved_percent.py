"""Activity progress keeps the percent its approval put in force (``approved_percent``), so
that a reopened progress goes on counting with it until the correction is approved, and a
draft never reaches a dashboard or a report.

A nullable column without a default: SQLite adds it with ALTER TABLE, without rebuilding
the table (its triggers stay). Progress approved before this migration takes its current
percent as the one in force (the closest the rows can tell)."""

from django.db import migrations, models
from django.db.models import F


def percent_in_force(apps, schema_editor):
    progress = apps.get_model("plans", "ActivityProgress")
    progress.objects.filter(approved_at__isnull=False).update(
        approved_percent=F("percent_complete")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0011_merge_engine"),
    ]

    operations = [
        migrations.AddField(
            model_name="activityprogress",
            name="approved_percent",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=5,
                null=True,
                verbose_name="approved percent complete",
            ),
        ),
        migrations.RunPython(percent_in_force, migrations.RunPython.noop),
    ]
