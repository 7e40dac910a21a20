"""The data migration that moves meldroute.Doorverwijzing into zorg.Aanmelding (issue 10):
every existing referral arrives at its zorgcoördinatie with its state."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

VOOR = [("meldroute", "0004_referentieteller"), ("zorg", None)]


@pytest.mark.django_db(transaction=True)
def test_existing_referrals_move_to_zorg_with_their_state():
    executor = MigrationExecutor(connection)
    executor.migrate(VOOR)
    apps = executor.loader.project_state([VOOR[0]]).apps
    Organisatie = apps.get_model("accounts", "Organisatie")
    Signaal = apps.get_model("meldroute", "Signaal")
    Doorverwijzing = apps.get_model("meldroute", "Doorverwijzing")
    now = timezone.now()
    gemeente = Organisatie.objects.create(naam="Gemeente M", type="gemeente", cbs_code="GM0999")
    zvh = Organisatie.objects.create(naam="ZVH M", type="zvh")
    signaal = Signaal.objects.create(
        referentie="MH-2026-900001",
        gemeente=gemeente,
        wat="w",
        wanneer=now.date(),
        sector="bouw",
        herkomst="balie",
        acuut=True,
        status_sinds=now,
        aangemaakt_op=now,
    )
    for stand in ("in_behandeling", "afgewezen"):
        Doorverwijzing.objects.create(
            signaal=signaal, zorgorganisatie=zvh, stand=stand, toelichting=f"opvang ({stand})", tijdstip=now
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from kompas.meldroute.models import Signaal as HuidigSignaal
    from kompas.zorg.models import Aanmelding
    from kompas.zorg.selectors import aanmeldingen_voor_signaal

    rows = list(
        Aanmelding.objects.order_by("pk").values(
            "zorgorganisatie_id", "signaal_id", "verwijzer_organisatie_id", "stand", "acuut", "toelichting"
        )
    )
    assert rows == [
        {
            "zorgorganisatie_id": zvh.pk,
            "signaal_id": signaal.pk,
            "verwijzer_organisatie_id": gemeente.pk,
            "stand": "ontvangen",
            "acuut": True,
            "toelichting": "opvang (in_behandeling)",
        },
        {
            "zorgorganisatie_id": zvh.pk,
            "signaal_id": signaal.pk,
            "verwijzer_organisatie_id": gemeente.pk,
            "stand": "afgewezen",
            "acuut": True,
            "toelichting": "opvang (afgewezen)",
        },
    ]
    assert [a["stand"] for a in aanmeldingen_voor_signaal(HuidigSignaal.objects.get(pk=signaal.pk))][0] == "Ontvangen"
    assert "meldroute_doorverwijzing" not in connection.introspection.table_names()


@pytest.mark.django_db(transaction=True)
def test_existing_trajecten_keep_their_rows_and_are_niet_toegewezen():
    """zorg 0009 adds the behandelaar: every traject that existed stays, without one."""
    voor = [("zorg", "0008_partner_aanmelding")]
    executor = MigrationExecutor(connection)
    executor.migrate(voor)
    apps = executor.loader.project_state(voor).apps
    Organisatie = apps.get_model("accounts", "Organisatie")
    Traject = apps.get_model("zorg", "Traject")
    now = timezone.now()
    zvh = Organisatie.objects.create(naam="ZVH B", type="zvh")
    oud = Traject.objects.create(
        zorgorganisatie=zvh, clientcode="ZC-2026-09001", fase="hulpverlening", fase_sinds=now, aangemaakt_op=now
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from kompas.zorg.models import Traject as HuidigTraject

    t = HuidigTraject.objects.get(pk=oud.pk)
    assert (t.clientcode, t.fase, t.behandelaar_id) == ("ZC-2026-09001", "hulpverlening", None)
