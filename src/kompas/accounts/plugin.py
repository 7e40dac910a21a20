"""What accounts plugs into the shell (navigation, dashboard panels, demo step, the role order); registered by
``AccountsConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol
from kompas.accounts.demo import start_samenvatting
from kompas.core.registry import DemoStep, NavItem, PanelEntry, Registry


def register(registry: Registry) -> None:
    registry.set_roles(Rol)  # a dashboard with several roles lists their panels in this order
    registry.add_navigation(
        NavItem(140, _("Gebruikers"), "accounts:users", lambda actor: Rol.FUNCTIONEEL_BEHEERDER in actor.rollen),
        NavItem(150, _("Organisaties"), "accounts:organisaties", lambda actor: Rol.APPLICATIEBEHEERDER in actor.rollen),
        NavItem(170, _("Mijn account"), "accounts:profile"),
    )
    registry.add_panel(
        [Rol.FUNCTIONEEL_BEHEERDER],
        PanelEntry(
            10,
            _("Gebruikers van uw organisatie"),
            _("Voeg collega's toe, ken rollen toe en herstel tweestapsverificatie."),
            "accounts:users",
            _("Gebruikers beheren"),
        ),
    )
    registry.add_panel(
        [Rol.APPLICATIEBEHEERDER],
        PanelEntry(
            10,
            _("Organisaties"),
            _("Beheer de organisaties in Kompas en wijs hun functioneel beheerders aan."),
            "accounts:organisaties",
            _("Organisaties beheren"),
        ),
    )
    # Empty state until the procesregisseur has an app of its own
    # (zorgcoördinatie registers its panels in zorg/plugin.py).
    registry.add_panel(
        [Rol.PROCESREGISSEUR],
        PanelEntry(
            10,
            _("Casussen"),
            _("Hier verschijnen de complexe casussen die u als procesregisseur begeleidt. Er zijn nog geen casussen."),
        ),
    )
    registry.add_demo_step(DemoStep(20, "accounts", "kompas.accounts.demo.demo_step"))
    registry.add_start_summary(start_samenvatting)
