"""What the reference data plugs into the shell (navigation, dashboard panels, demo step); registered by
``RegioConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol
from kompas.core.registry import DemoStep, NavItem, PanelEntry, Registry

NAV_ROLES = {Rol.BELEIDSADVISEUR, Rol.KETENREGISSEUR, Rol.ANALIST, Rol.APPLICATIEBEHEERDER}


def register(registry: Registry) -> None:
    registry.add_navigation(
        NavItem(130, _("Gemeenten en regio's"), "regio:gemeenten", lambda actor: bool(actor.rollen & NAV_ROLES)),
    )
    registry.add_panel(
        [Rol.BELEIDSADVISEUR, Rol.KETENREGISSEUR, Rol.ANALIST],
        PanelEntry(
            90,
            _("Gemeenten en regio's"),
            _("Bekijk de gemeentelijke indeling per jaar, de regio's en de herindelingen."),
            "regio:gemeenten",
            _("Naar de referentiedata"),
        ),
    )
    registry.add_panel(
        [Rol.APPLICATIEBEHEERDER],
        PanelEntry(
            20,
            _("Regio-indelingen"),
            _("Importeer de lidmaatschappen van zorg- en veiligheidshuisregio's en regio's vrouwenopvang."),
            "regio:lidmaatschappen_import",
            _("Lidmaatschappen importeren"),
        ),
    )
    registry.add_demo_step(DemoStep(10, "regio", "kompas.regio.demo.demo_step"))
