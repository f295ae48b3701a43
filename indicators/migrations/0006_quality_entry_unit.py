"""History that stays true: every progress entry records the unit responsible for its
indicator when it was entered. Existing entries take their indicator's current unit."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    ProgressEntry = apps.get_model("indicators", "ProgressEntry")
    Indicator = apps.get_model("indicators", "Indicator")
    ProgressEntry.objects.update(
        unit_id=Subquery(Indicator.objects.filter(pk=OuterRef("indicator_id")).values("unit_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0005_quality_plausible_range_and_entry_flags'),
        ('plans', '0004_risks_and_scenarios'),
    ]

    operations = [
        migrations.AddField(
            model_name='progressentry',
            name='unit',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='plans.orgunit', verbose_name='responsible unit'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='progressentry',
            name='unit',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='plans.orgunit', verbose_name='responsible unit'),
        ),
    ]
