"""The search box's folded text (plans/search.py), a column the database computes; SQLite
rebuilds each table to add it, so the triggers are suspended around it."""

import django.db.models.functions.text
from django.db import migrations, models

from plans.db_triggers import sqlite_triggers_suspended


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0011_same_plan_triggers'),
    ]

    operations = sqlite_triggers_suspended(
        migrations.AddField(
            model_name='indicator',
            name='search_text',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(models.Func(models.F('code'), models.Value(' '), models.F('title_ar'), models.Value(' '), models.F('title_en'), arg_joiner=' || ', output_field=models.TextField(), template='(%(expressions)s)'), models.Value('أ'), models.Value('ا'), output_field=models.TextField()), models.Value('إ'), models.Value('ا'), output_field=models.TextField()), models.Value('آ'), models.Value('ا'), output_field=models.TextField()), models.Value('ٱ'), models.Value('ا'), output_field=models.TextField()), models.Value('ة'), models.Value('ه'), output_field=models.TextField()), models.Value('ى'), models.Value('ي'), output_field=models.TextField()), models.Value('ً'), models.Value(''), output_field=models.TextField()), models.Value('ٌ'), models.Value(''), output_field=models.TextField()), models.Value('ٍ'), models.Value(''), output_field=models.TextField()), models.Value('َ'), models.Value(''), output_field=models.TextField()), models.Value('ُ'), models.Value(''), output_field=models.TextField()), models.Value('ِ'), models.Value(''), output_field=models.TextField()), models.Value('ّ'), models.Value(''), output_field=models.TextField()), models.Value('ْ'), models.Value(''), output_field=models.TextField()), models.Value('ٰ'), models.Value(''), output_field=models.TextField()), models.Value('ـ'), models.Value(''), output_field=models.TextField()), models.Value('٠'), models.Value('0'), output_field=models.TextField()), models.Value('١'), models.Value('1'), output_field=models.TextField()), models.Value('٢'), models.Value('2'), output_field=models.TextField()), models.Value('٣'), models.Value('3'), output_field=models.TextField()), models.Value('٤'), models.Value('4'), output_field=models.TextField()), models.Value('٥'), models.Value('5'), output_field=models.TextField()), models.Value('٦'), models.Value('6'), output_field=models.TextField()), models.Value('٧'), models.Value('7'), output_field=models.TextField()), models.Value('٨'), models.Value('8'), output_field=models.TextField()), models.Value('٩'), models.Value('9'), output_field=models.TextField()), output_field=models.TextField()), output_field=models.TextField(), verbose_name='search text'),
        ),
    )
