"""Point every existing zelfscan at its gemeente's organisation, found by the CBS code it was
started with. No scan is removed or changed otherwise. A scan whose code is no organisation's
(a regional scan of a gemeente without an account) keeps an empty key and is linked when that
organisation is created; the migration prints how many there are."""

import sys

from django.db import migrations


def vullen(apps, schema_editor=None, uit=sys.stdout) -> list[tuple[int, str]]:
    """Returns the (scan, code) that matched no organisation, which it also prints."""
    Zelfscan = apps.get_model("zelfscan", "Zelfscan")
    Organisatie = apps.get_model("accounts", "Organisatie")
    organisaties = dict(Organisatie.objects.filter(type="gemeente").exclude(cbs_code="").values_list("cbs_code", "pk"))
    scans = list(Zelfscan.objects.filter(organisatie__isnull=True).order_by("pk"))
    onbekend = []
    for scan in scans:
        scan.organisatie_id = organisaties.get(scan.cbs_code)
        if scan.organisatie_id is None:
            onbekend.append((scan.pk, scan.cbs_code))
    Zelfscan.objects.bulk_update(scans, ["organisatie"], batch_size=2000)
    if onbekend and uit is not None:
        uit.write(f"\n  zelfscan: {len(onbekend)} scan(s) van een gemeente zonder organisatie in Kompas.\n")
    return onbekend


class Migration(migrations.Migration):
    dependencies = [
        ("zelfscan", "0002_zelfscan_organisatie"),
    ]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop, elidable=False)]
