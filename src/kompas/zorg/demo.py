"""Demo zorgcoördinatie (step of ``kompas demo``): the demo zorgcoördinator's werkgebied and
trajecten in every phase, one referred from a demo signal and one referral waiting."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import Rol
from kompas.zorg import services
from kompas.zorg.models import Traject

ZVH = "Zorg- en Veiligheidshuis Noord-Holland Noord"
PARTNER = "Zorgaanbieder De Haven (fictief)"
WERKGEBIED = ["GM0405", "GM0388", "GM0420", "GM0361"]

VERLOOP = [  # (vormen, leeftijdsgroep, gender, land, verblijfsstatus, stappen, afsluitreden)
    (["arbeid"], "24-49", "man", "PL", "eu", ["hulpverlening_starten"], ""),
    (["crimineel"], "0-17", "man", "NL", "nederlander", ["intake_afronden"], ""),
    (["arbeid"], "24-49", "vrouw", "PH", "b8", ["intake_afronden", "afronding_starten"], ""),
    (["seksueel"], "24-49", "transgender", "NG", "b8", ["intake_afronden", "afronding_starten", "afsluiten"], "teruggekeerd"),
]


def demo_step(context: dict) -> list[str]:
    orgs = context["organisaties"]
    zvh, gemeente, partner = orgs[ZVH], orgs["Gemeente Hoorn"], orgs[PARTNER]
    if Traject.objects.filter(zorgorganisatie=zvh).exists():
        return []
    zc = actor_for(context["gebruikers"][Rol.ZORGCOORDINATOR], zvh.pk)
    af = actor_for(context["gebruikers"][Rol.AANDACHTSFUNCTIONARIS], gemeente.pk)
    services.werkgebied_opslaan(actor=zc, regio=context.get("regio_zvh"), gemeente_codes=WERKGEBIED, centrumgemeente_code="GM0361",
                                fte="1.6", contact="0229 000 000 · zorgcoordinatie@zvh-nhn.example")
    # the acute signal at the balie is referred and accepted; the wijkteam's waits for a decision
    signalen = list(apps.get_model("meldroute", "Signaal").objects.filter(gemeente=gemeente).order_by("pk"))
    if len(signalen) >= 3:
        a = services.aanmelding_maken(actor=af, zorgorganisatie=zvh, signaal=signalen[1],
                                      toelichting="Jonge vrouw, mogelijk seksuele uitbuiting; opvang en een veilige plek nodig (demo).")
        t = services.aanmelding_accepteren(actor=zc, aanmelding=a)
        services.traject_kenmerken_opslaan(actor=zc, traject=t, vormen=["seksueel"], leeftijdsgroep="18-23", gender="vrouw", nationaliteit="RO",
                                           verblijfsstatus="eu", gemeente_code="GM0405", strafrechtelijk_traject=False, acuut=True)
        services.aanmelding_maken(actor=af, zorgorganisatie=zvh, signaal=signalen[2],
                                  toelichting="Jongen van 16 met een schuld bij 'vrienden'; wijkteam vraagt om zorgcoördinatie (demo).")
    for i, (vormen, leeftijd, gender, land, status, stappen, reden) in enumerate(VERLOOP, start=1):
        aanmelding = services.aanmelding_maken(actor=zc, zorgorganisatie=zvh, bron="telefoon",
                                               toelichting=f"Telefonische aanmelding door een partner (demo {i}).")
        t = services.aanmelding_accepteren(actor=zc, aanmelding=aanmelding)
        services.traject_kenmerken_opslaan(actor=zc, traject=t, vormen=vormen, leeftijdsgroep=leeftijd, gender=gender, nationaliteit=land,
                                           verblijfsstatus=status, gemeente_code="GM0405", strafrechtelijk_traject=False, acuut=False)
        services.traject_gegevens_opslaan(actor=zc, traject=t, naam=f"Demo Cliënt {i}", geboortedatum=date(1990 + i, i, 10 + i))
        services.toestemming_vastleggen(actor=zc, traject=t, doel="delen_organisatie", organisatie=partner, gegeven=True,
                                        datum=timezone.localdate(), reikwijdte="Hulpvraag en warme overdracht (demo)")
        services.zorgactie_aanmaken(actor=zc, traject=t, domein="hulp_opvang", hulpvraag="Opvang en begeleiding", partner=partner,
                                    overdracht="Warme overdracht besproken met de cliënt (demo).")
        for stap in stappen:
            services.traject_transitie(actor=zc, traject=t, transitie=stap, reden="Demo-stap", afsluitreden=reden)
    return ["Zorgcoördinatie: de demo-zorgcoördinator heeft een werkgebied en trajecten in elke fase."]
