"""Move every meldroute.Doorverwijzing into zorg.Aanmelding (issue 10): the referral now
reaches the zorgcoördinator. States map one to one (in behandeling → ontvangen)."""

from django.db import migrations

STAND = {"in_behandeling": "ontvangen", "geaccepteerd": "geaccepteerd", "afgewezen": "afgewezen", "ingetrokken": "ingetrokken"}


def overnemen(apps, schema_editor):
    Doorverwijzing = apps.get_model("meldroute", "Doorverwijzing")
    Aanmelding = apps.get_model("zorg", "Aanmelding")
    for d in Doorverwijzing.objects.select_related("signaal").order_by("pk").iterator():
        stand = STAND.get(d.stand, "ontvangen")
        Aanmelding.objects.create(
            zorgorganisatie_id=d.zorgorganisatie_id, signaal_id=d.signaal_id, verwijzer_organisatie_id=d.signaal.gemeente_id,
            bron="meldroute", stand=stand, acuut=d.signaal.acuut, toelichting=d.toelichting, door_id=d.door_id,
            tijdstip=d.tijdstip,
            afwijsreden="Afgewezen vóór de overgang naar zorgcoördinatie in Kompas." if stand == "afgewezen" else "",
        )


def terugzetten(apps, schema_editor):
    Doorverwijzing = apps.get_model("meldroute", "Doorverwijzing")
    Aanmelding = apps.get_model("zorg", "Aanmelding")
    terug = {v: k for k, v in STAND.items()}
    for a in Aanmelding.objects.filter(signaal__isnull=False).order_by("pk").iterator():
        Doorverwijzing.objects.create(signaal_id=a.signaal_id, zorgorganisatie_id=a.zorgorganisatie_id,
                                      stand=terug.get(a.stand, "in_behandeling"), toelichting=a.toelichting,
                                      door_id=a.door_id, tijdstip=a.tijdstip)


class Migration(migrations.Migration):
    dependencies = [
        ("zorg", "0001_zorgcoordinatie"),
        ("meldroute", "0003_statistiek_doorlooptijd_index"),
    ]

    operations = [migrations.RunPython(overnemen, terugzetten)]
