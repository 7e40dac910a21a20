"""Demo zorgcoördinatie (step of ``kompas demo``): the demo zorgcoördinator's werkgebied and
trajecten in every phase (each with the coordinator who accepted it as behandelaar), one
referred from a demo signal; two referrals waiting, from a demo signal and from the politie's
aanmeldformulier; the
zorgnetwerk with expertise and capacity, a care partner's login (``zorgpartner``) with actions
it updated, one without an update for weeks and one shared under a legal ground; a second
zorgcoördinator (``zorgcoordinator2``) who handles one of the open trajecten, so "Mijn trajecten"
and "Alle trajecten" differ and a traject can be handed to a colleague."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from kompas.accounts import services as accounts
from kompas.accounts.actor import actor_for
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from kompas.core.schrijven import SYSTEEM
from kompas.zorg import services
from kompas.zorg.models import Traject, Zorgactie

ZVH = "Zorg- en Veiligheidshuis Noord-Holland Noord"
PARTNER = "Zorgaanbieder De Haven (fictief)"
POLITIE = "Politie eenheid Noord-Holland"
JEUGD = "Jeugdhulp Kompasroos (fictief)"
PARTNER_GEBRUIKER = "zorgpartner"
COLLEGA_GEBRUIKER = "zorgcoordinator2"  # a second zorgcoördinator: hand a traject to a colleague
WERKGEBIED = ["GM0405", "GM0388", "GM0420", "GM0361"]

VERLOOP = [  # (vormen, leeftijdsgroep, leeftijd, gender, land, verblijfsstatus, stappen, afsluitreden)
    (["arbeid"], "24-49", 31, "man", "PL", "eu", ["hulpverlening_starten"], ""),
    (["crimineel"], "0-17", 16, "man", "NL", "nederlander", ["intake_afronden"], ""),
    (["arbeid"], "24-49", 38, "vrouw", "PH", "b8", ["intake_afronden", "afronding_starten"], ""),
    (
        ["seksueel"],
        "24-49",
        27,
        "transgender",
        "NG",
        "b8",
        ["intake_afronden", "afronding_starten", "afsluiten"],
        "teruggekeerd",
    ),
]


def geboortedatum_bij(leeftijd: int, volgnummer: int, vandaag: date) -> date:
    """A demo date of birth that makes the cliënt ``leeftijd`` (or one less, before the
    birthday) today, so it agrees with the demo's age group (the service refuses otherwise)."""
    return date(vandaag.year - leeftijd, volgnummer, 10 + volgnummer)


def demo_step(context: dict) -> list[str]:
    orgs = context["organisaties"]
    zvh, gemeente, partner = orgs[ZVH], orgs["Gemeente Hoorn"], orgs[PARTNER]
    if Traject.objects.filter(zorgorganisatie=zvh).exists():
        return []
    zc = actor_for(context["gebruikers"][Rol.ZORGCOORDINATOR], zvh.pk)
    af = actor_for(context["gebruikers"][Rol.AANDACHTSFUNCTIONARIS], gemeente.pk)
    services.werkgebied_opslaan(
        actor=zc,
        regio=context.get("regio_zvh"),
        gemeente_codes=WERKGEBIED,
        centrumgemeente_code="GM0361",
        fte="1.6",
        contact="0229 000 000 · zorgcoordinatie@zvh-nhn.example",
    )
    # the acute signal at the balie is referred and accepted; the wijkteam's waits for a decision
    signalen = context.get("signalen", [])  # the demo gemeente's, left by the meldroute step
    if len(signalen) >= 3:
        a = services.aanmelding_maken(
            actor=af,
            zorgorganisatie=zvh,
            signaal=signalen[1],
            toelichting="Jonge vrouw, mogelijk seksuele uitbuiting; opvang en een veilige plek nodig (demo).",
        )
        t = services.aanmelding_accepteren(actor=zc, aanmelding=a)
        services.traject_kenmerken_opslaan(
            actor=zc,
            traject=t,
            vormen=["seksueel"],
            leeftijdsgroep="18-23",
            gender="vrouw",
            nationaliteit="RO",
            verblijfsstatus="eu",
            gemeente_code="GM0405",
            strafrechtelijk_traject=False,
            acuut=True,
        )
        services.aanmelding_maken(
            actor=af,
            zorgorganisatie=zvh,
            signaal=signalen[2],
            toelichting="Jongen van 16 met een schuld bij 'vrienden'; wijkteam vraagt om zorgcoördinatie (demo).",
        )
    # the politie's contactpersoon refers a possible victim through the aanmeldformulier
    # (zorg:aanmelden); the werkgebied of Enkhuizen sends it here, open for the coordinator
    politie = orgs[POLITIE]
    services.partner_aanmelden(
        actor=actor_for(context["gebruikers"][Rol.CONTACTPERSOON], politie.pk),
        gemeente_code="GM0388",
        vormen=["arbeid"],
        toestemming="gegeven",
        verwijzer_contact="Wijkagent Enkhuizen, 0900 8844 (fictief)",
        toelichting="Bij een controle in een kas sprak een man ons aan: hij werkt zonder loon en wil weg (demo).",
    )
    for i, (vormen, leeftijdsgroep, leeftijd, gender, land, status, stappen, reden) in enumerate(VERLOOP, start=1):
        aanmelding = services.aanmelding_maken(
            actor=zc,
            zorgorganisatie=zvh,
            bron="telefoon",
            toelichting=f"Telefonische aanmelding door een partner (demo {i}).",
        )
        t = services.aanmelding_accepteren(actor=zc, aanmelding=aanmelding)
        services.traject_kenmerken_opslaan(
            actor=zc,
            traject=t,
            vormen=vormen,
            leeftijdsgroep=leeftijdsgroep,
            gender=gender,
            nationaliteit=land,
            verblijfsstatus=status,
            gemeente_code="GM0405",
            strafrechtelijk_traject=False,
            acuut=False,
        )
        services.traject_gegevens_opslaan(
            actor=zc,
            traject=t,
            naam=f"Demo Cliënt {i}",
            geboortedatum=geboortedatum_bij(leeftijd, i, timezone.localdate()),
        )
        services.toestemming_vastleggen(
            actor=zc,
            traject=t,
            doel="delen_organisatie",
            organisatie=partner,
            gegeven=True,
            datum=timezone.localdate(),
            reikwijdte="Hulpvraag en warme overdracht (demo)",
        )
        services.zorgactie_aanmaken(
            actor=zc,
            traject=t,
            domein="hulp_opvang",
            hulpvraag="Opvang en begeleiding",
            partner=partner,
            overdracht="Warme overdracht besproken met de cliënt (demo).",
        )
        for stap in stappen:
            services.traject_transitie(actor=zc, traject=t, transitie=stap, reden="Demo-stap", afsluitreden=reden)
    zorgnetwerk(context, zc, zvh, partner)
    collega(zc, zvh)
    return [
        "Zorgcoördinatie: de demo-zorgcoördinator heeft een werkgebied, een zorgnetwerk en trajecten in elke fase;"
        " een aanmelding van de politie (aanmeldformulier) wacht op acceptatie.",
        f"  {PARTNER_GEBRUIKER}  Contactpersoon zorgpartner – {PARTNER} (zelfde wachtwoord en tweestapscode)",
        f"  {COLLEGA_GEBRUIKER}  Tweede zorgcoördinator – {ZVH}, behandelaar van een traject"
        " (zelfde wachtwoord en tweestapscode)",
    ]


def collega(zc, zvh) -> None:
    """A second zorgcoördinator of the ZVH; the demo coordinator hands her open traject in
    hulpverlening to her, so the behandelaar filter has a colleague to choose and "Mijn trajecten"
    differs from "Alle trajecten" (the stalled action stays on the demo coordinator's own list)."""
    gebruiker = accounts.demo_gebruiker_inrichten(
        actor=SYSTEEM,
        username=COLLEGA_GEBRUIKER,
        email=f"{COLLEGA_GEBRUIKER}@{DEMO_DOMAIN}",
        first_name="Tweede zorgcoördinator",
        rol=Rol.ZORGCOORDINATOR,
        organisatie=zvh,
        password=DEMO_PASSWORD,
        totp_key=DEMO_TOTP_KEY_HEX,
    )
    for t in Traject.objects.filter(zorgorganisatie=zvh, fase="hulpverlening", acuut=False):
        services.traject_behandelaar_wijzigen(actor=zc, traject=t, behandelaar=gebruiker)


def zorgnetwerk(context: dict, zc, zvh, partner) -> None:
    """The werkgebied's zorgnetwerk and the care partner's side of the demo actions."""

    orgs = context["organisaties"]
    jeugd = accounts.demo_organisatie_inrichten(
        actor=SYSTEEM, naam=JEUGD, type=OrganisatieType.ZORGAANBIEDER, regio=context.get("regio_zvh")
    )
    services.netwerkpartner_opslaan(
        actor=zc,
        organisatie=partner,
        vormen=["seksueel", "arbeid"],
        doelgroepen=["vrouwen", "mannen", "arbeidsmigranten"],
        domeinen=["hulp_opvang", "huisvesting", "gezondheid"],
        contact="Intake opvang: 0229 111 111 (fictief)",
        opvangplaatsen=12,
    )
    services.netwerkpartner_opslaan(
        actor=zc,
        organisatie=jeugd,
        vormen=["crimineel", "seksueel"],
        doelgroepen=["minderjarigen", "jongvolwassenen"],
        domeinen=["hulp_opvang", "onderwijs"],
        contact="Crisisteam: 0229 222 222 (fictief)",
        opvangplaatsen=4,
    )
    services.netwerkpartner_opslaan(
        actor=zc,
        organisatie=orgs[POLITIE],
        vormen=["seksueel", "arbeid", "crimineel", "orgaan"],
        domeinen=["strafrecht", "identiteit"],
        contact="Team mensenhandel: 0900 8844 (fictief)",
    )
    gebruiker = accounts.demo_gebruiker_inrichten(
        actor=SYSTEEM,
        username=PARTNER_GEBRUIKER,
        email=f"{PARTNER_GEBRUIKER}@{DEMO_DOMAIN}",
        first_name="Contactpersoon zorgpartner",
        rol=Rol.CONTACTPERSOON,
        organisatie=partner,
        password=DEMO_PASSWORD,
        totp_key=DEMO_TOTP_KEY_HEX,
    )
    cp = actor_for(gebruiker, partner.pk)
    services.capaciteit_bijwerken(
        actor=cp, opvangplaatsen=12, vrije_plaatsen=3, contact="Intake opvang: 0229 111 111 (fictief)"
    )
    acties = list(Zorgactie.objects.filter(partner=partner, traject__zorgorganisatie=zvh).order_by("pk"))
    if len(acties) >= 3:
        services.partner_actie_bijwerken(
            actor=cp, actie=acties[0], stand="gestart", toelichting="Intakegesprek gehad; plek per direct (demo)."
        )
        services.partner_actie_bijwerken(actor=cp, actie=acties[1], stand="gestart", toelichting="Gestart (demo).")
        # an action the partner has left alone for three weeks: flagged on the caseload
        Zorgactie.objects.filter(pk=acties[2].pk).update(bijgewerkt_op=timezone.now() - timedelta(days=21))
    if acties:  # a zorgoverleg around the first demo traject, its decision, and a journal line
        t = acties[0].traject
        overleg = services.zorgoverleg_plannen(
            actor=zc,
            traject=t,
            datum=timezone.now() + timedelta(days=2),
            genodigden=[partner],
            locatie="ZVH Hoorn, overlegruimte 1 (demo)",
            agenda="1. Opvangplek\n2. Aangifte en advocaat",
            gedeeld="Cliënt wil in de regio blijven en spreekt Pools en wat Engels (demo).",
        )
        services.zorgoverleg_bijwerken(
            actor=zc,
            overleg=overleg,
            agenda=overleg.agenda,
            gedeeld=overleg.gedeeld,
            locatie=overleg.locatie,
            besluiten="De Haven houdt de plek vast tot na de bedenktijd (demo).",
        )
        services.journaal_aanvullen(
            actor=zc, traject=t, tekst="Telefonisch contact met de advocaat over de aangifte (demo)."
        )
    acuut = Traject.objects.filter(zorgorganisatie=zvh, acuut=True).first()
    if acuut is not None:  # shared without consent, under a legal ground: on the privacy officer's list
        services.zorgactie_aanmaken(
            actor=zc,
            traject=acuut,
            domein="hulp_opvang",
            hulpvraag="Crisisopvang vannacht",
            partner=partner,
            overdracht="Cliënte durft niet terug naar haar kamer (demo).",
            grondslag="Acuut gevaar voor de cliënt (art. 6 lid 1 onder d AVG, vitaal belang)",
        )
