from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from kompas.audit.models import OVERRIDE_DETAIL, AuditEntry, HeeftDetail
from kompas.audit.policies import policy
from kompas.core.policy import Actor, get_object_for_actor


def audit_entries_for_actor(actor: Actor) -> QuerySet[AuditEntry]:
    """A privacy officer sees the trail of their own organisation: what was done on its
    behalf, and what happened to the accounts of its members (e.g. failed logins)."""
    if not policy.allows(actor, "view_audit"):
        return AuditEntry.objects.none()
    org = actor.organisatie
    # a subquery, not a join: no DISTINCT over the whole log, so the indexes serve the searches
    leden = get_user_model().objects.filter(lidmaatschappen__organisatie=org).values("pk")
    return AuditEntry.objects.filter(Q(organisatie=org) | Q(organisatie__isnull=True, user__in=leden))


def audit_versie() -> tuple:
    """What the audit pages show changes with this: rows are only added (with a higher id) and
    removed oldest first by the retention job. Read from the primary key's index at once.
    (On PostgreSQL a record that commits after one with a higher id, or a deletion that leaves
    the oldest row, only shows with the next record, or when the page cache's minute is up.)"""
    # two scalar subqueries: SQLite reads MAX and MIN from the index only when each stands alone
    # (together in one SELECT they scan the whole table)
    with connection.cursor() as c:
        c.execute("SELECT (SELECT MAX(id) FROM audit_auditentry), (SELECT MIN(id) FROM audit_auditentry)")
        return tuple(c.fetchone())


def audit_entry_get_for_user(actor: Actor, pk) -> AuditEntry:
    return get_object_for_actor(audit_entries_for_actor(actor), pk=pk)


def _begin_van_dag(dag) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def audit_search(
    qs: QuerySet[AuditEntry],
    *,
    q: str = "",
    actie: str = "",
    van=None,
    tot=None,
    gebruiker=None,
    object_type: str = "",
    object_id: str = "",
    zonder_toestemming: bool = False,
) -> QuerySet[AuditEntry]:
    """The privacy officer's searches. ``gebruiker`` (a user id) and ``object_type`` +
    ``object_id`` are exact and served by an index each; a period compares the timestamp
    itself with the start of a day in Kompas's time zone (not the date of every row), so
    the organisation/period index serves it too. ``zonder_toestemming`` keeps the overrides:
    personal data shared without consent under a stated legal ground."""
    if q:
        qs = qs.filter(Q(user_repr__icontains=q) | Q(object_repr__icontains=q) | Q(object_id=q) | Q(doel__icontains=q))
    if actie:
        qs = qs.filter(actie=actie)
    if gebruiker:
        qs = qs.filter(user_id=gebruiker)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if zonder_toestemming:  # the shares without consent under a legal ground
        qs = qs.filter(HeeftDetail(OVERRIDE_DETAIL))  # served by the partial index audit_override_time
    if van:
        qs = qs.filter(tijdstip__gte=_begin_van_dag(van))
    if tot:
        qs = qs.filter(tijdstip__lt=_begin_van_dag(tot + timedelta(days=1)))
    return qs
