"""Each target names the series it reads: the disaggregation its scope names (domain.series)."""

from django.db import migrations, models

from planwatch.domain.series import disaggregation_for_scope


def fill(apps, schema_editor):
    Target = apps.get_model("catalogue", "Target")
    targets = list(Target.objects.all())
    for target in targets:
        target.disaggregation = disaggregation_for_scope(target.scope)
    Target.objects.bulk_update(targets, ["disaggregation"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="target",
            name="disaggregation",
            field=models.CharField(
                blank=True, default="", help_text="the series its scope reads (domain.series)", max_length=120
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
