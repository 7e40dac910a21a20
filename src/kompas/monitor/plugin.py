"""What the monitor plugs into the shell (navigation, dashboard panels, demo step, periodic tasks); registered by
``MonitorConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol
from kompas.core.registry import DemoStep, LangeTaak, NavItem, PanelEntry, Registry
from kompas.core.scheduler import Periodiek
from kompas.monitor.policies import policy


def _can(action: str):
    return lambda actor: policy.allows(actor, action)


def register(registry: Registry) -> None:
    registry.add_navigation(
        NavItem(100, _("Monitor"), "monitor:metingen", _can("beheren")),
        NavItem(110, _("Monitor: onze resultaten"), "monitor:mijn", _can("eigen_resultaten")),
        NavItem(120, _("Monitor: de regio"), "monitor:regio", _can("regio_resultaten")),
    )
    registry.add_panel(
        [Rol.ANALIST],
        PanelEntry(
            20,
            _("Landelijke monitor"),
            _("Metingen uitzetten, respons volgen, antwoorden inlezen en opschonen, en het rapport maken."),
            "monitor:metingen",
            _("Naar de monitor"),
        ),
    )
    registry.add_periodic_task(
        Periodiek("monitor.herinneringen", "kompas.monitor.jobs.herinneringen", time(9, 0)),
    )
    registry.add_demo_step(DemoStep(50, "monitor", "kompas.monitor.demo.demo_step"))
    # A report or an import cut off by a dying worker is marked failed after 15 minutes and says so.
    registry.add_lange_taak(
        LangeTaak(
            "kompas.monitor.tasks.rapport_maken", timedelta(minutes=15), "kompas.monitor.rapport.rapport_afgebroken"
        ),
        LangeTaak(
            "kompas.monitor.jobs.inzendingen_inlezen",
            timedelta(minutes=15),
            "kompas.monitor.services.inlezing_afgebroken",
        ),
    )
