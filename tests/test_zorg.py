"""Zorgcoördinatie (issue 10): werkgebied, aanmelding from the meldroute, traject phases and
closing conditions, encrypted identifying data, consent, CoMensha pseudonyms, policy."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import Actie, AuditEntry
from kompas.core.schrijven import SYSTEEM
from kompas.meldroute import services as meldroute
from kompas.zorg import selectors, services
from kompas.zorg.constants import Afsluitreden, Fase, ToestemmingDoel
from kompas.zorg.models import Aanmelding, Clientgegevens, FaseWijziging, Traject
from kompas.zorg.workflow import TRANSITIES, TransitieGeweigerd
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory, SignaalFactory

ALLE_VOORWAARDEN = ["verblijfsrecht", "voorzieningen", "hulp"]


@pytest.fixture
def wereld(db):
    hoorn = OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405")
    zvh = OrganisatieFactory(naam="ZVH Noord", type=OrganisatieType.ZVH, cbs_code="")
    ander = OrganisatieFactory(naam="ZVH Zuid", type=OrganisatieType.ZVH, cbs_code="")
    zc = member(Rol.ZORGCOORDINATOR, zvh)
    zc_ander = member(Rol.ZORGCOORDINATOR, ander)
    af = member(Rol.AANDACHTSFUNCTIONARIS, hoorn)
    return {
        "hoorn": hoorn,
        "zvh": zvh,
        "ander": ander,
        "zc": zc,
        "zc_ander": zc_ander,
        "af": af,
        "zc_actor": actor_for(zc, zvh.pk),
        "ander_actor": actor_for(zc_ander, ander.pk),
        "af_actor": actor_for(af, hoorn.pk),
    }


def _werkgebied(w):
    return services.werkgebied_opslaan(
        actor=w["zc_actor"], gemeente_codes=["GM0405", "GM0388"], centrumgemeente_code="GM0405", fte="1.2"
    )


def _traject(w, acuut=False):
    signaal = SignaalFactory(gemeente=w["hoorn"], acuut=acuut)
    a = meldroute.zorg_doorverwijzen(
        actor=w["af_actor"], signaal=signaal, zorgorganisatie=w["zvh"], toelichting="Opvang nodig"
    )
    return services.aanmelding_accepteren(actor=w["zc_actor"], aanmelding=a), a


def _toestemming(w, t, partner, gegeven=True):
    return services.toestemming_vastleggen(
        actor=w["zc_actor"],
        traject=t,
        doel=ToestemmingDoel.DELEN_ORGANISATIE,
        organisatie=partner,
        gegeven=gegeven,
        datum=timezone.localdate(),
    )


def test_werkgebied_offers_the_gemeentes_zorgcoordinatie_first(wereld):
    _werkgebied(wereld)
    assert selectors.zorgorganisaties_voor_gemeente("GM0405") == [wereld["zvh"]]
    assert selectors.zorgorganisaties_voor_gemeente("GM0363") == []
    # "ZVH Zuid" sorts after "ZVH Noord" alphabetically anyway: give the other one the werkgebied
    services.werkgebied_opslaan(
        actor=wereld["ander_actor"], gemeente_codes=["GM0361"], centrumgemeente_code="", fte="0.8"
    )
    from kompas.meldroute.forms import DoorverwijsForm

    form = DoorverwijsForm(gemeente_code="GM0361")
    assert list(form.fields["zorgorganisatie"].queryset)[0] == wereld["ander"]
    assert form.initial["zorgorganisatie"] == wereld["ander"].pk
    with pytest.raises(ValidationError):
        services.werkgebied_opslaan(
            actor=wereld["zc_actor"], gemeente_codes=["Hoorn"], centrumgemeente_code="", fte="1"
        )
    with pytest.raises(ValidationError):  # the centrumgemeente must be in the werkgebied
        services.werkgebied_opslaan(
            actor=wereld["zc_actor"], gemeente_codes=["GM0388"], centrumgemeente_code="GM0405", fte="1"
        )
    with pytest.raises(PermissionDenied):
        services.werkgebied_opslaan(
            actor=wereld["af_actor"], gemeente_codes=["GM0388"], centrumgemeente_code="", fte="1"
        )


def test_referral_reaches_the_coordinator_and_the_referrer_sees_only_the_state(wereld):
    signaal = SignaalFactory(gemeente=wereld["hoorn"])
    a = meldroute.zorg_doorverwijzen(
        actor=wereld["af_actor"], signaal=signaal, zorgorganisatie=wereld["zvh"], toelichting="Opvang nodig"
    )
    assert list(selectors.aanmeldingen_voor(wereld["zc_actor"])) == [a]
    assert list(selectors.aanmeldingen_voor(wereld["ander_actor"])) == []
    assert selectors.aanmeldingen_voor_signaal(signaal)[0]["stand"] == "Ontvangen"
    with pytest.raises(PermissionDenied):
        services.aanmelding_accepteren(actor=wereld["ander_actor"], aanmelding=a)
    t = services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=a)
    assert t.fase == Fase.INTAKE and t.clientcode.startswith("ZC-") and t.zorgorganisatie == wereld["zvh"]
    assert selectors.aanmeldingen_voor_signaal(signaal)[0]["stand"] == "Geaccepteerd"
    assert selectors.aanmeldingen_voor_signaal(signaal)[0]["lopend"] is True
    # the signal's referrals and their trajecten's phases in one query (the case file asks for them)
    with CaptureQueriesContext(connection) as q:
        selectors.aanmeldingen_voor_signaal(signaal)
    assert len(q.captured_queries) == 1
    with pytest.raises(ValidationError):  # already judged
        services.aanmelding_afwijzen(actor=wereld["zc_actor"], aanmelding=a, reden="x")
    services.traject_transitie(
        actor=wereld["zc_actor"], traject=t, transitie="afsluiten", reden="weg", afsluitreden=Afsluitreden.VERTROKKEN
    )
    assert selectors.aanmeldingen_voor_signaal(signaal) == [
        {
            "pk": a.pk,
            "zorgorganisatie": "ZVH Noord",
            "stand": "Afgerond",
            "tijdstip": a.tijdstip,
            "intrekbaar": False,
            "lopend": False,
        }
    ]


def test_a_signal_is_not_referred_twice_while_its_referral_runs(wereld, login):
    signaal = SignaalFactory(gemeente=wereld["hoorn"])
    verwijs = {
        "actor": wereld["af_actor"],
        "signaal": signaal,
        "zorgorganisatie": wereld["zvh"],
        "toelichting": "Opvang nodig",
    }
    a = meldroute.zorg_doorverwijzen(**verwijs)
    with pytest.raises(ValidationError, match="al doorverwezen naar ZVH Noord"):
        meldroute.zorg_doorverwijzen(**verwijs)
    page = login(wereld["af_actor"].user).get(reverse("meldroute:signaal", args=[signaal.pk])).content.decode()
    assert "Doorverwijzen naar zorgcoördinatie" not in page and "De doorverwijzing loopt" in page
    t = services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=a)
    with pytest.raises(ValidationError):  # accepted and the traject still open: still running
        meldroute.zorg_doorverwijzen(**verwijs)
    services.traject_transitie(
        actor=wereld["zc_actor"], traject=t, transitie="afsluiten", reden="weg", afsluitreden=Afsluitreden.VERTROKKEN
    )
    assert meldroute.zorg_doorverwijzen(**verwijs).pk != a.pk  # closed: a new referral may follow
    assert Aanmelding.objects.filter(signaal=signaal).count() == 2


def test_rejection_needs_a_reason_that_the_referrer_sees(wereld):
    signaal = SignaalFactory(gemeente=wereld["hoorn"])
    a = meldroute.zorg_doorverwijzen(
        actor=wereld["af_actor"], signaal=signaal, zorgorganisatie=wereld["zvh"], toelichting="x"
    )
    with pytest.raises(ValidationError):
        services.aanmelding_afwijzen(actor=wereld["zc_actor"], aanmelding=a, reden="  ")
    services.aanmelding_afwijzen(actor=wereld["zc_actor"], aanmelding=a, reden="Buiten ons werkgebied; zie ZVH Zuid")
    assert selectors.aanmeldingen_voor_signaal(signaal)[0]["stand"] == "Afgewezen: Buiten ons werkgebied; zie ZVH Zuid"
    assert not Traject.objects.exists()


def test_referral_from_another_gemeentes_signal_is_refused(wereld):
    other = SignaalFactory()
    with pytest.raises(PermissionDenied):
        meldroute.zorg_doorverwijzen(
            actor=wereld["af_actor"], signaal=other, zorgorganisatie=wereld["zvh"], toelichting="x"
        )


def test_phases_follow_the_table_and_history_is_appended(wereld):
    t, _a = _traject(wereld)
    zc = wereld["zc_actor"]
    t = services.traject_transitie(actor=zc, traject=t, transitie="hulpverlening_starten", reden="Opvang direct nodig")
    assert t.fase == Fase.INTAKE_HULPVERLENING
    with pytest.raises(TransitieGeweigerd):
        services.traject_transitie(actor=zc, traject=t, transitie="afronding_starten", reden="te vroeg")
    with pytest.raises(TransitieGeweigerd):
        services.traject_transitie(actor=zc, traject=t, transitie="intake_afronden", reden=" ")
    t = services.traject_transitie(actor=zc, traject=t, transitie="intake_afronden", reden="Intake klaar")
    t = services.traject_transitie(actor=zc, traject=t, transitie="afronding_starten", reden="Bijna klaar")
    assert [h.naar for h in t.geschiedenis.all()] == [
        Fase.INTAKE,
        Fase.INTAKE_HULPVERLENING,
        Fase.HULPVERLENING,
        Fase.AFRONDING,
    ]
    h = t.geschiedenis.last()
    assert h.door == wereld["zc"] and h.reden == "Bijna klaar"
    with pytest.raises(ValueError):
        h.save()
    with pytest.raises(PermissionDenied):
        services.traject_transitie(
            actor=wereld["ander_actor"], traject=t, transitie="terug_naar_hulpverlening", reden="x"
        )


def test_every_phase_can_reach_closed_and_closed_can_reopen():
    reachable = {}
    for fase in Fase.values:
        seen, frontier = {fase}, [fase]
        while frontier:
            f = frontier.pop()
            for t in TRANSITIES.values():
                if f in t.van and t.naar not in seen:
                    seen.add(t.naar)
                    frontier.append(t.naar)
        reachable[fase] = seen
    assert all(Fase.AFGESLOTEN in r for r in reachable.values())
    assert Fase.HULPVERLENING in reachable[Fase.AFGESLOTEN]


def test_regular_closing_needs_no_criminal_case_and_the_three_conditions(wereld):
    t, _a = _traject(wereld)
    zc = wereld["zc_actor"]
    services.traject_kenmerken_opslaan(
        actor=zc,
        traject=t,
        vormen=["arbeid"],
        leeftijdsgroep="24-49",
        gender="man",
        nationaliteit="ro",
        verblijfsstatus="eu",
        gemeente_code="GM0405",
        strafrechtelijk_traject=True,
        acuut=False,
    )
    t.refresh_from_db()
    for transitie in ("intake_afronden", "afronding_starten"):
        t = services.traject_transitie(actor=zc, traject=t, transitie=transitie, reden="verder")
    with pytest.raises(TransitieGeweigerd, match="strafrechtelijk"):
        services.traject_transitie(
            actor=zc,
            traject=t,
            transitie="afsluiten",
            reden="klaar",
            afsluitreden="regulier",
            voorwaarden=ALLE_VOORWAARDEN,
        )
    services.traject_kenmerken_opslaan(
        actor=zc,
        traject=t,
        vormen=["arbeid"],
        leeftijdsgroep="24-49",
        gender="man",
        nationaliteit="RO",
        verblijfsstatus="eu",
        gemeente_code="GM0405",
        strafrechtelijk_traject=False,
        acuut=False,
    )
    with pytest.raises(TransitieGeweigerd, match="instantie"):
        services.traject_transitie(
            actor=zc,
            traject=t,
            transitie="afsluiten",
            reden="klaar",
            afsluitreden="regulier",
            voorwaarden=["verblijfsrecht", "voorzieningen"],
        )
    with pytest.raises(TransitieGeweigerd):
        services.traject_transitie(actor=zc, traject=t, transitie="afsluiten", reden="klaar", afsluitreden="")
    t.refresh_from_db()
    assert t.fase == Fase.AFRONDING  # nothing changed by the refusals
    t = services.traject_transitie(
        actor=zc, traject=t, transitie="afsluiten", reden="klaar", afsluitreden="regulier", voorwaarden=ALLE_VOORWAARDEN
    )
    assert (
        t.fase == Fase.AFGESLOTEN and t.afsluitreden == "regulier" and t.afsluitvoorwaarden == sorted(ALLE_VOORWAARDEN)
    )
    t = services.traject_transitie(actor=zc, traject=t, transitie="heropenen", reden="Nieuwe hulpvraag")
    assert t.fase == Fase.HULPVERLENING and t.afsluitreden == "" and t.afgesloten_op is None


@pytest.mark.parametrize("reden", ["vertrokken", "afgezien", "teruggekeerd", "overleden"])
def test_other_closing_reasons_need_no_conditions(wereld, reden):
    t, _a = _traject(wereld)
    services.traject_kenmerken_opslaan(
        actor=wereld["zc_actor"],
        traject=t,
        vormen=[],
        leeftijdsgroep="onbekend",
        gender="onbekend",
        nationaliteit="",
        verblijfsstatus="onbekend",
        gemeente_code="",
        strafrechtelijk_traject=True,
        acuut=False,
    )
    t = services.traject_transitie(
        actor=wereld["zc_actor"], traject=t, transitie="afsluiten", reden="weg", afsluitreden=reden
    )
    assert t.fase == Fase.AFGESLOTEN and t.afsluitreden == reden


def test_identifying_data_are_encrypted_in_the_database_column(wereld):
    t, _a = _traject(wereld)
    services.traject_gegevens_opslaan(
        actor=wereld["zc_actor"],
        traject=t,
        naam="Ana Popescu",
        geboortedatum=date(1999, 4, 2),
        contact="06-12345678",
        bsn="",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT naam, geboortedatum, contact FROM zorg_clientgegevens WHERE traject_id = %s", [t.pk])
        naam, geboortedatum, contact = cursor.fetchone()
    assert "Popescu" not in naam and "1999" not in geboortedatum and "12345678" not in contact
    assert naam.startswith("gAAAA")  # a Fernet token
    g = Clientgegevens.objects.get(traject=t)
    assert (g.naam, g.geboortedatum, g.contact) == ("Ana Popescu", "1999-04-02", "06-12345678")


def test_bad_identifying_input_gets_a_dutch_error_and_keeps_what_was_stored(wereld):
    t, _a = _traject(wereld)
    zc = wereld["zc_actor"]
    services.traject_gegevens_opslaan(actor=zc, traject=t, naam="Ana", geboortedatum=date(1999, 4, 2))
    with pytest.raises(ValidationError, match="toekomst"):
        services.traject_gegevens_opslaan(
            actor=zc, traject=t, naam="Ana", geboortedatum=timezone.localdate() + timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="elfproef"):
        services.traject_gegevens_opslaan(actor=zc, traject=t, naam="Ana", bsn="123456789")
    assert Clientgegevens.objects.get(traject=t).geboortedatum == "1999-04-02"
    services.traject_gegevens_opslaan(actor=zc, traject=t, naam="Ana", bsn="111222333")  # passes the elfproef


def test_duplicate_check_on_the_keyed_hash(wereld):
    t1, _a = _traject(wereld)
    t2, _b = _traject(wereld)
    zc = wereld["zc_actor"]
    assert (
        services.traject_gegevens_opslaan(actor=zc, traject=t1, naam="Ana  Popescu", geboortedatum=date(1999, 4, 2))
        is False
    )
    assert (
        services.traject_gegevens_opslaan(actor=zc, traject=t2, naam="ana popescu", geboortedatum=date(1999, 4, 2))
        is True
    )
    g = Clientgegevens.objects.get(traject=t1)
    assert "popescu" not in g.persoonssleutel.lower() and len(g.persoonssleutel) == 64


def test_duplicate_check_warns_across_organisations_without_showing_their_data(wereld):
    """Issue 10 item 2: the warning comes from the pseudonymised key only; it names neither the
    other organisation nor its traject, and a closed traject no longer counts."""
    eerste, _a = _traject(wereld)
    services.traject_gegevens_opslaan(
        actor=wereld["zc_actor"], traject=eerste, naam="Ana Popescu", geboortedatum=date(1999, 4, 2)
    )
    aanmelding = services.aanmelding_maken(
        actor=wereld["ander_actor"], zorgorganisatie=wereld["ander"], bron="telefoon", toelichting="Belde zelf"
    )
    elders = services.aanmelding_accepteren(actor=wereld["ander_actor"], aanmelding=aanmelding)
    client = verified_client(wereld["zc_ander"])
    r = client.post(
        reverse("zorg:gegevens", args=[elders.pk]), {"naam": "ANA popescu", "geboortedatum": "1999-04-02"}, follow=True
    )
    [waarschuwing] = [str(m) for m in r.context["messages"] if "Let op" in str(m)]
    assert waarschuwing.startswith("Let op: er loopt al een traject voor wat dezelfde persoon lijkt")
    assert eerste.clientcode not in waarschuwing and "ZVH Noord" not in waarschuwing and "Popescu" not in waarschuwing
    services.traject_transitie(
        actor=wereld["zc_actor"], traject=eerste, transitie="afsluiten", reden="x", afsluitreden=Afsluitreden.OVERLEDEN
    )
    r = client.post(
        reverse("zorg:gegevens", args=[elders.pk]), {"naam": "Ana Popescu", "geboortedatum": "1999-04-02"}, follow=True
    )
    assert "Let op: er loopt al een traject" not in r.content.decode()


def test_pseudonym_is_stable_keyed_and_per_person(wereld):
    t1, _a = _traject(wereld)
    t2, _b = _traject(wereld)
    zc = wereld["zc_actor"]
    p1 = services.pseudoniem(t1, Clientgegevens.objects.get(traject=t1))
    assert p1 == services.pseudoniem(Traject.objects.get(pk=t1.pk), Clientgegevens.objects.get(traject=t1))
    assert p1 != services.pseudoniem(t2, Clientgegevens.objects.get(traject=t2))
    services.traject_gegevens_opslaan(actor=zc, traject=t1, naam="Ana Popescu", geboortedatum=date(1999, 4, 2))
    services.traject_gegevens_opslaan(actor=zc, traject=t2, naam="Ana Popescu", geboortedatum=date(1999, 4, 2))
    q1 = services.pseudoniem(t1, Clientgegevens.objects.get(traject=t1))
    assert q1 == services.pseudoniem(t2, Clientgegevens.objects.get(traject=t2))  # one person, one pseudonym
    with override_settings(KOMPAS_PSEUDONIEM_SLEUTEL="een-andere-sleutel"):
        assert services.pseudoniem(t1, Clientgegevens.objects.get(traject=t1)) != q1


def test_consent_events_gate_identifying_fields_in_the_comensha_export(wereld):
    t, _a = _traject(wereld)
    zc = wereld["zc_actor"]
    services.traject_gegevens_opslaan(actor=zc, traject=t, naam="Ana Popescu", geboortedatum=date(1999, 4, 2))
    services.traject_kenmerken_opslaan(
        actor=zc,
        traject=t,
        vormen=["seksueel"],
        leeftijdsgroep="24-49",
        gender="transgender",
        nationaliteit="RO",
        verblijfsstatus="eu",
        gemeente_code="GM0405",
        strafrechtelijk_traject=False,
        acuut=True,
    )
    csv_zonder = services.comensha_export(actor=zc, doel="Jaarrapportage CoMensha")
    assert "Popescu" not in csv_zonder and "1999-04-02" not in csv_zonder
    rij = csv_zonder.splitlines()[1].split(";")
    assert (
        rij[1] == "1999" and rij[2] == timezone.localdate().strftime("%Y-%m") and "transgender" in rij and "EU" in rij
    )
    vandaag = timezone.localdate()
    services.toestemming_vastleggen(
        actor=zc,
        traject=t,
        doel=ToestemmingDoel.COMENSHA_IDENTIFICEREND,
        gegeven=True,
        datum=vandaag - timedelta(days=2),
    )
    assert "Ana Popescu" in services.comensha_export(actor=zc, doel="Jaarrapportage CoMensha")
    services.toestemming_vastleggen(
        actor=zc, traject=t, doel=ToestemmingDoel.COMENSHA_IDENTIFICEREND, gegeven=False, datum=vandaag
    )
    assert "Popescu" not in services.comensha_export(
        actor=zc, doel="Jaarrapportage CoMensha"
    )  # withdrawal stops later sharing
    exports = AuditEntry.objects.filter(actie=Actie.EXPORT, object_type="zorg.traject")
    assert exports.count() == 3 and set(exports.values_list("doel", flat=True)) == {"Jaarrapportage CoMensha"}
    with pytest.raises(ValidationError):
        services.toestemming_vastleggen(
            actor=zc, traject=t, doel=ToestemmingDoel.CONTACT_FAMILIE, gegeven=True, datum=vandaag + timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        services.comensha_export(actor=zc, doel=" ")
    with pytest.raises(PermissionDenied):
        services.comensha_export(actor=wereld["af_actor"], doel="x")
    # the other organisation's export holds none of these rows
    assert len(services.comensha_export(actor=wereld["ander_actor"], doel="x").splitlines()) == 1


def test_zorgactie_moves_forward_only(wereld):
    t, _a = _traject(wereld)
    partner = OrganisatieFactory(naam="Opvang De Haven", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    _toestemming(wereld, t, partner)
    a = services.zorgactie_aanmaken(
        actor=wereld["zc_actor"], traject=t, domein="hulp_opvang", hulpvraag="Categorale opvang", partner=partner
    )
    with pytest.raises(ValidationError):
        services.zorgactie_bijwerken(actor=wereld["zc_actor"], actie=a, stand="afgerond")
    a = services.zorgactie_bijwerken(actor=wereld["zc_actor"], actie=a, stand="gestart")
    a = services.zorgactie_bijwerken(actor=wereld["zc_actor"], actie=a, stand="afgerond")
    assert a.stand == "afgerond"
    with pytest.raises(PermissionDenied):
        services.zorgactie_aanmaken(
            actor=wereld["ander_actor"], traject=t, domein="werk", hulpvraag="x", partner=partner
        )


def test_policy_own_organisation_other_organisation_and_referrer(wereld):
    t, a = _traject(wereld, acuut=True)
    own, other, referrer = (verified_client(wereld[k]) for k in ("zc", "zc_ander", "af"))
    for name in ("zorg:traject", "zorg:aanmelding"):
        pk = t.pk if name == "zorg:traject" else a.pk
        assert own.get(reverse(name, args=[pk])).status_code == 200
        assert other.get(reverse(name, args=[pk])).status_code == 404
        assert referrer.get(reverse(name, args=[pk])).status_code == 404
    for name in ("zorg:transitie", "zorg:gegevens", "zorg:kenmerken", "zorg:toestemming", "zorg:zorgactie"):
        assert (
            other.post(
                reverse(name, args=[t.pk]), {"transitie": "afsluiten", "reden": "x", "afsluitreden": "overleden"}
            ).status_code
            == 404
        )
    t.refresh_from_db()
    assert t.fase == Fase.INTAKE and FaseWijziging.objects.filter(traject=t).count() == 1
    assert referrer.get(reverse("zorg:caseload")).status_code == 403
    page = own.get(reverse("zorg:caseload"))
    assert page.status_code == 200 and t.clientcode in page.content.decode()
    assert t.clientcode not in other.get(reverse("zorg:caseload")).content.decode()
    # the referrer's signal page shows the state, never the traject
    signal_page = referrer.get(reverse("meldroute:signaal", args=[a.signaal_id])).content.decode()
    assert "Geaccepteerd" in signal_page and t.clientcode not in signal_page
    assert AuditEntry.objects.filter(actie=Actie.VIEW, object_type="zorg.traject", object_id=str(t.pk)).exists()


def test_traject_page_audits_and_rejects_bad_input_in_dutch(wereld):
    t, _a = _traject(wereld)
    client = verified_client(wereld["zc"])
    r = client.post(
        reverse("zorg:transitie", args=[t.pk]), {"transitie": "afsluiten", "reden": "klaar", "afsluitreden": "regulier"}
    )
    assert r.status_code == 400 and "Regulier afsluiten kan pas" in r.content.decode()
    r = client.post(reverse("zorg:gegevens", args=[t.pk]), {"naam": "Ana", "geboortedatum": "2999-01-01"})
    assert r.status_code == 400 and "toekomst" in r.content.decode()
    r = client.post(
        reverse("zorg:transitie", args=[t.pk]), {"transitie": "afsluiten", "reden": "weg", "afsluitreden": "afgezien"}
    )
    assert r.status_code == 302
    t.refresh_from_db()
    assert t.fase == Fase.AFGESLOTEN
    r = client.post(reverse("zorg:comensha"), {"doel": "Kwartaalrapportage", "formaat": "csv"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    r = client.post(reverse("zorg:comensha"), {"doel": "Kwartaalrapportage", "formaat": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert rows[0][0] == "pseudoniem" and len(rows) == 2 and rows[1][10] == "afgesloten" and rows[1][11] == "afgezien"
    r = client.post(reverse("zorg:comensha"), {"doel": "", "formaat": "csv"})
    assert r.status_code == 400
    assert AuditEntry.objects.filter(actie=Actie.EXPORT, doel="Kwartaalrapportage").count() == 2


def test_referrer_withdraws_before_acceptance_only(wereld):
    signaal = SignaalFactory(gemeente=wereld["hoorn"])
    a = meldroute.zorg_doorverwijzen(
        actor=wereld["af_actor"], signaal=signaal, zorgorganisatie=wereld["zvh"], toelichting="x"
    )
    other_af = actor_for(member(Rol.AANDACHTSFUNCTIONARIS, OrganisatieFactory()), None)
    with pytest.raises(PermissionDenied):
        services.aanmelding_intrekken(actor=other_af, aanmelding=a)
    with pytest.raises(PermissionDenied):
        services.aanmelding_intrekken(actor=wereld["zc_actor"], aanmelding=a)
    r = verified_client(wereld["af"]).post(reverse("zorg:intrekken", args=[a.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("meldroute:signaal", args=[signaal.pk])
    a.refresh_from_db()
    assert a.stand == "ingetrokken" and selectors.aanmeldingen_voor_signaal(signaal)[0]["stand"] == "Ingetrokken"
    with pytest.raises(ValidationError):  # withdrawn: can no longer be accepted
        services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=a)
    b = meldroute.zorg_doorverwijzen(
        actor=wereld["af_actor"], signaal=signaal, zorgorganisatie=wereld["zvh"], toelichting="y"
    )
    services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=b)
    with pytest.raises(ValidationError):  # accepted: too late to withdraw
        services.aanmelding_intrekken(actor=wereld["af_actor"], aanmelding=b)


def test_gemeente_sees_its_zorgcoordinatie_contact_card(wereld):
    services.werkgebied_opslaan(
        actor=wereld["zc_actor"],
        gemeente_codes=["GM0405"],
        centrumgemeente_code="GM0405",
        fte="1",
        contact="0229 000 000",
    )
    signaal = SignaalFactory(gemeente=wereld["hoorn"])
    page = verified_client(wereld["af"]).get(reverse("meldroute:signaal", args=[signaal.pk])).content.decode()
    assert "De zorgcoördinatie voor uw gemeente: ZVH Noord" in page and "0229 000 000" in page


def test_the_kennisbank_shows_the_gemeente_its_zorgcoordinatie(wereld):
    """Issue 10 item 1: the contact card on the kennisbank too, for whoever works for a gemeente."""
    from kompas.core.schrijven import SYSTEEM as systeem
    from kompas.kennisbank import services as kennisbank

    kennisbank.inhoud_laden(actor=systeem)
    client = verified_client(wereld["af"])
    kaart = "Een mogelijk slachtoffer van mensenhandel verwijst u door naar"
    zonder = client.get(reverse("kennisbank:bibliotheek")).content.decode()  # no werkgebied covers Hoorn yet
    assert "Zorgcoördinatie voor uw gemeente" in zonder and "nog geen zorgcoördinatie met een werkgebied" in zonder
    services.werkgebied_opslaan(
        actor=wereld["zc_actor"], gemeente_codes=["GM0405"], centrumgemeente_code="", fte="1", contact="0229 000 000"
    )
    for url in (reverse("kennisbank:bibliotheek"), reverse("kennisbank:artikel", args=["zorgcoordinatie"])):
        pagina = client.get(url).content.decode()
        assert f"{kaart} ZVH Noord." in pagina and "Contact: 0229 000 000" in pagina
    # an article of another bouwsteen carries no card; nor does the kennisbank of a non-gemeente
    assert kaart not in client.get(reverse("kennisbank:artikel", args=["actief-signaleren"])).content.decode()
    zc_pagina = verified_client(wereld["zc"]).get(reverse("kennisbank:bibliotheek")).content.decode()
    assert "Zorgcoördinatie voor uw gemeente" not in zc_pagina


def test_coordinator_enters_a_telephone_referral(wereld):
    client = verified_client(wereld["zc"])
    r = client.post(reverse("zorg:aanmelding_nieuw"), {"bron": "telefoon", "toelichting": ""})
    assert r.status_code == 400 and not selectors.aanmeldingen_voor(wereld["zc_actor"]).exists()
    r = client.post(
        reverse("zorg:aanmelding_nieuw"), {"bron": "telefoon", "toelichting": "Belde vanuit de opvang", "acuut": "on"}
    )
    a = selectors.aanmeldingen_voor(wereld["zc_actor"]).get()
    assert r.status_code == 302 and a.bron == "telefoon" and a.acuut and a.signaal is None
    with pytest.raises(PermissionDenied):  # not into another organisation's inbox
        services.aanmelding_maken(
            actor=wereld["zc_actor"], zorgorganisatie=wereld["ander"], toelichting="x", bron="telefoon"
        )


def test_notifications_say_there_is_something_but_never_what(wereld, mailoutbox, django_capture_on_commit_callbacks):
    signaal = SignaalFactory(gemeente=wereld["hoorn"], acuut=True)
    with django_capture_on_commit_callbacks(execute=True):
        a = meldroute.zorg_doorverwijzen(
            actor=wereld["af_actor"],
            signaal=signaal,
            zorgorganisatie=wereld["zvh"],
            toelichting="Vrouw zonder papieren, opvang nodig",
        )
    nieuw = [m for m in mailoutbox if m.to == [wereld["zc"].email]]
    assert (
        len(nieuw) == 1 and "(acuut)" in nieuw[0].subject and reverse("zorg:aanmelding", args=[a.pk]) in nieuw[0].body
    )
    assert not [m for m in mailoutbox if m.to == [wereld["zc_ander"].email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_afwijzen(actor=wereld["zc_actor"], aanmelding=a, reden="Geheime reden")
    terug = [m for m in mailoutbox if m.to == [wereld["af"].email]]
    assert len(terug) == 1 and reverse("meldroute:signaal", args=[signaal.pk]) in terug[0].body
    assert not any("papieren" in m.body or "Geheime" in m.body for m in mailoutbox)


def test_the_referrer_is_told_of_an_acceptance_and_a_coordinator_is_not_told_of_her_own(
    wereld, mailoutbox, django_capture_on_commit_callbacks
):
    """Issue 10 item 15: accepted (as rejected, above) reaches the referrer through the task
    worker, without content; a referral the coordinator entered herself tells nobody."""
    signaal = SignaalFactory(gemeente=wereld["hoorn"])
    a = meldroute.zorg_doorverwijzen(
        actor=wereld["af_actor"], signaal=signaal, zorgorganisatie=wereld["zvh"], toelichting="Opvang nodig voor Ana"
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=a)
    assert [m.to for m in mailoutbox] == [[wereld["af"].email]]
    assert reverse("meldroute:signaal", args=[signaal.pk]) in mailoutbox[0].body and "Ana" not in mailoutbox[0].body
    telefonisch = services.aanmelding_maken(
        actor=wereld["zc_actor"], zorgorganisatie=wereld["zvh"], bron="telefoon", toelichting="Belde zelf"
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=telefonisch)
    assert mailoutbox == []


def test_a_wrong_key_stops_with_a_dutch_message_and_keeps_the_data(wereld, settings):
    from kompas.zorg.fields import SleutelPastNiet

    t, _a = _traject(wereld)
    services.traject_gegevens_opslaan(
        actor=wereld["zc_actor"], traject=t, naam="Ana Popescu", geboortedatum=date(1999, 4, 2)
    )
    velden = [f for f in Clientgegevens._meta.fields if hasattr(f, "keys")]

    def vergeet_sleutels():
        for f in velden:
            f.__dict__.pop("keys", None)
            f.__dict__.pop("f", None)

    with connection.cursor() as cursor:
        cursor.execute("SELECT naam FROM zorg_clientgegevens WHERE traject_id = %s", [t.pk])
        opgeslagen = cursor.fetchone()[0]
    try:
        settings.SALT_KEY = ["een-andere-sleutel"]
        vergeet_sleutels()
        with pytest.raises(SleutelPastNiet, match="KOMPAS_VELDSLEUTEL"):
            Clientgegevens.objects.get(traject=t)
        settings.SALT_KEY = ["een-andere-sleutel", "test-only-veldsleutel-not-for-production"]  # rotation: old key kept
        vergeet_sleutels()
        assert Clientgegevens.objects.get(traject=t).naam == "Ana Popescu"
    finally:
        del settings.SALT_KEY
        vergeet_sleutels()
    with connection.cursor() as cursor:
        cursor.execute("SELECT naam FROM zorg_clientgegevens WHERE traject_id = %s", [t.pk])
        assert cursor.fetchone()[0] == opgeslagen


def test_intake_dates_and_caseload_flags(wereld):
    from kompas.zorg.models import Zorgactie

    t, _a = _traject(wereld)
    zc = wereld["zc_actor"]
    vandaag = timezone.localdate()
    with pytest.raises(ValidationError, match="toekomst"):
        services.traject_intake_opslaan(
            actor=zc, traject=t, geinformeerd_op=vandaag + timedelta(days=1), b8_einddatum=None
        )
    with pytest.raises(ValidationError, match="drie maanden"):
        services.traject_intake_opslaan(
            actor=zc, traject=t, geinformeerd_op=None, b8_einddatum=vandaag + timedelta(days=200)
        )
    services.traject_intake_opslaan(
        actor=zc, traject=t, geinformeerd_op=vandaag, b8_einddatum=vandaag + timedelta(days=60)
    )
    [flagged] = selectors.caseload(zc)[Fase.INTAKE]
    assert not flagged.b8_binnenkort and not flagged.actie_te_laat
    services.traject_intake_opslaan(
        actor=zc, traject=t, geinformeerd_op=vandaag, b8_einddatum=vandaag + timedelta(days=10)
    )
    partner = OrganisatieFactory(naam="Opvang", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    _toestemming(wereld, t, partner)
    actie = services.zorgactie_aanmaken(
        actor=zc,
        traject=t,
        domein="huisvesting",
        hulpvraag="Woning",
        partner=partner,
        deadline=vandaag + timedelta(days=3),
    )
    Zorgactie.objects.filter(pk=actie.pk).update(deadline=vandaag - timedelta(days=1))  # time passes
    [flagged] = selectors.caseload(zc)[Fase.INTAKE]
    assert flagged.b8_binnenkort and flagged.actie_te_laat
    page = verified_client(wereld["zc"]).get(reverse("zorg:caseload")).content.decode()
    assert "Bedenktijd eindigt" in page and "Zorgactie over de deadline" in page
    with pytest.raises(PermissionDenied):
        services.traject_intake_opslaan(actor=wereld["ander_actor"], traject=t, geinformeerd_op=None, b8_einddatum=None)


def test_acute_trajecten_stand_on_top_of_their_phase_in_the_caseload(wereld):
    """Issue 10 item 12: within each phase the acute trajecten come first, then the oldest."""
    oud, _a = _traject(wereld)
    nieuw_acuut, _b = _traject(wereld, acuut=True)
    jong, _c = _traject(wereld)
    assert [t.clientcode for t in selectors.caseload(wereld["zc_actor"])[Fase.INTAKE]] == [
        nieuw_acuut.clientcode,
        oud.clientcode,
        jong.clientcode,
    ]
    pagina = verified_client(wereld["zc"]).get(reverse("zorg:caseload")).content.decode()
    assert pagina.index(nieuw_acuut.clientcode) < pagina.index(oud.clientcode) < pagina.index(jong.clientcode)


def test_the_caseload_shows_the_first_of_each_phase_and_pages_one_phase(wereld, monkeypatch):
    """A large caseload stays fast: each phase shows its first PER_FASE trajecten (acute on top)
    with its full count and a link to all of them; one phase is paged by PER_PAGINA, keeping the
    filters. The number of queries does not grow with the caseload."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(selectors, "PER_FASE", 2)
    monkeypatch.setattr(selectors, "PER_PAGINA", 2)
    trajecten = [_traject(wereld)[0] for _ in range(4)] + [_traject(wereld, acuut=True)[0]]
    eerst = selectors.caseload(wereld["zc_actor"])
    assert [t.clientcode for t in eerst[Fase.INTAKE]] == [trajecten[4].clientcode, trajecten[0].clientcode]
    assert eerst.aantallen[Fase.INTAKE] == 5 and eerst.totaal == 5
    client = verified_client(wereld["zc"])
    pagina = client.get(reverse("zorg:caseload"), {"behandelaar": "alle"}).content.decode()
    assert "Intake (5)" in pagina and "de eerste 2 van 5" in pagina
    assert "?behandelaar=alle&amp;fase=intake" in pagina and "Alle 5 trajecten in de fase Intake tonen" in pagina
    fase = client.get(reverse("zorg:caseload"), {"behandelaar": "alle", "fase": "intake"}).content.decode()
    assert "Pagina 1 van 3" in fase and "?behandelaar=alle&amp;fase=intake&amp;pagina=2" in fase
    assert fase.count('href="/zorg/trajecten/') == 2
    laatste = client.get(reverse("zorg:caseload"), {"behandelaar": "alle", "fase": "intake", "pagina": "3"})
    assert trajecten[3].clientcode in laatste.content.decode() and "Vorige pagina" in laatste.content.decode()
    assert laatste.content.decode().count('href="/zorg/trajecten/') == 1
    te_ver = client.get(reverse("zorg:caseload"), {"behandelaar": "alle", "fase": "intake", "pagina": "99"})
    assert "Pagina 3 van 3" in te_ver.content.decode()  # a page past the end shows the last one
    assert "Pagina 1 van 3" in client.get(reverse("zorg:caseload"), {"fase": "intake", "pagina": "x"}).content.decode()

    def queries():
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("zorg:caseload"), {"behandelaar": "alle"}).status_code == 200
        return len(q)

    _traject(wereld)  # a change, as below: the next view reads what it shows (and the user row) afresh
    voor = queries()
    for _ in range(4):
        _traject(wereld)
    assert queries() == voor


def test_sharing_with_a_care_partner_needs_consent_or_a_flagged_legal_ground(wereld):
    t, _a = _traject(wereld)
    zc = wereld["zc_actor"]
    partner = OrganisatieFactory(naam="Opvang", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    ander = OrganisatieFactory(naam="GGZ", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    kwargs = {"actor": zc, "traject": t, "domein": "hulp_opvang", "hulpvraag": "Opvang", "partner": partner}
    with pytest.raises(ValidationError, match="geen geldige toestemming"):
        services.zorgactie_aanmaken(**kwargs)
    _toestemming(wereld, t, ander)  # consent for another organisation does not count
    with pytest.raises(ValidationError):
        services.zorgactie_aanmaken(**kwargs)
    _toestemming(wereld, t, partner)
    services.zorgactie_aanmaken(**kwargs)
    _toestemming(wereld, t, partner, gegeven=False)  # a withdrawal stops all later sharing
    with pytest.raises(ValidationError):
        services.zorgactie_aanmaken(**kwargs)
    actie = services.zorgactie_aanmaken(**kwargs, grondslag="Acuut gevaar: onderdak vannacht nodig")
    entry = AuditEntry.objects.get(object_type="zorg.zorgactie", object_id=str(actie.pk))
    assert (
        entry.details["override_grondslag"] == "Acuut gevaar: onderdak vannacht nodig"
        and entry.details["toestemming"] is False
    )
    assert "zonder toestemming" in entry.doel
    assert t.acties.count() == 2


def test_retention_anonymises_closed_trajecten_and_keeps_every_figure(wereld):
    zc = wereld["zc_actor"]
    services.werkgebied_opslaan(
        actor=zc, gemeente_codes=["GM0405"], centrumgemeente_code="", fte="1", bewaartermijn_maanden=12
    )
    oud, aanmelding = _traject(wereld)
    open_, _b = _traject(wereld)
    partner = OrganisatieFactory(naam="Opvang", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    for t in (oud, open_):
        services.traject_gegevens_opslaan(
            actor=zc, traject=t, naam="Ana Popescu", geboortedatum=date(1999, 4, 2), contact="06"
        )
        services.traject_kenmerken_opslaan(
            actor=zc,
            traject=t,
            vormen=["arbeid"],
            leeftijdsgroep="24-49",
            gender="vrouw",
            nationaliteit="RO",
            verblijfsstatus="eu",
            gemeente_code="GM0405",
            strafrechtelijk_traject=False,
            acuut=False,
        )
        _toestemming(wereld, t, partner)
        services.zorgactie_aanmaken(actor=zc, traject=t, domein="werk", hulpvraag="Werk bij de bakker", partner=partner)
    services.traject_transitie(
        actor=zc, traject=oud, transitie="afsluiten", reden="Naar familie in Roemenië", afsluitreden="teruggekeerd"
    )
    voor = services.comensha_export(actor=zc, doel="voor")
    assert services.bewaartermijnen_handhaven(actor=SYSTEEM, now=timezone.now() + timedelta(days=300)) == 0  # not yet
    assert services.bewaartermijnen_handhaven(actor=SYSTEEM, now=timezone.now() + timedelta(days=370)) == 1
    assert services.comensha_export(actor=zc, doel="na") == voor  # every figure identical
    oud.refresh_from_db()
    assert oud.geanonimiseerd_op and not Clientgegevens.objects.filter(traject=oud).exists()
    assert not oud.toestemmingen.exists() and not oud.acties.exclude(hulpvraag="").exists()
    assert set(oud.geschiedenis.values_list("reden", flat=True)) == {""}
    aanmelding.refresh_from_db()
    assert aanmelding.toelichting == "" and aanmelding.signaal is None
    assert Clientgegevens.objects.filter(traject=open_).exists()  # open trajecten are never touched
    with pytest.raises(TransitieGeweigerd, match="geanonimiseerd"):
        services.traject_transitie(actor=zc, traject=oud, transitie="heropenen", reden="terug")
    assert AuditEntry.objects.filter(actie=Actie.DELETE, object_type="zorg.traject", object_id=str(oud.pk)).exists()
    assert (
        services.bewaartermijnen_handhaven(actor=SYSTEEM, now=timezone.now() + timedelta(days=370)) == 0
    )  # idempotent


def test_werkgebied_by_region_covers_its_gemeenten(wereld, django_assert_max_num_queries):
    from kompas.regio.models import Gemeente, Regio, RegioLidmaatschap
    from kompas.regio.selectors import huidig_jaar

    regio = Regio.objects.create(indeling="politie_eenheid", code="PE99", naam="Eenheid Test")
    for code in ("GM0405", "GM0388"):
        g = Gemeente.objects.create(jaar=huidig_jaar(), cbs_code=code, naam=code, provincie="Noord-Holland")
        RegioLidmaatschap.objects.create(gemeente=g, regio=regio, indeling="politie_eenheid")
    services.werkgebied_opslaan(
        actor=wereld["zc_actor"], regio=regio, gemeente_codes=[], centrumgemeente_code="GM0388", fte="2"
    )
    # a fixed number, whatever the number of werkgebieden: once the region tables are cached (per
    # version of the reference data), that version (read for each cached table: outside a request
    # nothing is remembered) and the werkgebieden
    assert selectors.zorgorganisaties_voor_gemeente("GM0405") == [wereld["zvh"]]
    with django_assert_max_num_queries(4):
        assert selectors.zorgorganisaties_voor_gemeente("GM0405") == [wereld["zvh"]]
    assert selectors.zorgorganisaties_voor_gemeente("GM0361") == []


def test_informatie_en_advies_is_counted_per_quarter_without_personal_data(wereld):
    client = verified_client(wereld["zc"])
    vandaag = timezone.localdate()
    r = client.post(
        reverse("zorg:consultaties"),
        {
            "datum": (vandaag + timedelta(days=1)).isoformat(),
            "organisatie_type": "politie",
            "onderwerp": "B8",
            "minuten": "20",
        },
    )
    assert r.status_code == 400 and "toekomst" in r.content.decode()
    for minuten in ("20", "40"):
        r = client.post(
            reverse("zorg:consultaties"),
            {
                "datum": vandaag.isoformat(),
                "organisatie_type": "politie",
                "onderwerp": "Bedenktijd B8 uitgelegd",
                "minuten": minuten,
            },
        )
        assert r.status_code == 302
    kwartaal = f"{vandaag.year}-K{(vandaag.month - 1) // 3 + 1}"
    assert selectors.consultaties_per_kwartaal(wereld["zc_actor"]) == [
        {"kwartaal": kwartaal, "aantal": 2, "minuten": 60}
    ]
    assert selectors.consultaties_per_kwartaal(wereld["ander_actor"]) == []
    assert selectors.consultaties_per_kwartaal(wereld["af_actor"]) == []


def test_the_caseload_filters_carry_no_optional_marker(wereld):
    """Search and filter fields are optional by nature: no "(niet verplicht)", as in the inbox and
    the audit log (the fresh-eyes walk found the caseload's filters marked)."""
    html = verified_client(wereld["zc"]).get(reverse("zorg:caseload")).content.decode()
    assert "<form" in html and "(niet verplicht)" not in html.split('id="inhoud"', 1)[1]
