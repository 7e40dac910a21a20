"""Ship the built-in questionnaires gemeente-2021 and zvh-2021 with the exact codes."""

from django.db import migrations


def forwards(apps, schema_editor):
    from kompas.monitor.services import vragenlijsten_laden

    vragenlijsten_laden((apps.get_model("monitor", "Vragenlijst"), apps.get_model("monitor", "Vraag"), apps.get_model("monitor", "Optie")))


class Migration(migrations.Migration):
    dependencies = [("monitor", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
