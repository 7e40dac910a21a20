"""Services enforce ownership (issue 11 item 5) for meldroute, zorg, accounts and audit.

A view is not the only caller of a service. Every write service of these apps is called here
directly, as a task, command or new API would call it, by an actor of organisation A with an
object of organisation B: it must refuse (``NietVanU``, a PermissionDenied) and leave the
database exactly as it was, without an audit row. ``CASES`` holds one case per write service in
``kompas.core.schrijven.DIENSTEN``; a new write service without a case fails
``test_every_write_service_has_a_refusal_case``."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from kompas.accounts import services as accounts
from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.models import Lidmaatschap, Organisatie, User
from kompas.audit.models import AuditEntry
from kompas.audit.services import audit_bewaartermijn_handhaven
from kompas.core.schrijven import DIENSTEN, SYSTEEM, NietVanU, eenheid, schrijfdienst
from kompas.meldroute import services as meldroute
from kompas.meldroute.models import PartnerVerzoek, Signaal
from kompas.zorg import services as zorg
from kompas.zorg.constants import ToestemmingDoel
from kompas.zorg.models import Aanmelding, Traject, Zorgactie, Zorgpartner
from tests.conftest import member
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db

APPS = ("meldroute", "zorg", "accounts", "audit")
MODULES = [f"kompas.{app}.services" for app in APPS]
PDF = b"%PDF-1.7\n" + b"0" * 100


# --- two organisations of every kind ----------------------------------------------------


def _zijde(letter: str, cbs: str) -> dict:
    gemeente = OrganisatieFactory(naam=f"Gemeente {letter}", cbs_code=cbs)
    zvh = OrganisatieFactory(naam=f"ZVH {letter}", type=OrganisatieType.ZVH, cbs_code="")
    aanbieder = OrganisatieFactory(naam=f"Opvang {letter}", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    politie = OrganisatieFactory(naam=f"Politie {letter}", type=OrganisatieType.POLITIE, cbs_code="")
    z = {"gemeente": gemeente, "zvh": zvh, "aanbieder": aanbieder, "politie": politie}
    for naam, rol, org in [
        ("medewerker", Rol.MEDEWERKER, gemeente),
        ("af", Rol.AANDACHTSFUNCTIONARIS, gemeente),
        ("fb", Rol.FUNCTIONEEL_BEHEERDER, gemeente),
        ("zc", Rol.ZORGCOORDINATOR, zvh),
        ("cp", Rol.CONTACTPERSOON, aanbieder),
        ("cp_politie", Rol.CONTACTPERSOON, politie),
    ]:
        z[naam + "_user"] = member(rol, org)
        z[naam] = actor_for(z[naam + "_user"], org.pk)
    return z


def _objecten(z: dict) -> None:
    """One of everything a write service changes, made the way the app makes it."""
    melden = {
        "wat": "Busje haalt om 5 uur mensen op.",
        "wanneer": timezone.localdate(),
        "vormen": ["arbeid"],
        "sector": "agrarisch",
        "herkomst": "balie",
    }
    z["signaal"] = meldroute.signaal_melden(actor=z["medewerker"], **melden)
    z["signaal2"] = meldroute.signaal_melden(actor=z["medewerker"], **melden)
    meldroute.verrijking_toevoegen(
        actor=z["af"], signaal=z["signaal"], bron="brp", grondslag="Wet BRP", tekst="Acht ingeschreven."
    )
    z["verzoek"] = meldroute.partnerverzoek_aanmaken(
        actor=z["af"],
        signaal=z["signaal"],
        partner=z["politie"],
        stap=4,
        gedeeld="Het adres",
        vraag="Bekend?",
        deadline=timezone.localdate() + timedelta(days=1),
    )
    zorg.werkgebied_opslaan(actor=z["zc"], gemeente_codes=[z["gemeente"].cbs_code], centrumgemeente_code="", fte="1")
    z["partner_verwijzing"] = zorg.partner_aanmelden(
        actor=z["cp_politie"],
        gemeente_code=z["gemeente"].cbs_code,
        toestemming="gegeven",
        toelichting="Man in een loods",
        verwijzer_contact="0900 8844",
    )
    z["verwijzing"] = meldroute.zorg_doorverwijzen(
        actor=z["af"], signaal=z["signaal2"], zorgorganisatie=z["zvh"], toelichting="Opvang nodig"
    )
    a = zorg.aanmelding_maken(actor=z["zc"], zorgorganisatie=z["zvh"], bron="telefoon", toelichting="Telefonisch")
    z["traject"] = zorg.aanmelding_accepteren(actor=z["zc"], aanmelding=a)
    z["partner"] = zorg.netwerkpartner_opslaan(
        actor=z["zc"], organisatie=z["aanbieder"], vormen=["arbeid"], opvangplaatsen=5
    )
    zorg.toestemming_vastleggen(
        actor=z["zc"],
        traject=z["traject"],
        doel=ToestemmingDoel.DELEN_ORGANISATIE,
        organisatie=z["aanbieder"],
        gegeven=True,
        datum=timezone.localdate(),
    )
    z["actie"] = zorg.zorgactie_aanmaken(
        actor=z["zc"], traject=z["traject"], domein="hulp_opvang", hulpvraag="Opvang", partner=z["aanbieder"]
    )
    z["overleg"] = zorg.zorgoverleg_plannen(
        actor=z["zc"],
        traject=z["traject"],
        datum=timezone.now() + timedelta(days=2),
        agenda="Opvang",
        genodigden=[z["aanbieder"]],
    )
    zorg.traject_intake_opslaan(
        actor=z["zc"], traject=z["traject"], geinformeerd_op=None, b8_einddatum=timezone.localdate() + timedelta(days=3)
    )
    # an action nobody updated for weeks (for the stalled-action job)
    Zorgactie.objects.filter(pk=z["actie"].pk).update(bijgewerkt_op=timezone.now() - timedelta(days=40))


@pytest.fixture
def w(db):
    a, b = _zijde("A", "GM0405"), _zijde("B", "GM0361")
    for z in (a, b):
        _objecten(z)
    vng = OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code="")
    ab = member(Rol.APPLICATIEBEHEERDER, vng)
    return {"A": a, "B": b, "applicatiebeheer": actor_for(ab, vng.pk)}


def _stand() -> dict:
    """Every row of the four apps (and the second-factor devices), to compare before and after."""
    models = [m for app in (*APPS, "otp_totp") for m in apps.get_app_config(app).get_models()]
    return {m._meta.label: sorted(map(repr, m.objects.values())) for m in models}


# --- the refusal cases: actor of A, object of B ------------------------------------------
# each takes the world and calls the service once; the test expects the refusal


def upload():
    return SimpleUploadedFile("scan.pdf", PDF)


CASES = {
    # meldroute
    "kompas.meldroute.services.signaal_melden": (
        PermissionDenied,
        lambda w: meldroute.signaal_melden(
            # only a gemeente's people report; a partner organisation's contact cannot put a signal anywhere
            actor=w["A"]["cp_politie"],
            wat="x",
            wanneer=timezone.localdate(),
            vormen=["arbeid"],
            sector="agrarisch",
            herkomst="balie",
        ),
    ),
    "kompas.meldroute.services.verrijking_toevoegen": (
        NietVanU,
        lambda w: meldroute.verrijking_toevoegen(
            actor=w["A"]["af"], signaal=w["B"]["signaal"], bron="brp", grondslag="Wet BRP", tekst="t"
        ),
    ),
    "kompas.meldroute.services.transitie_uitvoeren": (
        NietVanU,
        lambda w: meldroute.transitie_uitvoeren(
            actor=w["A"]["af"], signaal=w["B"]["signaal"], transitie="riec_inbrengen", reden="r"
        ),
    ),
    "kompas.meldroute.services.signalen_koppelen": (
        NietVanU,
        lambda w: meldroute.signalen_koppelen(actor=w["A"]["af"], signaal=w["A"]["signaal"], ander=w["B"]["signaal"]),
    ),
    "kompas.meldroute.services.bijlage_toevoegen": (
        NietVanU,
        lambda w: meldroute.bijlage_toevoegen(actor=w["A"]["af"], signaal=w["B"]["signaal"], upload=upload()),
    ),
    "kompas.meldroute.services.zorg_doorverwijzen": (
        NietVanU,
        lambda w: meldroute.zorg_doorverwijzen(
            actor=w["A"]["af"], signaal=w["B"]["signaal"], zorgorganisatie=w["A"]["zvh"], toelichting="t"
        ),
    ),
    "kompas.meldroute.services.instelling_wijzigen": (
        PermissionDenied,
        lambda w: meldroute.instelling_wijzigen(
            # the settings are the gemeente's: a zorgcoördinator elsewhere has none to change
            actor=w["A"]["zc"],
            bewaartermijn_maanden=6,
            termijnen={},
        ),
    ),
    "kompas.meldroute.services.signaal_vernietigen": (
        NietVanU,
        lambda w: meldroute.signaal_vernietigen(
            actor=w["A"]["af"], signaal=w["B"]["signaal"], bewaartermijn_maanden=1, now=timezone.now()
        ),
    ),
    "kompas.meldroute.services.partnerverzoek_aanmaken": (
        NietVanU,
        lambda w: meldroute.partnerverzoek_aanmaken(
            actor=w["A"]["af"],
            signaal=w["B"]["signaal"],
            partner=w["A"]["politie"],
            stap=4,
            gedeeld="g",
            vraag="v",
            deadline=timezone.localdate() + timedelta(days=5),
        ),
    ),
    "kompas.meldroute.services.partnerverzoek_beantwoorden": (
        NietVanU,
        lambda w: meldroute.partnerverzoek_beantwoorden(
            actor=w["A"]["cp_politie"], verzoek=w["B"]["verzoek"], opgepakt="ja", terugkoppeling="t"
        ),
    ),
    "kompas.meldroute.services.partnerverzoeken_herinneren": (
        NietVanU,
        lambda w: meldroute.partnerverzoeken_herinneren(actor=w["A"]["af"]),
    ),
    # zorg
    "kompas.zorg.services.werkgebied_opslaan": (
        PermissionDenied,
        lambda w: zorg.werkgebied_opslaan(
            actor=w["A"]["af"], gemeente_codes=["GM0361"], centrumgemeente_code="", fte="1"
        ),
    ),
    "kompas.zorg.services.aanmelding_maken": (
        NietVanU,
        lambda w: zorg.aanmelding_maken(
            actor=w["A"]["af"], zorgorganisatie=w["A"]["zvh"], signaal=w["B"]["signaal"], toelichting="t"
        ),
    ),
    "kompas.zorg.services.aanmelding_intrekken": (
        NietVanU,
        lambda w: zorg.aanmelding_intrekken(actor=w["A"]["af"], aanmelding=w["B"]["verwijzing"]),
    ),
    "kompas.zorg.services.partner_aanmelden": (
        PermissionDenied,
        lambda w: zorg.partner_aanmelden(
            # the aanmeldformulier is the partners': a zorgcoördinator cannot post into another's inbox through it
            actor=w["A"]["zc"],
            zorgorganisatie=w["B"]["zvh"],
            toelichting="t",
            toestemming="gegeven",
            verwijzer_contact="c",
        ),
    ),
    "kompas.zorg.services.verwijzing_intrekken": (
        NietVanU,
        lambda w: zorg.verwijzing_intrekken(actor=w["A"]["cp_politie"], aanmelding=w["B"]["partner_verwijzing"]),
    ),
    "kompas.zorg.services.aanmelding_accepteren": (
        NietVanU,
        lambda w: zorg.aanmelding_accepteren(actor=w["A"]["zc"], aanmelding=w["B"]["verwijzing"]),
    ),
    "kompas.zorg.services.aanmelding_afwijzen": (
        NietVanU,
        lambda w: zorg.aanmelding_afwijzen(actor=w["A"]["zc"], aanmelding=w["B"]["verwijzing"], reden="r"),
    ),
    "kompas.zorg.services.traject_transitie": (
        NietVanU,
        lambda w: zorg.traject_transitie(
            actor=w["A"]["zc"], traject=w["B"]["traject"], transitie="intake_afronden", reden="r"
        ),
    ),
    "kompas.zorg.services.traject_gegevens_opslaan": (
        NietVanU,
        lambda w: zorg.traject_gegevens_opslaan(actor=w["A"]["zc"], traject=w["B"]["traject"], naam="Ana"),
    ),
    "kompas.zorg.services.traject_kenmerken_opslaan": (
        NietVanU,
        lambda w: zorg.traject_kenmerken_opslaan(
            actor=w["A"]["zc"],
            traject=w["B"]["traject"],
            vormen=["arbeid"],
            leeftijdsgroep="onbekend",
            gender="onbekend",
            nationaliteit="",
            verblijfsstatus="onbekend",
            gemeente_code="",
            strafrechtelijk_traject=False,
            acuut=True,
        ),
    ),
    "kompas.zorg.services.traject_intake_opslaan": (
        NietVanU,
        lambda w: zorg.traject_intake_opslaan(
            actor=w["A"]["zc"], traject=w["B"]["traject"], geinformeerd_op=timezone.localdate(), b8_einddatum=None
        ),
    ),
    "kompas.zorg.services.toestemming_vastleggen": (
        NietVanU,
        lambda w: zorg.toestemming_vastleggen(
            actor=w["A"]["zc"],
            traject=w["B"]["traject"],
            doel=ToestemmingDoel.DELEN_ORGANISATIE,
            organisatie=w["A"]["aanbieder"],
            gegeven=True,
            datum=timezone.localdate(),
        ),
    ),
    "kompas.zorg.services.zorgactie_aanmaken": (
        NietVanU,
        lambda w: zorg.zorgactie_aanmaken(
            actor=w["A"]["zc"],
            traject=w["B"]["traject"],
            domein="hulp_opvang",
            hulpvraag="h",
            partner=w["B"]["aanbieder"],
        ),
    ),
    "kompas.zorg.services.zorgactie_bijwerken": (
        NietVanU,
        lambda w: zorg.zorgactie_bijwerken(actor=w["A"]["zc"], actie=w["B"]["actie"], stand="gestart"),
    ),
    "kompas.zorg.services.partner_actie_bijwerken": (
        NietVanU,
        lambda w: zorg.partner_actie_bijwerken(actor=w["A"]["cp"], actie=w["B"]["actie"], stand="gestart"),
    ),
    "kompas.zorg.services.zorgoverleg_plannen": (
        NietVanU,
        lambda w: zorg.zorgoverleg_plannen(
            actor=w["A"]["zc"],
            traject=w["B"]["traject"],
            datum=timezone.now() + timedelta(days=1),
            agenda="a",
            genodigden=[w["B"]["aanbieder"]],
        ),
    ),
    "kompas.zorg.services.zorgoverleg_bijwerken": (
        NietVanU,
        lambda w: zorg.zorgoverleg_bijwerken(actor=w["A"]["zc"], overleg=w["B"]["overleg"], agenda="a", besluiten="b"),
    ),
    "kompas.zorg.services.traject_behandelaar_wijzigen": (
        NietVanU,
        # taking another organisation's traject for oneself
        lambda w: zorg.traject_behandelaar_wijzigen(
            actor=w["A"]["zc"], traject=w["B"]["traject"], behandelaar=w["A"]["zc"].user
        ),
    ),
    "kompas.zorg.services.journaal_aanvullen": (
        NietVanU,
        lambda w: zorg.journaal_aanvullen(actor=w["A"]["zc"], traject=w["B"]["traject"], tekst="t"),
    ),
    "kompas.zorg.services.bijlage_toevoegen": (
        NietVanU,
        lambda w: zorg.bijlage_toevoegen(actor=w["A"]["zc"], traject=w["B"]["traject"], upload=upload()),
    ),
    "kompas.zorg.services.netwerkpartner_opslaan": (
        NietVanU,
        lambda w: zorg.netwerkpartner_opslaan(
            # changing the expertise of another werkgebied's partner (not adding it to one's own)
            actor=w["A"]["zc"],
            organisatie=w["B"]["aanbieder"],
            vormen=["seksueel"],
        ),
    ),
    "kompas.zorg.services.netwerkpartner_verwijderen": (
        NietVanU,
        lambda w: zorg.netwerkpartner_verwijderen(actor=w["A"]["zc"], partner=w["B"]["partner"]),
    ),
    "kompas.zorg.services.capaciteit_bijwerken": (
        PermissionDenied,
        lambda w: zorg.capaciteit_bijwerken(
            # the capacity is the partner's own; a coordinator cannot set another organisation's
            actor=w["A"]["af"],
            vrije_plaatsen=0,
            opvangplaatsen=5,
        ),
    ),
    "kompas.zorg.services.stille_acties_melden": (NietVanU, lambda w: zorg.stille_acties_melden(actor=w["A"]["zc"])),
    "kompas.zorg.services.b8_herinneringen": (NietVanU, lambda w: zorg.b8_herinneringen(actor=w["A"]["zc"])),
    "kompas.zorg.services.consultatie_vastleggen": (
        PermissionDenied,
        lambda w: zorg.consultatie_vastleggen(
            actor=w["A"]["af"], datum=timezone.localdate(), organisatie_type="gemeente", onderwerp="o", minuten=10
        ),
    ),
    "kompas.zorg.services.traject_anonimiseren": (
        NietVanU,
        lambda w: zorg.traject_anonimiseren(
            actor=w["A"]["zc"], traject=w["B"]["traject"], bewaartermijn_maanden=1, now=timezone.now()
        ),
    ),
    # accounts
    "kompas.accounts.services.user_create": (
        PermissionDenied,
        lambda w: accounts.user_create(
            # finding 1: a gemeente's beheerder cannot create a national analist
            actor=w["A"]["fb"],
            username="eve",
            email="eve@x.example",
            first_name="E",
            last_name="V",
            rollen=[Rol.ANALIST],
            base_url="http://testserver/",
        ),
    ),
    "kompas.accounts.services.role_grant": (
        NietVanU,
        lambda w: accounts.role_grant(actor=w["A"]["fb"], user=w["B"]["medewerker_user"], rol=Rol.BELEIDSADVISEUR),
    ),
    "kompas.accounts.services.role_revoke": (
        NietVanU,
        lambda w: accounts.role_revoke(actor=w["A"]["fb"], user=w["B"]["af_user"], rol=Rol.AANDACHTSFUNCTIONARIS),
    ),
    "kompas.accounts.services.user_remove_from_organisation": (
        NietVanU,
        lambda w: accounts.user_remove_from_organisation(actor=w["A"]["fb"], user=w["B"]["af_user"]),
    ),
    "kompas.accounts.services.user_email_change": (
        NietVanU,
        lambda w: accounts.user_email_change(
            actor=w["A"]["fb"], user=w["B"]["af_user"], email="van-mij@aanvaller.example"
        ),
    ),
    "kompas.accounts.services.gebruiker_bijwerken": (
        NietVanU,
        lambda w: accounts.gebruiker_bijwerken(
            actor=w["A"]["fb"], user=w["B"]["af_user"], email="", rollen=[], aangeboden={Rol.AANDACHTSFUNCTIONARIS}
        ),
    ),
    "kompas.accounts.services.otp_devices_reset": (
        NietVanU,
        lambda w: accounts.otp_devices_reset(actor=w["A"]["fb"], user=w["B"]["af_user"]),
    ),
    "kompas.accounts.services.organisatie_create": (
        PermissionDenied,
        lambda w: accounts.organisatie_create(actor=w["A"]["fb"], naam="Nep", type=OrganisatieType.VNG),
    ),
    "kompas.accounts.services.rol_toekennen": (
        PermissionDenied,
        lambda w: accounts.rol_toekennen(
            actor=w["A"]["fb"],
            organisatie=w["B"]["gemeente"],
            user=w["A"]["medewerker_user"],
            rol=Rol.FUNCTIONEEL_BEHEERDER,
        ),
    ),
    "kompas.accounts.services.functioneel_beheerder_aanwijzen": (
        PermissionDenied,
        lambda w: accounts.functioneel_beheerder_aanwijzen(
            actor=w["A"]["fb"], organisatie=w["B"]["gemeente"], user=w["A"]["medewerker_user"]
        ),
    ),
    "kompas.accounts.services.identiteitsprovider_opslaan": (
        PermissionDenied,
        lambda w: accounts.identiteitsprovider_opslaan(
            actor=w["A"]["fb"],
            organisatie=w["B"]["gemeente"],
            issuer="https://idp.aanvaller.example",
            client_id="c",
            client_secret="s",
            email_domeinen="b.example",
        ),
    ),
    "kompas.accounts.services.demo_organisatie_inrichten": (
        NietVanU,
        lambda w: accounts.demo_organisatie_inrichten(
            # the demo set-up is Kompas's own (SYSTEEM), never a person's: not even applicatiebeheer's
            actor=w["applicatiebeheer"],
            naam="Gemeente B",
            type=OrganisatieType.VNG,
        ),
    ),
    "kompas.accounts.services.demo_gebruiker_inrichten": (
        NietVanU,
        lambda w: accounts.demo_gebruiker_inrichten(
            actor=w["applicatiebeheer"],
            username=w["B"]["af_user"].username,
            email="a@x.example",
            first_name="X",
            rol=Rol.ANALIST,
            organisatie=w["B"]["gemeente"],
            password="Bekend-wachtwoord-1!",
            totp_key="00" * 20,
        ),
    ),
}


@pytest.mark.parametrize("naam", sorted(CASES))
def test_a_write_service_refuses_another_organisations_object(w, naam):
    fout, roep = CASES[naam]
    voor, audit = _stand(), AuditEntry.objects.count()
    with pytest.raises(fout):
        roep(w)
    assert AuditEntry.objects.count() == audit  # no audit row for what did not happen
    assert _stand() == voor  # nothing changed, anywhere in the four apps


def test_every_write_service_has_a_refusal_case():
    for module in MODULES:
        importlib.import_module(module)
    eigen = {naam for naam in DIENSTEN if naam.split(".")[1] in APPS}  # any module of the four apps
    assert eigen, "no write services registered"
    assert sorted(eigen - set(CASES)) == []
    assert sorted(set(CASES) - eigen) == []  # and no case for a service that is not (or no longer) one


def test_every_write_service_requires_the_actor():
    for module in MODULES:
        importlib.import_module(module)
    for naam in CASES:
        with pytest.raises(TypeError, match="actor"):
            DIENSTEN[naam]()


def test_both_signals_of_a_link_must_be_the_actors(w):
    voor = _stand()
    with pytest.raises(NietVanU):  # the other way round: B's signal with A's as the other
        meldroute.signalen_koppelen(actor=w["A"]["af"], signaal=w["B"]["signaal"], ander=w["A"]["signaal"])
    assert _stand() == voor


def test_a_coordinator_enters_a_referral_only_for_their_own_organisation(w):
    voor = _stand()
    with pytest.raises(NietVanU):
        zorg.aanmelding_maken(actor=w["A"]["zc"], zorgorganisatie=w["B"]["zvh"], bron="telefoon", toelichting="t")
    assert _stand() == voor


@pytest.mark.parametrize(
    "job",
    [
        lambda actor: meldroute.bewaartermijnen_handhaven(actor=actor, now=timezone.now() + timedelta(days=4000)),
        lambda actor: zorg.bewaartermijnen_handhaven(actor=actor, now=timezone.now() + timedelta(days=4000)),
        lambda actor: audit_bewaartermijn_handhaven(actor=actor, now=timezone.now() + timedelta(days=40000), maanden=1),
    ],
    ids=["meldroute", "zorg", "audit"],
)
def test_retention_runs_only_as_the_planner(w, job):
    """The retention jobs (a loop of write services, or batches for the audit log) act on every
    organisation at once: no person runs them, not even for their own organisation."""
    voor = _stand()
    with pytest.raises(NietVanU):
        job(w["A"]["af"])
    assert _stand() == voor


# --- the same services with one's own objects ---------------------------------------------


def test_meldroute_own_signals_link_and_the_partner_answers_its_own_request(w):
    a = w["A"]
    meldroute.signalen_koppelen(actor=a["af"], signaal=a["signaal"], ander=a["signaal2"])
    assert list(a["signaal"].gerelateerd.all()) == [a["signaal2"]]
    v = meldroute.partnerverzoek_beantwoorden(
        actor=a["cp_politie"], verzoek=a["verzoek"], opgepakt="ja", terugkoppeling="Bekend"
    )
    assert PartnerVerzoek.objects.get(pk=v.pk).stand == PartnerVerzoek.Stand.BEANTWOORD
    assert meldroute.partnerverzoeken_herinneren(actor=SYSTEEM) == 1  # B's request, still open, is due
    assert PartnerVerzoek.objects.get(pk=w["B"]["verzoek"].pk).herinnerd_op is not None


def test_zorg_own_network_partner_changes_and_the_jobs_run_as_the_planner(w):
    a = w["A"]
    p = zorg.netwerkpartner_opslaan(actor=a["zc"], organisatie=a["aanbieder"], vormen=["seksueel"], opvangplaatsen=8)
    assert Zorgpartner.objects.get(pk=p.pk).vormen == ["seksueel"]
    zorg.zorgactie_bijwerken(actor=a["zc"], actie=a["actie"], stand="gestart", toelichting="Telefonisch gehoord")
    assert Zorgactie.objects.get(pk=a["actie"].pk).stand == "gestart"
    assert zorg.stille_acties_melden(actor=SYSTEEM) == 1  # B's action, untouched for weeks
    assert zorg.b8_herinneringen(actor=SYSTEEM) == 2  # both trajecten's bedenktijd ends in three days
    zorg.netwerkpartner_verwijderen(actor=a["zc"], partner=p)
    assert not Traject.objects.get(pk=a["traject"].pk).zorgorganisatie.werkgebied.netwerk.exists()


def test_zorg_retention_anonymises_through_its_write_service(w):
    t = w["A"]["traject"]
    for stap in ("intake_afronden", "afronding_starten"):
        zorg.traject_transitie(actor=w["A"]["zc"], traject=t, transitie=stap, reden="r")
    zorg.traject_transitie(actor=w["A"]["zc"], traject=t, transitie="afsluiten", reden="r", afsluitreden="teruggekeerd")
    assert zorg.bewaartermijnen_handhaven(actor=SYSTEEM, now=timezone.now() + timedelta(days=800)) == 1
    assert Traject.objects.get(pk=t.pk).geanonimiseerd_op is not None


def test_accounts_the_beheerder_manages_their_own_member(w):
    a = w["A"]
    user = a["medewerker_user"]
    accounts.gebruiker_bijwerken(
        actor=a["fb"],
        user=user,
        email="nieuw@a.example",
        rollen=[Rol.MEDEWERKER, Rol.BELEIDSADVISEUR],
        aangeboden={Rol.MEDEWERKER, Rol.BELEIDSADVISEUR, Rol.AANDACHTSFUNCTIONARIS},
    )
    user.refresh_from_db()
    assert user.email == "nieuw@a.example"
    assert set(Lidmaatschap.objects.filter(user=user).values_list("rol", flat=True)) == {
        Rol.MEDEWERKER,
        Rol.BELEIDSADVISEUR,
    }
    assert accounts.otp_devices_reset(actor=a["fb"], user=user) == 1


def test_accounts_a_failing_step_of_the_beheerders_form_leaves_nothing(w):
    """The form's change is one unit: a role that may not be granted rolls the e-mail back."""
    a = w["A"]
    user = a["medewerker_user"]
    voor = _stand()
    with pytest.raises(PermissionDenied):
        accounts.gebruiker_bijwerken(
            actor=a["fb"],
            user=user,
            email="nieuw@a.example",
            rollen=[Rol.ANALIST],
            aangeboden={Rol.ANALIST, Rol.MEDEWERKER},
        )
    assert _stand() == voor


def test_demo_set_up_runs_as_the_system():
    org = accounts.demo_organisatie_inrichten(
        actor=SYSTEEM, naam="Gemeente Demo", type=OrganisatieType.GEMEENTE, cbs_code="GM0999"
    )
    assert Organisatie.objects.get(pk=org.pk).naam == "Gemeente Demo"


# --- one unit of several services: the demo ------------------------------------------------


@schrijfdienst
def _maak_organisatie(*, actor, naam):
    return accounts.demo_organisatie_inrichten(actor=actor, naam=naam, type=OrganisatieType.VNG)


def test_services_inside_one_unit_are_savepoints_and_fail_together():
    with pytest.raises(RuntimeError, match="stop"), eenheid():
        _maak_organisatie(actor=SYSTEEM, naam="Eerste")
        raise RuntimeError("stop")
    assert not Organisatie.objects.filter(naam="Eerste").exists()
    with eenheid():
        _maak_organisatie(actor=SYSTEEM, naam="Tweede")
    assert Organisatie.objects.filter(naam="Tweede").exists()


@pytest.mark.django_db(transaction=True)
def test_the_demo_command_runs_every_step_as_one_unit():
    """``kompas demo`` calls durable write services from one management command: inside its
    unit they are savepoints (without it the second service would refuse to nest)."""
    call_command("demo", stil=True)
    assert (
        Signaal.objects.exists()
        and Aanmelding.objects.exists()
        and User.objects.filter(username="zorgpartner").exists()
    )
