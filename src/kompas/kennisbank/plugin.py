"""What the kennisbank plugs into the shell (navigation, dashboard panels, demo step); registered by
``KennisbankConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol
from kompas.core.registry import DemoStep, NavItem, PanelEntry, Registry


def register(registry: Registry) -> None:
    registry.add_navigation(NavItem(70, _("Kennisbank"), "kennisbank:bibliotheek"))
    registry.add_panel(
        [Rol.BELEIDSADVISEUR],
        PanelEntry(
            30,
            _("Kennisbank"),
            _("Het leerpad door alle onderwerpen van de aanpak, en zoeken in artikelen en kaarten."),
            "kennisbank:leerpad",
            _("Naar het leerpad"),
        ),
    )
    registry.add_panel(
        [Rol.REDACTEUR],
        PanelEntry(
            10,
            _("Kennisbank"),
            _("Schrijf en publiceer de artikelen en kaarten van het Kompas; elke versie blijft bewaard."),
            "kennisbank:redactie",
            _("Naar de redactie"),
        ),
    )
    registry.add_demo_step(DemoStep(40, "kennisbank", "kompas.kennisbank.demo.demo_step"))
