"""A report's breakdowns are part of its identity: a report stored with none (the default at the
time, grootteklasse and ZVH-regio) gets them written out, so its file name and the list on the
report page say what it holds."""

from django.db import migrations, models


def uitschrijven(apps, schema_editor):
    Rapport = apps.get_model("monitor", "Rapport")
    for r in Rapport.objects.only("pk", "uitsplitsingen").iterator():
        if not r.uitsplitsingen:
            Rapport.objects.filter(pk=r.pk).update(uitsplitsingen=["grootteklasse", "regio"])


class Migration(migrations.Migration):
    dependencies = [("monitor", "0007_merge_0006_inlezing_0006_rapport_uitsplitsingen")]

    operations = [
        migrations.RunPython(uitschrijven, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rapport",
            name="uitsplitsingen",
            field=models.JSONField(blank=True, default=list, help_text="De indelingen (hoogstens twee) waarnaar de gemeenten zijn uitgesplitst, altijd uitgeschreven (ook de standaardkeuze).", verbose_name="uitsplitsingen"),
        ),
    ]
