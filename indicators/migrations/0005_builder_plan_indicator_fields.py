"""The plan builder's fields: archived indicators, what a ratio's numerator and denominator
count, and target revisions that name their indicator, year and quarter themselves (so that
removing a target keeps its history, with an empty new value)."""

import django.db.models.deletion
from django.db import migrations, models

from plans.db_triggers import sqlite_triggers_suspended


def revisions_name_their_target(apps, schema_editor):
    TargetRevision = apps.get_model("indicators", "TargetRevision")
    for revision in TargetRevision.objects.select_related("target").iterator():
        target = revision.target
        revision.indicator_id = target.indicator_id
        revision.year = target.year
        revision.quarter = target.quarter
        revision.save(update_fields=["indicator", "year", "quarter"])


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_risks_and_scenarios"),
        ("plans", "0005_builder_plan_archive"),
    ]

    operations = sqlite_triggers_suspended(
        migrations.AddField(
            model_name="indicator",
            name="is_archived",
            field=models.BooleanField(default=False, verbose_name="archived"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="numerator_label_ar",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="numerator counts (Arabic)"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="numerator_label_en",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="numerator counts (English)"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="denominator_label_ar",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="denominator counts (Arabic)"
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="denominator_label_en",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="denominator counts (English)"
            ),
        ),
        migrations.AddField(
            model_name="targetrevision",
            name="indicator",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="target_revisions",
                to="indicators.indicator",
            ),
        ),
        migrations.AddField(
            model_name="targetrevision",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="year"),
        ),
        migrations.AddField(
            model_name="targetrevision",
            name="quarter",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="quarter"),
        ),
        migrations.RunPython(revisions_name_their_target, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="targetrevision",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="target_revisions",
                to="indicators.indicator",
            ),
        ),
        migrations.AlterField(
            model_name="targetrevision",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AlterField(
            model_name="targetrevision",
            name="target",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="revisions",
                to="indicators.target",
            ),
        ),
        migrations.AlterField(
            model_name="targetrevision",
            name="new_value",
            field=models.DecimalField(blank=True, decimal_places=4, max_digits=18, null=True),
        ),
    )
