"""What the audit log plugs into the shell (navigation, dashboard panels); registered by
``AuditConfig.ready()`` in the registry of :mod:`kompas.core.registry`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompas.audit.policies import PRIVACY_OFFICER
from kompas.core.registry import NavItem, PanelEntry, Registry


def register(registry: Registry) -> None:
    registry.add_navigation(NavItem(160, _("Auditlog"), "audit:list", lambda actor: PRIVACY_OFFICER in actor.rollen))
    registry.add_panel([PRIVACY_OFFICER], PanelEntry(10, _("Auditlog"), _("Zoek wie welke persoonsgegevens heeft bekeken, geëxporteerd of gewijzigd, en exporteer het resultaat."), "audit:list", _("Naar het auditlog")))
