"""Zorgcoördinatie (issue 10): partners refer a possible victim themselves through a login-gated
form and see only the state of their own referral; the caseload's filters; names instead of
codes; the age group agrees with the date of birth."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.audit.models import Actie, AuditEntry
from kompas.core.schrijven import DIENSTEN, NietVanU
from kompas.regio.models import Gemeente
from kompas.zorg import selectors, services
from kompas.zorg.constants import Afsluitreden, Fase
from kompas.zorg.models import Aanmelding, Traject
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(db):
    jaar = Gemeente.objects.order_by("-jaar").values_list("jaar", flat=True).first() or 2026
    for code, naam in (("GM0405", "Hoorn"), ("GM0388", "Enkhuizen"), ("GM0361", "Alkmaar")):
        Gemeente.objects.get_or_create(jaar=jaar, cbs_code=code, defaults={"naam": naam, "provincie": "Noord-Holland"})
    hoorn = OrganisatieFactory(naam="Gemeente Hoorn", cbs_code="GM0405")
    zvh = OrganisatieFactory(naam="ZVH Noord", type=OrganisatieType.ZVH, cbs_code="")
    ander = OrganisatieFactory(naam="ZVH Zuid", type=OrganisatieType.ZVH, cbs_code="")
    politie = OrganisatieFactory(naam="Politie Noord", type=OrganisatieType.POLITIE, cbs_code="")
    zc, zc_ander = member(Rol.ZORGCOORDINATOR, zvh), member(Rol.ZORGCOORDINATOR, ander)
    agent, collega = member(Rol.CONTACTPERSOON, politie), member(Rol.CONTACTPERSOON, politie)
    medewerker = member(Rol.MEDEWERKER, hoorn)
    zc_actor = actor_for(zc, zvh.pk)
    services.werkgebied_opslaan(
        actor=zc_actor,
        gemeente_codes=["GM0405", "GM0388"],
        centrumgemeente_code="GM0405",
        fte="1.2",
        contact="0229 000 000",
    )
    services.werkgebied_opslaan(
        actor=actor_for(zc_ander, ander.pk), gemeente_codes=["GM0361"], centrumgemeente_code="", fte="1"
    )
    return {
        "hoorn": hoorn,
        "zvh": zvh,
        "ander": ander,
        "politie": politie,
        "zc": zc,
        "zc_ander": zc_ander,
        "agent": agent,
        "collega": collega,
        "medewerker": medewerker,
        "zc_actor": zc_actor,
        "agent_actor": actor_for(agent, politie.pk),
        "collega_actor": actor_for(collega, politie.pk),
    }


GELDIG = {
    "toelichting": "Man in een loods, werkt zonder loon; wil weg.",
    "toestemming": "gegeven",
    "verwijzer_contact": "06 1234 5678",
}


def _aanmelden(w, actor="agent_actor", **extra):
    return services.partner_aanmelden(actor=w[actor], **{**GELDIG, **extra})


def test_the_partner_refers_and_the_werkgebied_of_the_gemeente_receives_it(
    wereld, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = _aanmelden(wereld, gemeente_code="GM0388", vormen=["arbeid"], acuut=True)
    assert a.zorgorganisatie == wereld["zvh"] and a.bron == "formulier" and a.verwijzer_organisatie == wereld["politie"]
    assert a.door == wereld["agent"] and a.acuut and a.toestemming == "gegeven"
    # in the coordinator's caseload exactly like a meldroute referral
    assert list(selectors.aanmeldingen_voor(wereld["zc_actor"])) == [a]
    assert not selectors.aanmeldingen_voor(actor_for(wereld["zc_ander"], wereld["ander"].pk)).exists()
    page = verified_client(wereld["zc"]).get(reverse("zorg:caseload")).content.decode()
    assert f"Aanmelding {a.pk}" in page and "Politie Noord" in page
    detail = verified_client(wereld["zc"]).get(reverse("zorg:aanmelding", args=[a.pk])).content.decode()
    assert "06 1234 5678" in detail and "Enkhuizen" in detail and "Arbeidsuitbuiting" in detail
    # one content-free notice to the coordinator
    nieuw = [m for m in mailoutbox if m.to == [wereld["zc"].email]]
    assert len(nieuw) == 1 and "loods" not in nieuw[0].body and reverse("zorg:aanmelding", args=[a.pk]) in nieuw[0].body
    assert AuditEntry.objects.filter(actie=Actie.CREATE, object_type="zorg.aanmelding", object_id=str(a.pk)).exists()
    assert AuditEntry.objects.filter(actie=Actie.UPDATE, object_id=str(a.pk), details__aanmeldformulier=True).exists()
    # accepting carries the gemeente and the vorm into the traject
    t = services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=a)
    assert t.gemeente_code == "GM0388" and t.vormen == ["arbeid"] and t.acuut


def test_a_chosen_zorgcoordinatie_wins_and_without_one_the_gemeente_must_have_one(wereld):
    a = _aanmelden(wereld, gemeente_code="GM0405", zorgorganisatie=wereld["ander"])
    assert a.zorgorganisatie == wereld["ander"]
    with pytest.raises(ValidationError) as e:
        _aanmelden(wereld, gemeente_code="GM0999")
    assert "nog geen zorgcoördinatie bekend" in str(e.value)
    with pytest.raises(ValidationError) as e:
        _aanmelden(wereld)
    assert "Kies de zorgcoördinatie" in str(e.value)


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("toestemming", "", "weet en ermee instemt"),
        ("toestemming", "niet_gevraagd", "waarom u toch aanmeldt"),
        ("toestemming", "geweigerd", "waarom u toch aanmeldt"),
        ("verwijzer_contact", " ", "hoe de zorgcoördinator u kan bereiken"),
        ("toelichting", "", "Beschrijf kort"),
        ("vormen", ["spionage"], "Kies de vorm"),
    ],
)
def test_bad_referral_gets_a_dutch_message_and_nothing_is_stored(wereld, veld, waarde, melding):
    with pytest.raises(ValidationError) as e:
        _aanmelden(wereld, gemeente_code="GM0405", **{veld: waarde})
    assert melding in str(e.value)
    assert not Aanmelding.objects.exists()


def test_without_consent_the_reason_is_kept(wereld):
    a = _aanmelden(
        wereld,
        gemeente_code="GM0405",
        toestemming="niet_gevraagd",
        zonder_toestemming_reden="Minderjarige, acuut gevaar",
    )
    assert a.zonder_toestemming_reden == "Minderjarige, acuut gevaar"


def test_only_partner_referrers_may_refer_and_the_coordinator_cannot_pose_as_one(wereld):
    for actor in (
        wereld["zc_actor"],
        actor_for(member(Rol.ANALIST, OrganisatieFactory(type=OrganisatieType.COMENSHA, cbs_code="")), None),
        actor_for(member(Rol.CONTACTPERSOON, OrganisatieFactory(type=OrganisatieType.RIEC, cbs_code="")), None),
    ):
        with pytest.raises(PermissionDenied):
            services.partner_aanmelden(actor=actor, gemeente_code="GM0405", **GELDIG)
        with pytest.raises(PermissionDenied):  # nor through the shared service with the form's bron
            services.aanmelding_maken(actor=actor, zorgorganisatie=wereld["zvh"], toelichting="x", bron="formulier")
    # the coordinator's own entry form does not offer the partner's bron
    r = verified_client(wereld["zc"]).post(reverse("zorg:aanmelding_nieuw"), {"bron": "formulier", "toelichting": "x"})
    assert r.status_code == 400 and not Aanmelding.objects.exists()
    assert "partner_aanmelden" in " ".join(DIENSTEN) and "verwijzing_intrekken" in " ".join(DIENSTEN)


def test_the_referrer_sees_only_the_state_of_their_own_referral(wereld, mailoutbox, django_capture_on_commit_callbacks):
    agent, collega, zc = (
        verified_client(wereld["agent"]),
        verified_client(wereld["collega"]),
        verified_client(wereld["zc"]),
    )
    r = agent.post(reverse("zorg:aanmelden"), {**GELDIG, "gemeente_code": "GM0405", "zorgorganisatie": ""})
    a = Aanmelding.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("zorg:verwijzing", args=[a.pk])
    pagina = agent.get(reverse("zorg:verwijzing", args=[a.pk])).content.decode()
    assert "Ontvangen" in pagina and "ZVH Noord" in pagina and "0229 000 000" in pagina and "Hoorn" in pagina
    assert f"Aanmelding {a.pk}" in agent.get(reverse("zorg:verwijzingen")).content.decode()
    # a colleague of the same organisation does not see it
    assert collega.get(reverse("zorg:verwijzing", args=[a.pk])).status_code == 404
    assert f"Aanmelding {a.pk}" not in collega.get(reverse("zorg:verwijzingen")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        zc.post(reverse("zorg:accepteren", args=[a.pk]))
    t = Traject.objects.get(aanmelding=a)
    services.journaal_aanvullen(actor=wereld["zc_actor"], traject=t, tekst="Geheime aantekening over de cliënt")
    pagina = agent.get(reverse("zorg:verwijzing", args=[a.pk])).content.decode()
    assert (
        "Geaccepteerd" in pagina
        and t.clientcode not in pagina
        and "Geheime" not in pagina
        and "Intrekken" not in pagina
    )
    terug = [
        m for m in mailoutbox if m.to == [wereld["agent"].email]
    ]  # told, without content, with a link to the state
    assert len(terug) == 1 and reverse("zorg:verwijzing", args=[a.pk]) in terug[0].body and "loods" not in terug[0].body
    services.traject_transitie(
        actor=wereld["zc_actor"], traject=t, transitie="afsluiten", reden="klaar", afsluitreden=Afsluitreden.AFGEZIEN
    )
    pagina = agent.get(reverse("zorg:verwijzing", args=[a.pk])).content.decode()
    assert "Afgerond" in pagina and "afgezien" not in pagina.lower()
    # the referrer reaches neither the traject nor the coordinator's view of the aanmelding
    assert agent.get(reverse("zorg:traject", args=[t.pk])).status_code == 404
    assert agent.get(reverse("zorg:aanmelding", args=[a.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        actie=Actie.VIEW, object_type="zorg.aanmelding", object_id=str(a.pk), user=wereld["agent"]
    ).exists()


def test_rejection_reason_reaches_the_referrer(wereld):
    a = _aanmelden(wereld, gemeente_code="GM0405")
    services.aanmelding_afwijzen(
        actor=wereld["zc_actor"], aanmelding=a, reden="Geen aanwijzingen van uitbuiting; verwezen naar het wijkteam"
    )
    pagina = verified_client(wereld["agent"]).get(reverse("zorg:verwijzing", args=[a.pk])).content.decode()
    assert "Afgewezen: Geen aanwijzingen van uitbuiting" in pagina


def test_the_referrer_withdraws_before_it_is_judged_only(wereld):
    a = _aanmelden(wereld, gemeente_code="GM0405")
    with pytest.raises(NietVanU):  # a colleague's referral is not theirs
        services.verwijzing_intrekken(actor=wereld["collega_actor"], aanmelding=a)
    with pytest.raises(PermissionDenied):
        services.verwijzing_intrekken(actor=wereld["zc_actor"], aanmelding=a)
    r = verified_client(wereld["agent"]).post(reverse("zorg:verwijzing", args=[a.pk]), {"intrekken": "1"})
    a.refresh_from_db()
    assert r.status_code == 302 and a.stand == "ingetrokken"
    b = _aanmelden(wereld, gemeente_code="GM0405")
    services.aanmelding_accepteren(actor=wereld["zc_actor"], aanmelding=b)
    with pytest.raises(ValidationError):
        services.verwijzing_intrekken(actor=wereld["agent_actor"], aanmelding=b)


def test_a_gemeente_medewerker_gets_their_own_gemeentes_zorgcoordinatie_first(wereld):
    client = verified_client(wereld["medewerker"])
    pagina = client.get(reverse("zorg:aanmelden")).content.decode()
    assert '<option value="GM0405" selected>Hoorn</option>' in pagina
    assert pagina.index("ZVH Noord") < pagina.index("ZVH Zuid")
    r = client.post(
        reverse("zorg:aanmelden"),
        {"gemeente_code": "GM0405", "toestemming": "geweigerd", "toelichting": "x", "verwijzer_contact": "y"},
    )
    assert r.status_code == 400 and "waarom u toch aanmeldt" in r.content.decode()


# --- caseload filters ---------------------------------------------------------------------


def _traject(w, *, gemeente="GM0405", vormen=("arbeid",), clientcode=None):
    a = _aanmelden(w, gemeente_code=gemeente, vormen=list(vormen))
    return services.aanmelding_accepteren(actor=w["zc_actor"], aanmelding=a)


def test_caseload_filters_are_a_get_form_kept_in_the_url(wereld):
    hoorn = _traject(wereld, gemeente="GM0405", vormen=["arbeid"])
    enkhuizen = _traject(wereld, gemeente="GM0388", vormen=["seksueel", "crimineel"])
    tweede_zc = member(Rol.ZORGCOORDINATOR, wereld["zvh"])
    van_collega = services.aanmelding_accepteren(
        actor=actor_for(tweede_zc, wereld["zvh"].pk), aanmelding=_aanmelden(wereld, gemeente_code="GM0405")
    )
    gesloten = _traject(wereld)
    services.traject_transitie(
        actor=wereld["zc_actor"],
        traject=gesloten,
        transitie="afsluiten",
        reden="x",
        afsluitreden=Afsluitreden.OVERLEDEN,
    )
    from kompas.zorg.models import Zorgactie

    services.toestemming_vastleggen(
        actor=wereld["zc_actor"],
        traject=enkhuizen,
        doel="delen_organisatie",
        organisatie=wereld["politie"],
        gegeven=True,
        datum=timezone.localdate(),
    )
    actie = services.zorgactie_aanmaken(
        actor=wereld["zc_actor"],
        traject=enkhuizen,
        domein="strafrecht",
        hulpvraag="Aangifte",
        partner=wereld["politie"],
    )
    Zorgactie.objects.filter(pk=actie.pk).update(bijgewerkt_op=timezone.now() - timedelta(days=30))

    def codes(**filters):
        return {t.clientcode for lijst in selectors.caseload(wereld["zc_actor"], **filters).values() for t in lijst}

    alle_open = {hoorn.clientcode, enkhuizen.clientcode, van_collega.clientcode}
    assert codes() == alle_open
    assert codes(gemeente="GM0388") == {enkhuizen.clientcode}
    assert codes(vorm="crimineel") == {enkhuizen.clientcode}
    assert codes(vorm="arbeid") == {hoorn.clientcode}
    assert codes(stil=True) == {enkhuizen.clientcode}
    assert codes(mijn=True) == {hoorn.clientcode, enkhuizen.clientcode}
    assert codes(zoek=hoorn.clientcode[-5:]) == {hoorn.clientcode}
    assert codes(fase=Fase.AFGESLOTEN) == {gesloten.clientcode}
    assert codes(fase=Fase.INTAKE, gemeente="GM0405") == {hoorn.clientcode, van_collega.clientcode}

    client = verified_client(wereld["zc"])
    pagina = client.get(reverse("zorg:caseload"), {"gemeente": "GM0388", "vorm": "crimineel"}).content.decode()
    assert enkhuizen.clientcode in pagina and hoorn.clientcode not in pagina
    assert '<option value="GM0388" selected>Enkhuizen</option>' in pagina  # the filter stays in the form
    assert 'method="get"' in pagina and "Alle filters wissen" in pagina
    assert "Alkmaar" not in pagina  # only the werkgebied's gemeenten are offered
    pagina = client.get(reverse("zorg:caseload"), {"fase": "afgesloten"}).content.decode()
    assert gesloten.clientcode in pagina and hoorn.clientcode not in pagina
    assert (
        client.get(reverse("zorg:caseload"), {"fase": "bestaat-niet"}).status_code == 200
    )  # an invalid filter filters nothing
    # nothing found: one sentence, not one per phase (the fresh-eyes walk saw four alike)
    niets = client.get(reverse("zorg:caseload"), {"zoek": "XXXXXX"}).content.decode()
    assert niets.count("Geen trajecten die aan de filters voldoen.") == 1 and "Geen trajecten in deze fase" not in niets
    audit = AuditEntry.objects.filter(actie=Actie.VIEW, object_type="zorg.traject").order_by("-id")
    assert any(e.details.get("filters") == {"fase": "afgesloten", "behandelaar": "ik"} for e in audit)


def test_the_caseload_links_to_the_verantwoording_for_those_who_may_see_it(wereld):
    pagina = verified_client(wereld["zc"]).get(reverse("zorg:caseload")).content.decode()
    assert reverse("zorg:verantwoording") in pagina
    zonder = member(
        Rol.ZORGCOORDINATOR, OrganisatieFactory(naam="Zorgaanbieder X", type=OrganisatieType.ZORGAANBIEDER, cbs_code="")
    )
    assert reverse("zorg:verantwoording") not in verified_client(zonder).get(reverse("zorg:caseload")).content.decode()


# --- names instead of codes ------------------------------------------------------------------


def test_werkgebied_and_traject_show_names_not_codes(wereld):
    client = verified_client(wereld["zc"])
    pagina = client.get(reverse("zorg:werkgebied")).content.decode()
    assert "Enkhuizen, Hoorn." in pagina and "Centrumgemeente: Hoorn" in pagina and "GM0388, GM0405" not in pagina
    # names are typed, codes stored; an unknown name gets a Dutch message
    r = client.post(
        reverse("zorg:werkgebied"),
        {
            "gemeente_codes": "Hoorn, alkmaar",
            "centrumgemeente_code": "GM0361",
            "fte": "1,5",
            "bewaartermijn_maanden": "24",
            "actie_signaal_dagen": "14",
        },
    )
    assert r.status_code == 302
    assert selectors.werkgebied_voor(wereld["zc_actor"]).gemeente_codes == ["GM0361", "GM0405"]
    r = client.post(
        reverse("zorg:werkgebied"),
        {"gemeente_codes": "Hoorn, Atlantis", "fte": "1", "bewaartermijn_maanden": "24", "actie_signaal_dagen": "14"},
    )
    assert r.status_code == 400 and "Onbekende gemeente(n): Atlantis" in r.content.decode()

    t = _traject(wereld)
    services.traject_kenmerken_opslaan(
        actor=wereld["zc_actor"],
        traject=t,
        vormen=[],
        leeftijdsgroep="onbekend",
        gender="onbekend",
        nationaliteit="NL",
        verblijfsstatus="nederlander",
        gemeente_code="GM0405",
        strafrechtelijk_traject=False,
        acuut=False,
    )
    pagina = client.get(reverse("zorg:traject", args=[t.pk])).content.decode()
    assert "<dd>Nederland</dd>" in pagina and "(NL)" not in pagina and "<dd>Hoorn</dd>" in pagina
    assert (
        '<option value="NL" selected>Nederland</option>' in pagina
        and '<option value="GM0405" selected>Hoorn</option>' in pagina
    )
    services.traject_kenmerken_opslaan(
        actor=wereld["zc_actor"],
        traject=t,
        vormen=[],
        leeftijdsgroep="onbekend",
        gender="onbekend",
        nationaliteit="RO",
        verblijfsstatus="eu",
        gemeente_code="GM0405",
        strafrechtelijk_traject=False,
        acuut=False,
    )
    assert "<dd>Roemenië (EU)</dd>" in client.get(reverse("zorg:traject", args=[t.pk])).content.decode()
    r = client.post(
        reverse("zorg:kenmerken", args=[t.pk]),
        {
            "leeftijdsgroep": "onbekend",
            "gender": "onbekend",
            "verblijfsstatus": "eu",
            "nationaliteit": "NG",
            "gemeente_code": "GM0388",
        },
    )
    t.refresh_from_db()
    assert r.status_code == 302 and t.nationaliteit == "NG" and t.gemeente_code == "GM0388"


# --- the age group agrees with the date of birth ----------------------------------------------


def test_age_group_and_date_of_birth_must_agree(wereld):
    t = _traject(wereld)
    zc = wereld["zc_actor"]
    vandaag = timezone.localdate()
    volwassen = date(vandaag.year - 34, 1, 1)

    def kenmerken(groep):
        services.traject_kenmerken_opslaan(
            actor=zc,
            traject=t,
            vormen=[],
            leeftijdsgroep=groep,
            gender="man",
            nationaliteit="",
            verblijfsstatus="onbekend",
            gemeente_code="",
            strafrechtelijk_traject=False,
            acuut=False,
        )

    kenmerken("0-17")
    with pytest.raises(ValidationError) as e:
        services.traject_gegevens_opslaan(actor=zc, traject=t, naam="Demo", geboortedatum=volwassen)
    assert "past niet bij de geboortedatum" in str(e.value) and "24–49" in str(e.value)
    kenmerken("24-49")
    services.traject_gegevens_opslaan(actor=zc, traject=t, naam="Demo", geboortedatum=volwassen)
    with pytest.raises(ValidationError) as e:
        kenmerken("0-17")
    assert "past niet bij de geboortedatum" in str(e.value)
    t.refresh_from_db()
    assert t.leeftijdsgroep == "24-49"  # nothing already stored is lost
    kenmerken("onbekend")  # unknown is always allowed
    assert services.leeftijdsgroep_van(date(2008, 6, 2), date(2026, 6, 1)) == "0-17"
    assert services.leeftijdsgroep_van(date(2008, 6, 2), date(2026, 6, 2)) == "18-23"


def test_demo_age_groups_agree_with_the_dates_of_birth():
    from kompas.zorg.demo import VERLOOP, geboortedatum_bij
    from kompas.zorg.services import leeftijdsgroep_van

    for vandaag in (date(2026, 1, 1), date(2026, 12, 31), date(2027, 3, 12)):
        for i, (_v, groep, leeftijd, *_rest) in enumerate(VERLOOP, start=1):
            assert leeftijdsgroep_van(geboortedatum_bij(leeftijd, i, vandaag), vandaag) == groep
