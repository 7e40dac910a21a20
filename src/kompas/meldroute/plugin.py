"""What the meldroute plugs into the shell (navigation, dashboard panels, demo step, periodic tasks); registered by
``MeldrouteConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from datetime import time

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kompas.accounts.constants import Rol
from kompas.core.registry import DemoStep, NavItem, PanelEntry, Registry
from kompas.core.scheduler import Periodiek
from kompas.meldroute.policies import may_see_figures, policy


def _can(action: str):
    return lambda actor: policy.allows(actor, action)


def _inbox_cijfers(actor) -> list[str]:
    """The figures on the aandachtsfunctionaris's panel: open, acute, waiting too long."""
    from kompas.meldroute.selectors import inbox_stand  # the models are ready once a page asks

    stand = inbox_stand(actor)
    return [
        ngettext("%(n)d open signaal", "%(n)d open signalen", stand["open"]) % {"n": stand["open"]},
        ngettext("%(n)d acuut", "%(n)d acuut", stand["acuut"]) % {"n": stand["acuut"]},
        ngettext("%(n)d wacht te lang", "%(n)d wachten te lang", stand["te_laat"]) % {"n": stand["te_laat"]},
    ]


def register(registry: Registry) -> None:
    registry.add_navigation(
        NavItem(20, _("Signaal melden"), "meldroute:melden", _can("melden")),
        NavItem(30, _("Mijn signalen"), "meldroute:mijn_signalen", _can("eigen_signalen")),
        NavItem(40, _("Signalen"), "meldroute:inbox", _can("behandelen")),
        NavItem(50, _("Verzoeken"), "meldroute:verzoeken", _can("verzoeken_beantwoorden")),
        NavItem(60, _("Cijfers meldroute"), "meldroute:cijfers", may_see_figures),
    )
    registry.add_panel(
        [Rol.MEDEWERKER],
        PanelEntry(
            10,
            _("Signaal melden"),
            _(
                "Ziet of hoort u iets wat kan wijzen op mensenhandel? Meld het in twee minuten bij de "
                "aandachtsfunctionaris. Ook twijfel is een signaal."
            ),
            "meldroute:melden",
            _("Signaal melden"),
            visible=_can("melden"),
        ),
    )
    registry.add_panel(
        [Rol.MEDEWERKER],
        PanelEntry(
            20,
            _("Mijn signalen"),
            _("De signalen die u heeft gemeld, met hun status en de terugkoppeling."),
            "meldroute:mijn_signalen",
            _("Naar mijn signalen"),
            visible=_can("eigen_signalen"),
        ),
    )
    registry.add_panel(
        [Rol.AANDACHTSFUNCTIONARIS],
        PanelEntry(
            10,
            _("Binnengekomen signalen"),
            _(
                "De signalen van uw gemeente die op behandeling wachten, met acute signalen en signalen die te "
                "lang wachten bovenaan."
            ),
            "meldroute:inbox",
            _("Naar de signalen"),
            visible=_can("behandelen"),
            cijfers=_inbox_cijfers,
        ),
    )
    registry.add_panel(
        [Rol.AANDACHTSFUNCTIONARIS],
        PanelEntry(
            20,
            _("Cijfers meldroute"),
            _("Aard en omvang van de signalen in uw gemeente, per maand, vorm, sector en uitkomst."),
            "meldroute:cijfers",
            _("Naar de cijfers"),
        ),
    )
    registry.add_panel(
        [Rol.BELEIDSADVISEUR],
        PanelEntry(
            10,
            _("Cijfers meldroute"),
            _("Aard en omvang van de signalen in uw gemeente (alleen getallen)."),
            "meldroute:cijfers",
            _("Naar de cijfers"),
            visible=_can("cijfers_gemeente"),
        ),
    )
    registry.add_panel(
        [Rol.KETENREGISSEUR],
        PanelEntry(
            20,
            _("Regionaal overzicht"),
            _(
                "Geaggregeerde cijfers van de signalen in de gemeenten van uw regio; aantallen onder de 5 worden "
                "niet getoond."
            ),
            "meldroute:cijfers",
            _("Naar de regionale cijfers"),
        ),
    )
    registry.add_panel(
        [Rol.ANALIST],
        PanelEntry(
            10,
            _("Landelijke cijfers meldroute"),
            _("Aard en omvang van signalen in heel Nederland, alleen geaggregeerd."),
            "meldroute:cijfers",
            _("Naar de landelijke cijfers"),
        ),
    )
    registry.add_panel(
        [Rol.CONTACTPERSOON],
        PanelEntry(
            10,
            _("Verzoeken om terugkoppeling"),
            _(
                "De verzoeken die een gemeente expliciet met uw organisatie heeft gedeeld, met de termijn om te "
                "antwoorden."
            ),
            "meldroute:verzoeken",
            _("Naar de verzoeken"),
            visible=_can("verzoeken_beantwoorden"),
        ),
    )
    registry.add_panel(
        [Rol.FUNCTIONEEL_BEHEERDER],
        PanelEntry(
            20,
            _("Instellingen meldroute"),
            _("Bewaartermijn van afgesloten signalen en de termijn per stap."),
            "meldroute:instellingen",
            _("Instellingen"),
            visible=_can("instellingen"),
        ),
    )
    registry.add_periodic_task(
        Periodiek("meldroute.bewaartermijnen", "kompas.meldroute.jobs.bewaartermijnen", time(2, 30)),
        Periodiek("meldroute.achterstanden", "kompas.meldroute.tasks.overzicht_achterstanden", time(7, 0), weekdag=0),
        Periodiek("meldroute.partnerherinneringen", "kompas.meldroute.jobs.herinneringen_partnerverzoeken", time(8, 0)),
    )
    registry.add_demo_step(DemoStep(30, "meldroute", "kompas.meldroute.demo.demo_step"))
