"""Demo signals in Gemeente Hoorn, walked through the workflow (step of ``kompas demo``)."""

from __future__ import annotations

from django.utils import timezone

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import Rol
from kompas.meldroute import services
from kompas.meldroute.models import Signaal

DEMO_SIGNALEN = [
    # (wat, vormen, sector, herkomst, acuut, stappen)
    (
        "Bij een controle op een vakantiepark wonen twaalf arbeidsmigranten in één chalet; de werkgever houdt hun "
        "paspoorten.",
        ["arbeid"],
        "recreatie",
        "controle",
        False,
        ["verrijken", "lokaal_bespreken", "riec_inbrengen"],
    ),
    (
        "Jonge vrouw aan de balie weet haar eigen adres niet; een oudere man spreekt voor haar en houdt haar "
        "papieren vast.",
        ["seksueel"],
        "anders",
        "balie",
        True,
        [],
    ),
    (
        "Wijkteam: jongen van 16 brengt 's nachts pakketjes rond en heeft een schuld bij 'vrienden'.",
        ["crimineel"],
        "anders",
        "gesprek",
        False,
        ["verrijken"],
    ),
    (
        "Melding van een buurman: busje haalt elke ochtend om 5 uur mensen op bij een woning aan de Industrieweg.",
        ["onbekend"],
        "uitzend",
        "melding",
        False,
        ["verrijken", "terugkoppelen", "afsluiten"],
    ),
]


def demo_step(context: dict) -> list[str]:
    """Reports the demo signals once, as the demo medewerker, and takes their steps as the demo
    aandachtsfunctionaris (organisations and users come from the accounts step). Leaves the
    demo gemeente's signals in ``context["signalen"]`` for the steps after it (zorg refers one)."""
    gemeente = context["organisaties"]["Gemeente Hoorn"]
    if not Signaal.objects.filter(gemeente=gemeente).exists():
        _melden(context, gemeente)
    context["signalen"] = list(Signaal.objects.filter(gemeente=gemeente).order_by("pk"))
    return []


def _melden(context: dict, gemeente) -> None:
    melder = actor_for(context["gebruikers"][Rol.MEDEWERKER], gemeente.pk)
    af = actor_for(context["gebruikers"][Rol.AANDACHTSFUNCTIONARIS], gemeente.pk)
    for wat, vormen, sector, herkomst, acuut, stappen in DEMO_SIGNALEN:
        s = services.signaal_melden(
            actor=melder,
            wat=wat,
            wanneer=timezone.localdate(),
            vormen=vormen,
            sector=sector,
            herkomst=herkomst,
            acuut=acuut,
        )
        if stappen:
            services.verrijking_toevoegen(
                actor=af,
                signaal=s,
                bron="brp",
                grondslag="Wet BRP, art. 3.2 (demo)",
                tekst="Op het adres staan meer personen ingeschreven dan er kunnen wonen (demo).",
            )
        for stap in stappen:
            services.transitie_uitvoeren(
                actor=af,
                signaal=s,
                transitie=stap,
                reden="Demo-stap",
                overleg="ondermijningsoverleg",
                terugkoppeling=(
                    "Dank voor uw melding. Het signaal is bekeken; er is geen aanwijzing voor "
                    "mensenhandel gevonden, wel voor een overtreding die handhaving oppakt."
                ),
                uitkomst="ander_fenomeen",
                ander_fenomeen="Overbewoning (demo)",
            )
