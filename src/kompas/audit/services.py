"""Writing the audit log. Services call :func:`audit_log_create` explicitly where they work."""

from __future__ import annotations

from typing import Any

from django.db import models

from kompas.audit.models import Actie, AuditEntry


def _client_ip(request) -> str | None:
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:  # noqa: BLE001 - an unreadable address must not block the audit write
        return request.META.get("REMOTE_ADDR") or None


def audit_log_create(
    *,
    actie: Actie | str,
    actor=None,
    user=None,
    organisatie=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    doel: str = "",
    request=None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one record. ``actor`` (an :class:`~kompas.accounts.actor.Actor`) fills user and
    organisation; ``obj`` fills the object fields. Never stores the content of personal data,
    only what was touched."""
    if actor is not None:
        user = user or actor.user
        organisatie = organisatie or actor.organisatie
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    return AuditEntry.objects.create(
        actie=actie,
        user=user if user is not None and getattr(user, "pk", None) else None,
        user_repr=(f"{user} ({user.username})" if user is not None and getattr(user, "pk", None) else str(user or ""))[:300],
        organisatie=organisatie,
        organisatie_repr=str(organisatie or "")[:300],
        object_type=object_type,
        object_id=str(object_id or ""),
        object_repr=object_repr[:300],
        doel=doel[:500],
        ip_adres=_client_ip(request),
        details=details or {},
    )
