"""What the audit log plugs into the shell (navigation, dashboard panels, its retention job);
registered by ``AuditConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from datetime import time

from django.utils.translation import gettext_lazy as _

from kompas.audit.policies import PRIVACY_OFFICER
from kompas.core.registry import NavItem, PanelEntry, Registry
from kompas.core.scheduler import Periodiek


def register(registry: Registry) -> None:
    registry.add_navigation(NavItem(160, _("Auditlog"), "audit:list", lambda actor: PRIVACY_OFFICER in actor.rollen))
    registry.add_panel(
        [PRIVACY_OFFICER],
        PanelEntry(
            10,
            _("Auditlog"),
            _("Zoek wie welke persoonsgegevens heeft bekeken, geëxporteerd of gewijzigd, en exporteer het resultaat."),
            "audit:list",
            _("Naar het auditlog"),
        ),
    )
    # after the meldroute's and zorg's retention jobs, whose deletions it logs
    registry.add_periodic_task(Periodiek("audit.bewaartermijn", "kompas.audit.jobs.bewaartermijn", time(3, 15)))
