"""Issue 9 item 6: invitations, submissions and zelfscans point at the gemeente and the
organisation by foreign keys; the codes stay for import and export. The data migrations fill the
keys for every existing row, and "our own" answers and scans follow the keys, so a gemeente whose
CBS code changed by a herindeling keeps them (and another organisation that gets the old code
does not take them over)."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor import deelnemers, selectors
from kompas.monitor.models import Inzending, InzendingOrganisatie, Uitnodiging, Vragenlijst
from kompas.monitor.uitnodigingen import uitnodigingen_aanmaken
from kompas.regio.models import Gemeente
from kompas.zelfscan import selectors as zelfscan_selectors
from kompas.zelfscan.models import Zelfscan
from kompas.zelfscan.services import scan_starten
from tests.conftest import member
from tests.factories import OrganisatieFactory
from tests.monitor_world import inzending, meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db

monitor_migratie = importlib.import_module("kompas.monitor.migrations.0010_deelnemers_vullen")
zelfscan_migratie = importlib.import_module("kompas.zelfscan.migrations.0003_zelfscan_organisatie_vullen")


def _actor(rol, organisatie):
    return actor_for(member(rol, organisatie), organisatie.pk)


def _kaal_inzending(m, codes, bron):
    """A submission as it stood before the keys existed: only the code list."""
    return Inzending.objects.create(
        meting=m,
        vragenlijst=Vragenlijst.objects.get(code="gemeente-2021"),
        vragenlijst_versie=1,
        bron_id=bron,
        organisaties=codes,
        volledig=True,
        antwoorden=volledig_antwoord(),
    )


# --- the data migrations -----------------------------------------------------------------


def test_the_monitor_data_migration_fills_the_keys_of_every_row_and_reports_unknown_codes():
    regios = wereld()
    aadorp = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    zvh = OrganisatieFactory(naam="ZVH Midden", type=OrganisatieType.ZVH, cbs_code="", regio=regios["ZVH Midden"])
    m = meting()
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    zvh_lijst = Vragenlijst.objects.get(code="zvh-2021")
    # rows as they were before 0009: codes only
    for code, naam, lst in (
        ("GM0001", "Aadorp", lijst),
        ("GM0004", "Dijkwaard", lijst),
        ("GM9999", "Verdwenen", lijst),
        (regios["ZVH Midden"].code, "ZVH Midden", zvh_lijst),
    ):
        Uitnodiging.objects.create(meting=m, vragenlijst=lst, organisatie_code=code, organisatie_naam=naam)
    samen = _kaal_inzending(m, ["GM0001", "GM0002"], "los-1")
    onbekend = _kaal_inzending(m, ["GM9999"], "los-2")
    aantallen = (Uitnodiging.objects.count(), Inzending.objects.count())

    uit = io.StringIO()
    gemeld = monitor_migratie.vullen(apps, None, uit=uit)

    assert (Uitnodiging.objects.count(), Inzending.objects.count()) == aantallen  # every row kept
    g2021 = {g.cbs_code: g for g in Gemeente.objects.filter(jaar=2021)}
    u = {x.organisatie_code: x for x in Uitnodiging.objects.all()}
    assert (u["GM0001"].gemeente, u["GM0001"].organisatie) == (g2021["GM0001"], aadorp)
    assert (u["GM0004"].gemeente, u["GM0004"].organisatie) == (g2021["GM0004"], None)  # no account: fine
    assert (u["GM9999"].gemeente, u["GM9999"].organisatie) == (None, None)
    assert (u[regios["ZVH Midden"].code].gemeente, u[regios["ZVH Midden"].code].organisatie) == (None, zvh)
    rijen = list(samen.deelnemers.order_by("volgorde").values_list("code", "gemeente__cbs_code", "organisatie"))
    assert rijen == [("GM0001", "GM0001", aadorp.pk), ("GM0002", "GM0002", None)]
    assert list(onbekend.deelnemers.values_list("code", "gemeente", "organisatie")) == [("GM9999", None, None)]
    assert sorted(gemeld) == [("m2021", "inzending " + str(onbekend.pk), "GM9999"), ("m2021", "uitnodiging", "GM9999")]
    assert "2 organisatiecode(s) zonder gemeente of ZVH-regio" in uit.getvalue()
    # run again (a re-applied migration): nothing doubles
    monitor_migratie.vullen(apps, None, uit=None)
    assert InzendingOrganisatie.objects.count() == 3


def test_the_zelfscan_data_migration_points_scans_at_their_organisation():
    kleindorp = OrganisatieFactory(naam="Gemeente Kleindorp", cbs_code="GM7002")
    eigen = Zelfscan.objects.create(cbs_code="GM7002", gemeente_naam="Kleindorp")
    zonder = Zelfscan.objects.create(cbs_code="GM7005", gemeente_naam="Zonder account", regionaal=True)
    uit = io.StringIO()
    gemeld = zelfscan_migratie.vullen(apps, None, uit=uit)
    eigen.refresh_from_db()
    zonder.refresh_from_db()
    assert eigen.organisatie == kleindorp
    assert zonder.organisatie is None and Zelfscan.objects.count() == 2
    assert gemeld == [(zonder.pk, "GM7005")]
    assert "1 scan(s)" in uit.getvalue()


# --- every create path sets the keys ------------------------------------------------------


def test_preparing_invitations_and_starting_by_the_link_set_the_keys():
    wereld()
    aadorp = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    m = meting()
    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    u = Uitnodiging.objects.get(meting=m, vragenlijst__code="gemeente-2021", organisatie_code="GM0001")
    assert u.organisatie == aadorp and u.gemeente == Gemeente.objects.get(jaar=2021, cbs_code="GM0001")
    assert not Uitnodiging.objects.filter(gemeente__isnull=True, vragenlijst__code="gemeente-2021").exists()
    # an organisation that gets its account later is linked when it is saved
    beekstad = OrganisatieFactory(naam="Gemeente Beekstad", cbs_code="GM0002")
    assert Uitnodiging.objects.get(
        meting=m, vragenlijst__code="gemeente-2021", organisatie_code="GM0002"
    ).organisatie == (beekstad)


def test_koppelen_fills_what_is_missing_and_fails_on_codes_of_no_gemeente():
    wereld()
    m = meting()
    _kaal_inzending(m, ["GM0001"], "los-1")
    uit = io.StringIO()
    call_command("monitor", "koppelen", stdout=uit)
    assert "1 koppeling gelegd; 0 codes" in uit.getvalue()
    assert list(InzendingOrganisatie.objects.values_list("code", "gemeente__jaar")) == [("GM0001", 2021)]
    inzending(m, ["GM0001", "GM4242"], volledig_antwoord())
    with pytest.raises(CommandError, match="1 code"):
        call_command("monitor", "koppelen", stdout=io.StringIO())


# --- matching through the keys -------------------------------------------------------------


def test_own_answers_follow_the_organisation_when_its_code_changes_by_a_herindeling():
    wereld()
    aadorp = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    m = meting()
    inzending(m, "GM0001", volledig_antwoord(B1_BELEID="specifiek"))
    adviseur = _actor(Rol.BELEIDSADVISEUR, aadorp)
    assert selectors.gemeente_vergelijking(adviseur, m.code)["eigen"] is not None

    # a herindeling gives Aadorp a new code; the old one passes to a new organisation
    aadorp.cbs_code = "GM1980"
    aadorp.save()
    opvolger = OrganisatieFactory(naam="Gemeente Nieuw-Aadorp", cbs_code="GM0001")

    data = selectors.gemeente_vergelijking(_actor(Rol.BELEIDSADVISEUR, aadorp), m.code)
    assert data["eigen"] is not None and data["eigen"].organisatie == "GM0001"
    assert selectors.metingen_voor_gemeente(_actor(Rol.BELEIDSADVISEUR, aadorp)) == [(m, True)]
    # matching by the string would have handed Aadorp's answers to the new holder of GM0001
    ander = _actor(Rol.BELEIDSADVISEUR, opvolger)
    assert selectors.gemeente_vergelijking(ander, m.code)["eigen"] is None
    assert selectors.metingen_voor_gemeente(ander) == [(m, False)]


def test_answers_made_for_another_gemeente_are_that_gemeentes_own():
    wereld()
    beekstad = OrganisatieFactory(naam="Gemeente Beekstad", cbs_code="GM0002")
    m = meting()
    inzending(m, ["GM0001", "GM0002"], volledig_antwoord())
    assert deelnemers.eigen_codes(beekstad) == {m.pk: {"GM0002"}}


def test_own_scans_follow_the_organisation_and_a_regional_scan_is_linked_when_the_account_comes():
    kleindorp = OrganisatieFactory(naam="Gemeente Kleindorp", cbs_code="GM7002")
    adviseur = _actor(Rol.BELEIDSADVISEUR, kleindorp)
    scan = scan_starten(cbs_code="GM7002", gemeente_naam="Kleindorp", actor=adviseur)
    assert scan.organisatie == kleindorp

    kleindorp.cbs_code = "GM1999"
    kleindorp.save()
    opvolger = OrganisatieFactory(naam="Gemeente Oud-Kleindorp", cbs_code="GM7002")
    assert list(zelfscan_selectors.scans(_actor(Rol.BELEIDSADVISEUR, kleindorp))) == [scan]
    assert list(zelfscan_selectors.scans(_actor(Rol.BELEIDSADVISEUR, opvolger))) == []
    scan.refresh_from_db()
    assert zelfscan_selectors.gemeente_code(scan) == "GM1999"  # the profile is the gemeente's now

    # a regional scan of a gemeente without an account, then the account
    regionaal = Zelfscan.objects.create(
        cbs_code="GM7005", gemeente_naam="Later", regionaal=True, status="afgerond", afgerond_op=timezone.now()
    )
    later = OrganisatieFactory(naam="Gemeente Later", cbs_code="GM7005")
    regionaal.refresh_from_db()
    assert regionaal.organisatie == later
    assert list(zelfscan_selectors.scans(_actor(Rol.BELEIDSADVISEUR, later))) == [regionaal]


def test_an_imported_submission_takes_its_invitations_keys_and_the_others_by_code():
    from kompas.monitor.services import inzendingen_importeren

    wereld()
    aadorp = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    m = meting()
    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    u = Uitnodiging.objects.get(meting=m, vragenlijst__code="gemeente-2021", organisatie_code="GM0001")
    kop = "respons_id;organisatie;gestart_op;ingediend_op;volledig;B1_BELEID"
    regels = [kop, "x1;GM0001;2021-06-01T10:00:00;2021-06-01T10:30:00;ja;specifiek", "x2;GM0002;;;nee;geen"]
    inzendingen_importeren(meting=m, inhoud=("\n".join(regels) + "\n").encode(), actor=SYSTEEM)
    eerste = Inzending.objects.get(meting=m, bron_id="x1")
    assert eerste.uitnodiging == u
    assert list(eerste.deelnemers.values_list("code", "gemeente", "organisatie")) == [
        ("GM0001", u.gemeente_id, aadorp.pk)
    ]
    tweede = Inzending.objects.get(meting=m, bron_id="x2").deelnemers.get()
    assert (tweede.code, tweede.gemeente.cbs_code, tweede.organisatie) == ("GM0002", "GM0002", None)
    # the invitations page reads the submissions' rows
    from kompas.monitor.uitnodigingen import inzendingstatus

    status = inzendingstatus(m)
    assert status[(u.vragenlijst_id, "GM0001")] == "volledig" and status[(u.vragenlijst_id, "GM0002")] == "begonnen"
