"""What each role sees on its dashboard: panels with a link or an empty state that says
what will appear there once the capability is in use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompas.accounts.actor import Actor
from kompas.accounts.constants import Rol


@dataclass(frozen=True)
class Panel:
    title: str
    text: str
    link: str | None = None
    link_label: str | None = None
    action: str | None = None  # a meldroute policy action the actor must be allowed


def _visible(panel: Panel, actor: Actor) -> bool:
    if panel.action is None:
        return True
    from kompas.meldroute.policies import policy

    return policy.allows(actor, panel.action)


@cache  # URLs are fixed once the URLconf is loaded; texts stay lazy, so language still applies
def _panels() -> dict[str, list[Panel]]:
    fte = Panel(_("Rekenhulp zorgcoördinatie"), _("Hoeveel fte zorgcoördinatie heeft uw regio nodig? Reken het uit met de vuistregel van CoMensha en het inwonertal van de regio."),
                reverse("zelfscan:fte"), _("Naar de fte-rekenhulp"))
    regio = Panel(_("Gemeenten en regio's"), _("Bekijk de gemeentelijke indeling per jaar, de regio's en de herindelingen."), reverse("regio:gemeenten"), _("Naar de referentiedata"))
    return {
        Rol.MEDEWERKER: [
            Panel(_("Signaal melden"), _("Ziet of hoort u iets wat kan wijzen op mensenhandel? Meld het in twee minuten bij de aandachtsfunctionaris. Ook twijfel is een signaal."), reverse("meldroute:melden"), _("Signaal melden"), "melden"),
            Panel(_("Mijn signalen"), _("De signalen die u heeft gemeld, met hun status en de terugkoppeling."), reverse("meldroute:mijn_signalen"), _("Naar mijn signalen"), "eigen_signalen"),
        ],
        Rol.AANDACHTSFUNCTIONARIS: [
            Panel(_("Binnengekomen signalen"), _("De signalen van uw gemeente die op behandeling wachten, met acute signalen en signalen die te lang wachten bovenaan."), reverse("meldroute:inbox"), _("Naar de signalen"), "behandelen"),
            Panel(_("Cijfers meldroute"), _("Aard en omvang van de signalen in uw gemeente, per maand, vorm, sector en uitkomst."), reverse("meldroute:cijfers"), _("Naar de cijfers")),
        ],
        Rol.BELEIDSADVISEUR: [
            Panel(_("Cijfers meldroute"), _("Aard en omvang van de signalen in uw gemeente (alleen getallen)."), reverse("meldroute:cijfers"), _("Naar de cijfers"), "cijfers_gemeente"),
            Panel(_("Zelfscan en kompas"), _("Zie waar uw gemeente staat per bouwsteen van het Kader en het basisniveau, met de volgende stappen en een concept-beleidsplan."), reverse("zelfscan:overzicht"), _("Naar de zelfscan")),
            Panel(_("Kennisbank"), _("Het leerpad door alle onderwerpen van de aanpak, en zoeken in artikelen en kaarten."), reverse("kennisbank:leerpad"), _("Naar het leerpad")),
            fte,
            regio,
        ],
        Rol.ZORGCOORDINATOR: [
            Panel(_("Trajecten"), _("Hier verschijnen de zorgcoördinatietrajecten van uw regio (intake, hulpverlening, afronding). Er zijn nog geen trajecten.")),
            fte,
        ],
        Rol.PROCESREGISSEUR: [
            Panel(_("Casussen"), _("Hier verschijnen de complexe casussen die u als procesregisseur begeleidt. Er zijn nog geen casussen.")),
        ],
        Rol.KETENREGISSEUR: [
            Panel(_("Zelfscans in de regio"), _("De stand van elke gemeente in uw regio: basisniveau, aandachtsfunctionaris en plateau per bouwsteen."), reverse("zelfscan:regio"), _("Naar het regio-overzicht")),
            Panel(_("Regionaal overzicht"), _("Geaggregeerde cijfers van de signalen in de gemeenten van uw regio; aantallen onder de 5 worden niet getoond."), reverse("meldroute:cijfers"), _("Naar de regionale cijfers")),
            fte,
            regio,
        ],
        Rol.ANALIST: [
            Panel(_("Landelijke cijfers meldroute"), _("Aard en omvang van signalen in heel Nederland, alleen geaggregeerd."), reverse("meldroute:cijfers"), _("Naar de landelijke cijfers")),
            Panel(_("Landelijke monitor"), _("Metingen uitzetten, respons volgen, antwoorden inlezen en opschonen, en het rapport maken."), reverse("monitor:metingen"), _("Naar de monitor")),
            regio,
        ],
        Rol.REDACTEUR: [
            Panel(_("Kennisbank"), _("Schrijf en publiceer de artikelen en kaarten van het Kompas; elke versie blijft bewaard."), reverse("kennisbank:redactie"), _("Naar de redactie")),
        ],
        Rol.FUNCTIONEEL_BEHEERDER: [
            Panel(_("Gebruikers van uw organisatie"), _("Voeg collega's toe, ken rollen toe en herstel tweestapsverificatie."), reverse("accounts:users"), _("Gebruikers beheren")),
            Panel(_("Instellingen meldroute"), _("Bewaartermijn van afgesloten signalen en de termijn per stap."), reverse("meldroute:instellingen"), _("Instellingen"), "instellingen"),
        ],
        Rol.PRIVACY_OFFICER: [
            Panel(_("Auditlog"), _("Zoek wie welke persoonsgegevens heeft bekeken, geëxporteerd of gewijzigd, en exporteer het resultaat."), reverse("audit:list"), _("Naar het auditlog")),
        ],
        Rol.APPLICATIEBEHEERDER: [
            Panel(_("Organisaties"), _("Beheer de organisaties in Kompas en wijs hun functioneel beheerders aan."), reverse("accounts:organisaties"), _("Organisaties beheren")),
            Panel(_("Regio-indelingen"), _("Importeer de lidmaatschappen van zorg- en veiligheidshuisregio's en regio's vrouwenopvang."), reverse("regio:lidmaatschappen_import"), _("Lidmaatschappen importeren")),
        ],
    }


def dashboard_for(actor: Actor) -> list[Panel]:
    panels: list[Panel] = []
    seen: set[str] = set()
    table = _panels()
    for rol in Rol:
        if rol in actor.rollen:
            for panel in table[rol]:
                if str(panel.title) not in seen and _visible(panel, actor):
                    seen.add(str(panel.title))
                    panels.append(panel)
    return panels
