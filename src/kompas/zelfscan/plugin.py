"""What the zelfscan plugs into the shell (navigation, dashboard panels, the evaluation reminder); registered by
``ZelfscanConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol
from kompas.core.registry import NavItem, PanelEntry, Registry
from kompas.zelfscan.fte import berekenen
from kompas.zelfscan.policies import policy
from kompas.zelfscan.selectors import evaluatie_herinnering


def _can(action: str):
    return lambda actor: policy.allows(actor, action)


def dashboard_context(actor) -> dict:
    """The owner of the beleidsplan gets its evaluation reminder on the dashboard."""
    if Rol.BELEIDSADVISEUR not in actor.rollen:
        return {}
    return {"evaluatie": evaluatie_herinnering(actor), "today": timezone.localdate()}


def _fte_berekenen(inwoners: int, politieregio: bool = False):
    return berekenen(inwoners, politieregio)


def register(registry: Registry) -> None:
    registry.add_navigation(
        NavItem(80, _("Zelfscan"), "zelfscan:overzicht", _can("scannen")),
        NavItem(90, _("Zelfscan: de regio"), "zelfscan:regio", _can("regio")),
    )
    registry.add_panel(
        [Rol.BELEIDSADVISEUR],
        PanelEntry(
            20,
            _("Zelfscan en kompas"),
            _(
                "Zie waar uw gemeente staat per bouwsteen van het Kader en het basisniveau, met de volgende "
                "stappen en een concept-beleidsplan."
            ),
            "zelfscan:overzicht",
            _("Naar de zelfscan"),
        ),
    )
    registry.add_panel(
        [Rol.KETENREGISSEUR],
        PanelEntry(
            10,
            _("Zelfscans in de regio"),
            _("De stand van elke gemeente in uw regio: basisniveau, aandachtsfunctionaris en plateau per bouwsteen."),
            "zelfscan:regio",
            _("Naar het regio-overzicht"),
        ),
    )
    # the fte calculator, for the roles that size or fund zorgcoördinatie (issue 14 item 6)
    registry.add_panel(
        [Rol.BELEIDSADVISEUR, Rol.KETENREGISSEUR, Rol.ZORGCOORDINATOR],
        PanelEntry(
            85,
            _("Rekenhulp zorgcoördinatie"),
            _(
                "Hoeveel fte zorgcoördinatie heeft uw regio nodig? Reken het uit met de vuistregel van CoMensha en "
                "het inwonertal van de regio."
            ),
            "zelfscan:fte",
            _("Naar de fte-rekenhulp"),
        ),
    )
    registry.add_dashboard_context(dashboard_context)
    # the same rule beside the fte in use, in zorgcoördinatie's verantwoording (zorg may not import zelfscan)
    registry.provide("zelfscan.fte_berekenen", _fte_berekenen)
