"""The figures now live in the observation store (0003); the per-target tables go after 0004 copied
every figure and revision into it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("figures", "0004_observations_from_values"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='datavaluerevision',
            name='data_value',
        ),
        migrations.RemoveField(
            model_name='datavaluerevision',
            name='changed_by',
        ),
        migrations.DeleteModel(
            name='DataValue',
        ),
        migrations.DeleteModel(
            name='DataValueRevision',
        ),
    ]
