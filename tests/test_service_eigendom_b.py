"""Issue 11 item 5 for monitor, zelfscan, kennisbank and regio: every write service refuses an
object outside the actor's scope, in the service itself (no view in between).

``CASES`` holds, per write service in :data:`kompas.core.schrijven.DIENSTEN`, a call by an actor
of organisation A (or one lacking the role) on an object of organisation B. Each must raise
:class:`~kompas.core.schrijven.NietVanU` and leave every table of these apps, and the audit
log, exactly as it was. A write service of these apps without a case fails the last test."""

from __future__ import annotations

import importlib
import zlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import DIENSTEN, SYSTEEM, NietVanU
from kompas.monitor import deelnemers
from kompas.monitor.eigendom import Respondent
from kompas.monitor.models import Codecategorie, Inzending, Opschoonstap, Uitnodiging, Vragenlijst
from kompas.regio.models import Regio
from kompas.zelfscan.models import Zelfscan
from tests.conftest import member
from tests.factories import OrganisatieFactory
from tests.monitor_world import meting, volledig_antwoord, wereld

pytestmark = pytest.mark.django_db

APPS = ("monitor", "zelfscan", "kennisbank", "regio")
MODULES = [
    "kompas.monitor.services",
    "kompas.monitor.invullen",
    "kompas.monitor.codering",
    "kompas.monitor.opschoning",
    "kompas.monitor.uitnodigingen",
    "kompas.zelfscan.services",
    "kompas.kennisbank.services",
    "kompas.regio.services",
]
for _module in MODULES:
    importlib.import_module(_module)


def _actor(rol, organisatie):
    return actor_for(member(rol, organisatie), organisatie.pk)


@pytest.fixture
def w():
    """Gemeente A (Aadorp, ZVH Midden) and gemeente B (Dijkwaard, ZVH Oost); A's
    beleidsadviseur and the ketenregisseur of A's region act, B owns the objects."""
    regios = wereld()
    org_a = OrganisatieFactory(naam="Gemeente Aadorp", cbs_code="GM0001")
    org_b = OrganisatieFactory(naam="Gemeente Dijkwaard", cbs_code="GM0004")
    zvh_a = OrganisatieFactory(naam="ZVH Midden", type=OrganisatieType.ZVH, cbs_code="", regio=regios["ZVH Midden"])
    a = _actor(Rol.BELEIDSADVISEUR, org_a)
    vandaag = timezone.localdate()
    m = meting(open_van=vandaag - timedelta(days=1), open_tot=vandaag + timedelta(days=30))
    from kompas.monitor.uitnodigingen import uitnodigingen_aanmaken

    uitnodigingen_aanmaken(meting=m, actor=SYSTEEM)
    lijst = Vragenlijst.objects.get(code="gemeente-2021")
    u_a = Uitnodiging.objects.get(meting=m, vragenlijst=lijst, organisatie_code="GM0001")
    u_b = Uitnodiging.objects.get(meting=m, vragenlijst=lijst, organisatie_code="GM0004")
    inz_b = Inzending.objects.create(
        meting=m,
        vragenlijst=lijst,
        vragenlijst_versie=1,
        bron_id=f"kompas-{u_b.pk}",
        organisaties=["GM0004"],
        volledig=True,
        antwoorden=volledig_antwoord(),
        uitnodiging=u_b,
        ingediend_op=timezone.now(),
    )
    deelnemers.zetten([inz_b], m.jaar, nieuw=True)
    stap = Opschoonstap.objects.create(
        meting=m,
        soort=Opschoonstap.Soort.VERWIJDEREN,
        organisatie_code="GM0004",
        inzendingen=[inz_b.pk],
        reden="proef",
        op=timezone.now(),
        voor=1,
        na=0,
    )
    Codecategorie.objects.create(meting=m, vraag_code="HELPEND", code="geld", label="Geld", volgorde=1)
    scan_b = Zelfscan.objects.create(cbs_code="GM0004", gemeente_naam="Dijkwaard", antwoorden={"BN_BELEID": "ja"})
    klaar_b = Zelfscan.objects.create(
        cbs_code="GM0004",
        gemeente_naam="Dijkwaard",
        status=Zelfscan.Status.AFGEROND,
        afgerond_op=timezone.now(),
        regionaal=True,
    )
    from kompas.kennisbank.models import Artikel
    from kompas.kennisbank.services import opslaan

    concept = opslaan(
        artikel=Artikel(
            slug="concept",
            titel="Concept",
            samenvatting="s",
            bouwsteen="beleid",
            onderwerp="o",
            bronnen="CoMensha, Suggesties (2018)",
            inhoud="Nog niet af",
        ),
        publiceren=False,
        actor=SYSTEEM,
    )
    return {
        "a": a,
        "keten_a": _actor(Rol.KETENREGISSEUR, zvh_a),
        "collega_a": member(Rol.AANDACHTSFUNCTIONARIS, org_a),
        "org_a": org_a,
        "org_b": org_b,
        "regio_b": regios["ZVH Oost"],
        "meting": m,
        "lijst": lijst,
        "u_a": u_a,
        "u_b": u_b,
        "inz_b": inz_b,
        "stap": stap,
        "scan_b": scan_b,
        "klaar_b": klaar_b,
        "artikel": concept,
        "versie": concept.versies.get(),
        "respondent_a": Respondent(u_a.token),
    }


def _pagina_form(w):
    from kompas.monitor import invullen

    pagina = invullen.paginas(w["lijst"])[0]
    return invullen.PaginaForm({"B1_BELEID": "geen"}, pagina=pagina, antwoorden={})


def _nieuw():
    from kompas.monitor.services import _Nieuw

    return [_Nieuw("x1", ("GM0004",), None, None, True, zlib.compress(b"{}"))]


def _verslag():
    from kompas.monitor.services import ImportVerslag

    return ImportVerslag(vragenlijst="gemeente-2021")


def _m(module):
    return importlib.import_module(f"kompas.{module}")


# dotted service name -> a call by A (or an actor without the role) on B's object
CASES = {
    # --- monitor: the analist's waves; A's beleidsadviseur is no analist -------------------
    "kompas.monitor.services.vragenlijst_kopieren": lambda w: _m("monitor.services").vragenlijst_kopieren(
        bron=w["lijst"], code="kopie", naam="Kopie", actor=w["a"]
    ),
    "kompas.monitor.services.inlezing_aanmaken": lambda w: _m("monitor.services").inlezing_aanmaken(
        meting=w["meting"], inhoud=b"respons_id;organisatie\n", bestandsnaam="x.csv", actor=w["a"]
    ),
    "kompas.monitor.services.inzendingen_opslaan": lambda w: _m("monitor.services").inzendingen_opslaan(
        actor=w["a"], meting=w["meting"], lijst=w["lijst"], nieuw=_nieuw(), verslag=_verslag()
    ),
    "kompas.monitor.services.inzendingen_exporteren": lambda w: _m("monitor.services").inzendingen_exporteren(
        meting=w["meting"], lijst=w["lijst"], actor=w["a"]
    ),
    "kompas.monitor.services.opgeschoond_exporteren": lambda w: _m("monitor.services").opgeschoond_exporteren(
        meting=w["meting"], lijst=w["lijst"], actor=w["a"]
    ),
    "kompas.monitor.services.meting_aanmaken": lambda w: _m("monitor.services").meting_aanmaken(
        data={"code": "m2023", "naam": "2023", "jaar": 2021, "vragenlijsten": [w["lijst"]], "vorige": w["meting"]},
        kopieren=True,
        actor=w["a"],
    ),
    "kompas.monitor.services.meting_instellen": lambda w: _m("monitor.services").meting_instellen(
        meting=w["meting"], data={"herinnering_na_dagen": 99}, actor=w["a"]
    ),
    "kompas.monitor.services.meting_sluiten": lambda w: _m("monitor.services").meting_sluiten(
        meting=w["meting"], gesloten=True, actor=w["a"]
    ),
    "kompas.monitor.services.categorie_toevoegen": lambda w: _m("monitor.services").categorie_toevoegen(
        meting=w["meting"], vraag_code="HELPEND", label="Tijd", actor=w["a"]
    ),
    "kompas.monitor.services.rapport_aanvragen": lambda w: _m("monitor.services").rapport_aanvragen(
        meting=w["meting"], formaat="html", actor=w["a"]
    ),
    "kompas.monitor.codering.tekst_coderen": lambda w: _m("monitor.codering").tekst_coderen(
        meting=w["meting"], lijst=w["lijst"], vraag_code="HELPEND", norm="budget", categorieen=[], actor=w["a"]
    ),
    "kompas.monitor.codering.scherm_opslaan": lambda w: _m("monitor.codering").scherm_opslaan(
        meting=w["meting"], lijst=w["lijst"], vraag_code="HELPEND", data=QueryDict("tekst-1=budget"), actor=w["a"]
    ),
    "kompas.monitor.codering.exporteren": lambda w: _m("monitor.codering").exporteren(meting=w["meting"], actor=w["a"]),
    "kompas.monitor.codering.importeren": lambda w: _m("monitor.codering").importeren(
        meting=w["meting"], inhoud=b"vragenlijst;vraag;tekst;categorieen\n", actor=w["a"]
    ),
    "kompas.monitor.codering.codeboek_overnemen": lambda w: _m("monitor.codering").codeboek_overnemen(
        meting=w["meting"], van=w["meting"], actor=w["a"]
    ),
    "kompas.monitor.opschoning.beslissen": lambda w: _m("monitor.opschoning").beslissen(
        meting=w["meting"],
        soort=Opschoonstap.Soort.VERWIJDEREN,
        inzendingen=[w["inz_b"].pk],
        organisatie_code="GM0004",
        reden="weg ermee",
        actor=w["a"],
    ),
    "kompas.monitor.opschoning.stap_intrekken": lambda w: _m("monitor.opschoning").stap_intrekken(
        stap=w["stap"], actor=w["a"]
    ),
    "kompas.monitor.opschoning.regels_toepassen": lambda w: _m("monitor.opschoning").regels_toepassen(
        meting=w["meting"], actor=w["a"]
    ),
    "kompas.monitor.opschoning.overige_anders": lambda w: _m("monitor.opschoning").overige_anders(
        meting=w["meting"], actor=w["a"]
    ),
    "kompas.monitor.opschoning.punt_beslissen": lambda w: _m("monitor.opschoning").punt_beslissen(
        meting=w["meting"], punt="dubbel/gemeente-2021/GM0004", houd="x", actor=w["a"]
    ),
    "kompas.monitor.uitnodigingen.uitnodigingen_aanmaken": lambda w: _m("monitor.uitnodigingen").uitnodigingen_aanmaken(
        meting=w["meting"], actor=w["a"]
    ),
    "kompas.monitor.uitnodigingen.uitgenodigden_importeren": lambda w: _m(
        "monitor.uitnodigingen"
    ).uitgenodigden_importeren(meting=w["meting"], inhoud=b"GM0001\n", actor=w["a"]),
    "kompas.monitor.uitnodigingen.contacten_importeren": lambda w: _m("monitor.uitnodigingen").contacten_importeren(
        meting=w["meting"], inhoud=b"organisatie;email\nGM0004;ik@aadorp.nl\n", actor=w["a"]
    ),
    "kompas.monitor.uitnodigingen.contact_toevoegen": lambda w: _m("monitor.uitnodigingen").contact_toevoegen(
        uitnodiging=w["u_b"], email="ik@aadorp.nl", actor=w["a"]
    ),
    "kompas.monitor.uitnodigingen.uitnodigingen_versturen": lambda w: _m(
        "monitor.uitnodigingen"
    ).uitnodigingen_versturen(meting=w["meting"], actor=w["a"]),
    "kompas.monitor.uitnodigingen.herinneringen_versturen": lambda w: _m(
        "monitor.uitnodigingen"
    ).herinneringen_versturen(now=timezone.now() + timedelta(days=20), actor=w["a"]),
    "kompas.monitor.deelnemers.koppelen": lambda w: _m("monitor.deelnemers").koppelen(actor=w["a"]),
    "kompas.monitor.invullen.inzending_heropenen": lambda w: _m("monitor.invullen").inzending_heropenen(
        uitnodiging=w["u_b"], actor=w["a"]
    ),
    # --- monitor: the respondent of A's link on B's invitation ------------------------------
    "kompas.monitor.uitnodigingen.markeren": lambda w: _m("monitor.uitnodigingen").markeren(
        uitnodiging=w["u_b"], wat="afgemeld", actor=w["respondent_a"]
    ),
    "kompas.monitor.invullen.pagina_opslaan": lambda w: _m("monitor.invullen").pagina_opslaan(
        actor=w["respondent_a"], uitnodiging=w["u_b"], form=_pagina_form(w)
    ),
    "kompas.monitor.invullen.mede_gemeenten_opslaan": lambda w: _m("monitor.invullen").mede_gemeenten_opslaan(
        actor=w["respondent_a"], uitnodiging=w["u_b"], codes=["GM0005"]
    ),
    "kompas.monitor.invullen.indienen": lambda w: _m("monitor.invullen").indienen(
        actor=w["respondent_a"], uitnodiging=w["u_b"]
    ),
    # --- zelfscan: A's beleidsadviseur on B's scans; A's ketenregisseur on region B ------------
    "kompas.zelfscan.services.scan_starten": lambda w: _m("zelfscan.services").scan_starten(
        cbs_code="GM0004", gemeente_naam="Dijkwaard", actor=w["a"]
    ),
    "kompas.zelfscan.services.opslaan": lambda w: _m("zelfscan.services").opslaan(
        scan=w["scan_b"], antwoorden={"BN_BELEID": "nee"}, toelichting="van A", actor=w["a"]
    ),
    "kompas.zelfscan.services.stap_opslaan": lambda w: _m("zelfscan.services").stap_opslaan(
        scan=w["scan_b"], bouwsteen="beleid", antwoorden={"BN_BELEID": "nee"}, actor=w["a"]
    ),
    "kompas.zelfscan.services.afronden": lambda w: _m("zelfscan.services").afronden(
        scan=w["scan_b"], toelichting="van A", actor=w["a"]
    ),
    "kompas.zelfscan.services.beleidsplan_maken": lambda w: _m("zelfscan.services").beleidsplan_maken(
        scan=w["klaar_b"], actor=w["a"]
    ),
    "kompas.zelfscan.services.regio_scannen": lambda w: _m("zelfscan.services").regio_scannen(
        actor=w["keten_a"], gemeenten=[("GM0004", "Dijkwaard")], antwoorden={"BN_BELEID": "ja"}, afronden=False
    ),
    "kompas.zelfscan.services.regio_beleidsplan_maken": lambda w: _m("zelfscan.services").regio_beleidsplan_maken(
        actor=w["keten_a"], regio=w["regio_b"], gemeenten=[("GM0004", "Dijkwaard")]
    ),
    # --- kennisbank: a beleidsadviseur is no redacteur and cannot see a draft ------------------
    "kompas.kennisbank.services.opslaan": lambda w: _m("kennisbank.services").opslaan(
        artikel=_gewijzigd(w["artikel"]), publiceren=True, actor=w["a"]
    ),
    "kompas.kennisbank.services.versie_terugzetten": lambda w: _m("kennisbank.services").versie_terugzetten(
        artikel=w["artikel"], versie=w["versie"], actor=w["a"]
    ),
    "kompas.kennisbank.services.inhoud_laden": lambda w: _m("kennisbank.services").inhoud_laden(actor=w["a"]),
    "kompas.kennisbank.services.markeer_gelezen": lambda w: _m("kennisbank.services").markeer_gelezen(
        actor=w["a"], artikel=w["artikel"]
    ),
    "kompas.kennisbank.services.notitie_opslaan": lambda w: _m("kennisbank.services").notitie_opslaan(
        actor=w["a"], artikel=w["artikel"], tekst="geheim"
    ),
    "kompas.kennisbank.services.delen": lambda w: _m("kennisbank.services").delen(
        actor=w["a"], artikel=w["artikel"], naar=w["collega_a"]
    ),
    # --- regio: reference data is the applicatiebeheerder's ----------------------------------
    "kompas.regio.services.gemeenten_importeren": lambda w: _m("regio.services").gemeenten_importeren(
        text="cbs_code;naam\nGM0001;Anders\n", jaar=2021, actor=w["a"]
    ),
    "kompas.regio.services.lidmaatschappen_importeren": lambda w: _m("regio.services").lidmaatschappen_importeren(
        text="indeling;regio_code;regio_naam;cbs_code\nzvh;X;X;GM0004\n", jaar=2021, actor=w["a"]
    ),
    "kompas.regio.services.referentiedata_laden": lambda w: _m("regio.services").referentiedata_laden(actor=w["a"]),
    "kompas.regio.services.regio_hernoemen": lambda w: _m("regio.services").regio_hernoemen(
        regio=w["regio_b"], naam="Anders", actor=w["a"]
    ),
}


def _gewijzigd(artikel):
    artikel.titel = "Door A overschreven"
    return artikel


def _stand() -> dict:
    """Every row of every table of the four apps and of the audit log (the worlds are small)."""
    uit = {}
    for label in (*APPS, "audit"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uit[model._meta.label] = [
                {k: bytes(v) if isinstance(v, memoryview) else v for k, v in rij.items()}
                for rij in model.objects.order_by("pk").values()
            ]
    return uit


@pytest.mark.parametrize("naam", sorted(CASES))
def test_a_write_service_refuses_another_organisations_object(w, naam):
    assert naam in DIENSTEN, f"{naam} is geen schrijfdienst (meer)"
    voor = _stand()
    with pytest.raises(NietVanU):
        CASES[naam](w)
    assert _stand() == voor


def test_every_write_service_of_these_apps_has_a_case():
    eigen = {naam for naam in DIENSTEN if naam.split(".")[1] in APPS}
    assert eigen - set(CASES) == set()
    assert len(eigen) >= 47


def test_a_refusal_is_a_permission_denied():
    assert issubclass(NietVanU, PermissionDenied)


# --- the refusals are not vacuous: the rightful actor gets through ---------------------------


def test_the_respondent_writes_its_own_link_and_only_may_opt_out(w):
    from kompas.monitor import invullen, uitnodigingen

    inz = invullen.pagina_opslaan(actor=w["respondent_a"], uitnodiging=w["u_a"], form=_pagina_form(w))
    assert inz.uitnodiging_id == w["u_a"].pk and inz.organisaties == ["GM0001"]
    with pytest.raises(NietVanU):
        uitnodigingen.markeren(uitnodiging=w["u_a"], wat="herstellen", actor=w["respondent_a"])
    uitnodigingen.markeren(uitnodiging=w["u_a"], wat="afgemeld", actor=w["respondent_a"])
    w["u_a"].refresh_from_db()
    assert w["u_a"].afgemeld_op is not None


def test_a_forged_or_foreign_token_changes_nothing(w):
    from kompas.monitor import invullen

    vervalst = Respondent(f"{w['u_b'].pk}.{'0' * 32}")
    for respondent in (vervalst, Respondent(""), Respondent("abc")):
        with pytest.raises(NietVanU):
            invullen.indienen(actor=respondent, uitnodiging=w["u_b"])
    with pytest.raises(NietVanU):  # an analist is not the respondent: answering stays with the link
        invullen.indienen(actor=SYSTEEM, uitnodiging=w["u_a"])


def test_the_analist_and_systeem_run_the_wave(w):
    from kompas.audit.models import AuditEntry
    from kompas.monitor import invullen, services

    analist = _actor(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code=""))
    services.meting_instellen(meting=w["meting"], data={"herinnering_na_dagen": 9}, actor=analist)
    rij = AuditEntry.objects.order_by("-pk").first()  # the change's audit row names who and what
    assert (rij.user, rij.object_id, rij.details) == (
        analist.user,
        str(w["meting"].pk),
        {"velden": ["herinnering_na_dagen"]},
    )
    invullen.inzending_heropenen(uitnodiging=w["u_b"], actor=analist)
    services.meting_sluiten(meting=w["meting"], gesloten=True, actor=SYSTEEM)
    w["meting"].refresh_from_db(), w["inz_b"].refresh_from_db()
    assert (w["meting"].herinnering_na_dagen, w["meting"].gesloten, w["inz_b"].ingediend_op) == (9, True, None)


def test_reading_a_file_is_refused_before_it_is_read(w, monkeypatch):
    """``inzendingen_importeren`` reads outside a transaction (its progress must show) and hands
    the rows to the write service; the wave is checked before a single line is read."""
    from kompas.monitor import services

    monkeypatch.setattr(services, "_lees_tabel", lambda *a: pytest.fail("read before the actor was checked"))
    voor = _stand()
    with pytest.raises(NietVanU):
        services.inzendingen_importeren(meting=w["meting"], inhoud=b"respons_id;organisatie\n", actor=w["a"])
    assert _stand() == voor


def test_own_gemeente_and_own_region_may_write(w):
    from kompas.zelfscan import services

    eigen = services.scan_starten(cbs_code="GM0001", gemeente_naam="Aadorp", actor=w["a"])
    services.stap_opslaan(scan=eigen, bouwsteen="beleid", antwoorden={"BN_BELEID": "ja"}, actor=w["a"])
    [regionaal] = services.regio_scannen(
        actor=w["keten_a"], gemeenten=[("GM0001", "Aadorp")], antwoorden={"BN_BELEID": "ja"}, afronden=True
    )
    assert regionaal.regionaal and regionaal.status == Zelfscan.Status.CONCEPT and regionaal.ontbrekend
    assert Zelfscan.objects.get(pk=eigen.pk).antwoorden == {"BN_BELEID": "ja"}


def test_a_redacteur_edits_and_an_applicatiebeheerder_imports(w):
    from kompas.kennisbank import services as kennisbank
    from kompas.regio import services as regio

    vng = OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")
    kennisbank.opslaan(artikel=_gewijzigd(w["artikel"]), actor=_actor(Rol.REDACTEUR, vng))
    assert w["artikel"].versies.count() == 2
    regio.lidmaatschappen_importeren(
        text="indeling;regio_code;regio_naam;cbs_code\nzvh;X;X;GM0004\n",
        jaar=2021,
        actor=_actor(Rol.APPLICATIEBEHEERDER, vng),
    )
    assert Regio.objects.filter(code="X").exists()


def test_the_background_import_runs_as_whoever_uploaded_and_is_refused_without_the_role(w):
    from kompas.monitor.models import Inlezing
    from kompas.monitor.services import inlezing_uitvoeren

    inl = Inlezing.objects.create(
        meting=w["meting"],
        bestandsnaam="x.csv",
        inhoud=b"respons_id;organisatie\n",
        aangevraagd_door=w["a"].user,
        namens=w["org_a"],
    )
    aantal = Inzending.objects.count()
    assert inlezing_uitvoeren(inl.pk) == "mislukt"
    inl.refresh_from_db()
    assert inl.status == Inlezing.Status.MISLUKT and "niet wijzigen" in inl.fout and inl.inhoud is None
    assert Inzending.objects.count() == aantal
