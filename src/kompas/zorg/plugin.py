"""What zorgcoördinatie plugs into the shell (navigation, dashboard panels, periodic task, demo
step) and the services it offers the meldroute, which may not import it; registered by
``ZorgConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from datetime import time

from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol
from kompas.core.registry import DemoStep, NavItem, PanelEntry, Registry
from kompas.core.scheduler import Periodiek
from kompas.zorg import selectors
from kompas.zorg.policies import policy, verantwoording_actie
from kompas.zorg.services import aanmelding_maken
from kompas.zorg.verantwoording import werkgebieden_voor


def _can(action: str):
    return lambda actor: policy.allows(actor, action)


def _doorverwijzen(**kwargs):
    return aanmelding_maken(**kwargs)


def _ziet_verantwoording(actor) -> bool:
    if verantwoording_actie(actor) is None:
        return False

    return bool(werkgebieden_voor(actor))


def register(registry: Registry) -> None:
    registry.add_navigation(NavItem(65, _("Zorgcoördinatie"), "zorg:caseload", _can("coordineren")))
    registry.add_panel(
        [Rol.ZORGCOORDINATOR],
        PanelEntry(
            10,
            _("Caseload zorgcoördinatie"),
            _(
                "Nieuwe aanmeldingen en de open trajecten van uw organisatie per fase (intake, hulpverlening, "
                "afronding), acute trajecten bovenaan."
            ),
            "zorg:caseload",
            _("Naar de caseload"),
            visible=_can("coordineren"),
        ),
    )
    registry.add_panel(
        [Rol.ZORGCOORDINATOR, Rol.BELEIDSADVISEUR, Rol.KETENREGISSEUR],
        PanelEntry(
            40,
            _("Verantwoording zorgcoördinatie"),
            _(
                "De cijfers voor de centrumgemeente per jaar of kwartaal: aanmeldingen, trajecten, tijd per fase, "
                "zorgacties, informatie en advies, en het fte naast de vuistregel."
            ),
            "zorg:verantwoording",
            _("Naar de verantwoording"),
            visible=_ziet_verantwoording,
        ),
    )
    registry.add_panel(
        [Rol.ZORGCOORDINATOR, Rol.FUNCTIONEEL_BEHEERDER],
        PanelEntry(
            30,
            _("Werkgebied zorgcoördinatie"),
            _("De gemeenten die uw zorgcoördinatie bedient, de centrumgemeente, het aantal fte en de bewaartermijn."),
            "zorg:werkgebied",
            _("Naar het werkgebied"),
            visible=_can("werkgebied"),
        ),
    )
    registry.add_navigation(NavItem(66, _("Zorgacties"), "zorg:partner", _can("partner")))
    # a partner's referrer: the aanmeldformulier and the state of their own aanmeldingen
    registry.add_navigation(NavItem(67, _("Aanmelden bij zorgcoördinatie"), "zorg:verwijzingen", _can("aanmelden")))
    registry.add_panel(
        [Rol.MEDEWERKER, Rol.AANDACHTSFUNCTIONARIS, Rol.CONTACTPERSOON],
        PanelEntry(
            20,
            _("Aanmelden bij zorgcoördinatie"),
            _(
                "Meld een mogelijk slachtoffer aan bij de zorgcoördinatie van het werkgebied en zie hoe het met uw "
                "aanmeldingen staat."
            ),
            "zorg:verwijzingen",
            _("Naar uw aanmeldingen"),
            visible=_can("aanmelden"),
        ),
    )
    registry.add_panel(
        [Rol.CONTACTPERSOON, Rol.PROCESREGISSEUR],
        PanelEntry(
            15,
            _("Zorgacties voor uw organisatie"),
            _(
                "De zorgacties die de zorgcoördinatie bij uw organisatie uitzette: stand bijwerken, en de vrije "
                "opvangplaatsen in het zorgnetwerk."
            ),
            "zorg:partner",
            _("Naar de zorgacties"),
            visible=_can("partner"),
        ),
    )
    registry.add_periodic_task(Periodiek("zorg.bewaartermijnen", "kompas.zorg.jobs.bewaartermijnen", time(2, 45)))
    registry.add_periodic_task(Periodiek("zorg.acties_stil", "kompas.zorg.jobs.acties_stil", time(7, 15)))
    registry.add_periodic_task(Periodiek("zorg.b8_einde", "kompas.zorg.jobs.b8_einde", time(7, 20)))
    registry.add_demo_step(DemoStep(35, "zorg", "kompas.zorg.demo.demo_step"))
    # the meldroute's care branch: a referral, its state for the referrer, the contact card
    registry.provide("zorg.doorverwijzen", _doorverwijzen)
    registry.provide("zorg.doorverwijzingen_voor_signaal", selectors.aanmeldingen_voor_signaal)
    registry.provide("zorg.contact_voor_gemeente", selectors.zorgcoordinatie_contact)
    registry.provide("zorg.organisaties_voor_gemeente", selectors.zorgorganisaties_voor_gemeente)
    registry.provide("zorg.organisaties_voor_doorverwijzing", selectors.zorgorganisaties_voor_doorverwijzing)
    # the gemeente's aard-en-omvang figures count the victims in zorg (issue 10, 13c)
    registry.provide("zorg.slachtoffers_in_zorg", selectors.slachtoffers_in_zorg)
