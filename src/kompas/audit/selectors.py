from __future__ import annotations

from django.db.models import Q, QuerySet

from kompas.audit.models import AuditEntry
from kompas.audit.policies import policy
from kompas.core.policy import Actor, get_object_for_actor


def audit_entries_for_actor(actor: Actor) -> QuerySet[AuditEntry]:
    """A privacy officer sees the trail of their own organisation: what was done on its
    behalf, and what happened to the accounts of its members (e.g. failed logins)."""
    if not policy.allows(actor, "view_audit"):
        return AuditEntry.objects.none()
    org = actor.organisatie
    return AuditEntry.objects.filter(
        Q(organisatie=org) | Q(organisatie__isnull=True, user__lidmaatschappen__organisatie=org)
    ).distinct()


def audit_entry_get_for_user(actor: Actor, pk) -> AuditEntry:
    return get_object_for_actor(audit_entries_for_actor(actor), pk=pk)


def audit_search(qs: QuerySet[AuditEntry], *, q: str = "", actie: str = "", van=None, tot=None) -> QuerySet[AuditEntry]:
    if q:
        qs = qs.filter(Q(user_repr__icontains=q) | Q(object_repr__icontains=q) | Q(object_id=q) | Q(doel__icontains=q))
    if actie:
        qs = qs.filter(actie=actie)
    if van:
        qs = qs.filter(tijdstip__date__gte=van)
    if tot:
        qs = qs.filter(tijdstip__date__lte=tot)
    return qs
