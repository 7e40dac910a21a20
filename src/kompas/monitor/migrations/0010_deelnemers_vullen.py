"""Fill the keys of 0009 from the codes, for every existing invitation and submission.

No row is removed or changed otherwise: an invitation gets ``gemeente`` (that code in the
reference data of its wave's year) and ``organisatie`` (the organisation in Kompas with that
code), a submission one ``InzendingOrganisatie`` row per code of its list, in order. A code that
names no gemeente or ZVH region of the wave's year keeps empty keys; the migration prints how many
and ``kompas monitor koppelen`` lists them (and links organisations that get an account later).
"""

import sys

from django.db import migrations


def vullen(apps, schema_editor=None, uit=sys.stdout) -> list[tuple[str, str, str]]:
    """Returns the (wave, what, code) that matched nothing, which it also prints."""
    Meting = apps.get_model("monitor", "Meting")
    Uitnodiging = apps.get_model("monitor", "Uitnodiging")
    Inzending = apps.get_model("monitor", "Inzending")
    InzendingOrganisatie = apps.get_model("monitor", "InzendingOrganisatie")
    Gemeente = apps.get_model("regio", "Gemeente")
    Regio = apps.get_model("regio", "Regio")
    Organisatie = apps.get_model("accounts", "Organisatie")

    organisaties = dict(Organisatie.objects.filter(type="gemeente").exclude(cbs_code="").values_list("cbs_code", "pk"))
    zvh: dict[str, list[int]] = {}
    for code, pk in Organisatie.objects.filter(type="zvh", regio__indeling="zvh").values_list("regio__code", "pk"):
        zvh.setdefault(code, []).append(pk)
    organisaties.update({code: pks[0] for code, pks in zvh.items() if len(pks) == 1 and code not in organisaties})
    zvh_codes = set(Regio.objects.filter(indeling="zvh").values_list("code", flat=True))

    onbekend = []
    for meting in Meting.objects.order_by("jaar", "code"):
        gemeenten = dict(Gemeente.objects.filter(jaar=meting.jaar).values_list("cbs_code", "pk"))
        uitnodigingen = list(Uitnodiging.objects.filter(meting=meting).order_by("pk"))
        for u in uitnodigingen:
            u.gemeente_id = u.gemeente_id or gemeenten.get(u.organisatie_code)
            u.organisatie_id = u.organisatie_id or organisaties.get(u.organisatie_code)
            if u.organisatie_code not in gemeenten and u.organisatie_code not in zvh_codes:
                onbekend.append((meting.code, "uitnodiging", u.organisatie_code))
        Uitnodiging.objects.bulk_update(uitnodigingen, ["gemeente", "organisatie"], batch_size=2000)
        al = set(InzendingOrganisatie.objects.filter(inzending__meting=meting).values_list("inzending_id", flat=True))
        rijen = []
        for pk, codes in Inzending.objects.filter(meting=meting).order_by("pk").values_list("pk", "organisaties"):
            if pk in al:
                continue
            for volgorde, code in enumerate(codes or []):
                rijen.append(
                    InzendingOrganisatie(
                        inzending_id=pk,
                        volgorde=volgorde,
                        code=code,
                        gemeente_id=gemeenten.get(code),
                        organisatie_id=organisaties.get(code),
                    )
                )
                if code not in gemeenten and code not in zvh_codes:
                    onbekend.append((meting.code, f"inzending {pk}", code))
        InzendingOrganisatie.objects.bulk_create(rijen, batch_size=2000)
    if onbekend and uit is not None:
        uit.write(
            f"\n  monitor: {len(onbekend)} organisatiecode(s) zonder gemeente of ZVH-regio in het jaar van de meting; "
            "zie 'kompas monitor koppelen'.\n"
        )
    return onbekend


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0009_deelnemers_als_sleutels"),
    ]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop, elidable=False)]
