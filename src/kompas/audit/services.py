"""Writing the audit log. Services call :func:`audit_log_create` explicitly where they work."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.audit.maintenance import audit_maintenance
from kompas.audit.models import Actie, AuditEntry, AuditOpschoning
from kompas.core import paginacache
from kompas.core.schrijven import NietVanU, is_systeem

OBJECT_TYPE_AUDITLOG = "audit.auditentry"
DAGEN_PER_MAAND = 30.44  # as the meldroute's and zorg's retention periods count a month


def audit_herhalen(request, gegevens: dict) -> AuditEntry:
    """A record a page kept in memory wrote when it was built, written again for this view of
    it (see :mod:`kompas.core.paginacache`): same action and object, this request's actor."""
    return audit_log_create(actor=request.actor, request=request, **gegevens)


def _client_ip(request) -> str | None:
    if request is None:
        return None

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
    # a page kept in memory writes this record again on each view (kompas.core.paginacache);
    # only a record of the request's own actor can be written again for a later request
    paginacache.opnemen(
        {
            "actie": str(actie),
            "object_type": object_type,
            "object_id": str(object_id or ""),
            "object_repr": object_repr,
            "doel": str(doel),
            "details": details or {},
        }
        if actor is not None and user is actor.user and organisatie is actor.organisatie
        else None
    )
    return _schrijven(
        AuditEntry(
            tijdstip=timezone.now(),
            actie=actie,
            user=user if user is not None and getattr(user, "pk", None) else None,
            user_repr=(
                f"{user} ({user.username})" if user is not None and getattr(user, "pk", None) else str(user or "")
            )[:300],
            organisatie=organisatie,
            organisatie_repr=str(organisatie or "")[:300],
            object_type=object_type,
            object_id=str(object_id or ""),
            object_repr=object_repr[:300],
            doel=doel[:500],
            ip_adres=_client_ip(request),
            details=details or {},
        )
    )


@functools.cache
def _insert(vendor: str) -> tuple[str, list]:
    """The INSERT of :func:`_schrijven` and its fields, made once per kind of database."""
    velden = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    kolommen, waarden = ", ".join(qn(f.column) for f in velden), ", ".join(["%s"] * len(velden))
    tabel, pk = qn(AuditEntry._meta.db_table), qn(AuditEntry._meta.pk.column)
    # names from the model, values as parameters
    return f"INSERT INTO {tabel} ({kolommen}) VALUES ({waarden}) RETURNING {pk}", velden  # noqa: S608


def _schrijven(entry: AuditEntry) -> AuditEntry:
    """Insert a new record with one fixed statement. A record is written on every view of
    personal data: the ORM would compile the same INSERT each time, and PostgreSQL parse it;
    here the text is made once and PostgreSQL prepares it (``kompas.core.postgresql``). Each
    value is prepared by its own field, as the ORM's insert does (the time, the IP address,
    the JSON)."""
    sql, velden = _insert(connection.vendor)
    voorbereid = getattr(connection, "voorbereide_cursor", None)
    with voorbereid() if voorbereid else connection.cursor() as cursor:
        cursor.execute(sql, [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in velden])
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def audit_bewaartermijn_grens(*, now: datetime, maanden: int) -> datetime:
    return now - timedelta(days=round(maanden * DAGEN_PER_MAAND))


def audit_bewaartermijn_handhaven(
    *, actor, now: datetime | None = None, maanden: int | None = None, batch: int = 10_000
) -> AuditOpschoning:
    """Delete audit rows older than the audit log's own retention period, in batches of
    ``batch`` rows, each batch its own short transaction (no long lock on a large table).

    The only deletion of audit rows the application does: it enters the database's
    maintenance mode (:mod:`kompas.audit.maintenance`) for one batch at a time. Every run is
    counted in :class:`AuditOpschoning` and leaves an audit row of its own.

    Only the planner runs it (``actor=SYSTEEM``). It is deliberately not one write service
    (:mod:`kompas.core.schrijven`): millions of rows are deleted in many short transactions,
    each durable, so a caller's transaction cannot hold them all (a caller inside a
    transaction gets a RuntimeError instead)."""
    if not is_systeem(actor):
        raise NietVanU(_("Alleen de planner van Kompas schoont het auditlog op."))
    now = now or timezone.now()
    maanden = settings.KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN if maanden is None else maanden
    if maanden < 1:
        raise ImproperlyConfigured("KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN moet minstens 1 zijn.")
    if batch < 1:
        raise ValueError("Een batch bevat minstens één regel.")
    grens = audit_bewaartermijn_grens(now=now, maanden=maanden)
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    sql = (
        f"DELETE FROM {table} WHERE id IN "  # noqa: S608 - table name from the model, values bound
        f"(SELECT id FROM {table} WHERE tijdstip < %s ORDER BY tijdstip, id LIMIT %s)"
    )
    verwijderd = 0
    while True:
        reden = f"bewaartermijn auditlog: ouder dan {grens:%Y-%m-%d}"
        with transaction.atomic(durable=True), audit_maintenance(reden), connection.cursor() as cursor:
            cursor.execute(sql, [connection.ops.adapt_datetimefield_value(grens), batch])
            removed = cursor.rowcount
        verwijderd += removed
        if removed < batch:
            break
    with transaction.atomic(durable=True):
        oudste = AuditEntry.objects.order_by("tijdstip").values_list("tijdstip", flat=True).first()
        run = AuditOpschoning.objects.create(
            bewaartermijn_maanden=maanden, grens=grens, verwijderd=verwijderd, oudste_bewaard=oudste
        )
        audit_log_create(
            actie=Actie.DELETE,
            object_type=OBJECT_TYPE_AUDITLOG,
            object_repr="auditlog",
            doel="bewaartermijn auditlog verstreken",
            details={"verwijderd": verwijderd, "grens": grens.isoformat(), "bewaartermijn_maanden": maanden},
        )
    return run
