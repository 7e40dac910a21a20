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


@cache  # URLs are fixed once the URLconf is loaded; texts stay lazy, so language still applies
def _panels() -> dict[str, list[Panel]]:
    regio = Panel(_("Gemeenten en regio's"), _("Bekijk de gemeentelijke indeling per jaar, de regio's en de herindelingen."), reverse("regio:gemeenten"), _("Naar de referentiedata"))
    return {
        Rol.MEDEWERKER: [
            Panel(_("Mijn signalen"), _("Hier komen de signalen van mogelijke mensenhandel die u heeft gemeld, met hun status en de terugkoppeling. U heeft nog geen signalen gemeld.")),
        ],
        Rol.AANDACHTSFUNCTIONARIS: [
            Panel(_("Binnengekomen signalen"), _("Hier verschijnen de signalen van uw gemeente die op behandeling wachten, met acute signalen bovenaan. Er zijn nog geen signalen.")),
        ],
        Rol.BELEIDSADVISEUR: [
            Panel(_("Zelfscan en kompas"), _("Hier ziet u straks waar uw gemeente staat per bouwsteen van het Kader en wat de volgende stappen zijn. Er is nog geen zelfscan ingevuld.")),
            regio,
        ],
        Rol.ZORGCOORDINATOR: [
            Panel(_("Trajecten"), _("Hier verschijnen de zorgcoördinatietrajecten van uw regio (intake, hulpverlening, afronding). Er zijn nog geen trajecten.")),
        ],
        Rol.PROCESREGISSEUR: [
            Panel(_("Casussen"), _("Hier verschijnen de complexe casussen die u als procesregisseur begeleidt. Er zijn nog geen casussen.")),
        ],
        Rol.KETENREGISSEUR: [
            Panel(_("Regionaal overzicht"), _("Hier ziet u straks geaggregeerde cijfers en de zelfscanstatus van de gemeenten in uw regio. Nog geen gegevens.")),
            regio,
        ],
        Rol.ANALIST: [
            Panel(_("Landelijke monitor"), _("Hier beheert u straks metingen, respons en rapportages (alleen geaggregeerde cijfers). Er is nog geen meting.")),
            regio,
        ],
        Rol.REDACTEUR: [
            Panel(_("Kennisbank"), _("Hier beheert u straks de artikelen en kaarten van het Kompas. Er zijn nog geen concepten.")),
        ],
        Rol.FUNCTIONEEL_BEHEERDER: [
            Panel(_("Gebruikers van uw organisatie"), _("Voeg collega's toe, ken rollen toe en herstel tweestapsverificatie."), reverse("accounts:users"), _("Gebruikers beheren")),
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
                if panel.title not in seen:
                    seen.add(str(panel.title))
                    panels.append(panel)
    return panels
